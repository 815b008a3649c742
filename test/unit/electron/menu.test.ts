import type { MenuItemConstructorOptions } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  buildMenuTemplate,
  installApplicationMenu,
  sendMenuCommand,
} from '../../../electron/main/menu.js';
import { CHANNELS, MENU_COMMANDS, type MenuCommand } from '../../../shared/ipc/contract.js';
import { FakeBrowserWindow, fakeMenu, resetFakeElectron } from './fakeElectron.js';

vi.mock('electron', async () => (await import('./fakeElectron.js')).fakeElectron);

function flatten(items: readonly MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [
    item,
    ...(Array.isArray(item.submenu) ? flatten(item.submenu) : []),
  ]);
}

function template(overrides: { platform?: NodeJS.Platform; isPackaged?: boolean } = {}) {
  const send = vi.fn<(command: MenuCommand) => void>();
  const items = flatten(
    buildMenuTemplate({
      appName: 'Debrief',
      platform: overrides.platform ?? 'linux',
      isPackaged: overrides.isPackaged ?? true,
      send,
    }),
  );
  return { items, send };
}

function clickAll(items: readonly MenuItemConstructorOptions[]): void {
  for (const item of items) {
    (item.click as (() => void) | undefined)?.();
  }
}

beforeEach(() => {
  resetFakeElectron();
});

describe('buildMenuTemplate', () => {
  it.each(['linux', 'win32', 'darwin'] as const)(
    'on %s every custom item sends a contract command, and every command is reachable',
    (platform) => {
      const { items, send } = template({ platform });
      clickAll(items);
      const sent = send.mock.calls.map(([command]) => command);
      for (const command of sent) expect(MENU_COMMANDS).toContain(command);
      expect(new Set(sent)).toEqual(new Set(MENU_COMMANDS));
    },
  );

  it('labels import, export and home as asked', () => {
    const { items, send } = template();
    const byLabel = (label: string) => items.find((item) => item.label === label);
    for (const [label, command] of [
      ['Import workshop…', 'import'],
      ['Export workshop…', 'export'],
      ['Home', 'home'],
      ['Undo', 'undo'],
      ['Redo', 'redo'],
    ] as const) {
      send.mockClear();
      (byLabel(label)?.click as (() => void) | undefined)?.();
      expect(send.mock.calls, label).toEqual([[command]]);
    }
  });

  it('keeps the native text-editing roles so text fields work', () => {
    const roles = template().items.map((item) => item.role);
    for (const role of ['cut', 'copy', 'paste', 'selectAll'] as const) {
      expect(roles).toContain(role);
    }
  });

  it('leaves Ctrl+Z to the page: undo and redo do not register their accelerators', () => {
    const { items } = template();
    for (const label of ['Undo', 'Redo']) {
      const item = items.find((candidate) => candidate.label === label);
      expect(item?.registerAccelerator, label).toBe(false);
      expect(item?.role, label).toBeUndefined();
    }
  });

  it('has no reload or developer tools in a packaged build', () => {
    const roles = template({ isPackaged: true }).items.map((item) => item.role);
    expect(roles).not.toContain('toggleDevTools');
    expect(roles).not.toContain('reload');
    expect(roles).not.toContain('forceReload');
    expect(roles).toEqual(
      expect.arrayContaining(['zoomIn', 'zoomOut', 'resetZoom', 'togglefullscreen']),
    );
  });

  it('offers reload and developer tools during development', () => {
    const roles = template({ isPackaged: false }).items.map((item) => item.role);
    expect(roles).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']));
  });

  it('has an About item on every platform', () => {
    for (const platform of ['linux', 'win32', 'darwin'] as const) {
      expect(template({ platform }).items.map((item) => item.role)).toContain('about');
    }
  });
});

describe('sendMenuCommand', () => {
  it('sends a valid command to the focused window on the menu channel', () => {
    const window = new FakeBrowserWindow({});
    FakeBrowserWindow.focused = window;
    sendMenuCommand('undo');
    expect(window.webContents.send).toHaveBeenCalledExactlyOnceWith(CHANNELS.menuCommand, 'undo');
  });

  it('refuses a value outside MenuCommandSchema and sends nothing', () => {
    const window = new FakeBrowserWindow({});
    FakeBrowserWindow.focused = window;
    expect(() => sendMenuCommand('rm -rf' as MenuCommand)).toThrow();
    expect(window.webContents.send).not.toHaveBeenCalled();
  });

  it('does nothing without a focused window', () => {
    expect(() => sendMenuCommand('home')).not.toThrow();
  });

  it('installApplicationMenu wires the menu to the focused window', () => {
    const window = new FakeBrowserWindow({});
    FakeBrowserWindow.focused = window;
    installApplicationMenu({ appName: 'Debrief', platform: 'linux', isPackaged: true });
    expect(fakeMenu.setApplicationMenu).toHaveBeenCalledOnce();
    const [built] = fakeMenu.buildFromTemplate.mock.calls[0]! as [MenuItemConstructorOptions[]];
    const exportItem = flatten(built).find((item) => item.label === 'Export workshop…');
    (exportItem?.click as (() => void) | undefined)?.();
    expect(window.webContents.send).toHaveBeenCalledExactlyOnceWith(CHANNELS.menuCommand, 'export');
  });
});
