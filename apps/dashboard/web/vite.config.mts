import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The dashboard's single-page app. Built to dist/apps/dashboard/web and served by apps/dashboard/src/server.ts,
// which also routes /api/<service>/… to the services (so `vite` in development proxies to a running dashboard server).
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: resolve(import.meta.dirname, '../../../dist/apps/dashboard/web'),
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
    // One chunk on purpose (lazy pages made the overview 4.5x slower, docs/benchmarks.md); the size that is held to
    // a budget is the bench's, gzip as browsers download it (≤ 170 KiB), not Vite's generic 500 kB minified hint.
    chunkSizeWarningLimit: 600,
  },
  server: {
    // xfwd: the dashboard server sees the browser's origin (X-Forwarded-Host), which the development login checks.
    proxy: Object.fromEntries(['/api', '/config.json', '/dev-oidc'].map((path) => [path, { target: 'http://127.0.0.1:3000', xfwd: true }])),
  },
});
