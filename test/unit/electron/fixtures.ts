// Temporary folders shaped like dist/renderer, with secrets planted next to
// them, for the static-serving tests.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const SECRET = 'TOP-SECRET-CONTENTS';
export const INDEX_HTML = '<!doctype html><title>Debrief test</title><div id="root"></div>';
export const SOURCE_MAP = '{"version":3,"sources":["../src/secret-source.ts"]}';
export const LONGEST_NAME = `${'n'.repeat(252)}.js`;

export interface SiteFixture {
  /** The folder that holds `root` and the planted secrets. */
  readonly base: string;
  /** The folder to serve, like dist/renderer. */
  readonly root: string;
  cleanup(): Promise<void>;
}

export async function createSiteFixture(): Promise<SiteFixture> {
  const base = await mkdtemp(path.join(tmpdir(), 'debrief-site-'));
  const root = path.join(base, 'renderer');
  await mkdir(path.join(root, 'assets'), { recursive: true });
  await writeFile(path.join(root, 'index.html'), INDEX_HTML);
  await writeFile(path.join(root, 'assets', 'app-1234.js'), 'console.log("app");');
  // Vite no longer emits maps, but one left in the folder must still not be served.
  await writeFile(path.join(root, 'assets', 'app-1234.js.map'), SOURCE_MAP);
  // macOS and Windows match names case-insensitively, so .MAP must be refused as well.
  await writeFile(path.join(root, 'assets', 'APP-5678.JS.MAP'), SOURCE_MAP);
  // Windows would open these as `trailing-dot.txt` and `trailing-space.txt`.
  await writeFile(path.join(root, 'trailing-dot.txt.'), SECRET);
  await writeFile(path.join(root, 'trailing-space.txt '), SECRET);
  await writeFile(path.join(root, 'assets', 'style-1234.css'), 'body{margin:0}');
  await writeFile(path.join(root, 'assets', 'font.woff2'), Buffer.from([0x77, 0x4f, 0x46, 0x32]));
  await writeFile(path.join(root, 'icon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  await writeFile(path.join(root, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  await writeFile(path.join(root, 'favicon.ico'), Buffer.from([0, 0, 1, 0]));
  await writeFile(path.join(root, 'manifest.json'), '{"name":"Debrief"}');
  await writeFile(path.join(root, 'blob.xyz'), 'opaque');
  await writeFile(path.join(root, '.env'), SECRET);
  // Outside the root: must never be served.
  await writeFile(path.join(base, 'package.json'), `{"secret":"${SECRET}"}`);
  await writeFile(path.join(base, 'secret.txt'), SECRET);
  await symlink(path.join(base, 'secret.txt'), path.join(root, 'escape.txt'));
  // A link to itself: stat fails with ELOOP, which means "nothing here", not a server error.
  await symlink('loop.js', path.join(root, 'loop.js'));
  // The longest name Linux and macOS allow (255 bytes), to pin the length limit exactly.
  await writeFile(path.join(root, LONGEST_NAME), 'longest');
  return { base, root, cleanup: () => rm(base, { recursive: true, force: true }) };
}
