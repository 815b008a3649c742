/**
 * Since Electron 42 the `electron` npm package fetches its binary the first
 * time it is required: an unmocked `import 'electron'` in a test no longer
 * just throws, it starts a download from GitHub. Every test here that loads
 * shell code (electron/main, which imports 'electron') must replace the
 * module with fakeElectron.ts first.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const HERE = import.meta.dirname;
const testFiles = (await readdir(HERE)).filter((name) => name.endsWith('.test.ts')).sort();

/** Value imports of electron itself or of modules that import it; `import type` is erased. */
const LOADS_ELECTRON = [
  /^import(?!\s+type\b)[^;]*?from\s+'electron'/m,
  /from\s+'(?:\.\.\/)+electron\/main\//,
  /import\(\s*'(?:\.\.\/)+electron\/main\//,
];

describe('tests that load the shell', () => {
  it('finds the test files', () => {
    expect(testFiles).toContain('window.test.ts');
  });

  it.each(testFiles)('%s mocks electron before loading it', async (name) => {
    const source = await readFile(path.join(HERE, name), 'utf8');
    if (!LOADS_ELECTRON.some((pattern) => pattern.test(source))) return;
    expect(source).toMatch(/vi\.mock\(\s*'electron'/);
  });
});
