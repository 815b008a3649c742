/**
 * Following a link to another board: "show note N on the wall", "show why W".
 * `showOnBoard` switches the open workshop's board (through the route, so the
 * tab survives a reload) and leaves a request that the target board takes
 * once it is showing (`useFocusRequest`), selecting and revealing the record.
 */
import { useEffect } from 'react';
import { create } from 'zustand';
import { parseRoute, navigate } from './route';

export interface FocusTarget {
  /** The collection of the record to show: 'notes', 'clusters', 'whyNodes', 'components', … */
  readonly collection: string;
  readonly id: string;
}

interface FocusRequest extends FocusTarget {
  readonly board: string;
  /** Distinguishes two requests for the same record, so each is taken once. */
  readonly serial: number;
}

const useFocusStore = create<{ request: FocusRequest | null }>(() => ({ request: null }));
let serial = 0;

/** Opens `board` of the open workshop and asks it to show `target`. */
export function showOnBoard(board: string, target: FocusTarget): void {
  serial += 1;
  useFocusStore.setState({ request: { ...target, board, serial } });
  const route = parseRoute(window.location.hash);
  if (route.page === 'workshop' && route.board !== board) navigate({ ...route, board });
}

/**
 * Calls `show` with each request made for `board` (once each, after the board
 * has rendered). `show` returns false when it cannot show the target yet (its
 * view is not ready); the request then stays for the next render.
 */
export function useFocusRequest(board: string, show: (target: FocusTarget) => boolean): void {
  const request = useFocusStore((s) => (s.request?.board === board ? s.request : null));
  useEffect(() => {
    if (!request) return;
    if (show(request)) {
      useFocusStore.setState((s) => (s.request?.serial === request.serial ? { request: null } : s));
    }
  }, [request, show]);
}
