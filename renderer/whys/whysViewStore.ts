/**
 * The 5-whys board's view state: the selected why, the one being edited, a
 * new why being written (not yet an operation), and collapsed branches (kept
 * per workshop in localStorage: how one person looks at the tree is not
 * workshop data). One store per mounted board.
 */
import { createStore, type StoreApi } from 'zustand';
import type { WhyId } from '../../shared/whys/records';
import type { PendingWhy } from './whysView';

export interface WhysViewState {
  readonly selected: WhyId | null;
  readonly editing: WhyId | null;
  readonly pending: PendingWhy | null;
  readonly collapsed: ReadonlySet<string>;
  select(id: WhyId | null): void;
  edit(id: WhyId | null): void;
  startPending(pending: PendingWhy): void;
  clearPending(): void;
  toggleCollapsed(id: WhyId): void;
  setCollapsed(ids: ReadonlySet<string>): void;
}

export type WhysViewStore = StoreApi<WhysViewState>;

const collapsedKey = (workshopId: string) => `debrief:whys-collapsed:${workshopId}`;

function readCollapsed(workshopId: string): Set<string> {
  try {
    const raw = localStorage.getItem(collapsedKey(workshopId));
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    return new Set(
      Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === 'string') : [],
    );
  } catch {
    return new Set();
  }
}

function writeCollapsed(workshopId: string, ids: ReadonlySet<string>): void {
  try {
    localStorage.setItem(collapsedKey(workshopId), JSON.stringify([...ids]));
  } catch {
    // Storage full or missing: collapsing still works, it is just not remembered.
  }
}

export function createWhysViewStore(workshopId: string): WhysViewStore {
  return createStore<WhysViewState>()((set, get) => ({
    selected: null,
    editing: null,
    pending: null,
    collapsed: readCollapsed(workshopId),
    select: (id) => set({ selected: id }),
    edit: (id) => set({ editing: id, ...(id ? { selected: id } : {}) }),
    startPending: (pending) => set({ pending, editing: pending.id, selected: pending.id }),
    clearPending: () => set({ pending: null }),
    toggleCollapsed: (id) => {
      const next = new Set(get().collapsed);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      writeCollapsed(workshopId, next);
      set({ collapsed: next });
    },
    setCollapsed: (ids) => {
      writeCollapsed(workshopId, ids);
      set({ collapsed: ids });
    },
  }));
}
