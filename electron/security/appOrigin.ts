/**
 * The app's own origin, app://debrief, and the predicates that decide whether a
 * URL belongs to it or may be handed to the OS browser. IPC sender checks,
 * navigation guards and permission decisions all use these, so they agree.
 * Never widen trust here to another scheme or host (no file://, no http://localhost).
 */

export const APP_SCHEME = 'app';
export const APP_HOST = 'debrief';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_START_URL = `${APP_ORIGIN}/index.html`;

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * True for URLs on app://debrief. Node's URL reports the origin of non-special
 * schemes such as app: as "null", so the scheme, host (which includes any port)
 * and credentials are compared one by one instead.
 */
export function isAppUrl(url: string | URL): boolean {
  const parsed = typeof url === 'string' ? parseUrl(url) : url;
  return (
    parsed !== null &&
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.host === APP_HOST &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

/** An IPC sender is trusted only when its frame shows a page of the app itself. */
export function isTrustedSenderUrl(url: string | null | undefined): boolean {
  return typeof url === 'string' && isAppUrl(url);
}

/**
 * Links the user clicks may open in the OS browser, but only https: ones
 * without credentials: never file:, javascript:, custom schemes that launch
 * other programs, or plain http:. Returns the normalized URL, or null to drop it.
 */
export function externalUrlToOpen(url: string): string | null {
  const parsed = parseUrl(url);
  if (parsed?.protocol !== 'https:' || parsed.username !== '' || parsed.password !== '') {
    return null;
  }
  return parsed.href;
}
