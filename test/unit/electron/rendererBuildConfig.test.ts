/**
 * The production renderer build is what both hosts serve and what
 * electron-builder packages; it must not carry source maps (the original
 * sources) to users.
 */
import { describe, expect, it } from 'vitest';
import viteConfig from '../../../vite.config.js';

describe('vite.config.ts', () => {
  it('emits no source maps in production builds', () => {
    expect(viteConfig.build?.sourcemap).toBe(false);
  });

  it('builds into dist/renderer, the folder main.ts and serve.ts serve', () => {
    expect(viteConfig.root).toBe('renderer');
    expect(viteConfig.build?.outDir).toBe('../dist/renderer');
  });
});
