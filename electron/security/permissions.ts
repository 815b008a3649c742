/**
 * The permission policy for the renderer's session: deny by default. Electron
 * grants every web permission unless the app installs handlers, so the main
 * process routes both the permission check and the permission request through
 * `isPermissionGranted`.
 * Never grant anything to an origin other than app://debrief, and never add a
 * permission here that lets the page reach hardware, the network or other apps.
 */
import { isAppUrl } from './appOrigin.js';

/**
 * `persistent-storage` (navigator.storage.persist()) is the only grant: the
 * workshops live in IndexedDB, and a persisted bucket is never evicted under
 * disk pressure. It gives the page no new capability. Electron reports it under
 * this name although its typings do not list it, hence plain strings here.
 */
export const GRANTED_PERMISSIONS: ReadonlySet<string> = new Set(['persistent-storage']);

export interface PermissionQuery {
  readonly permission: string;
  /** The URL or origin of the frame asking. */
  readonly requestingUrl: string | undefined;
  /** Set by Electron for cross-origin subframes: the origin of the embedding page. */
  readonly embeddingOrigin?: string | undefined;
}

export function isPermissionGranted({
  permission,
  requestingUrl,
  embeddingOrigin,
}: PermissionQuery): boolean {
  if (!GRANTED_PERMISSIONS.has(permission)) return false;
  if (requestingUrl === undefined || !isAppUrl(requestingUrl)) return false;
  return embeddingOrigin === undefined || isAppUrl(embeddingOrigin);
}
