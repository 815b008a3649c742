import path from 'node:path';
import type { IpcMainInvokeEvent } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { handle, NO_PAYLOAD, registerIpcHandlers } from '../../../electron/main/ipc.js';
import { readWorkshopFile, writeWorkshopFile } from '../../../electron/services/workshopFiles.js';
import { AppInfoSchema, CHANNELS } from '../../../shared/ipc/contract.js';
import { FakeBrowserWindow, fakeDialog, fakeIpcMain, resetFakeElectron } from './fakeElectron.js';

vi.mock('electron', async () => (await import('./fakeElectron.js')).fakeElectron);
vi.mock('../../../electron/services/workshopFiles.js', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../electron/services/workshopFiles.js')>()),
  writeWorkshopFile: vi.fn(() => Promise.resolve({ status: 'saved', fileName: 'x.debrief.json' })),
  readWorkshopFile: vi.fn(() =>
    Promise.resolve({
      status: 'opened',
      fileName: 'x.debrief.json',
      contents: '{}',
      byteLength: 2,
    }),
  ),
}));

const TRUSTED_URL = 'app://debrief/index.html';

function senderEvent(frameUrl: string | null): IpcMainInvokeEvent {
  const window = new FakeBrowserWindow({});
  return {
    sender: window.webContents,
    senderFrame: frameUrl === null ? null : { url: frameUrl },
  } as unknown as IpcMainInvokeEvent;
}

function invoke(channel: string, event: IpcMainInvokeEvent, ...args: unknown[]): Promise<unknown> {
  const listener = fakeIpcMain.handlers.get(channel);
  if (listener === undefined) throw new Error(`no handler for ${channel}`);
  return Promise.resolve(listener(event, ...args));
}

const validSave = { suggestedName: 'Payments outage', contents: '{"format":"debrief-workshop"}' };

beforeEach(() => {
  resetFakeElectron();
  registerIpcHandlers(fakeIpcMain);
});

describe('registerIpcHandlers', () => {
  it('registers every renderer-to-main channel of the contract and nothing else', () => {
    expect([...fakeIpcMain.handlers.keys()].sort()).toEqual(
      [
        CHANNELS.appInfo,
        CHANNELS.openWorkshopFile,
        CHANNELS.saveWorkshopFile,
        CHANNELS.saveFigureFile,
      ].sort(),
    );
    expect(fakeIpcMain.handlers.has(CHANNELS.menuCommand)).toBe(false);
  });
});

describe('untrusted senders', () => {
  const untrusted: [string, () => IpcMainInvokeEvent][] = [
    ['no frame', () => senderEvent(null)],
    ['http://evil', () => senderEvent('http://evil.example/')],
    ['https://evil', () => senderEvent('https://evil.example/index.html')],
    ['file://', () => senderEvent('file:///home/user/dist/renderer/index.html')],
    ['the local host', () => senderEvent('http://127.0.0.1:4300/')],
    ['another app:// host', () => senderEvent('app://evil/index.html')],
    [
      'a destroyed frame',
      () =>
        ({
          sender: {},
          get senderFrame(): never {
            throw new Error('Render frame was disposed');
          },
        }) as unknown as IpcMainInvokeEvent,
    ],
  ];

  it.each(untrusted)(
    'save refuses %s without opening a dialog or writing',
    async (_name, event) => {
      await expect(invoke(CHANNELS.saveWorkshopFile, event(), validSave)).rejects.toThrow(
        `IPC "${CHANNELS.saveWorkshopFile}" refused: the sender is not a Debrief page.`,
      );
      expect(fakeDialog.showSaveDialog).not.toHaveBeenCalled();
      expect(writeWorkshopFile).not.toHaveBeenCalled();
    },
  );

  it.each(untrusted)(
    'open refuses %s without opening a dialog or reading',
    async (_name, event) => {
      await expect(invoke(CHANNELS.openWorkshopFile, event())).rejects.toThrow(
        /not a Debrief page/,
      );
      expect(fakeDialog.showOpenDialog).not.toHaveBeenCalled();
      expect(readWorkshopFile).not.toHaveBeenCalled();
    },
  );

  it.each(untrusted)('appInfo refuses %s', async (_name, event) => {
    await expect(invoke(CHANNELS.appInfo, event())).rejects.toThrow(/not a Debrief page/);
  });
});

describe('invalid payloads', () => {
  it.each([
    ['nothing', [undefined]],
    ['a string', ['retro']],
    ['null', [null]],
    ['an empty object', [{}]],
    ['a numeric name', [{ suggestedName: 42, contents: '{}' }]],
    ['numeric contents', [{ suggestedName: 'retro', contents: 42 }]],
    ['an empty name', [{ suggestedName: '', contents: '{}' }]],
    ['an oversize name', [{ suggestedName: 'x'.repeat(201), contents: '{}' }]],
    ['a slash in the name', [{ suggestedName: '../../.bashrc', contents: '{}' }]],
    ['a backslash in the name', [{ suggestedName: '..\\evil', contents: '{}' }]],
    ['a drive letter', [{ suggestedName: 'C:evil', contents: '{}' }]],
    ['a null byte', [{ suggestedName: 'retro\0.json', contents: '{}' }]],
    ['a second argument', [validSave, 'extra']],
  ])('save rejects %s, naming the channel, without side effects', async (_name, args) => {
    const promise = invoke(CHANNELS.saveWorkshopFile, senderEvent(TRUSTED_URL), ...args);
    await expect(promise).rejects.toThrow(CHANNELS.saveWorkshopFile);
    expect(fakeDialog.showSaveDialog).not.toHaveBeenCalled();
    expect(writeWorkshopFile).not.toHaveBeenCalled();
  });

  it('explains which field is wrong', async () => {
    await expect(
      invoke(CHANNELS.saveWorkshopFile, senderEvent(TRUSTED_URL), {
        suggestedName: 'a/b',
        contents: '{}',
      }),
    ).rejects.toThrow(/suggestedName/);
  });

  it.each([
    ['a string', 'x'],
    ['an object', {}],
    ['a number', 1],
  ])('open and appInfo reject %s as an argument', async (_name, argument) => {
    await expect(
      invoke(CHANNELS.openWorkshopFile, senderEvent(TRUSTED_URL), argument),
    ).rejects.toThrow(CHANNELS.openWorkshopFile);
    await expect(invoke(CHANNELS.appInfo, senderEvent(TRUSTED_URL), argument)).rejects.toThrow(
      CHANNELS.appInfo,
    );
    expect(fakeDialog.showOpenDialog).not.toHaveBeenCalled();
    expect(readWorkshopFile).not.toHaveBeenCalled();
  });
});

describe('appInfo', () => {
  it('answers a trusted sender with a contract-shaped AppInfo', async () => {
    const info = await invoke(CHANNELS.appInfo, senderEvent(TRUSTED_URL));
    expect(AppInfoSchema.parse(info)).toEqual({
      version: '0.1.0',
      platform: process.platform,
      shell: 'desktop',
    });
  });
});

describe('saveWorkshopFile', () => {
  it('asks where to save, with the suggested name and the workshop filter, then writes there', async () => {
    const event = senderEvent(TRUSTED_URL);
    fakeDialog.showSaveDialog.mockResolvedValueOnce({
      canceled: false,
      filePath: '/home/tester/Documents/chosen.debrief.json',
    });
    const result = await invoke(CHANNELS.saveWorkshopFile, event, validSave);

    expect(result).toEqual({ status: 'saved', fileName: 'x.debrief.json' });
    expect(fakeDialog.showSaveDialog).toHaveBeenCalledOnce();
    const [parent, options] = fakeDialog.showSaveDialog.mock.calls[0]! as [
      unknown,
      Electron.SaveDialogOptions,
    ];
    expect(parent).toBe(FakeBrowserWindow.fromWebContents(event.sender));
    expect(options.defaultPath).toBe(
      path.join('/home/tester/Documents', 'Payments outage.debrief.json'),
    );
    expect(options.filters).toEqual([{ name: 'Debrief workshop', extensions: ['debrief.json'] }]);
    expect(writeWorkshopFile).toHaveBeenCalledExactlyOnceWith(
      '/home/tester/Documents/chosen.debrief.json',
      validSave.contents,
    );
  });

  it('reports cancellation without writing', async () => {
    fakeDialog.showSaveDialog.mockResolvedValueOnce({ canceled: true, filePath: '' });
    const result = await invoke(CHANNELS.saveWorkshopFile, senderEvent(TRUSTED_URL), validSave);
    expect(result).toEqual({ status: 'cancelled' });
    expect(writeWorkshopFile).not.toHaveBeenCalled();
  });

  it('turns a dialog failure into a failed result', async () => {
    fakeDialog.showSaveDialog.mockRejectedValueOnce(new Error('no display'));
    const result = await invoke(CHANNELS.saveWorkshopFile, senderEvent(TRUSTED_URL), validSave);
    expect(result).toEqual({
      status: 'failed',
      message: 'The file dialog could not be shown: no display',
    });
  });
});

describe('openWorkshopFile', () => {
  it('reads the chosen file', async () => {
    fakeDialog.showOpenDialog.mockResolvedValueOnce({
      canceled: false,
      filePaths: ['/home/tester/in.debrief.json'],
    });
    const result = await invoke(CHANNELS.openWorkshopFile, senderEvent(TRUSTED_URL));
    expect(result).toEqual({
      status: 'opened',
      fileName: 'x.debrief.json',
      contents: '{}',
      byteLength: 2,
    });
    expect(readWorkshopFile).toHaveBeenCalledExactlyOnceWith('/home/tester/in.debrief.json');
    const [, options] = fakeDialog.showOpenDialog.mock.calls[0]! as [
      unknown,
      Electron.OpenDialogOptions,
    ];
    expect(options.properties).toEqual(['openFile']);
  });

  it('reports cancellation without reading', async () => {
    fakeDialog.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] });
    expect(await invoke(CHANNELS.openWorkshopFile, senderEvent(TRUSTED_URL))).toEqual({
      status: 'cancelled',
    });
    expect(readWorkshopFile).not.toHaveBeenCalled();
  });
});

describe('handle', () => {
  it('passes the parsed payload and the event to the handler', async () => {
    const fn = vi.fn((payload: { n: number }) => payload.n * 2);
    const ipcMain = { handle: vi.fn() };
    handle(ipcMain, CHANNELS.appInfo, z.object({ n: z.number() }).strict(), fn, () => true);
    const listener = ipcMain.handle.mock.calls[0]![1] as (...args: unknown[]) => Promise<unknown>;
    const event = senderEvent(TRUSTED_URL);
    await expect(listener(event, { n: 21 })).resolves.toBe(42);
    expect(fn).toHaveBeenCalledWith({ n: 21 }, event);
    await expect(listener(event, { n: 1, extra: true })).rejects.toThrow(/invalid payload/);
    expect(fn).toHaveBeenCalledOnce();
  });

  it('hands the handler the schema’s output, never the raw payload', async () => {
    // This schema changes what it parses: it trims, converts and drops unknown
    // keys, so the raw and the parsed payload differ in every property.
    const schema = z.object({
      name: z.string().trim(),
      count: z.string().transform(Number),
      when: z.iso.date().transform((date) => new Date(`${date}T00:00:00Z`)),
    });
    const fn = vi.fn((_payload: z.output<typeof schema>, _event: IpcMainInvokeEvent) => 'done');
    const ipcMain = { handle: vi.fn() };
    handle(ipcMain, CHANNELS.appInfo, schema, fn, () => true);
    const listener = ipcMain.handle.mock.calls[0]![1] as (...args: unknown[]) => Promise<unknown>;
    const event = senderEvent(TRUSTED_URL);
    const raw = { name: '  retro  ', count: '3', when: '2024-05-01', injected: '<script>' };

    await expect(listener(event, raw)).resolves.toBe('done');
    const [received, receivedEvent] = fn.mock.calls[0]!;
    expect(received).toStrictEqual({
      name: 'retro',
      count: 3,
      when: new Date('2024-05-01T00:00:00Z'),
    });
    expect(received).not.toHaveProperty('injected');
    expect(receivedEvent).toBe(event);
  });

  it('consults the sender check before anything else', async () => {
    const fn = vi.fn();
    const safeParse = vi.fn();
    const schema = { safeParse } as unknown as typeof NO_PAYLOAD;
    const ipcMain = { handle: vi.fn() };
    handle(ipcMain, CHANNELS.appInfo, schema, fn, () => false);
    const listener = ipcMain.handle.mock.calls[0]![1] as (...args: unknown[]) => Promise<unknown>;
    await expect(listener(senderEvent(TRUSTED_URL))).rejects.toThrow(/not a Debrief page/);
    expect(safeParse).not.toHaveBeenCalled();
    expect(fn).not.toHaveBeenCalled();
  });
});
