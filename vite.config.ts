import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer is built once and served two ways: by Electron from app://debrief/
// and by the local Node host (npm run serve) for browser mode and e2e tests.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2023',
    // Maps would ship the original sources to every user; the hosts refuse *.map anyway.
    sourcemap: false,
    // An offline desktop app loads one local bundle; splitting buys nothing here.
    chunkSizeWarningLimit: 1500,
  },
});
