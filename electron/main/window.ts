/**
 * Creates the main window and locks down its web contents: sandboxed, context
 * isolated, no Node in the page, no navigation away from app://debrief, no new
 * windows, no <webview>, and a deny-by-default permission policy. It also
 * asks before closing while the page is still saving.
 * Never relax a web preference here to make a feature work; add a named IPC
 * method to shared/ipc/contract.ts instead.
 */
import {
  BrowserWindow,
  dialog,
  shell,
  type MessageBoxSyncOptions,
  type Session,
  type WebContents,
  type WebPreferences,
} from 'electron';
import { APP_START_URL, externalUrlToOpen, isAppUrl } from '../security/appOrigin.js';
import { isPermissionGranted } from '../security/permissions.js';

/** Every security-relevant web preference, spelled out even where it is Electron's default. */
export const SECURE_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  experimentalFeatures: false,
  plugins: false,
  // WebSQL is on by default; the app stores everything in IndexedDB.
  enableWebSQL: false,
  // A file or link dropped on the window would otherwise replace the app with it.
  navigateOnDragDrop: false,
  // A page stuck in an alert() loop could otherwise lock the user out of the window.
  safeDialogs: true,
  spellcheck: true,
} as const satisfies WebPreferences;

export function mainWindowWebPreferences(preloadPath: string): WebPreferences {
  return { ...SECURE_WEB_PREFERENCES, preload: preloadPath };
}

/**
 * Policy for links the page tries to open (window.open, target=_blank) or
 * navigate to: nothing ever opens inside Debrief; https: links go to the
 * user's browser so a ticket URL pasted into a note still works; every other
 * scheme (file:, http:, custom handlers that start other programs) is dropped.
 */
function openInSystemBrowser(url: string): void {
  const external = externalUrlToOpen(url);
  if (external !== null) {
    shell.openExternal(external).catch(() => undefined);
  }
}

export function hardenWebContents(contents: WebContents): void {
  const guardNavigation = (event: { preventDefault(): void; url: string }): void => {
    if (isAppUrl(event.url)) return;
    event.preventDefault();
    openInSystemBrowser(event.url);
  };
  contents.on('will-navigate', guardNavigation);
  contents.on('will-redirect', guardNavigation);
  contents.setWindowOpenHandler(({ url }) => {
    openInSystemBrowser(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
}

const KEEP_EDITING = 0;
const CLOSE_ANYWAY = 1;

/**
 * The renderer's beforeunload handler cancels unloading while writes are
 * still being saved. Electron shows no prompt for that, it just keeps the
 * window open, so without this dialog closing would silently do nothing.
 * Keeping the window is the default and the Escape answer: losing work must
 * take a deliberate click.
 */
const UNSAVED_CHANGES_DIALOG: Readonly<MessageBoxSyncOptions> = Object.freeze({
  type: 'warning',
  buttons: ['Keep editing', 'Close anyway'],
  defaultId: KEEP_EDITING,
  cancelId: KEEP_EDITING,
  title: 'Changes are still being saved',
  message: 'Debrief is still saving your last changes.',
  detail:
    'If you close now, changes that are not saved yet are lost. Wait a moment and close again.',
});

function confirmUnloadWhileSaving(window: BrowserWindow, contents: WebContents): void {
  contents.on('will-prevent-unload', (event) => {
    // Here preventDefault() overrides the page's beforeunload: the window closes.
    if (dialog.showMessageBoxSync(window, UNSAVED_CHANGES_DIALOG) === CLOSE_ANYWAY) {
      event.preventDefault();
    }
  });
}

/** Electron allows every permission unless handlers say otherwise. */
export function installPermissionPolicy(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(isPermissionGranted({ permission, requestingUrl: details.requestingUrl }));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    isPermissionGranted({
      permission,
      requestingUrl: requestingOrigin,
      embeddingOrigin: details.embeddingOrigin,
    }),
  );
}

export interface MainWindowOptions {
  /** Absolute path of the compiled preload (dist-electron/electron/preload/preload.cjs). */
  readonly preloadPath: string;
  readonly startUrl?: string;
}

export function createMainWindow({
  preloadPath,
  startUrl = APP_START_URL,
}: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 800,
    minHeight: 560,
    title: 'Debrief',
    // Shown on ready-to-show, so the user never sees an empty white frame.
    show: false,
    webPreferences: mainWindowWebPreferences(preloadPath),
  });
  installPermissionPolicy(window.webContents.session);
  hardenWebContents(window.webContents);
  confirmUnloadWhileSaving(window, window.webContents);
  window.once('ready-to-show', () => window.show());
  window.loadURL(startUrl).catch((error: unknown) => {
    console.error(`Debrief could not load ${startUrl}:`, error);
  });
  return window;
}
