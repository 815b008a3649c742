/**
 * A sticky note on the wall. Reads its record and vote count from the app
 * store by id (narrow selectors), so editing one note re-renders one note.
 * Below LOD_ZOOM it renders as a plain coloured card: at that size text is
 * unreadable anyway, and thousands of cheap cards keep panning and dragging smooth.
 */
import { useStore as useFlowStore, type NodeProps, type ReactFlowState } from '@xyflow/react';
import { memo, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { NoteId } from '../../shared/wall/records';
import { WALL_LIMITS } from '../../shared/wall/records';
import { noteLabel, noteLabelId, type NoteNode as NoteNodeType } from '../store/wallViewStore';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../store/useAppStore';
import { useWallView, useWallViewStore } from './wallContext';
import { addVote, editNote, removeVote } from './wallActions';
import { voteTally } from './voteTally';
import { clearDraft, draftKey, readDraft, writeDraft } from '../ui/draftText';

/** Zoom below which notes are drawn without text or controls. */
const LOD_ZOOM = 0.45;
const lowDetail = (s: ReactFlowState) => s.transform[2] < LOD_ZOOM;

function NoteEditor({
  initial,
  draft,
  onDone,
}: {
  readonly initial: string;
  /** Where the text being typed is kept until it is saved or cancelled (survives a reload). */
  readonly draft: string;
  readonly onDone: (text: string | null, byKeyboard: boolean) => void;
}) {
  const [text, setText] = useState(() => readDraft(draft) ?? initial);
  const ref = useRef<HTMLTextAreaElement>(null);
  const finished = useRef(false);
  useEffect(() => {
    const area = ref.current;
    area?.focus();
    area?.setSelectionRange(area.value.length, area.value.length);
  }, []);
  const done = (value: string | null, byKeyboard: boolean) => {
    if (finished.current) return;
    finished.current = true;
    clearDraft(draft);
    onDone(value, byKeyboard);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    event.stopPropagation();
    if (event.key === 'Escape') done(null, true);
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      done(text, true);
    }
  };
  return (
    <textarea
      ref={ref}
      className="note-editor nodrag nowheel nopan"
      aria-label="Note text"
      value={text}
      maxLength={WALL_LIMITS.noteLength}
      onChange={(e) => {
        setText(e.target.value);
        writeDraft(draft, e.target.value);
      }}
      onKeyDown={onKeyDown}
      onBlur={() => done(text, false)}
    />
  );
}

function NoteNodeView({ id, selected }: NodeProps<NoteNodeType>) {
  // One subscription per note (notes mount and unmount as the wall pans): its record, its
  // votes and whether the current person has votes left, compared shallowly.
  const [note, votes, canVote] = useAppStore(
    useShallow((s) => {
      if (!s.open) return [undefined, undefined, false] as const;
      const tally = voteTally(s.open.state.records.votes, s.actorId);
      return [
        s.open.state.records.notes.get(id),
        tally.byNote.get(id as NoteId),
        s.open.state.workshop.voteBudget - tally.usedByMe > 0,
      ] as const;
    }),
  );
  const lod = useFlowStore(lowDetail);
  const editing = useWallView((s) => s.editingNoteId === id);
  const wallView = useWallViewStore();
  const root = useRef<HTMLDivElement>(null);
  if (!note) return null;

  // The node's accessible name ("Note: <text>") points here (aria-labelledby on the node).
  const label = (
    <span id={noteLabelId(note.id)} className="visually-hidden">
      {noteLabel(note.text)}
    </span>
  );
  if (lod && !editing) {
    return (
      <div className={`note note-${note.color} note-lod${selected ? ' is-selected' : ''}`}>
        {label}
      </div>
    );
  }

  const total = votes?.total ?? 0;
  const mine = votes?.mine.length ?? 0;
  return (
    <div
      ref={root}
      className={`note note-${note.color}${selected ? ' is-selected' : ''}`}
      onDoubleClick={(e) => {
        e.stopPropagation();
        wallView.getState().setEditing(note.id);
      }}
    >
      {label}
      {editing ? (
        <NoteEditor
          initial={note.text}
          draft={draftKey(note.workshopId, 'note', note.id)}
          onDone={(text, byKeyboard) => {
            wallView.getState().setEditing(null);
            if (text !== null) editNote(note.id, text);
            // Hand focus back to the note's node, so arrow keys, Delete and V act on it.
            if (byKeyboard)
              root.current
                ?.closest<HTMLElement>('.react-flow__node')
                ?.focus({ preventScroll: true });
          }}
        />
      ) : (
        <p className={`note-text${note.text ? '' : ' is-empty'}`}>
          {note.text || 'Double-click to write'}
        </p>
      )}
      <div className="note-votes nodrag">
        <button
          type="button"
          className="icon"
          aria-label="Remove my vote"
          disabled={mine === 0}
          onClick={() => removeVote(note.id)}
        >
          −
        </button>
        <span className="vote-count" aria-label={`${total} ${total === 1 ? 'vote' : 'votes'}`}>
          {total > 0 ? '●'.repeat(Math.min(total, 5)) + (total > 5 ? `+${total - 5}` : '') : '0'}
        </span>
        <button
          type="button"
          className="icon"
          aria-label="Add my vote"
          disabled={!canVote}
          onClick={() => addVote(note.id)}
        >
          +
        </button>
      </div>
    </div>
  );
}

export const NoteNode = memo(NoteNodeView);
