/**
 * A sticky note on the wall. Reads its record and vote count from the app
 * store by id (narrow selectors), so editing one note re-renders one note.
 * When the wall is far out or very full (the wall's level of detail, decided
 * from the on-screen text size and the number of notes in view) it is drawn
 * as a plain coloured card instead.
 *
 * Screen readers get one name per note (text, cluster, votes) from a hidden
 * label the node points at; the visible copies are hidden from them, so
 * nothing is read twice. Vote controls show only in the vote phase.
 */
import { type NodeProps } from '@xyflow/react';
import { memo, useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Note, NoteId } from '../../shared/wall/records';
import { WALL_LIMITS } from '../../shared/wall/records';
import type { FactorLink } from '../../shared/factors/records';
import type { WhyLink } from '../../shared/whys/records';
import { phaseOf } from '../../shared/workshop/workshop';
import { showOnBoard } from '../routing/focus';
import { noteLabelId, type NoteNode as NoteNodeType } from './wallViewStore';
import { getAppStore, useAppStore } from '../store/useAppStore';
import { clearDraft, draftKey, readDraft, writeDraft } from '../ui/draftText';
import { useWallView, useWallViewStore } from './wallContext';
import { addNote, addVote, editNote, removeVote } from './wallActions';
import { voteTally } from './voteTally';
import { clearNewNoteDraft } from './newNoteDraft';
import { noteHeight } from './noteLayout';

const votesText = (n: number) => `${n} ${n === 1 ? 'vote' : 'votes'}`;

/** What a screen reader says for a note: its text, where it is, its votes. */
export function noteLabel(text: string, clusterName: string | null, votes: number): string {
  const where =
    clusterName === null ? 'not in a cluster' : `in ${clusterName || 'an unnamed cluster'}`;
  return `Note: ${text.trim() || '(empty)'}, ${where}, ${votesText(votes)}`;
}

function NoteEditor({
  initial,
  draft,
  onDone,
  onResize,
}: {
  readonly initial: string;
  /** Called with the height the note needs for the text typed so far. */
  readonly onResize: (height: number) => void;
  /** Where the text being typed is kept until it is committed (survives a reload). */
  readonly draft: string;
  /** Returns false when the text could not be saved: the editor stays open with it. */
  readonly onDone: (text: string, byKeyboard: boolean) => boolean;
}) {
  const [text, setText] = useState(() => readDraft(draft) ?? initial);
  const ref = useRef<HTMLTextAreaElement>(null);
  const finished = useRef(false);
  useEffect(() => {
    const area = ref.current;
    area?.focus({ preventScroll: true });
    area?.setSelectionRange(area.value.length, area.value.length);
  }, []);
  // The note grows as lines are typed (a restored draft may need more room than the stored text).
  useEffect(() => onResize(noteHeight(text)), [text, onResize]);
  const done = (byKeyboard: boolean) => {
    if (finished.current) return;
    finished.current = true;
    // The draft goes only once the text is saved: a refused save (a wrong clock, a full
    // workshop) keeps both the editor and the reload safety net.
    if (onDone(text, byKeyboard)) clearDraft(draft);
    else finished.current = false;
  };
  const onKeyDown = (event: KeyboardEvent) => {
    event.stopPropagation();
    // Esc keeps what was typed and leaves editing, as on every other board tool.
    if (event.key === 'Escape') {
      event.preventDefault();
      done(true);
    }
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      done(true);
    }
  };
  return (
    <textarea
      ref={ref}
      className="note-editor nodrag nowheel nopan"
      aria-label="Note text"
      aria-description="Enter or Esc to finish, Shift+Enter for a new line"
      value={text}
      maxLength={WALL_LIMITS.noteLength}
      onChange={(e) => {
        setText(e.target.value);
        writeDraft(draft, e.target.value);
      }}
      onKeyDown={onKeyDown}
      onBlur={() => done(false)}
    />
  );
}

/** Hands focus to a note's node, so arrow keys, Delete and V act on it. */
export function focusNote(id: string): void {
  requestAnimationFrame(() => {
    const node = document.querySelector<HTMLElement>(
      `.react-flow__node[data-id="${CSS.escape(id)}"]`,
    );
    node?.focus({ preventScroll: true });
  });
}

function NoteNodeView({ id, selected, data }: NodeProps<NoteNodeType>) {
  // One subscription per note (notes mount and unmount as the wall pans): its record, its
  // cluster's name, its votes and whether the current person may vote, compared shallowly.
  const [stored, clusterName, total, mine, canVote, votingOpen, citedBy, citations, factor] =
    useAppStore(
      useShallow((s) => {
        const state = s.open?.state;
        if (!state) return [undefined, null, 0, 0, false, false, null, 0, false] as const;
        const note = state.records.notes.get(id);
        const tally = voteTally(state.records.votes, s.actorId);
        const votes = tally.byNote.get(id as NoteId);
        const cluster = note?.clusterId ? state.records.clusters.get(note.clusterId) : undefined;
        return [
          note,
          cluster ? cluster.name : null,
          votes?.total ?? 0,
          votes?.mine.length ?? 0,
          state.workshop.voteBudget - tally.usedByMe > 0,
          phaseOf(state.workshop) === 'vote' && state.workshop.voteBudget > 0,
          ...citingWhys(state.records.whyLinks, id),
          factorOn(state.records.factorLinks, id),
        ] as const;
      }),
    );
  const pending = useWallView((s) => (data.pending && s.pending?.id === id ? s.pending : null));
  const blocks = useWallView((s) => s.detail === 'blocks');
  const editing = useWallView((s) => s.editingNoteId === id);
  const match = useWallView((s) => s.matches.has(id));
  const wallView = useWallViewStore();
  const resize = useCallback(
    (height: number) => wallView.getState().setNoteHeight(id, height),
    [wallView, id],
  );

  const note: Pick<Note, 'id' | 'text' | 'color'> | undefined =
    stored ?? (pending ? { id: pending.id, text: '', color: pending.color } : undefined);
  if (!note) return null;
  const workshopId = getAppStore().getState().open?.state.workshop.id ?? '';
  const classes = `note note-${note.color}${selected ? ' is-selected' : ''}${match ? ' is-match' : ''}${factor ? ' is-factor' : ''}`;

  const label = (
    <span id={noteLabelId(note.id)} className="visually-hidden">
      {pending ? 'New note' : noteLabel(note.text, clusterName, total)}
      {citations > 0 && `, cited by ${citations === 1 ? '1 why' : `${citations} whys`}`}
      {factor && ', a contributing factor'}
    </span>
  );
  if (blocks && !editing) {
    return <div className={`${classes} note-lod`}>{label}</div>;
  }

  const finish = (text: string, byKeyboard: boolean): boolean => {
    if (pending) {
      // A new note left empty was never there: nothing reaches the wall or the audit trail.
      if (text.trim() !== '' && !addNote(pending, text, pending.color, pending.id)) return false;
      clearNewNoteDraft(workshopId, pending.id);
      wallView.getState().setEditing(null);
      wallView.getState().setPending(null);
      if (text.trim() !== '') {
        // The new note is the selection, ready for the next key (arrows, Delete, V).
        const domain = getAppStore().getState().open?.state;
        if (domain) wallView.getState().sync(domain);
        wallView.getState().select(new Set([pending.id]));
      }
    } else {
      if (!editNote(note.id, text)) return false;
      wallView.getState().setEditing(null);
    }
    if (byKeyboard) focusNote(note.id);
    return true;
  };

  return (
    <div
      className={classes}
      onDoubleClick={(e) => {
        e.stopPropagation();
        // Presenting shows the wall; another window's edits make this one read-only.
        if (wallView.getState().presenting || getAppStore().getState().open?.readOnly) return;
        wallView.getState().setEditing(note.id);
      }}
    >
      {label}
      {editing ? (
        <NoteEditor
          initial={note.text}
          draft={draftKey(workshopId, 'note', note.id)}
          onDone={finish}
          onResize={resize}
        />
      ) : (
        <p className={`note-text${note.text ? '' : ' is-empty'}`} aria-hidden="true">
          {note.text || 'Double-click to write'}
        </p>
      )}
      <div className="note-votes nodrag">
        {citedBy && (
          <button
            type="button"
            className="note-cited"
            aria-label={`Show the why that cites this note (${citations === 1 ? '1 why' : `${citations} whys`})`}
            title="Show it in the 5 whys"
            onClick={(e) => {
              e.stopPropagation();
              showOnBoard('whys', { collection: 'whyNodes', id: citedBy });
            }}
          >
            5 whys{citations > 1 ? ` ×${citations}` : ''} ↗
          </button>
        )}
        {votingOpen && !pending && (
          <button
            type="button"
            className="icon"
            aria-label="Remove my vote"
            disabled={mine === 0}
            onClick={() => removeVote(note.id)}
          >
            −
          </button>
        )}
        {total > 0 && !pending && (
          <span className={`vote-count${mine > 0 ? ' has-mine' : ''}`} aria-hidden="true">
            {total}
            <span className="vote-word">{total === 1 ? ' vote' : ' votes'}</span>
          </span>
        )}
        {votingOpen && !pending && (
          <button
            type="button"
            className="icon"
            aria-label="Add my vote"
            disabled={!canVote}
            onClick={() => addVote(note.id)}
          >
            +
          </button>
        )}
      </div>
    </div>
  );
}

/** Whether a contributing factor is placed on the note. */
function factorOn(links: ReadonlyMap<string, FactorLink>, noteId: string): boolean {
  for (const link of links.values()) if (link.noteId === noteId) return true;
  return false;
}

/** The first why (oldest link) that cites the note, and how many do: the way back from the wall. */
function citingWhys(
  links: ReadonlyMap<string, WhyLink>,
  noteId: string,
): readonly [string | null, number] {
  let first: WhyLink | null = null;
  let count = 0;
  for (const link of links.values()) {
    if (link.noteId !== noteId) continue;
    count += 1;
    if (!first || link.createdAt < first.createdAt) first = link;
  }
  return [first?.whyId ?? null, count];
}

export const NoteNode = memo(NoteNodeView);
