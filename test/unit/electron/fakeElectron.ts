// A stand-in for the parts of Electron's API the shell uses. Electron cannot
// be installed or launched here, so tests replace the module with this one:
//   vi.mock('electron', async () => (await import('./fakeElectron.js')).fakeElectron);
// Handlers the code under test registers are kept on the fakes, so tests can
// call them the way Electron would.
import { vi } from 'vitest';

type AnyListener = (...args: never[]) => unknown;

export class FakeEmitter {
  readonly listeners = new Map<string, AnyListener[]>();

  on(event: string, listener: AnyListener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }

  once(event: string, listener: AnyListener): this {
    return this.on(event, listener);
  }

  removeListener(event: string, listener: AnyListener): this {
    this.listeners.set(
      event,
      (this.listeners.get(event) ?? []).filter((registered) => registered !== listener),
    );
    return this;
  }

  listenerCount(event: string): number {
    return this.listeners.get(event)?.length ?? 0;
  }

  emit(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) {
      (listener as (...values: unknown[]) => unknown)(...args);
    }
  }
}

export type PermissionRequestHandler = (
  contents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
  details: { requestingUrl: string; isMainFrame: boolean },
) => void;

export type PermissionCheckHandler = (
  contents: unknown,
  permission: string,
  requestingOrigin: string,
  details: { embeddingOrigin?: string; isMainFrame: boolean },
) => boolean;

export class FakeSession {
  requestHandler: PermissionRequestHandler | null = null;
  checkHandler: PermissionCheckHandler | null = null;
  readonly setPermissionRequestHandler = vi.fn((handler: PermissionRequestHandler | null) => {
    this.requestHandler = handler;
  });
  readonly setPermissionCheckHandler = vi.fn((handler: PermissionCheckHandler | null) => {
    this.checkHandler = handler;
  });
}

export interface WindowOpenResponse {
  action: 'allow' | 'deny';
}

export class FakeWebContents extends FakeEmitter {
  readonly session = new FakeSession();
  windowOpenHandler: ((details: { url: string }) => WindowOpenResponse) | null = null;
  readonly setWindowOpenHandler = vi.fn(
    (handler: (details: { url: string }) => WindowOpenResponse) => {
      this.windowOpenHandler = handler;
    },
  );
  readonly send = vi.fn((_channel: string, ..._args: unknown[]) => undefined);
  readonly isDestroyed = vi.fn(() => false);
}

export class FakeBrowserWindow extends FakeEmitter {
  static instances: FakeBrowserWindow[] = [];
  static focused: FakeBrowserWindow | null = null;
  static getAllWindows(): FakeBrowserWindow[] {
    return [...FakeBrowserWindow.instances];
  }
  static getFocusedWindow(): FakeBrowserWindow | null {
    return FakeBrowserWindow.focused;
  }
  static fromWebContents(contents: unknown): FakeBrowserWindow | null {
    return FakeBrowserWindow.instances.find((window) => window.webContents === contents) ?? null;
  }

  readonly webContents = new FakeWebContents();
  readonly loadURL = vi.fn((_url: string) => Promise.resolve());
  readonly show = vi.fn();
  readonly focus = vi.fn();
  readonly restore = vi.fn();
  readonly isMinimized = vi.fn(() => false);

  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.instances.push(this);
  }
}

/** A bare Electron event, as passed to will-prevent-unload or will-attach-webview. */
export function preventableEvent(): { preventDefault: () => void } {
  return { preventDefault: vi.fn() };
}

/** The shape of a navigation event as Electron passes it to will-navigate. */
export function navigationEvent(url: string): { url: string; preventDefault: () => void } {
  return { url, preventDefault: vi.fn() };
}

export interface DialogResult {
  canceled: boolean;
  filePath?: string;
  filePaths?: string[];
}

type IpcListener = (event: unknown, ...args: unknown[]) => unknown;

export const fakeIpcMain = {
  handlers: new Map<string, IpcListener>(),
  handle: vi.fn((channel: string, listener: IpcListener) => {
    fakeIpcMain.handlers.set(channel, listener);
  }),
};

export const fakeApp = Object.assign(new FakeEmitter(), {
  isPackaged: false,
  requestSingleInstanceLock: vi.fn(() => true),
  whenReady: vi.fn(() => Promise.resolve()),
  isReady: vi.fn(() => true),
  quit: vi.fn(),
  exit: vi.fn(),
  enableSandbox: vi.fn(),
  setAboutPanelOptions: vi.fn(),
  getName: vi.fn(() => 'Debrief'),
  getVersion: vi.fn(() => '0.1.0'),
  getPath: vi.fn((_name: string) => '/home/tester/Documents'),
});

export const fakeDialog = {
  showSaveDialog: vi.fn((..._args: unknown[]): Promise<DialogResult> =>
    Promise.resolve({ canceled: true }),
  ),
  showOpenDialog: vi.fn((..._args: unknown[]): Promise<DialogResult> =>
    Promise.resolve({ canceled: true, filePaths: [] }),
  ),
  /** Returns the index of the button the user clicked; 0 unless a test says otherwise. */
  showMessageBoxSync: vi.fn((..._args: unknown[]): number => 0),
};

export const fakeShell = { openExternal: vi.fn((_url: string) => Promise.resolve()) };

export const fakeProtocol = {
  registerSchemesAsPrivileged: vi.fn(),
  handle: vi.fn((_scheme: string, _handler: (request: Request) => Promise<Response>) => undefined),
};

export const fakeMenu = {
  buildFromTemplate: vi.fn((template: unknown[]) => ({ template })),
  setApplicationMenu: vi.fn(),
};

export const fakeSession = { defaultSession: new FakeSession() };

export const fakeContextBridge = {
  exposeInMainWorld: vi.fn((_key: string, _api: unknown) => undefined),
};

export const fakeIpcRenderer = Object.assign(new FakeEmitter(), {
  invoke: vi.fn((_channel: string, ..._args: unknown[]): Promise<unknown> =>
    Promise.resolve('reply'),
  ),
});

export const fakeElectron = {
  app: fakeApp,
  BrowserWindow: FakeBrowserWindow,
  contextBridge: fakeContextBridge,
  dialog: fakeDialog,
  ipcMain: fakeIpcMain,
  ipcRenderer: fakeIpcRenderer,
  Menu: fakeMenu,
  protocol: fakeProtocol,
  session: fakeSession,
  shell: fakeShell,
};

/** Forgets windows, handlers and calls between tests. */
export function resetFakeElectron(): void {
  vi.clearAllMocks();
  FakeBrowserWindow.instances = [];
  FakeBrowserWindow.focused = null;
  fakeIpcMain.handlers.clear();
  fakeApp.listeners.clear();
  fakeApp.isPackaged = false;
  fakeIpcRenderer.listeners.clear();
  fakeSession.defaultSession = new FakeSession();
}
