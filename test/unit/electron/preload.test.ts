import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import ts from 'typescript';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  BRIDGE_GLOBAL,
  CHANNELS,
  MENU_COMMANDS,
  type DebriefBridge,
  type MenuCommand,
} from '../../../shared/ipc/contract.js';
import { fakeContextBridge, fakeElectron, fakeIpcRenderer } from './fakeElectron.js';

const ELECTRON_DIR = fileURLToPath(new URL('../../../electron/', import.meta.url));
const PRELOAD_SOURCE = path.join(ELECTRON_DIR, 'preload', 'preload.cts');

/**
 * Compiles the preload with electron/tsconfig.json's options, as `tsc` does
 * for dist-electron, and runs it the way Electron runs a sandboxed preload: a
 * CommonJS function whose `require` knows only 'electron' (Electron's also
 * knows a few built-ins, which the preload does not need).
 */
function runPreloadSandboxed(): string[] {
  const configPath = path.join(ELECTRON_DIR, 'tsconfig.json');
  const config = ts.readConfigFile(configPath, (file) => ts.sys.readFile(file));
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, ELECTRON_DIR);
  const { outputText } = ts.transpileModule(readFileSync(PRELOAD_SOURCE, 'utf8'), {
    compilerOptions: { ...options, sourceMap: false },
    fileName: PRELOAD_SOURCE,
  });
  const required: string[] = [];
  const sandboxedRequire = (id: string): unknown => {
    required.push(id);
    if (id === 'electron') return fakeElectron;
    throw new Error(`module not found: ${id}`);
  };
  const exports = {};
  const preload = vm.compileFunction(outputText, ['require', 'process', 'exports', 'module']) as (
    ...args: unknown[]
  ) => unknown;
  preload(sandboxedRequire, {}, exports, { exports });
  return required;
}

/** The method names of DebriefBridge; the two type checks below keep this list exact. */
const CONTRACT_METHODS = [
  'appInfo',
  'saveWorkshopFile',
  'openWorkshopFile',
  'saveFigureFile',
  'onMenuCommand',
] as const satisfies readonly (keyof DebriefBridge)[];
type Unlisted = Exclude<keyof DebriefBridge, (typeof CONTRACT_METHODS)[number]>;
const everyMethodListed: [Unlisted] extends [never] ? true : false = true;

let required: string[];
let exposedName: unknown;
let bridge: DebriefBridge;
let exposeCalls: number;

beforeAll(() => {
  required = runPreloadSandboxed();
  exposeCalls = fakeContextBridge.exposeInMainWorld.mock.calls.length;
  const [name, api] = fakeContextBridge.exposeInMainWorld.mock.calls[0] ?? [];
  exposedName = name;
  bridge = api as DebriefBridge;
});

beforeEach(() => {
  fakeIpcRenderer.invoke.mockClear();
});

describe('preload bridge', () => {
  it('loads in a sandbox: it requires electron and nothing else', () => {
    expect(required).toEqual(['electron']);
  });

  it('is exposed once, under the contract global', () => {
    expect(everyMethodListed).toBe(true);
    expect(exposeCalls).toBe(1);
    expect(exposedName).toBe(BRIDGE_GLOBAL);
  });

  it('exposes exactly the contract methods and nothing else', () => {
    expect(Object.getPrototypeOf(bridge)).toBe(Object.prototype);
    expect(Reflect.ownKeys(bridge).sort()).toEqual([...CONTRACT_METHODS].sort());
    for (const method of CONTRACT_METHODS) {
      expect(Reflect.get(bridge, method)).toBeTypeOf('function');
    }
  });

  it('does not leak ipcRenderer or a generic invoke', () => {
    const values = Object.values(bridge) as unknown[];
    expect(values).not.toContain(fakeIpcRenderer);
    expect(values).not.toContain(fakeIpcRenderer.invoke);
  });

  it('appInfo invokes its channel with no arguments and returns the reply', async () => {
    fakeIpcRenderer.invoke.mockResolvedValueOnce({
      version: '1',
      platform: 'linux',
      shell: 'desktop',
    });
    await expect(bridge.appInfo()).resolves.toEqual({
      version: '1',
      platform: 'linux',
      shell: 'desktop',
    });
    expect(fakeIpcRenderer.invoke.mock.calls).toEqual([[CHANNELS.appInfo]]);
  });

  it('saveWorkshopFile invokes its channel with the request only', async () => {
    const request = { suggestedName: 'retro', contents: '{}' };
    await bridge.saveWorkshopFile(request);
    expect(fakeIpcRenderer.invoke.mock.calls).toEqual([[CHANNELS.saveWorkshopFile, request]]);
  });

  it('saveFigureFile invokes its channel with the request only', async () => {
    const request = {
      suggestedName: 'retro - 5 whys',
      format: 'svg',
      data: '<svg></svg>',
    } as const;
    await bridge.saveFigureFile(request);
    expect(fakeIpcRenderer.invoke.mock.calls).toEqual([[CHANNELS.saveFigureFile, request]]);
  });

  it('openWorkshopFile invokes its channel with no arguments', async () => {
    await bridge.openWorkshopFile();
    expect(fakeIpcRenderer.invoke.mock.calls).toEqual([[CHANNELS.openWorkshopFile]]);
  });
});

describe('onMenuCommand', () => {
  it('forwards every contract command, and only the command', () => {
    const listener = vi.fn<(command: MenuCommand) => void>();
    const unsubscribe = bridge.onMenuCommand(listener);
    for (const command of MENU_COMMANDS) {
      fakeIpcRenderer.emit(CHANNELS.menuCommand, { sender: 'ipc-event' }, command);
    }
    expect(listener.mock.calls).toEqual(MENU_COMMANDS.map((command) => [command]));
    unsubscribe();
  });

  it.each([['rm -rf /'], [42], [undefined], [null], [{ command: 'undo' }], ['UNDO']])(
    'drops %j',
    (value) => {
      const listener = vi.fn();
      const unsubscribe = bridge.onMenuCommand(listener);
      fakeIpcRenderer.emit(CHANNELS.menuCommand, {}, value);
      expect(listener).not.toHaveBeenCalled();
      unsubscribe();
    },
  );

  it('listens on the menu channel only, and unsubscribes cleanly', () => {
    const listener = vi.fn();
    const unsubscribe = bridge.onMenuCommand(listener);
    expect([...fakeIpcRenderer.listeners.entries()].filter(([, list]) => list.length > 0)).toEqual([
      [CHANNELS.menuCommand, [expect.any(Function)]],
    ]);
    unsubscribe();
    expect(fakeIpcRenderer.listenerCount(CHANNELS.menuCommand)).toBe(0);
    fakeIpcRenderer.emit(CHANNELS.menuCommand, {}, 'undo');
    expect(listener).not.toHaveBeenCalled();
  });

  it('refuses a listener that is not a function', () => {
    expect(() => bridge.onMenuCommand('alert(1)' as unknown as () => void)).toThrow(TypeError);
    expect(fakeIpcRenderer.listenerCount(CHANNELS.menuCommand)).toBe(0);
  });
});
