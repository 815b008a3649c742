/**
 * Text being typed that is not saved yet (a note being edited, an incident
 * field before it loses focus) is kept in localStorage as it is typed, so a
 * reload, a crash or a closed window does not lose it: the editor comes back
 * with the draft. A draft is UI state, not workshop data: it becomes an
 * operation only when the user commits it, and it is cleared then.
 */

const PREFIX = 'debrief:draft:';

/** `new-note` / `new-why` hold where a note or why not yet added was being written (the text is a `note` / `why` draft). */
export type DraftKind = 'note' | 'field' | 'new-note' | 'why' | 'new-why';

export const draftKey = (workshopId: string, kind: DraftKind, id: string): string =>
  `${PREFIX}${workshopId}:${kind}:${id}`;

// localStorage can be missing or full (private mode, quota): a lost draft must never break editing.
function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

export function readDraft(key: string): string | null {
  try {
    return storage()?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

export function writeDraft(key: string, text: string): void {
  try {
    storage()?.setItem(key, text);
  } catch {
    // Full or unavailable: the text stays in the editor, only the reload safety net is gone.
  }
}

export function clearDraft(key: string): void {
  try {
    storage()?.removeItem(key);
  } catch {
    // Nothing to clear.
  }
}

/** The ids that have a draft of `kind` in the workshop (e.g. notes being edited at a reload). */
export function draftIds(workshopId: string, kind: DraftKind): string[] {
  const store = storage();
  if (!store) return [];
  const prefix = draftKey(workshopId, kind, '');
  const ids: string[] = [];
  try {
    for (let i = 0; i < store.length; i += 1) {
      const key = store.key(i);
      if (key?.startsWith(prefix)) ids.push(key.slice(prefix.length));
    }
  } catch {
    return [];
  }
  return ids;
}
