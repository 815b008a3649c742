/**
 * Notes ranked by votes, beside the wall: what the room discusses first after
 * voting. Notes nobody voted for and empty notes are left out; ties share a
 * rank ("1, 2, 2, 4") and read in wall order (shared/wall/ranking.ts). Each
 * entry is a button that shows its note on the wall.
 *
 * Keys pressed in the panel stay in it (Delete on a focused entry must not
 * delete the wall's selection); Escape closes it, Up/Down/Home/End move
 * between entries.
 */
import { useId, useMemo, type KeyboardEvent } from 'react';
import { rankNotes } from '../../shared/wall/ranking';
import type { NoteId } from '../../shared/wall/records';
import { useAppStore } from '../store/useAppStore';
import './wallPanels.css';

export interface RankedNotesProps {
  /** An entry was chosen: bring its note into view (and select it). */
  readonly onShowNote: (noteId: NoteId) => void;
  readonly onClose: () => void;
}

const votesWord = (votes: number) => (votes === 1 ? 'vote' : 'votes');

export function RankedNotes({ onShowNote, onClose }: RankedNotesProps) {
  const notes = useAppStore((s) => s.open?.state.records.notes);
  const clusters = useAppStore((s) => s.open?.state.records.clusters);
  const votes = useAppStore((s) => s.open?.state.records.votes);
  const headingId = useId();

  const ranked = useMemo(
    () =>
      notes && clusters && votes
        ? rankNotes(
            { records: { notes, clusters, votes } },
            { excludeUnvoted: true, excludeEmpty: true },
          )
        : [],
    [notes, clusters, votes],
  );

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    event.stopPropagation();
    if (event.key === 'Escape') {
      event.preventDefault();
      onClose();
      return;
    }
    if (!['ArrowDown', 'ArrowUp', 'Home', 'End'].includes(event.key)) return;
    const entries = [...event.currentTarget.querySelectorAll<HTMLButtonElement>('.ranked-entry')];
    if (entries.length === 0) return;
    event.preventDefault();
    const at = entries.findIndex((entry) => entry === document.activeElement);
    const next =
      event.key === 'Home'
        ? 0
        : event.key === 'End'
          ? entries.length - 1
          : event.key === 'ArrowDown'
            ? Math.min(entries.length - 1, at + 1)
            : Math.max(0, at === -1 ? 0 : at - 1);
    entries[next]?.focus();
  };

  return (
    <aside className="ranked-notes" aria-labelledby={headingId} onKeyDown={onKeyDown}>
      <header className="ranked-notes-header">
        <h2 id={headingId}>Ranked by votes</h2>
        <button
          type="button"
          className="ranked-notes-close"
          aria-label="Close ranked list"
          title="Close (Esc)"
          onClick={onClose}
        >
          Close
        </button>
      </header>
      {ranked.length === 0 ? (
        <p className="ranked-notes-empty">No votes yet</p>
      ) : (
        <ol className="ranked-notes-list">
          {ranked.map(({ note, votes: count, clusterName, rank }) => {
            const lane =
              clusterName === null
                ? 'Not in a cluster'
                : clusterName === ''
                  ? 'Unnamed cluster'
                  : clusterName;
            // One sentence for screen readers (the visible parts are laid out in a grid).
            const label = `Rank ${String(rank)}, ${String(count)} ${votesWord(count)}, ${note.text.trim()}, ${lane}`;
            return (
              <li key={note.id}>
                <button
                  type="button"
                  className="ranked-entry"
                  aria-label={label}
                  onClick={() => onShowNote(note.id)}
                >
                  <span className="ranked-rank">{rank}</span>
                  <span className="ranked-votes">
                    <span className="ranked-votes-count">{count}</span>
                    <span className="ranked-votes-word">{votesWord(count)}</span>
                  </span>
                  <span className="ranked-text">{note.text}</span>
                  <span className={`ranked-lane${clusterName === null ? ' none' : ''}`}>
                    {lane}
                  </span>
                </button>
              </li>
            );
          })}
        </ol>
      )}
    </aside>
  );
}
