import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  figureBytes,
  withFigureExtension,
  writeFigureFile,
} from '../../../electron/services/figureFiles.js';
import { bytesToBase64 } from '../../../shared/figures/base64.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'debrief-figures-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('withFigureExtension', () => {
  it.each([
    ['2026-03-14 Checkout outage - 5 whys', 'svg', '2026-03-14 Checkout outage - 5 whys.svg'],
    ['Outage - systems diagram', 'png', 'Outage - systems diagram.png'],
    ['figure.svg', 'svg', 'figure.svg'],
    ['figure.SVG', 'svg', 'figure.svg'],
    ['figure.svg', 'png', 'figure.png'],
    ['figure.png', 'svg', 'figure.svg'],
    ['  spaced  ', 'svg', 'spaced.svg'],
    ['.svg', 'svg', 'figure.svg'],
    ['...', 'png', 'figure.png'],
    ['CON', 'svg', 'CON workshop.svg'],
    ['Outage\u202Egvs.exe', 'svg', 'Outage gvs.exe.svg'],
    ['tab\there', 'png', 'tab here.png'],
    ['é'.repeat(150), 'svg', `${'é'.repeat(100)}.svg`],
  ] as const)('%s as %s becomes %s', (name, format, expected) => {
    expect(withFigureExtension(name, format)).toBe(expected);
  });
});

describe('figureBytes', () => {
  it('writes an SVG as UTF-8', () => {
    expect(Buffer.from(figureBytes({ format: 'svg', data: '<svg>Ausfall – ✓</svg>' }))).toEqual(
      Buffer.from('<svg>Ausfall – ✓</svg>', 'utf8'),
    );
  });

  it('decodes a PNG from base64, byte for byte', () => {
    const bytes = Uint8Array.from({ length: 300 }, (_, i) => (i * 37) % 256);
    expect([...figureBytes({ format: 'png', data: bytesToBase64(bytes) })]).toEqual([...bytes]);
  });
});

describe('writeFigureFile', () => {
  it('writes the PNG bytes and leaves no temporary file behind', async () => {
    const bytes = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 255, 128]);
    const target = path.join(dir, 'figure.png');
    const result = await writeFigureFile(target, { format: 'png', data: bytesToBase64(bytes) });
    expect(result).toEqual({ status: 'saved', fileName: 'figure.png' });
    expect([...(await readFile(target))]).toEqual([...bytes]);
    expect(await readdir(dir)).toEqual(['figure.png']);
  });

  it('writes the SVG text', async () => {
    const target = path.join(dir, 'figure.svg');
    await writeFigureFile(target, { format: 'svg', data: '<svg>é</svg>' });
    expect(await readFile(target, 'utf8')).toBe('<svg>é</svg>');
  });

  it('reports a missing folder readably', async () => {
    const result = await writeFigureFile(path.join(dir, 'nope', 'figure.svg'), {
      format: 'svg',
      data: '<svg/>',
    });
    expect(result.status).toBe('failed');
    if (result.status === 'failed') expect(result.message).toContain('does not exist');
  });
});
