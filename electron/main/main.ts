/**
 * Electron main-process entry: app lifecycle, the app:// protocol, the menu
 * and the IPC handlers. It stays thin; the logic lives in window.ts, ipc.ts,
 * menu.ts and the plain-Node modules under electron/host, security and services.
 * Never load remote content, never serve the renderer over file://, and never
 * open a second window onto the same IndexedDB from a second instance.
 */
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, ipcMain, protocol, session } from 'electron';
import { createAppProtocolHandler } from '../host/appProtocolHandler.js';
import { APP_SCHEME } from '../security/appOrigin.js';
import { registerIpcHandlers } from './ipc.js';
import { installApplicationMenu } from './menu.js';
import { createMainWindow, installPermissionPolicy } from './window.js';

/** Compiled to dist-electron/electron/main/main.js; the renderer is built to dist/renderer. */
const RENDERER_ROOT = fileURLToPath(new URL('../../../dist/renderer/', import.meta.url));
const PRELOAD_PATH = fileURLToPath(new URL('../preload/preload.cjs', import.meta.url));

// Must happen before `ready`. `standard` gives app://debrief a real origin, so
// IndexedDB, relative URLs and CSP 'self' work as on the web; `secure` makes it
// a secure context; `supportFetchAPI` lets the page fetch its own files.
protocol.registerSchemesAsPrivileged([
  {
    scheme: APP_SCHEME,
    privileges: { standard: true, secure: true, supportFetchAPI: true },
  },
]);
// Sandbox every renderer, including any created without our web preferences.
app.enableSandbox();

let mainWindow: BrowserWindow | null = null;

function openMainWindow(): void {
  const window = createMainWindow({ preloadPath: PRELOAD_PATH });
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  mainWindow = window;
}

function focusMainWindow(): void {
  if (mainWindow === null) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
}

async function start(): Promise<void> {
  await app.whenReady();
  app.setAboutPanelOptions({
    applicationName: app.getName(),
    applicationVersion: app.getVersion(),
  });
  installPermissionPolicy(session.defaultSession);
  protocol.handle(APP_SCHEME, createAppProtocolHandler(RENDERER_ROOT));
  registerIpcHandlers(ipcMain);
  installApplicationMenu({
    appName: app.getName(),
    platform: process.platform,
    isPackaged: app.isPackaged,
  });
  openMainWindow();
}

// Two instances would write the same IndexedDB from two windows without
// coordination; the second launch focuses the first window instead.
if (app.requestSingleInstanceLock()) {
  app.on('second-instance', focusMainWindow);
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (app.isReady() && BrowserWindow.getAllWindows().length === 0) openMainWindow();
  });
  start().catch((error: unknown) => {
    console.error('Debrief failed to start:', error);
    app.exit(1);
  });
} else {
  app.quit();
}
