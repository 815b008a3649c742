import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '../../../shared/ipc/contract.js';
import {
  fakeApp,
  FakeBrowserWindow,
  fakeIpcMain,
  fakeMenu,
  fakeProtocol,
  fakeSession,
  resetFakeElectron,
} from './fakeElectron.js';

// main.ts runs on import, so each test re-imports it after vi.resetModules().
// The fake is captured here once, so the fresh main.ts sees the same instance
// as this file instead of a re-imported copy.
const fake = await vi.hoisted(() => import('./fakeElectron.js'));
vi.mock('electron', () => fake.fakeElectron);

const realPlatform = process.platform;

function setPlatform(platform: NodeJS.Platform): void {
  Object.defineProperty(process, 'platform', { value: platform, configurable: true });
}

/** main.ts does its work on import; each test loads a fresh copy. */
async function loadMain(): Promise<void> {
  vi.resetModules();
  await import('../../../electron/main/main.js');
  // Let the whenReady() continuation run.
  await new Promise((resolve) => setImmediate(resolve));
}

beforeEach(() => {
  resetFakeElectron();
  fakeApp.requestSingleInstanceLock.mockReturnValue(true);
});

afterEach(() => {
  setPlatform(realPlatform);
});

describe('main process', () => {
  it('registers app:// as a standard, secure, fetch-capable scheme before ready', async () => {
    let registeredBeforeReady = false;
    fakeApp.whenReady.mockImplementationOnce(() => {
      registeredBeforeReady = fakeProtocol.registerSchemesAsPrivileged.mock.calls.length === 1;
      return Promise.resolve();
    });
    await loadMain();
    expect(registeredBeforeReady).toBe(true);
    expect(fakeProtocol.registerSchemesAsPrivileged).toHaveBeenCalledExactlyOnceWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    expect(fakeApp.enableSandbox).toHaveBeenCalledOnce();
  });

  it('when ready: serves app://, locks permissions, registers IPC and the menu, opens one window', async () => {
    await loadMain();
    expect(fakeProtocol.handle).toHaveBeenCalledOnce();
    expect(fakeProtocol.handle.mock.calls[0]?.[0]).toBe('app');
    expect(fakeSession.defaultSession.requestHandler).toBeTypeOf('function');
    expect(fakeSession.defaultSession.checkHandler).toBeTypeOf('function');
    expect([...fakeIpcMain.handlers.keys()].sort()).toEqual(
      [
        CHANNELS.appInfo,
        CHANNELS.openWorkshopFile,
        CHANNELS.saveWorkshopFile,
        CHANNELS.saveFigureFile,
      ].sort(),
    );
    expect(fakeMenu.setApplicationMenu).toHaveBeenCalledOnce();
    expect(FakeBrowserWindow.instances).toHaveLength(1);
    const window = FakeBrowserWindow.instances[0]!;
    expect(window.loadURL).toHaveBeenCalledWith('app://debrief/index.html');
    const preferences = window.options.webPreferences as Record<string, unknown>;
    expect(String(preferences.preload)).toMatch(/[/\\]preload[/\\]preload\.cjs$/);
  });

  it('the registered app:// handler answers with the CSP header', async () => {
    await loadMain();
    const handler = fakeProtocol.handle.mock.calls[0]![1];
    const response = await handler(new Request('app://evil/'));
    expect(response.status).toBe(404);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('quits when the last window closes, except on macOS', async () => {
    setPlatform('linux');
    await loadMain();
    fakeApp.emit('window-all-closed');
    expect(fakeApp.quit).toHaveBeenCalledOnce();

    resetFakeElectron();
    setPlatform('darwin');
    await loadMain();
    fakeApp.emit('window-all-closed');
    expect(fakeApp.quit).not.toHaveBeenCalled();
  });

  it('focuses the existing window when a second instance starts', async () => {
    await loadMain();
    const window = FakeBrowserWindow.instances[0]!;
    window.isMinimized.mockReturnValueOnce(true);
    fakeApp.emit('second-instance');
    expect(window.restore).toHaveBeenCalledOnce();
    expect(window.focus).toHaveBeenCalledOnce();
    expect(FakeBrowserWindow.instances).toHaveLength(1);
  });

  it('reopens a window on activate when none is open (macOS)', async () => {
    await loadMain();
    FakeBrowserWindow.instances = [];
    fakeApp.emit('activate');
    expect(FakeBrowserWindow.instances).toHaveLength(1);
  });

  it('a second instance quits at once without opening anything', async () => {
    fakeApp.requestSingleInstanceLock.mockReturnValue(false);
    await loadMain();
    expect(fakeApp.quit).toHaveBeenCalledOnce();
    expect(FakeBrowserWindow.instances).toHaveLength(0);
    expect(fakeIpcMain.handlers.size).toBe(0);
    expect(fakeProtocol.handle).not.toHaveBeenCalled();
  });
});
