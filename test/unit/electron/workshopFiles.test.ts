import {
  chmod,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  truncate,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promises as fsPromises } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  MAX_WORKSHOP_FILE_BYTES,
  readWorkshopFile as readWorkshopContents,
} from '../../../shared/pipeline/workshopFile.js';
import {
  readWorkshopFile,
  withWorkshopExtension,
  writeWorkshopFile,
} from '../../../electron/services/workshopFiles.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'debrief-files-'));
});

afterEach(async () => {
  await chmod(dir, 0o700).catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

describe('withWorkshopExtension', () => {
  it.each([
    ['retro', 'retro.debrief.json'],
    ['retro.json', 'retro.debrief.json'],
    ['retro.debrief.json', 'retro.debrief.json'],
    ['Retro.DEBRIEF.JSON', 'Retro.DEBRIEF.JSON'],
    ['  spaced  ', 'spaced.debrief.json'],
    ['.json', 'workshop.debrief.json'],
    ['2026-11-03 Card payments outage', '2026-11-03 Card payments outage.debrief.json'],
    ['CON', 'CON workshop.debrief.json'],
    ['Outage\u202Enosj.exe', 'Outage nosj.exe.debrief.json'],
    ['tab\there.json', 'tab here.debrief.json'],
    ['trailing dots...', 'trailing dots.debrief.json'],
    [`${'é'.repeat(150)}.json`, `${'é'.repeat(100)}.debrief.json`],
  ])('%s becomes %s', (name, expected) => {
    expect(withWorkshopExtension(name)).toBe(expected);
  });
});

describe('writeWorkshopFile', () => {
  it('writes the contents as UTF-8 and reports the file name', async () => {
    const target = path.join(dir, 'retro.debrief.json');
    const contents = '{"title":"Ausfall – Zahlungen ✓"}';
    const result = await writeWorkshopFile(target, contents);
    expect(result).toEqual({ status: 'saved', fileName: 'retro.debrief.json' });
    expect(await readFile(target, 'utf8')).toBe(contents);
  });

  it('replaces an existing file and leaves no temporary file behind', async () => {
    const target = path.join(dir, 'retro.debrief.json');
    await writeFile(target, 'old contents that are longer than the new ones');
    const result = await writeWorkshopFile(target, 'new');
    expect(result.status).toBe('saved');
    expect(await readFile(target, 'utf8')).toBe('new');
    expect(await readdir(dir)).toEqual(['retro.debrief.json']);
  });

  it('reports a missing folder readably and creates nothing', async () => {
    const result = await writeWorkshopFile(path.join(dir, 'nope', 'retro.debrief.json'), '{}');
    expect(result.status).toBe('failed');
    if (result.status === 'failed') {
      expect(result.message).toContain('does not exist');
      expect(result.message).toContain(path.join(dir, 'nope'));
    }
    expect(await readdir(dir)).toEqual([]);
  });

  it('reports a folder as target and cleans up the temporary file', async () => {
    await mkdir(path.join(dir, 'taken.debrief.json'));
    const result = await writeWorkshopFile(path.join(dir, 'taken.debrief.json'), '{}');
    expect(result.status).toBe('failed');
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('keeps the old file and removes the temporary one when the final rename fails', async () => {
    const target = path.join(dir, 'retro.debrief.json');
    await writeFile(target, 'old');
    const rename = vi
      .spyOn(fsPromises, 'rename')
      .mockRejectedValueOnce(Object.assign(new Error('no space'), { code: 'ENOSPC' }));
    const result = await writeWorkshopFile(target, 'new');
    expect(rename).toHaveBeenCalledOnce();
    const [from, to] = rename.mock.calls[0] ?? [];
    expect(path.dirname(String(from))).toBe(dir);
    expect(to).toBe(target);
    expect(result).toEqual({
      status: 'failed',
      message: 'There is not enough disk space to save "retro.debrief.json".',
    });
    expect(await readFile(target, 'utf8')).toBe('old');
    expect(await readdir(dir)).toEqual(['retro.debrief.json']);
  });

  it('keeps the old file intact when the folder is not writable', async () => {
    const target = path.join(dir, 'retro.debrief.json');
    await writeFile(target, 'old');
    // A permission failure is simulated at the filesystem call: CI runs as root, which ignores chmod.
    vi.spyOn(fsPromises, 'open').mockRejectedValueOnce(
      Object.assign(new Error('permission denied'), { code: 'EACCES' }),
    );
    const result = await writeWorkshopFile(target, 'new');
    expect(result.status).toBe('failed');
    if (result.status === 'failed') expect(result.message).toMatch(/not allowed/);
    expect(await readFile(target, 'utf8')).toBe('old');
    expect(await readdir(dir)).toEqual(['retro.debrief.json']);
  });
});

describe('readWorkshopFile', () => {
  it('reads UTF-8 contents and reports name and byte length', async () => {
    const target = path.join(dir, 'in.debrief.json');
    const contents = '{"note":"Grüße 👋"}';
    await writeFile(target, contents);
    const result = await readWorkshopFile(target);
    expect(result).toEqual({
      status: 'opened',
      fileName: 'in.debrief.json',
      contents,
      byteLength: Buffer.byteLength(contents),
    });
  });

  it('strips a UTF-8 byte order mark', async () => {
    const target = path.join(dir, 'bom.json');
    await writeFile(target, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{}')]));
    const result = await readWorkshopFile(target);
    expect(result.status === 'opened' && result.contents).toBe('{}');
  });

  it('reports a missing file nicely', async () => {
    const result = await readWorkshopFile(path.join(dir, 'gone.debrief.json'));
    expect(result).toEqual({
      status: 'failed',
      message: '"gone.debrief.json" does not exist any more. It may have been moved or deleted.',
    });
  });

  it('refuses files over the limit before reading them', async () => {
    const target = path.join(dir, 'huge.debrief.json');
    await writeFile(target, '');
    // Sparse: 1 byte over the real 100 MB limit, without writing 100 MB.
    await truncate(target, MAX_WORKSHOP_FILE_BYTES + 1);
    const open = vi.spyOn(fsPromises, 'open');
    const result = await readWorkshopFile(target);
    expect(open).not.toHaveBeenCalled();
    expect(result.status).toBe('failed');
    if (result.status === 'failed') {
      expect(result.message).toContain('huge.debrief.json');
      expect(result.message).toContain('up to 100 MB');
    }
  });

  it('still refuses a file that grew past the limit after the size check', async () => {
    const target = path.join(dir, 'growing.json');
    await writeFile(target, 'x'.repeat(100));
    const realStat = fsPromises.stat.bind(fsPromises);
    vi.spyOn(fsPromises, 'stat').mockImplementationOnce(async (file) =>
      Object.assign(await realStat(file), { size: 10 }),
    );
    const result = await readWorkshopFile(target, 50);
    expect(result.status).toBe('failed');
    if (result.status === 'failed') expect(result.message).toContain('up to');
  });

  it('accepts a file of exactly the limit', async () => {
    const target = path.join(dir, 'edge.json');
    await writeFile(target, 'x'.repeat(64));
    const result = await readWorkshopFile(target, 64);
    expect(result.status).toBe('opened');
    const over = await readWorkshopFile(target, 63);
    expect(over.status).toBe('failed');
  });

  it('refuses a folder', async () => {
    const result = await readWorkshopFile(dir);
    expect(result.status).toBe('failed');
    if (result.status === 'failed') expect(result.message).toContain('not a regular file');
  });

  it('reads bytes that are not UTF-8 as a browser does, and the import check names the problem', async () => {
    const picture = path.join(dir, 'picture.json');
    await writeFile(picture, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xc3]));
    const utf16 = path.join(dir, 'notepad.debrief.json');
    await writeFile(
      utf16,
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"a":1}', 'utf16le')]),
    );
    const verdicts: string[] = [];
    for (const file of [picture, utf16]) {
      const result = await readWorkshopFile(file);
      if (result.status !== 'opened') throw new Error(`not opened: ${result.status}`);
      expect(result.contents).toContain('\uFFFD');
      const read = readWorkshopContents(result.contents, result.byteLength);
      verdicts.push(read.ok ? 'read' : read.problem.kind);
    }
    expect(verdicts).toEqual(['not-text', 'encoding']);
  });
});
