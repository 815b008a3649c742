/**
 * Hash routes (#/, #/workshop/<id> and #/workshop/<id>/<board>): they work the
 * same under app://debrief and the local host, survive reloads (the open board
 * too), and need no server support.
 */
import { useSyncExternalStore } from 'react';
import { asWorkshopId, type WorkshopId } from '../../shared/base/ids';

export type Route =
  | { readonly page: 'home' }
  | { readonly page: 'workshop'; readonly id: WorkshopId; readonly board?: string };

export function parseRoute(hash: string): Route {
  const match = /^#\/workshop\/([^/]+)(?:\/([a-z][a-z0-9-]{0,31}))?$/.exec(hash);
  if (!match?.[1]) return { page: 'home' };
  const id = asWorkshopId(decodeURIComponent(match[1]));
  return match[2] ? { page: 'workshop', id, board: match[2] } : { page: 'workshop', id };
}

export const workshopHref = (id: WorkshopId, board?: string): string =>
  `#/workshop/${encodeURIComponent(id)}${board ? `/${board}` : ''}`;

export function navigate(route: Route): void {
  window.location.hash = route.page === 'home' ? '#/' : workshopHref(route.id, route.board);
}

const subscribe = (listener: () => void) => {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
};

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  // parseRoute is cheap; callers compare fields, not identity.
  return parseRoute(hash);
}
