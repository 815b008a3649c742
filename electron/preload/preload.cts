/**
 * The preload: exposes exactly `DebriefBridge` (shared/ipc/contract.ts) as
 * `window.debrief`, each method one call on one channel. Compiled to
 * dist-electron/electron/preload/preload.cjs and run sandboxed.
 * Never expose ipcRenderer, a generic send/invoke, or the IPC event object,
 * and never pass a menu command the contract does not list.
 *
 * Why the constants are copied here instead of imported: a sandboxed preload
 * is CommonJS and its `require` knows only 'electron' and a few built-ins, and
 * no bundler runs, so a value import of ../../shared (ESM, and importing zod)
 * would fail at load time. Type imports are erased, so they are safe. Each copy
 * is checked against the shared constant with `satisfies`, which fails the
 * build on any difference in keys, values or order; the unit tests also check
 * the preload's behaviour against the real constants.
 */
// Under verbatimModuleSyntax a .cts file must spell its runtime imports as
// `import x = require()` (ESM syntax is error TS1286); that is also exactly
// what a sandboxed CommonJS preload needs emitted.
import electron = require('electron');
import type { IpcRendererEvent } from 'electron';
import type {
  BRIDGE_GLOBAL as SHARED_BRIDGE_GLOBAL,
  CHANNELS as SHARED_CHANNELS,
  DebriefBridge,
  MENU_COMMANDS as SHARED_MENU_COMMANDS,
  MenuCommand,
} from '../../shared/ipc/contract.js';

const { contextBridge, ipcRenderer } = electron;

const BRIDGE_GLOBAL = 'debrief' satisfies typeof SHARED_BRIDGE_GLOBAL;

const CHANNELS = {
  appInfo: 'app:info',
  saveWorkshopFile: 'workshop-file:save',
  openWorkshopFile: 'workshop-file:open',
  saveFigureFile: 'figure:save',
  menuCommand: 'menu:command',
} as const satisfies typeof SHARED_CHANNELS;

const MENU_COMMANDS = [
  'undo',
  'redo',
  'export',
  'import',
  'home',
  'add-note',
] as const satisfies typeof SHARED_MENU_COMMANDS;

function isMenuCommand(value: unknown): value is MenuCommand {
  return typeof value === 'string' && (MENU_COMMANDS as readonly string[]).includes(value);
}

const bridge = {
  appInfo: () => ipcRenderer.invoke(CHANNELS.appInfo),
  saveWorkshopFile: (request) => ipcRenderer.invoke(CHANNELS.saveWorkshopFile, request),
  openWorkshopFile: () => ipcRenderer.invoke(CHANNELS.openWorkshopFile),
  saveFigureFile: (request) => ipcRenderer.invoke(CHANNELS.saveFigureFile, request),
  onMenuCommand: (listener) => {
    if (typeof listener !== 'function') {
      throw new TypeError('onMenuCommand needs a function.');
    }
    // The page gets the command only: the event object would expose ipcRenderer.
    const forward = (_event: IpcRendererEvent, command: unknown): void => {
      if (isMenuCommand(command)) listener(command);
    };
    ipcRenderer.on(CHANNELS.menuCommand, forward);
    return () => {
      ipcRenderer.removeListener(CHANNELS.menuCommand, forward);
    };
  },
} satisfies DebriefBridge;

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridge);
