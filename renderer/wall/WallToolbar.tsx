/**
 * The wall's toolbar: every wall action is reachable here by mouse and
 * keyboard, with a visible label or an aria-label, and its shortcut in the
 * title. It stays on one row at 1280 px (a projector): tools that only apply
 * to a selection or a phase appear when they apply.
 */
import { memo, useId } from 'react';
import { NOTE_COLORS, type NoteColor } from '../../shared/wall/records';
import {
  PHASE_LABELS,
  phaseOf,
  WORKSHOP_LIMITS,
  WORKSHOP_PHASES,
  type WorkshopPhase,
} from '../../shared/workshop/workshop';
import { getAppStore, useAppStore } from '../store/useAppStore';
import { useWallView } from './wallContext';
import { recolorNotes, setPhase, setVoteBudget } from './wallActions';
import { voteTally } from './voteTally';
import { clustersInOrder } from './wallViewport';

interface WallToolbarProps {
  readonly onAddNote: () => void;
  readonly onCluster: () => void;
  readonly onDelete: () => void;
  readonly onAddLanes: () => void;
  readonly onTidy: () => void;
  readonly onMoveTo: (clusterIndex: number) => void;
  readonly onFit: () => void;
  readonly onPresent: () => void;
  readonly onSearch: () => void;
  readonly onRanked: () => void;
  readonly onHelp: () => void;
  /** A menu did its job: focus goes back to the wall. */
  readonly onDone: () => void;
  readonly panel: 'none' | 'search' | 'ranked';
}

export const WallToolbar = memo(function WallToolbar(props: WallToolbarProps) {
  const budgetId = useId();
  const phaseId = useId();
  const moveId = useId();
  const selection = useWallView((s) => s.selection);
  const canUndo = useAppStore((s) => (s.open?.undo.length ?? 0) > 0);
  const canRedo = useAppStore((s) => (s.open?.redo.length ?? 0) > 0);
  const budget = useAppStore((s) => s.open?.state.workshop.voteBudget ?? 0);
  const phase = useAppStore((s) => (s.open ? phaseOf(s.open.state.workshop) : 'write'));
  const clusters = useAppStore((s) => s.open?.state.records.clusters);
  const used = useAppStore((s) =>
    s.open ? voteTally(s.open.state.records.votes, s.actorId).usedByMe : 0,
  );
  const noteIds = selection.notes;
  const lanes = clusters ? clustersInOrder() : [];

  const recolor = (color: NoteColor) => recolorNotes(noteIds, color);

  return (
    <div className="wall-toolbar" role="toolbar" aria-label="Wall tools">
      <button type="button" className="primary" onClick={props.onAddNote} title="Add note (N)">
        Add note
      </button>
      <button
        type="button"
        onClick={props.onCluster}
        aria-label="New cluster"
        title="New cluster around the selected notes (G)"
      >
        + Cluster
      </button>
      <button
        type="button"
        onClick={props.onAddLanes}
        aria-label="Add postmortem lanes"
        title="Add the four postmortem lanes"
      >
        + Lanes
      </button>
      <span className="toolbar-group swatches" role="group" aria-label="Note colour">
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
      <span className="toolbar-group">
        <label htmlFor={moveId} className="visually-hidden">
          Move the selected notes to
        </label>
        <select
          id={moveId}
          className="move-to"
          value=""
          disabled={noteIds.length === 0 || lanes.length === 0}
          title="Move the selected notes to a cluster (1–9)"
          onChange={(e) => {
            const index = Number(e.target.value);
            if (Number.isInteger(index) && index >= 0) props.onMoveTo(index);
            props.onDone();
          }}
        >
          <option value="">Move to…</option>
          {lanes.map((lane, i) => (
            <option key={lane.id} value={i}>
              {i < 9 ? `${i + 1}. ` : ''}
              {lane.name || 'Unnamed cluster'}
            </option>
          ))}
        </select>
        <button
          type="button"
          onClick={props.onTidy}
          title="Tidy up: the selected cluster's notes in a grid, or the whole wall to fit the screen (T)"
        >
          Tidy
        </button>
        <button
          type="button"
          onClick={props.onDelete}
          disabled={noteIds.length + selection.clusters.length === 0}
          title="Delete the selection (Delete)"
        >
          Delete
        </button>
      </span>
      <span className="toolbar-group">
        <label htmlFor={phaseId} className="visually-hidden">
          Phase
        </label>
        <select
          id={phaseId}
          value={phase}
          onChange={(e) => {
            setPhase(e.target.value as WorkshopPhase);
            // Hand the keyboard back to the wall: a letter typed next (P to present) must not
            // pick another phase by type-ahead.
            props.onDone();
          }}
          title="Where the workshop is: vote controls show in the Vote phase"
        >
          {WORKSHOP_PHASES.map((p) => (
            <option key={p} value={p}>
              Phase: {PHASE_LABELS[p]}
            </option>
          ))}
        </select>
        {phase === 'vote' && (
          <>
            <label htmlFor={budgetId} className="visually-hidden">
              Votes each
            </label>
            <input
              id={budgetId}
              type="number"
              min={0}
              max={WORKSHOP_LIMITS.voteBudgetMax}
              value={budget}
              title="Votes each person may place"
              onChange={(e) => {
                const value = e.target.valueAsNumber;
                if (Number.isInteger(value) && value >= 0 && value <= WORKSHOP_LIMITS.voteBudgetMax)
                  setVoteBudget(value);
              }}
            />
            <span className="votes-left" aria-live="polite">
              {budget === 0 ? 'Voting off' : `${Math.max(budget - used, 0)} of ${budget} left`}
            </span>
          </>
        )}
      </span>
      <span className="toolbar-group">
        <button
          type="button"
          onClick={() => getAppStore().getState().undo()}
          disabled={!canUndo}
          aria-label="Undo"
          title="Undo (Ctrl+Z)"
        >
          ↶
        </button>
        <button
          type="button"
          onClick={() => getAppStore().getState().redo()}
          disabled={!canRedo}
          aria-label="Redo"
          title="Redo (Ctrl+Shift+Z)"
        >
          ↷
        </button>
      </span>
      <span className="toolbar-group toolbar-end">
        <button
          type="button"
          aria-pressed={props.panel === 'search'}
          onClick={props.onSearch}
          aria-label="Search"
          title="Search the notes (Ctrl+F)"
        >
          <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
            <circle cx="6.5" cy="6.5" r="4.5" fill="none" stroke="currentColor" strokeWidth="2" />
            <line x1="10" y1="10" x2="14.5" y2="14.5" stroke="currentColor" strokeWidth="2" />
          </svg>
        </button>
        <button
          type="button"
          aria-pressed={props.panel === 'ranked'}
          onClick={props.onRanked}
          title="Notes ranked by votes"
        >
          Ranking
        </button>
        <button type="button" onClick={props.onFit} title="Fit the whole wall to the screen (F)">
          Fit
        </button>
        <button type="button" onClick={props.onPresent} title="Present full screen (P)">
          Present
        </button>
        <button
          type="button"
          className="icon"
          onClick={props.onHelp}
          aria-label="Keyboard shortcuts"
          title="Keyboard shortcuts (?)"
        >
          ?
        </button>
      </span>
    </div>
  );
});
