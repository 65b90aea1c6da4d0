import react from '@vitejs/plugin-react';
import mantinePreset from 'postcss-preset-mantine';
import { defineConfig } from 'vite';

const webRoot = decodeURIComponent(new URL('.', import.meta.url).pathname);
// The dev server forwards API and server-rendered pages to a running `kodepos start`.
const apiTarget = process.env.KODEPOS_API_URL ?? 'http://127.0.0.1:3000';
const proxied = ['/api', '/public', '/privacy', '/cookies', '/subprocessors', '/healthz', '/snippet.js'];

export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react()],
  css: { postcss: { plugins: [mantinePreset()] } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 700,
  },
  server: {
    proxy: Object.fromEntries(proxied.map((path) => [path, { target: apiTarget, changeOrigin: false }])),
  },
});
