// Builds the dashboard into dist/ui, which `lcm serve` and `lcm api` serve at `/`
// (src/api/plugins/dashboard.ts). Run from the repository root: `npm run build:ui`, or
// `npm run dev:ui` for a dev server that proxies the API to `LCM_API_URL` (default :8080).
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const api = process.env.LCM_API_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root: 'src/ui',
  base: '/',
  plugins: [react()],
  build: {
    outDir: '../../dist/ui',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1000,
  },
  server: {
    proxy: {
      '/api': { target: api, changeOrigin: false },
      '/apis': { target: api, changeOrigin: false },
    },
  },
});
