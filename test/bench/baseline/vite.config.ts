/**
 * The benchmark's baseline page: a bare @xyflow/react wall, built like the
 * app (production mode, same React) into dist/bench-baseline. test/bench/run.ts
 * builds it with this config before measuring.
 */
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: './',
  plugins: [react()],
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../../../dist/bench-baseline', import.meta.url)),
    emptyOutDir: true,
    target: 'es2023',
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
  },
});
