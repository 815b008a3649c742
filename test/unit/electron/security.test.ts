import { describe, expect, it } from 'vitest';
import {
  APP_ORIGIN,
  APP_START_URL,
  externalUrlToOpen,
  isAppUrl,
  isTrustedSenderUrl,
} from '../../../electron/security/appOrigin.js';
import { isPermissionGranted } from '../../../electron/security/permissions.js';

describe('isTrustedSenderUrl', () => {
  it.each([APP_START_URL, `${APP_ORIGIN}/`, `${APP_ORIGIN}/workshops/1?x=1#y`, APP_ORIGIN])(
    'trusts %s',
    (url) => {
      expect(isTrustedSenderUrl(url)).toBe(true);
    },
  );

  it.each([
    undefined,
    null,
    '',
    'not a url',
    'http://evil.example/',
    'https://debrief/',
    'http://127.0.0.1:4300/',
    'file:///home/user/index.html',
    'app://evil/index.html',
    'app://debrief.evil.example/',
    'app://debrief:8080/',
    'app://user@debrief/',
    'app://debrief@evil/',
    'debrief://app/',
    'devtools://devtools/bundled/index.html',
    'about:blank',
    'data:text/html,hi',
  ])('does not trust %s', (url) => {
    expect(isTrustedSenderUrl(url)).toBe(false);
  });

  it('isAppUrl accepts URL objects too', () => {
    expect(isAppUrl(new URL(APP_START_URL))).toBe(true);
    expect(isAppUrl(new URL('https://example.com/'))).toBe(false);
  });
});

describe('externalUrlToOpen', () => {
  it('passes https links through, normalised', () => {
    expect(externalUrlToOpen('https://example.com/incident/42')).toBe(
      'https://example.com/incident/42',
    );
    expect(externalUrlToOpen('HTTPS://Example.com')).toBe('https://example.com/');
  });

  it.each([
    'http://example.com/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'smb://server/share',
    'ms-settings:',
    'app://debrief/',
    'https://user:pass@example.com/',
    'not a url',
  ])('drops %s', (url) => {
    expect(externalUrlToOpen(url)).toBeNull();
  });
});

describe('isPermissionGranted', () => {
  it.each([
    'media',
    'geolocation',
    'notifications',
    'clipboard-read',
    'clipboard-sanitized-write',
    'display-capture',
    'openExternal',
    'fileSystem',
    'hid',
    'serial',
    'usb',
    'midiSysex',
    'pointerLock',
    'fullscreen',
    'window-management',
    'unknown',
  ])('denies %s even to the app origin', (permission) => {
    expect(isPermissionGranted({ permission, requestingUrl: APP_START_URL })).toBe(false);
    expect(isPermissionGranted({ permission, requestingUrl: APP_ORIGIN })).toBe(false);
  });

  it('grants persistent-storage to the app origin only', () => {
    expect(
      isPermissionGranted({ permission: 'persistent-storage', requestingUrl: APP_START_URL }),
    ).toBe(true);
    expect(
      isPermissionGranted({ permission: 'persistent-storage', requestingUrl: APP_ORIGIN }),
    ).toBe(true);
    expect(
      isPermissionGranted({
        permission: 'persistent-storage',
        requestingUrl: 'https://evil.example/',
      }),
    ).toBe(false);
    expect(
      isPermissionGranted({ permission: 'persistent-storage', requestingUrl: undefined }),
    ).toBe(false);
    expect(
      isPermissionGranted({
        permission: 'persistent-storage',
        requestingUrl: APP_ORIGIN,
        embeddingOrigin: 'https://evil.example',
      }),
    ).toBe(false);
  });
});
