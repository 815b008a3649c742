/**
 * The words of the "already in your library" dialog, as pure functions of what the store
 * found when it compared the file's history with the stored one (ImportOutcome 'exists'):
 * how the two relate, which copy is newer, and what replacing would throw away. Kept apart
 * from the dialog so every sentence is unit-tested, with a fixed clock format.
 */
import type { ChainSummary, ImportOutcome } from '../store/appStore';

/** What the store found: the 'exists' outcome of an import, as the dialog reads it. */
export type ImportComparison = Omit<Extract<ImportOutcome, { status: 'exists' }>, 'status'>;

/** Formats an instant for people, e.g. "3 Nov 2026, 14:05" (renderer/ui/format.ts). */
export type FormatTime = (epochMs: number) => string;

export const changes = (n: number): string =>
  n === 1 ? '1 change' : `${n.toLocaleString()} changes`;

/**
 * Which copy is newer. A file that continues the library's history is newer, an older
 * export is not, whatever the clocks said; when both went on after they split, the one
 * whose last change is later (then the longer one) counts as newer.
 */
export function newerCopy(c: ImportComparison): 'library' | 'file' {
  switch (c.relation.kind) {
    case 'extends':
      return 'file';
    case 'older':
    case 'same':
      return 'library';
    case 'diverged':
      if (c.incoming.lastChangeAt !== c.local.lastChangeAt) {
        return c.incoming.lastChangeAt > c.local.lastChangeAt ? 'file' : 'library';
      }
      return c.incoming.seq > c.local.seq ? 'file' : 'library';
  }
}

/** How the file's history relates to the library's. */
export function relationText(c: ImportComparison): string {
  const where = `You have “${c.title}”${c.inTrash ? ' (in the trash)' : ''}.`;
  switch (c.relation.kind) {
    case 'extends':
      return `${where} The file continues it: it has the same history plus ${changes(c.relation.added)} made since.`;
    case 'older':
      return `${where} The file is an older version of it: your copy has ${changes(c.relation.ahead)} that the file does not.`;
    case 'diverged':
      return c.relation.fromExport
        ? `${where} The file continues an export made from this computer, but both were changed since: they share the first ${changes(c.relation.common)} and then differ.`
        : `${where} Its history differs from yours after the first ${changes(c.relation.common)}: it was changed elsewhere, or rewritten.`;
    case 'same':
      return `${where} The file holds exactly the same history.`;
  }
}

/** Names the newer copy, with both last-change times. */
export function newerText(c: ImportComparison, format: FormatTime): string {
  const local = format(c.local.lastChangeAt);
  const file = format(c.incoming.lastChangeAt);
  return newerCopy(c) === 'library'
    ? `The copy in your library is newer: it was last changed on ${local}; the file’s last change is from ${file}.`
    : `The file is newer: its last change is from ${file}; the copy in your library was last changed on ${local}.`;
}

/** What "Replace" would throw away, or null when the file holds everything the library has. */
export function lossText(c: ImportComparison, format: FormatTime): string | null {
  if (!c.discarded) return null;
  return `Replacing discards ${changes(c.discarded.count)} made here since ${format(c.discarded.since)} that the file does not have.`;
}

/** What "Import as a copy" does. */
export const COPY_TEXT =
  'Import as a copy keeps both: the file becomes a separate workshop next to yours, and yours stays as it is.';

/** A chain head as people can compare it: how many changes, when the last was, its fingerprint. */
export const headText = (head: ChainSummary, format: FormatTime): string =>
  `${changes(head.seq + 1)}, the last on ${format(head.lastChangeAt)} (fingerprint ${head.hash.slice(0, 12)})`;
