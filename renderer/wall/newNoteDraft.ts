/**
 * A new note being written is only view state until its text is committed
 * (see PendingNote in the wall view store). So that a reload or a crash does
 * not lose it, where it was and its colour are kept beside its text draft,
 * and the wall brings it back on open.
 */
import { z } from 'zod';
import { asNoteId, NoteColorSchema } from '../../shared/wall/records';
import type { PendingNote } from './wallViewStore';
import { clearDraft, draftIds, draftKey, readDraft, writeDraft } from '../ui/draftText';

const StoredSchema = z.object({
  x: z.number(),
  y: z.number(),
  color: NoteColorSchema,
});

export function saveNewNoteDraft(workshopId: string, pending: PendingNote): void {
  const { x, y, color } = pending;
  writeDraft(draftKey(workshopId, 'new-note', pending.id), JSON.stringify({ x, y, color }));
}

export function clearNewNoteDraft(workshopId: string, id: string): void {
  clearDraft(draftKey(workshopId, 'new-note', id));
}

/** The new note that was being written in this workshop when the window went away, if any. */
export function interruptedNewNote(workshopId: string): PendingNote | null {
  for (const id of draftIds(workshopId, 'new-note')) {
    const key = draftKey(workshopId, 'new-note', id);
    let parsed: unknown;
    try {
      parsed = JSON.parse(readDraft(key) ?? '');
    } catch {
      parsed = null;
    }
    const stored = StoredSchema.safeParse(parsed);
    if (stored.success) return { id: asNoteId(id), ...stored.data };
    clearDraft(key); // unreadable: nothing to restore
  }
  return null;
}
