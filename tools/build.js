#!/usr/bin/env node
// Compiles every app and library to dist/ with swc in about a second. The tsconfig path aliases
// (@tandem/*) are rewritten to relative requires, so `node dist/apps/<app>/src/main.js` runs as is.
// Type checking is a separate step (`npm run typecheck`).
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const base = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.base.json'), 'utf8'));
const swcrc = JSON.parse(fs.readFileSync(path.join(root, '.swcrc'), 'utf8'));
swcrc.jsc.baseUrl = root;
swcrc.jsc.paths = base.compilerOptions.paths;

const out = path.join(root, 'dist');
fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });
const config = path.join(out, '.swcrc.build.json');
fs.writeFileSync(config, JSON.stringify(swcrc));

execFileSync(
  process.execPath,
  [
    require.resolve('@swc/cli/bin/swc.js'),
    'apps', 'libs', 'tools',
    '-d', out,
    '--config-file', config,
    '--only', '**/*.ts',
    '--ignore', '**/*.spec.ts,**/*.int-spec.ts,**/*.e2e-spec.ts,**/*.d.ts,apps/dashboard/web/**',
    '--copy-files', '--quiet',
  ],
  { cwd: root, stdio: 'inherit' },
);
console.log(`[build] compiled apps, libs and tools to ${path.relative(root, out)}/`);

// The dashboard's single-page app (apps/dashboard/web): Vite, the project's `dashboard:build` target, into
// dist/apps/dashboard/web, which the dashboard server (dist/apps/dashboard/src/main.js) serves.
execFileSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'apps/dashboard/web/vite.config.mts', '--logLevel', 'warn'], {
  cwd: root,
  stdio: 'inherit',
  // A production build whatever the caller's NODE_ENV (jest sets "test", which would bundle React's development build).
  env: { ...process.env, NODE_ENV: 'production' },
});
console.log('[build] built the dashboard to dist/apps/dashboard/web/');
