import type { Session } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createMainWindow,
  installPermissionPolicy,
  SECURE_WEB_PREFERENCES,
} from '../../../electron/main/window.js';
import { APP_START_URL } from '../../../electron/security/appOrigin.js';
import {
  FakeBrowserWindow,
  fakeDialog,
  FakeSession,
  fakeShell,
  navigationEvent,
  preventableEvent,
  resetFakeElectron,
  type FakeWebContents,
} from './fakeElectron.js';

vi.mock('electron', async () => (await import('./fakeElectron.js')).fakeElectron);

const PRELOAD = '/app/dist-electron/electron/preload/preload.cjs';

function openWindow(): { window: FakeBrowserWindow; contents: FakeWebContents } {
  createMainWindow({ preloadPath: PRELOAD });
  const window = FakeBrowserWindow.instances.at(-1)!;
  return { window, contents: window.webContents };
}

beforeEach(() => {
  resetFakeElectron();
});

describe('createMainWindow web preferences', () => {
  it.each([
    ['contextIsolation', true],
    ['sandbox', true],
    ['nodeIntegration', false],
    ['nodeIntegrationInWorker', false],
    ['nodeIntegrationInSubFrames', false],
    ['webSecurity', true],
    ['allowRunningInsecureContent', false],
    ['webviewTag', false],
    ['experimentalFeatures', false],
    ['plugins', false],
    ['enableWebSQL', false],
    ['navigateOnDragDrop', false],
    ['safeDialogs', true],
    ['spellcheck', true],
  ])('sets %s to %s', (key, value) => {
    const { window } = openWindow();
    const preferences = window.options.webPreferences as Record<string, unknown>;
    expect(preferences[key]).toBe(value);
    expect(SECURE_WEB_PREFERENCES).toHaveProperty(key, value);
  });

  it('enables no extra Blink features', () => {
    const { window } = openWindow();
    const preferences = window.options.webPreferences as Record<string, unknown>;
    expect(preferences.enableBlinkFeatures ?? '').toBe('');
  });

  // Catches additions the table above cannot: enableBlinkFeatures,
  // additionalArguments, a partition shared with other content, and so on.
  it('sets exactly the audited preferences and the preload, nothing else', () => {
    const { window } = openWindow();
    expect(window.options.webPreferences).toStrictEqual({
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
      enableWebSQL: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: true,
      preload: PRELOAD,
    });
  });

  it('loads the compiled preload and nothing that re-enables Node', () => {
    const { window } = openWindow();
    const preferences = window.options.webPreferences as Record<string, unknown>;
    expect(preferences.preload).toBe(PRELOAD);
    expect(preferences).not.toHaveProperty('enableRemoteModule');
    expect(preferences).not.toHaveProperty('nodeIntegrationInWorker', true);
  });

  it('loads the app from app://debrief and shows when ready', () => {
    const { window } = openWindow();
    expect(window.loadURL).toHaveBeenCalledWith(APP_START_URL);
    expect(window.options.show).toBe(false);
    expect(window.show).not.toHaveBeenCalled();
    window.emit('ready-to-show');
    expect(window.show).toHaveBeenCalledOnce();
  });
});

describe('navigation', () => {
  it.each(['will-navigate', 'will-redirect'])('%s stays inside app://debrief', (eventName) => {
    const { contents } = openWindow();
    const inside = navigationEvent('app://debrief/workshops/1');
    contents.emit(eventName, inside, inside.url);
    expect(inside.preventDefault).not.toHaveBeenCalled();
  });

  it.each([
    'https://evil.example/',
    'http://127.0.0.1:4300/',
    'file:///etc/passwd',
    'app://evil/index.html',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
  ])('will-navigate to %s is prevented', (url) => {
    const { contents } = openWindow();
    const event = navigationEvent(url);
    contents.emit('will-navigate', event, url);
    expect(event.preventDefault).toHaveBeenCalledOnce();
  });

  it('will-redirect away from the app is prevented', () => {
    const { contents } = openWindow();
    const event = navigationEvent('https://evil.example/');
    contents.emit('will-redirect', event, event.url);
    expect(event.preventDefault).toHaveBeenCalledOnce();
  });

  it('a blocked https link goes to the OS browser; other schemes go nowhere', () => {
    const { contents } = openWindow();
    contents.emit('will-navigate', navigationEvent('https://example.com/ticket/1'));
    contents.emit('will-navigate', navigationEvent('file:///etc/passwd'));
    contents.emit('will-navigate', navigationEvent('http://example.com/'));
    expect(fakeShell.openExternal.mock.calls).toEqual([['https://example.com/ticket/1']]);
  });
});

describe('new windows', () => {
  it.each([
    'app://debrief/index.html',
    'https://example.com/',
    'http://example.com/',
    'file:///etc/passwd',
    'about:blank',
  ])('window.open(%s) is denied', (url) => {
    const { contents } = openWindow();
    expect(contents.windowOpenHandler).not.toBeNull();
    expect(contents.windowOpenHandler!({ url })).toEqual({ action: 'deny' });
  });

  it('only https links are handed to the OS browser', () => {
    const { contents } = openWindow();
    for (const url of ['https://example.com/a', 'http://example.com/', 'file:///x', 'smb://h/s']) {
      contents.windowOpenHandler!({ url });
    }
    expect(fakeShell.openExternal.mock.calls).toEqual([['https://example.com/a']]);
  });
});

describe('webviews', () => {
  it('will-attach-webview is always prevented', () => {
    const { contents } = openWindow();
    expect(contents.listenerCount('will-attach-webview')).toBe(1);
    const event = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', event, {}, { src: 'https://evil.example/' });
    expect(event.preventDefault).toHaveBeenCalledOnce();
  });
});

describe('closing while changes are still being saved', () => {
  const EXPECTED_DIALOG = {
    type: 'warning',
    buttons: ['Keep editing', 'Close anyway'],
    defaultId: 0,
    cancelId: 0,
    title: 'Changes are still being saved',
    message: 'Debrief is still saving your last changes.',
    detail:
      'If you close now, changes that are not saved yet are lost. Wait a moment and close again.',
  };

  it('asks before the window closes, as a dialog attached to that window', () => {
    const { window, contents } = openWindow();
    expect(contents.listenerCount('will-prevent-unload')).toBe(1);
    contents.emit('will-prevent-unload', preventableEvent());
    expect(fakeDialog.showMessageBoxSync).toHaveBeenCalledExactlyOnceWith(window, EXPECTED_DIALOG);
  });

  it('"Keep editing" (also Escape, the cancel button) keeps the window open', () => {
    const { contents } = openWindow();
    fakeDialog.showMessageBoxSync.mockReturnValueOnce(0);
    const event = preventableEvent();
    contents.emit('will-prevent-unload', event);
    expect(fakeDialog.showMessageBoxSync).toHaveBeenCalledOnce();
    // Not preventing the event lets the page's beforeunload cancel the close.
    expect(event.preventDefault).not.toHaveBeenCalled();
  });

  it('"Close anyway" overrides the page and lets the window close', () => {
    const { contents } = openWindow();
    fakeDialog.showMessageBoxSync.mockReturnValueOnce(1);
    const event = preventableEvent();
    contents.emit('will-prevent-unload', event);
    expect(event.preventDefault).toHaveBeenCalledOnce();
  });
});

describe('permissions', () => {
  const denied = [
    'media',
    'geolocation',
    'notifications',
    'clipboard-read',
    'display-capture',
    'openExternal',
    'fileSystem',
    'fullscreen',
    'unknown',
  ];

  it('installs both a request and a check handler on the window session', () => {
    const { contents } = openWindow();
    expect(contents.session.requestHandler).toBeTypeOf('function');
    expect(contents.session.checkHandler).toBeTypeOf('function');
  });

  it.each(denied)('the request handler denies %s, even to the app', (permission) => {
    const { contents } = openWindow();
    const callback = vi.fn();
    contents.session.requestHandler!(contents, permission, callback, {
      requestingUrl: APP_START_URL,
      isMainFrame: true,
    });
    expect(callback).toHaveBeenCalledExactlyOnceWith(false);
  });

  it.each(denied)('the check handler denies %s, even to the app', (permission) => {
    const { contents } = openWindow();
    expect(
      contents.session.checkHandler!(contents, permission, 'app://debrief', { isMainFrame: true }),
    ).toBe(false);
  });

  it('persistent-storage is granted to app://debrief only', () => {
    const { contents } = openWindow();
    const session = contents.session;
    const granted = vi.fn();
    session.requestHandler!(contents, 'persistent-storage', granted, {
      requestingUrl: APP_START_URL,
      isMainFrame: true,
    });
    expect(granted).toHaveBeenCalledWith(true);
    const refused = vi.fn();
    session.requestHandler!(contents, 'persistent-storage', refused, {
      requestingUrl: 'https://evil.example/',
      isMainFrame: true,
    });
    expect(refused).toHaveBeenCalledWith(false);
    expect(
      session.checkHandler!(contents, 'persistent-storage', 'app://debrief', { isMainFrame: true }),
    ).toBe(true);
    expect(
      session.checkHandler!(contents, 'persistent-storage', 'https://evil.example', {
        isMainFrame: true,
      }),
    ).toBe(false);
  });

  it('installPermissionPolicy works on any session, e.g. the default one', () => {
    const session = new FakeSession();
    installPermissionPolicy(session as unknown as Session);
    const callback = vi.fn();
    session.requestHandler!(null, 'media', callback, {
      requestingUrl: APP_START_URL,
      isMainFrame: true,
    });
    expect(callback).toHaveBeenCalledWith(false);
  });
});
