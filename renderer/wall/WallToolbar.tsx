/**
 * The wall's toolbar: every wall action is reachable here by mouse and
 * keyboard, with a visible label or an aria-label, and its shortcut in the title.
 */
import { useReactFlow } from '@xyflow/react';
import { memo, useId } from 'react';
import { NOTE_COLORS, type NoteColor } from '../../shared/wall/records';
import { WORKSHOP_LIMITS } from '../../shared/workshop/workshop';
import { getAppStore, useAppStore } from '../store/useAppStore';
import { useWallView } from './wallContext';
import { addDefaultLanes, recolorNotes, setVoteBudget } from './wallActions';
import { voteTally } from './voteTally';

interface WallToolbarProps {
  readonly onAddNote: () => void;
  readonly onCluster: () => void;
  readonly onDelete: () => void;
}

export const WallToolbar = memo(function WallToolbar({
  onAddNote,
  onCluster,
  onDelete,
}: WallToolbarProps) {
  const flow = useReactFlow();
  const budgetId = useId();
  const selection = useWallView((s) => s.selection);
  const canUndo = useAppStore((s) => (s.open?.undo.length ?? 0) > 0);
  const canRedo = useAppStore((s) => (s.open?.redo.length ?? 0) > 0);
  const budget = useAppStore((s) => s.open?.state.workshop.voteBudget ?? 0);
  const used = useAppStore((s) =>
    s.open ? voteTally(s.open.state.records.votes, s.actorId).usedByMe : 0,
  );
  const noteIds = selection.notes;

  const recolor = (color: NoteColor) => recolorNotes(noteIds, color);

  return (
    <div className="wall-toolbar" role="toolbar" aria-label="Wall tools">
      <button type="button" className="primary" onClick={onAddNote} title="Add note (N)">
        Add note
      </button>
      <button type="button" onClick={onCluster} title="Cluster the selected notes (G)">
        New cluster
      </button>
      <button type="button" onClick={addDefaultLanes} title="Add the four postmortem lanes">
        Add postmortem lanes
      </button>
      <span className="toolbar-group" role="group" aria-label="Note colour">
        {NOTE_COLORS.map((color) => (
          <button
            key={color}
            type="button"
            className={`swatch note-${color}`}
            aria-label={`Colour ${color}`}
            title={`Colour the selected notes ${color}`}
            disabled={noteIds.length === 0}
            onClick={() => recolor(color)}
          />
        ))}
      </span>
      <button
        type="button"
        onClick={onDelete}
        disabled={noteIds.length + selection.clusters.length === 0}
        title="Delete the selection (Delete)"
      >
        Delete
      </button>
      <span className="toolbar-group">
        <label htmlFor={budgetId}>Votes per person</label>
        <input
          id={budgetId}
          type="number"
          min={0}
          max={WORKSHOP_LIMITS.voteBudgetMax}
          value={budget}
          onChange={(e) => {
            const value = e.target.valueAsNumber;
            if (Number.isInteger(value) && value >= 0 && value <= WORKSHOP_LIMITS.voteBudgetMax)
              setVoteBudget(value);
          }}
        />
        <span className="votes-left" aria-live="polite">
          {budget === 0 ? 'Voting off' : `${Math.max(budget - used, 0)} of ${budget} votes left`}
        </span>
      </span>
      <span className="toolbar-group">
        <button
          type="button"
          onClick={() => getAppStore().getState().undo()}
          disabled={!canUndo}
          title="Undo (Ctrl+Z)"
        >
          Undo
        </button>
        <button
          type="button"
          onClick={() => getAppStore().getState().redo()}
          disabled={!canRedo}
          title="Redo (Ctrl+Shift+Z)"
        >
          Redo
        </button>
      </span>
      <button
        type="button"
        onClick={() => void flow.fitView({ padding: 0.1, duration: 200, includeHiddenNodes: true })}
        title="Fit the wall to the screen"
      >
        Fit to content
      </button>
    </div>
  );
});
