/**
 * The application menu. Items that act on a workshop (import, export, home,
 * add note, undo, redo) send a MenuCommand to the focused window; the renderer
 * decides what it means. Text editing keeps Electron's native roles.
 * Never send anything but a value of MenuCommandSchema, and never show
 * developer tools in a packaged build.
 */
import { BrowserWindow, Menu, type MenuItemConstructorOptions } from 'electron';
import { CHANNELS, MenuCommandSchema, type MenuCommand } from '../../shared/ipc/contract.js';

export interface MenuOptions {
  readonly appName: string;
  readonly platform: NodeJS.Platform;
  /** Packaged builds get no reload or developer tools. */
  readonly isPackaged: boolean;
  readonly send: (command: MenuCommand) => void;
}

/** Sends a command to the focused window, after checking it against the contract. */
export function sendMenuCommand(command: MenuCommand): void {
  const valid = MenuCommandSchema.parse(command);
  const window = BrowserWindow.getFocusedWindow();
  if (window !== null && !window.webContents.isDestroyed()) {
    window.webContents.send(CHANNELS.menuCommand, valid);
  }
}

export function buildMenuTemplate({
  appName,
  platform,
  isPackaged,
  send,
}: MenuOptions): MenuItemConstructorOptions[] {
  const isMac = platform === 'darwin';
  const command = (id: MenuCommand) => (): void => send(id);
  // "&File" gives Alt+F on Windows and Linux; macOS menus have no mnemonics.
  const title = (text: string): string => (isMac ? text.replace('&', '') : text);

  const appMenu: MenuItemConstructorOptions[] = isMac
    ? [
        {
          label: appName,
          submenu: [
            { role: 'about' },
            { type: 'separator' },
            { role: 'services' },
            { type: 'separator' },
            { role: 'hide' },
            { role: 'hideOthers' },
            { role: 'unhide' },
            { type: 'separator' },
            { role: 'quit' },
          ],
        },
      ]
    : [];

  const fileMenu: MenuItemConstructorOptions = {
    label: title('&File'),
    submenu: [
      { label: 'Import workshop…', accelerator: 'CmdOrCtrl+O', click: command('import') },
      { label: 'Export workshop…', accelerator: 'CmdOrCtrl+S', click: command('export') },
      { type: 'separator' },
      { label: 'Home', click: command('home') },
      { type: 'separator' },
      isMac ? { role: 'close' } : { role: 'quit' },
    ],
  };

  // Undo and redo show their shortcuts but do not register them
  // (registerAccelerator: false): Ctrl+Z must reach a focused text field as
  // native text undo, and the renderer handles the keys for the board itself,
  // as it must in browser mode where there is no menu.
  const editMenu: MenuItemConstructorOptions = {
    label: title('&Edit'),
    submenu: [
      {
        label: 'Undo',
        accelerator: 'CmdOrCtrl+Z',
        registerAccelerator: false,
        click: command('undo'),
      },
      {
        label: 'Redo',
        accelerator: isMac ? 'Shift+Cmd+Z' : 'Ctrl+Y',
        registerAccelerator: false,
        click: command('redo'),
      },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
      { type: 'separator' },
      { label: 'Add note', click: command('add-note') },
    ],
  };

  const viewMenu: MenuItemConstructorOptions = {
    label: title('&View'),
    submenu: [
      ...(isPackaged
        ? []
        : ([
            { role: 'reload' },
            { role: 'forceReload' },
            { role: 'toggleDevTools' },
            { type: 'separator' },
          ] satisfies MenuItemConstructorOptions[])),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };

  const windowMenu: MenuItemConstructorOptions = {
    label: title('&Window'),
    submenu: isMac
      ? [{ role: 'minimize' }, { role: 'zoom' }, { type: 'separator' }, { role: 'front' }]
      : [{ role: 'minimize' }, { role: 'close' }],
  };

  // On macOS "About" lives in the app menu, so Help would be empty there.
  const helpMenu: MenuItemConstructorOptions[] = isMac
    ? []
    : [{ label: title('&Help'), submenu: [{ role: 'about', label: `About ${appName}` }] }];

  return [...appMenu, fileMenu, editMenu, viewMenu, windowMenu, ...helpMenu];
}

export function installApplicationMenu(options: Omit<MenuOptions, 'send'>): void {
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(buildMenuTemplate({ ...options, send: sendMenuCommand })),
  );
}
