/**
 * Hash routes (#/ and #/workshop/<id>): they work the same under app://debrief
 * and the local host, survive reloads, and need no server support.
 */
import { useSyncExternalStore } from 'react';
import { asWorkshopId, type WorkshopId } from '../../shared/base/ids';

export type Route =
  { readonly page: 'home' } | { readonly page: 'workshop'; readonly id: WorkshopId };

export function parseRoute(hash: string): Route {
  const match = /^#\/workshop\/([^/]+)$/.exec(hash);
  return match?.[1]
    ? { page: 'workshop', id: asWorkshopId(decodeURIComponent(match[1])) }
    : { page: 'home' };
}

export const workshopHref = (id: WorkshopId): string => `#/workshop/${encodeURIComponent(id)}`;

export function navigate(route: Route): void {
  window.location.hash = route.page === 'home' ? '#/' : workshopHref(route.id);
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
