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
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000', '/config.json': 'http://127.0.0.1:3000', '/dev-oidc': 'http://127.0.0.1:3000' },
  },
});
