// Temporary folders shaped like dist/renderer, with secrets planted next to
// them, for the static-serving tests.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const SECRET = 'TOP-SECRET-CONTENTS';
export const INDEX_HTML = '<!doctype html><title>Debrief test</title><div id="root"></div>';

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
  await writeFile(path.join(root, 'assets', 'app-1234.js.map'), '{"version":3}');
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
  return { base, root, cleanup: () => rm(base, { recursive: true, force: true }) };
}
