/**
 * The one Content-Security-Policy and security-header set for the renderer,
 * shared by the local Node host (browser mode) and Electron's app:// protocol so
 * both ways of running Debrief enforce the same policy.
 * Never loosen script-src here: the renderer must run only its own bundled code.
 */

/**
 * 'unsafe-inline' is allowed for styles only, because React Flow positions nodes
 * with inline style attributes. Scripts, connections, frames and forms stay
 * locked to the app's own origin (or nothing at all).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

/** Headers every response carries, whatever its status. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
});
