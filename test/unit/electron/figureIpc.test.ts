/**
 * The `figure:save` channel: the sender check, the contract's schema (name, format,
 * size, base64, the data looking like its format) and the save dialog, with the
 * file writing replaced (it is tested on a real folder in figureFiles.test.ts).
 */
import path from 'node:path';
import type { IpcMainInvokeEvent } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { registerIpcHandlers } from '../../../electron/main/ipc.js';
import { writeFigureFile } from '../../../electron/services/figureFiles.js';
import { CHANNELS, MAX_FIGURE_DATA_CHARS } from '../../../shared/ipc/contract.js';
import { FakeBrowserWindow, fakeDialog, fakeIpcMain, resetFakeElectron } from './fakeElectron.js';

vi.mock('electron', async () => (await import('./fakeElectron.js')).fakeElectron);
vi.mock('../../../electron/services/figureFiles.js', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../electron/services/figureFiles.js')>()),
  writeFigureFile: vi.fn(() => Promise.resolve({ status: 'saved', fileName: 'chosen.svg' })),
}));

const TRUSTED_URL = 'app://debrief/index.html';
/** The PNG signature and a few bytes, base64-encoded. */
const PNG_BASE64 = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]).toString(
  'base64',
);
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>';

function senderEvent(frameUrl: string | null): IpcMainInvokeEvent {
  const window = new FakeBrowserWindow({});
  return {
    sender: window.webContents,
    senderFrame: frameUrl === null ? null : { url: frameUrl },
  } as unknown as IpcMainInvokeEvent;
}

function save(event: IpcMainInvokeEvent, ...args: unknown[]): Promise<unknown> {
  const listener = fakeIpcMain.handlers.get(CHANNELS.saveFigureFile);
  if (listener === undefined) throw new Error('figure:save is not registered');
  return Promise.resolve(listener(event, ...args));
}

const validSvg = { suggestedName: '2026-03-14 Checkout outage - 5 whys', format: 'svg', data: SVG };
const validPng = {
  suggestedName: '2026-03-14 Checkout outage - 5 whys',
  format: 'png',
  data: PNG_BASE64,
};

beforeEach(() => {
  resetFakeElectron();
  registerIpcHandlers(fakeIpcMain);
});

async function expectRefused(args: unknown[], message: RegExp): Promise<void> {
  const promise = save(senderEvent(TRUSTED_URL), ...args);
  await expect(promise).rejects.toThrow(CHANNELS.saveFigureFile);
  await expect(promise).rejects.toThrow(message);
  expect(fakeDialog.showSaveDialog).not.toHaveBeenCalled();
  expect(writeFigureFile).not.toHaveBeenCalled();
}

describe('figure:save refuses', () => {
  it('a sender that is not a Debrief page, before looking at the payload', async () => {
    await expect(save(senderEvent('https://evil.example/'), validSvg)).rejects.toThrow(
      /not a Debrief page/,
    );
    await expect(save(senderEvent(null), validSvg)).rejects.toThrow(/not a Debrief page/);
    expect(fakeDialog.showSaveDialog).not.toHaveBeenCalled();
    expect(writeFigureFile).not.toHaveBeenCalled();
  });

  it.each([
    ['an empty name', ''],
    ['a name with a slash', '../../.bashrc'],
    ['a name with a backslash', '..\\evil'],
    ['a drive letter', 'C:evil'],
    ['a null byte', 'figure\0.svg'],
    ['a name over 200 characters', 'x'.repeat(201)],
  ])('%s, naming the field', async (_case, suggestedName) => {
    await expectRefused([{ ...validSvg, suggestedName }], /suggestedName/);
  });

  it('an SVG over the size limit', async () => {
    const data = `<svg>${' '.repeat(MAX_FIGURE_DATA_CHARS)}</svg>`;
    await expectRefused([{ ...validSvg, data }], /data[\s\S]*too big|too big[\s\S]*data/i);
  });

  it('a PNG over the size limit', async () => {
    const data = PNG_BASE64.slice(0, 8) + 'A'.repeat(MAX_FIGURE_DATA_CHARS);
    await expectRefused([{ ...validPng, data }], /too big/i);
  });

  it.each([
    ['characters outside base64', 'iVBORw0KGgo<script>'],
    ['a missing padding', 'iVBORw0KGgoAAQ'],
    ['spaces inside', 'iVBORw0K Ggo='],
    ['nothing at all', ''],
  ])('a PNG with %s', async (_case, data) => {
    await expectRefused([{ ...validPng, data }], /data/);
  });

  it('base64 that is not a PNG', async () => {
    await expectRefused(
      [{ ...validPng, data: Buffer.from('GIF89a....').toString('base64') }],
      /must be a PNG image/,
    );
  });

  it('SVG data that is not an SVG document', async () => {
    await expectRefused(
      [{ ...validSvg, data: '<html><script>alert(1)</script></html>' }],
      /must be an SVG document/,
    );
  });

  it.each([
    ['an unknown format', { ...validSvg, format: 'gif' }, /format/],
    ['a missing format', { suggestedName: 'x', data: SVG }, /format/],
    ['numeric data', { ...validSvg, data: 42 }, /data/],
    ['an extra field', { ...validSvg, path: '/etc/passwd' }, /path/],
    ['a string payload', 'figure.svg', /invalid payload/],
  ])('%s', async (_case, payload, message) => {
    await expectRefused([payload], message);
  });

  it('a second argument', async () => {
    await expectRefused([validSvg, 'extra'], /at most one argument/);
  });
});

describe('figure:save saves', () => {
  it('an SVG: offers the suggested name with .svg in the documents folder, an SVG filter, then writes there', async () => {
    const event = senderEvent(TRUSTED_URL);
    fakeDialog.showSaveDialog.mockResolvedValueOnce({
      canceled: false,
      filePath: '/home/tester/Pictures/chosen.svg',
    });
    expect(await save(event, validSvg)).toEqual({ status: 'saved', fileName: 'chosen.svg' });
    const [parent, options] = fakeDialog.showSaveDialog.mock.calls[0]! as [
      unknown,
      Electron.SaveDialogOptions,
    ];
    expect(parent).toBe(FakeBrowserWindow.fromWebContents(event.sender));
    expect(options.defaultPath).toBe(
      path.join('/home/tester/Documents', '2026-03-14 Checkout outage - 5 whys.svg'),
    );
    expect(options.filters).toEqual([{ name: 'SVG image', extensions: ['svg'] }]);
    expect(writeFigureFile).toHaveBeenCalledExactlyOnceWith('/home/tester/Pictures/chosen.svg', {
      suggestedName: validSvg.suggestedName,
      format: 'svg',
      data: SVG,
    });
  });

  it('a PNG: the .png name and filter', async () => {
    fakeDialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: '/tmp/x.png' });
    await save(senderEvent(TRUSTED_URL), { ...validPng, suggestedName: 'Outage - systems.svg' });
    const [, options] = fakeDialog.showSaveDialog.mock.calls[0]! as [
      unknown,
      Electron.SaveDialogOptions,
    ];
    expect(options.defaultPath).toBe(path.join('/home/tester/Documents', 'Outage - systems.png'));
    expect(options.filters).toEqual([{ name: 'PNG image', extensions: ['png'] }]);
    expect(writeFigureFile).toHaveBeenCalledOnce();
  });

  it('nothing when the dialog is cancelled', async () => {
    fakeDialog.showSaveDialog.mockResolvedValueOnce({ canceled: true, filePath: '' });
    expect(await save(senderEvent(TRUSTED_URL), validPng)).toEqual({ status: 'cancelled' });
    expect(writeFigureFile).not.toHaveBeenCalled();
  });

  it('a failed result when the dialog cannot be shown', async () => {
    fakeDialog.showSaveDialog.mockRejectedValueOnce(new Error('no display'));
    expect(await save(senderEvent(TRUSTED_URL), validSvg)).toEqual({
      status: 'failed',
      message: 'The file dialog could not be shown: no display',
    });
    expect(writeFigureFile).not.toHaveBeenCalled();
  });
});
