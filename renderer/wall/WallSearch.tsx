/**
 * The wall's search bar (Ctrl+F). Typing finds the notes that contain every
 * word (ignoring case and accents, shared/wall/search.ts), in reading order; the
 * wall highlights them (`onMatchesChange`) and moves to the current one
 * (`onShowMatch`). Enter / F3 go to the next match, Shift+Enter / Shift+F3 to
 * the previous one (both wrap around), Escape closes. Keys pressed here never
 * reach the wall's own shortcuts.
 */
import {
  useEffect,
  useEffectEvent,
  useId,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
} from 'react';
import type { NoteId } from '../../shared/wall/records';
import { searchNotes } from '../../shared/wall/search';
import { useAppStore } from '../store/useAppStore';
import './wallPanels.css';

export interface WallSearchProps {
  /** Escape or the Close button. The parent unmounts the bar (and puts focus back on the wall). */
  readonly onClose: () => void;
  /** The current match changed, or Enter/F3/Next/Previous asked for it again: bring it into view. */
  readonly onShowMatch: (id: NoteId) => void;
  /** The matching notes, in reading order; `[]` for an empty query and when the bar unmounts. */
  readonly onMatchesChange: (ids: readonly NoteId[]) => void;
}

const NO_MATCHES: readonly NoteId[] = [];

const sameIds = (a: readonly NoteId[], b: readonly NoteId[]) =>
  a.length === b.length && a.every((id, i) => id === b[i]);

export function WallSearch({ onClose, onShowMatch, onMatchesChange }: WallSearchProps) {
  const notes = useAppStore((s) => s.open?.state.records.notes);
  const [query, setQuery] = useState('');
  /** The match the person moved to, and the query it was chosen for (a new query starts over). */
  const [chosen, setChosen] = useState<{ readonly query: string; readonly id: NoteId } | null>(
    null,
  );
  const inputRef = useRef<HTMLInputElement>(null);
  const statusId = useId();

  const matches = useMemo(
    () => (notes ? searchNotes(notes.values(), query) : NO_MATCHES),
    [notes, query],
  );
  // The current match: the chosen one while it still matches the same query, else the first.
  const chosenIndex = chosen && chosen.query === query ? matches.indexOf(chosen.id) : -1;
  const index = matches.length === 0 ? -1 : Math.max(0, chosenIndex);
  const currentId = index >= 0 ? matches[index] : undefined;

  const reportMatches = useEffectEvent((ids: readonly NoteId[]) => onMatchesChange(ids));
  const showMatch = useEffectEvent((id: NoteId) => onShowMatch(id));

  /** What the wall was last told, so an unrelated change of the notes table tells it nothing. */
  const reported = useRef<readonly NoteId[] | null>(null);
  useEffect(() => {
    if (reported.current && sameIds(reported.current, matches)) return;
    reported.current = matches;
    reportMatches(matches);
  }, [matches]);
  useEffect(
    () => () => {
      if (reported.current?.length) reportMatches(NO_MATCHES);
      reported.current = null;
    },
    [],
  );

  const shown = useRef<NoteId | undefined>(undefined);
  useEffect(() => {
    if (currentId === shown.current) return;
    shown.current = currentId;
    if (currentId !== undefined) showMatch(currentId);
  }, [currentId]);

  useEffect(() => {
    inputRef.current?.focus();
  }, []);

  /** Moves by `step` (wrapping) and shows the match, even if it is the one already shown. */
  const go = (step: 1 | -1) => {
    if (matches.length === 0) return;
    const next = matches[(index + step + matches.length) % matches.length];
    if (next === undefined) return;
    setChosen({ query, id: next });
    if (next === shown.current) onShowMatch(next);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    // Nothing typed or pressed in the bar is a wall shortcut (N, Delete, Ctrl+Z…).
    event.stopPropagation();
    const mod = event.ctrlKey || event.metaKey;
    if (event.key === 'Escape') {
      event.preventDefault();
      onClose();
    } else if (event.key === 'F3' || (event.key === 'Enter' && event.target === inputRef.current)) {
      event.preventDefault();
      go(event.shiftKey ? -1 : 1);
    } else if (mod && event.key.toLowerCase() === 'f') {
      // Ctrl+F again: back to the query, selected, instead of the browser's own find.
      event.preventDefault();
      inputRef.current?.focus();
      inputRef.current?.select();
    }
  };

  const blank = query.trim() === '';
  const status = blank
    ? ''
    : matches.length === 0
      ? 'No notes match'
      : `${String(index + 1)} of ${String(matches.length)}`;

  return (
    <div className="wall-search" role="search" aria-label="Search the wall" onKeyDown={onKeyDown}>
      <input
        ref={inputRef}
        type="search"
        className="wall-search-input"
        aria-label="Search notes"
        aria-describedby={statusId}
        placeholder="Search notes"
        autoComplete="off"
        spellCheck={false}
        value={query}
        onChange={(event) => setQuery(event.target.value)}
      />
      <span
        id={statusId}
        className={`wall-search-status${!blank && matches.length === 0 ? ' none' : ''}`}
        role="status"
        aria-live="polite"
      >
        {status}
      </span>
      <button
        type="button"
        aria-label="Previous match"
        title="Previous match (Shift+Enter)"
        disabled={matches.length === 0}
        onClick={() => go(-1)}
      >
        Previous
      </button>
      <button
        type="button"
        aria-label="Next match"
        title="Next match (Enter)"
        disabled={matches.length === 0}
        onClick={() => go(1)}
      >
        Next
      </button>
      <button type="button" aria-label="Close search" title="Close (Esc)" onClick={onClose}>
        Close
      </button>
    </div>
  );
}
