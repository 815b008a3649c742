/**
 * The sticky-note wall on React Flow. Notes are nodes, clusters are group
 * nodes (notes are their children while clustered). React Flow owns gestures
 * and the viewport; the wall view store owns node objects; every change the
 * user makes becomes an operation on drop/commit (one per gesture, never per
 * mouse move). Every key the wall understands is listed in shortcuts.ts and
 * shown by `?`; this file is where they are handled.
 */
import {
  Controls,
  Panel,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  useStore as useFlowStore,
  type NodeChange,
  type NodeTypes,
  type OnNodeDrag,
} from '@xyflow/react';
import { memo, useCallback, useEffect, useMemo, useRef, useState, type MouseEvent } from 'react';
import { useStore } from 'zustand';
import {
  asClusterId,
  asNoteId,
  NOTE_SIZE,
  WALL_LIMITS,
  type NoteId,
} from '../../shared/wall/records';
import { phaseOf } from '../../shared/workshop/workshop';
import { useFocusRequest } from '../routing/focus';
import { isTypingTarget, useFlowReady } from '../ui/canvas';
import { createWallViewStore, type WallNode, type WallViewStore } from './wallViewStore';
import { getAppStore, useAppStore } from '../store/useAppStore';
import { clearDraft, draftIds, draftKey } from '../ui/draftText';
import { ClusterNode } from './ClusterNode';
import { focusNote, NoteNode } from './NoteNode';
import { clearNewNoteDraft, interruptedNewNote, saveNewNoteDraft } from './newNoteDraft';
import { RankedNotes } from './RankedNotes';
import { ShortcutHelp } from './ShortcutHelp';
import { WallMinimap } from './WallMinimap';
import { WallOverviewLayer } from './WallOverviewLayer';
import { WallSearch } from './WallSearch';
import { WallToolbar } from './WallToolbar';
import { useWallView, WallActionsContext, WallViewContext, type WallActions } from './wallContext';
import {
  addDefaultLanes,
  addVotes,
  clusterNotes,
  deleteItems,
  dropNodes,
  moveToCluster,
  newNoteSpot,
  resizeCluster,
  tidyCluster,
  tidyWall,
  type DroppedNode,
} from './wallActions';
import {
  clustersInOrder,
  contentBounds,
  FIT_MAX_ZOOM,
  FIT_PADDING,
  READABLE_TEXT_PX,
  textPxAt,
  usableAspect,
  useLevelOfDetail,
  type ClusterStop,
  useWallViewport,
} from './wallViewport';

const OVERVIEW_AT_OPEN_NOTES = 300;

const nodeTypes: NodeTypes = { note: NoteNode, cluster: ClusterNode };
const proOptions = { hideAttribution: true };

/** React Flow's screen-reader texts, in the wall's words (no "nodes", no "edges"). */
const ariaLabelConfig = {
  'node.a11yDescription.default':
    'Press Enter or Space to select. Arrow keys move it, Delete removes it, question mark lists every shortcut.',
  'node.a11yDescription.keyboardDisabled':
    'Press Enter or Space to select. Question mark lists every shortcut.',
  'node.a11yDescription.ariaLiveMessage': ({ direction }: { direction: string }) =>
    `Moved ${direction}.`,
  'edge.a11yDescription.default': '',
  'controls.ariaLabel': 'Zoom controls',
  'controls.zoomIn.ariaLabel': 'Zoom in',
  'controls.zoomOut.ariaLabel': 'Zoom out',
  'minimap.ariaLabel': 'Minimap of the wall',
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * True once every node has been measured and the initial fit has been painted.
 * Marked as `debrief:wall-ready` for performance measurement, and exposed as
 * aria-busy on the wall so assistive tech (and tests) know when it is usable.
 */
function useWallReady(): boolean {
  return useFlowReady('debrief:wall-ready');
}

type Panel = 'none' | 'search' | 'ranked';
type MinimapMode = 'auto' | 'shown' | 'hidden';

function WallCanvas() {
  const domain = useAppStore((s) => s.open?.state);
  const [view] = useState(() => {
    // Derive nodes before the first render so React Flow can fit the view to them on open.
    const store = createWallViewStore();
    // A large wall opens fitted far out: start in overview mode rather than build thousands of
    // note elements only to hide them a frame later. The zoom decides from then on.
    if (domain && domain.records.notes.size > OVERVIEW_AT_OPEN_NOTES) {
      store.getState().setOverview(true);
    }
    if (domain) {
      store.getState().sync(domain);
      // A note that was being written when the window closed or crashed opens again with its draft.
      const workshopId = domain.workshop.id;
      const pending = interruptedNewNote(workshopId);
      const interrupted = draftIds(workshopId, 'note').find((id) => domain.records.notes.has(id));
      const writable = !getAppStore().getState().open?.readOnly;
      if (pending && domain.records.notes.has(pending.id))
        clearNewNoteDraft(workshopId, pending.id);
      else if (pending && writable) store.getState().setPending(pending);
      else if (interrupted) store.getState().setEditing(asNoteId(interrupted));
    }
    return store;
  });
  const flow = useReactFlow<WallNode>();
  const dragging = useRef(false);
  const [wall, setWall] = useState<HTMLDivElement | null>(null);
  const board = useRef<HTMLDivElement>(null);
  const viewport = useWallViewport();
  const [panel, setPanel] = useState<Panel>('none');
  const [help, setHelp] = useState(false);
  const [presenting, setPresenting] = useState(false);
  const [dark, setDark] = useState(false);
  const [minimap, setMinimap] = useState<MinimapMode>('auto');
  const [stop, setStop] = useState<ClusterStop | null>(null);

  useLevelOfDetail(view, wall);

  useEffect(() => {
    if (domain) view.getState().sync(domain);
  }, [domain, view]);

  const absoluteDrop = useCallback(
    (moved: readonly WallNode[]): DroppedNode[] =>
      moved.flatMap((n) => {
        if (n.type === 'note' && n.data.pending) return [];
        const internal = flow.getInternalNode(n.id);
        const position = internal?.internals.positionAbsolute ?? n.position;
        return [{ id: n.id, kind: n.type === 'cluster' ? 'cluster' : 'note', position }];
      }),
    [flow],
  );

  const onNodesChange = useCallback(
    (changes: NodeChange<WallNode>[]) => {
      view.getState().applyChanges(changes);
      // Arrow-key moves arrive as position changes outside any drag: each key press is one operation.
      if (dragging.current) return;
      const keyboardMoves = changes.filter(
        (c) => c.type === 'position' && c.position && !c.dragging,
      );
      if (keyboardMoves.length === 0) return;
      const byId = new Map(view.getState().nodes.map((n) => [n.id, n]));
      const moved = keyboardMoves.flatMap((c) =>
        c.type === 'position' ? (byId.get(c.id) ?? []) : [],
      );
      queueMicrotask(() => dropNodes(absoluteDrop(moved)));
    },
    [view, absoluteDrop],
  );

  const onDragStart = useCallback(() => {
    dragging.current = true;
  }, []);
  const onNodeDragStop: OnNodeDrag<WallNode> = useCallback(
    (_event, _node, moved) => {
      dragging.current = false;
      dropNodes(absoluteDrop(moved));
    },
    [absoluteDrop],
  );
  const onSelectionDragStop = useCallback(
    (_event: MouseEvent, moved: WallNode[]) => {
      dragging.current = false;
      dropNodes(absoluteDrop(moved));
    },
    [absoluteDrop],
  );

  const viewportCenter = useCallback(() => {
    const rect = wall?.getBoundingClientRect();
    return flow.screenToFlowPosition({
      x: (rect?.left ?? 0) + (rect?.width ?? 800) / 2,
      y: (rect?.top ?? 0) + (rect?.height ?? 600) / 2,
    });
  }, [flow, wall]);

  /** Starts writing a new note with its top-left corner at `topLeft` (nothing is stored yet). */
  const startNote = useCallback(
    (topLeft: { x: number; y: number }) => {
      const workshopId = getAppStore().getState().open?.state.workshop.id;
      if (!workshopId || getAppStore().getState().open?.readOnly) return;
      const pending = {
        id: asNoteId(crypto.randomUUID()),
        x: Math.round(topLeft.x),
        y: Math.round(topLeft.y),
        color: 'yellow' as const,
      };
      // One new note at a time: an earlier one left unfinished goes, drafts and all.
      const previous = view.getState().pending;
      if (previous) {
        clearNewNoteDraft(workshopId, previous.id);
        clearDraft(draftKey(workshopId, 'note', previous.id));
      }
      saveNewNoteDraft(workshopId, pending);
      view.getState().select(new Set());
      view.getState().setPending(pending);
    },
    [view],
  );

  const addNoteInView = useCallback(() => {
    startNote(newNoteSpot(viewportCenter()));
  }, [startNote, viewportCenter]);

  const clusterSelection = useCallback(() => {
    const clusterId = clusterNotes(view.getState().selection.notes, viewportCenter());
    if (!clusterId) return;
    const domain = getAppStore().getState().open?.state;
    if (domain) view.getState().sync(domain);
    view.getState().select(new Set([clusterId]));
    // It was put where it covers nothing, which may be off screen: bring it into view.
    const cluster = domain?.records.clusters.get(clusterId);
    if (cluster) requestAnimationFrame(() => viewport.reveal(cluster));
  }, [view, viewport, viewportCenter]);

  /** Undo, then put focus on a note the undo brought back (a deleted note, say). */
  const undoAndFocus = useCallback(() => {
    const app = getAppStore().getState();
    const before = new Set(app.open?.state.records.notes.keys() ?? []);
    app.undo();
    const after = getAppStore().getState().open?.state;
    const restored = [...(after?.records.notes.keys() ?? [])].filter((id) => !before.has(id));
    if (after && restored.length > 0) {
      view.getState().sync(after);
      view.getState().select(new Set(restored));
      focusNote(restored[0] ?? '');
    }
  }, [view]);

  const remove = useCallback(
    (noteIds: readonly string[], clusterIds: readonly string[]) => {
      const deleted = deleteItems(noteIds.map(asNoteId), clusterIds.map(asClusterId));
      if (deleted.notes + deleted.clusters === 0) return;
      const step = getAppStore().getState().open?.undo.at(-1);
      const what = [
        deleted.notes ? plural(deleted.notes, 'note') : '',
        deleted.clusters ? plural(deleted.clusters, 'cluster') : '',
      ]
        .filter(Boolean)
        .join(' and ');
      getAppStore()
        .getState()
        .notify('info', `Deleted ${what}.`, {
          label: 'Undo',
          run: () => {
            // Undo only what this notice is about: if other changes came after, say so.
            if (getAppStore().getState().open?.undo.at(-1) !== step) {
              getAppStore()
                .getState()
                .notify('info', 'Later changes came after that delete: undo them first (Ctrl+Z).');
              return;
            }
            undoAndFocus();
          },
        });
      wall?.focus({ preventScroll: true });
    },
    [undoAndFocus, wall],
  );

  const deleteSelection = useCallback(() => {
    const { notes, clusters } = view.getState().selection;
    remove(notes, clusters);
  }, [view, remove]);

  const moveSelectionTo = useCallback(
    (index: number) => {
      const target = clustersInOrder()[index];
      const notes = view.getState().selection.notes;
      if (!target || notes.length === 0) return;
      if (moveToCluster(notes, target.id)) {
        const domain = getAppStore().getState().open?.state;
        if (domain) view.getState().sync(domain);
        focusNote(notes[0] ?? '');
        getAppStore()
          .getState()
          .notify(
            'info',
            `Moved ${plural(notes.length, 'note')} to ${target.name || 'the cluster'}.`,
          );
      }
    },
    [view],
  );

  const tidySelection = useCallback(() => {
    const { notes, clusters } = view.getState().selection;
    if (notes.length + clusters.length === 0) {
      // Nothing selected: tidy the whole wall for this screen, then show all of it.
      const aspect = usableAspect(wall?.getBoundingClientRect());
      if (tidyWall(aspect)) requestAnimationFrame(() => viewport.fitAll());
      return;
    }
    const state = getAppStore().getState().open?.state;
    const ids = new Set<string>(clusters);
    for (const id of notes) {
      const clusterId = state?.records.notes.get(id)?.clusterId;
      if (clusterId) ids.add(clusterId);
    }
    for (const id of ids) tidyCluster(asClusterId(id));
  }, [view, viewport, wall]);

  const addLanes = useCallback(() => {
    const lanes = addDefaultLanes();
    if (!lanes) return;
    const domain = getAppStore().getState().open?.state;
    if (domain) view.getState().sync(domain);
    // Bring the new lanes into view (with what was there, when everything still fits readably).
    requestAnimationFrame(() => viewport.zoomToRect(lanes));
  }, [view, viewport]);

  const fit = useCallback(() => {
    setStop(null);
    viewport.fitAll();
  }, [viewport]);

  const step = useCallback(
    (direction: 1 | -1) => {
      setStop(viewport.stepCluster(direction));
    },
    [viewport],
  );

  /** Back to the editing wall: light, the whole wall in view. */
  const stopPresenting = useCallback(() => {
    setPresenting(false);
    view.getState().setPresenting(false);
    setDark(false);
    setStop(null);
    requestAnimationFrame(() => viewport.fitAll());
  }, [view, viewport]);

  const togglePresenting = useCallback(() => {
    const element = board.current;
    if (!presenting) {
      setPresenting(true);
      view.getState().setPresenting(true);
      // Full screen when the browser allows it; presenting works without it too.
      if (element && !document.fullscreenElement && document.fullscreenEnabled) {
        element.requestFullscreen().catch(() => undefined);
      }
      requestAnimationFrame(() => viewport.fitAll());
    } else {
      if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
      stopPresenting();
    }
  }, [presenting, view, viewport, stopPresenting]);

  useEffect(() => {
    // Leaving full screen with the browser's own Esc also leaves presenting.
    const onChange = () => {
      if (!document.fullscreenElement) stopPresenting();
    };
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, [stopPresenting]);

  useEffect(() => {
    const onAddNote = () => addNoteInView();
    window.addEventListener('debrief:add-note', onAddNote);
    return () => window.removeEventListener('debrief:add-note', onAddNote);
  }, [addNoteInView]);

  const vote = useCallback(() => {
    const state = getAppStore().getState().open?.state;
    if (!state) return;
    if (phaseOf(state.workshop) !== 'vote') {
      getAppStore()
        .getState()
        .notify('info', 'Voting opens in the Vote phase: choose it in the toolbar.');
      return;
    }
    addVotes(view.getState().selection.notes);
  }, [view]);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (isTypingTarget(event.target) || document.querySelector('dialog[open]')) return;
      if (event.defaultPrevented) return;
      const app = getAppStore().getState();
      // AltGr (Ctrl+Alt on Windows) types [ and ] on many European keyboards: not a shortcut.
      const altGr = event.getModifierState('AltGraph');
      const mod = (event.ctrlKey || event.metaKey) && !altGr;
      // On a button or link, Enter and Space press it: they are not the wall's.
      const onControl =
        (event.key === 'Enter' || event.key === ' ') &&
        event.target instanceof Element &&
        event.target.closest('button, a[href], summary, [role="button"]') !== null;
      const key = event.key.toLowerCase();
      // Presenting shows the wall: undo, redo and select-all wait until it is over.
      if (presenting && mod && ['z', 'y', 'a'].includes(key)) return;
      if (mod && key === 'f') {
        event.preventDefault();
        setPanel('search');
      } else if (mod && key === 'z') {
        event.preventDefault();
        if (event.shiftKey) app.redo();
        else undoAndFocus();
      } else if (mod && key === 'y') {
        event.preventDefault();
        app.redo();
      } else if (mod && key === 'a') {
        event.preventDefault();
        view.getState().select(
          new Set(
            view
              .getState()
              .nodes.filter((n) => n.type === 'note' && !n.data.pending)
              .map((n) => n.id),
          ),
        );
      } else if (mod || (event.altKey && !altGr) || onControl) {
        return;
      } else if (event.key === '?') {
        event.preventDefault();
        setHelp(true);
      } else if (key === ']' || key === 'pagedown') {
        event.preventDefault();
        step(1);
      } else if (key === '[' || key === 'pageup') {
        event.preventDefault();
        step(-1);
      } else if (key === 'f') {
        event.preventDefault();
        fit();
      } else if (key === 'p') {
        event.preventDefault();
        togglePresenting();
      } else if (key === 'd' && presenting) {
        event.preventDefault();
        setDark((d) => !d);
      } else if (key === 'm') {
        event.preventDefault();
        setMinimap((m) => (m === 'hidden' ? 'shown' : 'hidden'));
      } else if (key === 'escape') {
        if (presenting) togglePresenting();
        else view.getState().select(new Set());
      } else if (app.open?.readOnly || presenting) {
        return;
      } else if (key === 'n') {
        event.preventDefault();
        addNoteInView();
      } else if (key === 'g') {
        event.preventDefault();
        clusterSelection();
      } else if (key === 't') {
        event.preventDefault();
        tidySelection();
      } else if (/^[1-9]$/.test(key)) {
        event.preventDefault();
        moveSelectionTo(Number(key) - 1);
      } else if (key === 'v') {
        event.preventDefault();
        vote();
      } else if (key === 'delete' || key === 'backspace') {
        event.preventDefault();
        deleteSelection();
      } else if (key === 'enter' || key === 'f2') {
        const { notes, clusters } = view.getState().selection;
        const [only] = notes;
        if (only && notes.length === 1 && clusters.length === 0) {
          event.preventDefault();
          view.getState().setEditing(only);
        }
      }
    };
    // Alt+arrows resize the one selected cluster: the keyboard way to do what its handles do.
    // Captured before React Flow sees the arrow, which would otherwise also move the cluster.
    const onResizeKey = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey || !event.key.startsWith('Arrow')) return;
      if (isTypingTarget(event.target) || document.querySelector('dialog[open]')) return;
      // Keys pressed in the search bar or the ranked list are theirs.
      if (event.target instanceof Element && event.target.closest('[role="search"], aside')) return;
      // Nothing changes in a read-only window or while presenting.
      if (getAppStore().getState().open?.readOnly || presenting) return;
      const { notes, clusters } = view.getState().selection;
      const only = clusters.length === 1 && notes.length === 0 ? clusters[0] : undefined;
      const current = only
        ? getAppStore().getState().open?.state.records.clusters.get(only)
        : undefined;
      if (!current) return;
      event.preventDefault();
      event.stopPropagation();
      const stepSize = event.shiftKey ? 80 : 20;
      const dw = event.key === 'ArrowRight' ? stepSize : event.key === 'ArrowLeft' ? -stepSize : 0;
      const dh = event.key === 'ArrowDown' ? stepSize : event.key === 'ArrowUp' ? -stepSize : 0;
      resizeCluster(current.id, {
        x: current.x,
        y: current.y,
        width: Math.max(WALL_LIMITS.clusterSizeMin, current.width + dw),
        height: Math.max(WALL_LIMITS.clusterSizeMin, current.height + dh),
      });
    };
    window.addEventListener('keydown', onKeyDown);
    window.addEventListener('keydown', onResizeKey, true);
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      window.removeEventListener('keydown', onResizeKey, true);
    };
  }, [
    addNoteInView,
    clusterSelection,
    deleteSelection,
    fit,
    moveSelectionTo,
    presenting,
    step,
    tidySelection,
    togglePresenting,
    undoAndFocus,
    view,
    vote,
  ]);

  const onDoubleClick = useCallback(
    (event: MouseEvent) => {
      // Double-clicking empty wall (or a cluster's body) starts a note centred where you clicked.
      const target = event.target as HTMLElement;
      if (
        presenting ||
        !target.closest('.react-flow__pane, .cluster') ||
        target.closest('button, input, textarea')
      )
        return;
      const at = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
      startNote({ x: at.x - NOTE_SIZE.width / 2, y: at.y - NOTE_SIZE.height / 2 });
    },
    [flow, presenting, startNote],
  );

  const ready = useWallReady();
  const focusedOnOpen = useRef(false);
  useEffect(() => {
    // Focus lands on the wall when a workshop opens, so its keys work straight away.
    if (!ready || focusedOnOpen.current || !wall) return;
    focusedOnOpen.current = true;
    if (!view.getState().editingNoteId) wall.focus({ preventScroll: true });
  }, [ready, view, wall]);

  const actions = useMemo<WallActions>(
    () => ({
      zoomToCluster: (id) => setStop(viewport.zoomToCluster(id)),
      remove,
    }),
    [viewport, remove],
  );

  const showNote = useCallback(
    (id: NoteId) => {
      viewport.showNote(id);
      view.getState().select(new Set([id]));
    },
    [view, viewport],
  );

  // A link from another board (a why citing a note, a factor placed on a cluster).
  useFocusRequest(
    'wall',
    useCallback(
      (target) => {
        if (!ready) return false;
        const records = getAppStore().getState().open?.state.records;
        if (target.collection === 'notes' && records?.notes.has(target.id)) {
          showNote(asNoteId(target.id));
          focusNote(target.id);
        } else if (target.collection === 'clusters' && records?.clusters.has(target.id)) {
          setStop(viewport.zoomToCluster(asClusterId(target.id)));
          view.getState().select(new Set([target.id]));
        }
        return true;
      },
      [ready, showNote, viewport, view],
    ),
  );

  return (
    <WallViewContext.Provider value={view}>
      <WallActionsContext.Provider value={actions}>
        <div
          ref={board}
          className={`wall-board${presenting ? ' is-presenting' : ''}${dark ? ' theme-dark' : ''}`}
        >
          {presenting ? (
            <PresentingBar
              stop={stop}
              dark={dark}
              onStep={step}
              onFit={fit}
              onDark={() => setDark((d) => !d)}
              onExit={togglePresenting}
            />
          ) : (
            <WallToolbar
              onAddNote={addNoteInView}
              onCluster={clusterSelection}
              onDelete={deleteSelection}
              onAddLanes={addLanes}
              onTidy={tidySelection}
              onMoveTo={moveSelectionTo}
              onFit={fit}
              onPresent={togglePresenting}
              onSearch={() => setPanel((p) => (p === 'search' ? 'none' : 'search'))}
              onRanked={() => setPanel((p) => (p === 'ranked' ? 'none' : 'ranked'))}
              onHelp={() => setHelp(true)}
              onDone={() => wall?.focus({ preventScroll: true })}
              panel={panel}
            />
          )}
          <div className="wall-body">
            <div
              className="wall"
              ref={setWall}
              tabIndex={-1}
              onDoubleClick={onDoubleClick}
              aria-label="Sticky-note wall"
              aria-roledescription="wall"
              role="region"
              aria-busy={!ready}
            >
              {panel === 'search' && (
                <WallSearch
                  onClose={() => {
                    setPanel('none');
                    view.getState().setMatches([]);
                    wall?.focus({ preventScroll: true });
                  }}
                  onShowMatch={(id) => viewport.showNote(id)}
                  onMatchesChange={(ids) => view.getState().setMatches(ids)}
                />
              )}
              <FlowView
                view={view}
                minimap={presenting && minimap === 'auto' ? 'hidden' : minimap}
                presenting={presenting}
                onNodesChange={onNodesChange}
                onDragStart={onDragStart}
                onNodeDragStop={onNodeDragStop}
                onSelectionDragStop={onSelectionDragStop}
              />
              <EmptyWallHint onAddLanes={addLanes} />
              {panel === 'ranked' && (
                <RankedNotes onShowNote={showNote} onClose={() => setPanel('none')} />
              )}
            </div>
          </div>
          <ShortcutHelp open={help} onClose={() => setHelp(false)} />
        </div>
      </WallActionsContext.Provider>
    </WallViewContext.Provider>
  );
}

/** What an empty wall says: how to start. */
function EmptyWallHint({ onAddLanes }: { readonly onAddLanes: () => void }) {
  const empty = useAppStore(
    (s) =>
      s.open !== null && s.open.state.records.notes.size + s.open.state.records.clusters.size === 0,
  );
  const pending = useWallView((s) => s.pending !== null);
  if (!empty || pending) return null;
  return (
    <div className="wall-empty" role="note">
      <p>
        <strong>This wall is empty.</strong> Double-click anywhere to write a note, or press{' '}
        <kbd>N</kbd>.
      </p>
      <p>
        <button type="button" onClick={onAddLanes}>
          Add postmortem lanes
        </button>{' '}
        to start with the four usual lanes. Press <kbd>?</kbd> for every shortcut.
      </p>
    </div>
  );
}

/** The slim bar shown while presenting: where we are, and the keys that step. */
function PresentingBar({
  stop,
  dark,
  onStep,
  onFit,
  onDark,
  onExit,
}: {
  readonly stop: ClusterStop | null;
  readonly dark: boolean;
  readonly onStep: (direction: 1 | -1) => void;
  readonly onFit: () => void;
  readonly onDark: () => void;
  readonly onExit: () => void;
}) {
  const clusters = useAppStore((s) => s.open?.state.records.clusters);
  const ordered = useMemo(() => (clusters ? clustersInOrder() : []), [clusters]);
  const index = ordered.findIndex((c) => c.id === stop?.cluster.id);
  const current = index >= 0 ? ordered[index] : undefined;
  const part = stop && stop.parts > 1 ? `, part ${stop.part + 1} of ${stop.parts}` : '';
  return (
    <div className="presenting-bar" role="toolbar" aria-label="Presenting">
      <span className="presenting-where" aria-live="polite">
        {current
          ? `${current.name || 'Unnamed cluster'} (${index + 1} of ${ordered.length})${part}`
          : 'Whole wall'}
      </span>
      <button type="button" onClick={() => onStep(-1)} title="Previous cluster ([ or Page Up)">
        Previous cluster
      </button>
      <button type="button" onClick={() => onStep(1)} title="Next cluster (] or Page Down)">
        Next cluster
      </button>
      <button type="button" onClick={onFit} title="Fit the whole wall (F)">
        Whole wall
      </button>
      <button type="button" aria-pressed={dark} onClick={onDark} title="Light or dark (D)">
        Dark
      </button>
      <button type="button" onClick={onExit} title="Stop presenting (Esc)">
        Stop presenting
      </button>
    </div>
  );
}

const defaultViewport = { x: 40, y: 40, zoom: 1 };
// Hidden notes (overview mode) still count as content to fit; the top leaves room for titles.
const fitViewOptions = { maxZoom: FIT_MAX_ZOOM, padding: FIT_PADDING, includeHiddenNodes: true };
const multiSelectionKeys = ['Shift', 'Meta', 'Control'];

interface FlowViewProps {
  readonly view: WallViewStore;
  readonly minimap: MinimapMode;
  /** Presenting shows the wall: nothing is dragged by accident in front of the room. */
  readonly presenting: boolean;
  readonly onNodesChange: (changes: NodeChange<WallNode>[]) => void;
  readonly onDragStart: () => void;
  readonly onNodeDragStop: OnNodeDrag<WallNode>;
  readonly onSelectionDragStop: (event: MouseEvent, nodes: WallNode[]) => void;
}

/**
 * The only component that re-renders on every drag frame: it subscribes to the
 * node list and hands it to React Flow. Everything around it stays still.
 */
const FlowView = memo(function FlowView({
  view,
  minimap,
  presenting,
  onNodesChange,
  onDragStart,
  onNodeDragStop,
  onSelectionDragStop,
}: FlowViewProps) {
  const readOnly = useAppStore((s) => s.open?.readOnly ?? false);
  const nodes = useStore(view, (s) => s.nodes);
  return (
    <ReactFlow<WallNode>
      nodes={nodes as WallNode[]}
      onNodesChange={onNodesChange}
      nodeTypes={nodeTypes}
      onNodeDragStart={onDragStart}
      onSelectionDragStart={onDragStart}
      onNodeDragStop={onNodeDragStop}
      onSelectionDragStop={onSelectionDragStop}
      defaultViewport={defaultViewport}
      fitView
      fitViewOptions={fitViewOptions}
      minZoom={0.05}
      maxZoom={2.5}
      zoomOnDoubleClick={false}
      deleteKeyCode={null}
      selectionKeyCode="Shift"
      multiSelectionKeyCode={multiSelectionKeys}
      selectionOnDrag={false}
      panOnDrag
      onlyRenderVisibleElements
      elevateNodesOnSelect={false}
      nodeDragThreshold={2}
      ariaLabelConfig={ariaLabelConfig}
      // Another window is editing: nothing can be moved here (the frame disables the controls).
      nodesDraggable={!readOnly && !presenting}
      proOptions={proOptions}
    >
      <FlowDecorations minimap={minimap} />
    </ReactFlow>
  );
});

/** Whether the whole wall is in view (then the minimap would only hide part of it). */
const wholeWallInView = (s: {
  transform: [number, number, number];
  width: number;
  height: number;
}): boolean => {
  const bounds = contentBoundsCached();
  if (!bounds) return true;
  const [tx, ty, zoom] = s.transform;
  const left = -tx / zoom;
  const top = -ty / zoom;
  return (
    bounds.x >= left - 1 &&
    bounds.y >= top - 1 &&
    bounds.x + bounds.width <= left + s.width / zoom + 1 &&
    bounds.y + bounds.height <= top + s.height / zoom + 1
  );
};

let boundsMemo: { state: unknown; bounds: ReturnType<typeof contentBounds> } = {
  state: null,
  bounds: null,
};
function contentBoundsCached() {
  const state = getAppStore().getState().open?.state;
  if (boundsMemo.state !== state) boundsMemo = { state, bounds: contentBounds() };
  return boundsMemo.bounds;
}

/**
 * Overview layer, minimap, zoom controls and the "too small to read" hint:
 * memoised so a drag frame does not re-create them. The minimap shows only
 * when part of the wall is out of view (or when asked for with M), so it never
 * covers a wall that fits. No dotted <Background>: redrawing its full-screen
 * SVG pattern cost about 40 ms per pan frame in software rendering.
 */
const FlowDecorations = memo(function FlowDecorations({
  minimap,
}: {
  readonly minimap: MinimapMode;
}) {
  const allInView = useFlowStore(wholeWallInView);
  const small = useFlowStore((s) => textPxAt(s.transform[2]) < READABLE_TEXT_PX);
  const hasClusters = useAppStore((s) => (s.open?.state.records.clusters.size ?? 0) > 0);
  const showMinimap = minimap === 'shown' || (minimap === 'auto' && !allInView);
  return (
    <>
      <WallOverviewLayer />
      {showMinimap && (
        <Panel position="bottom-right">
          <WallMinimap />
        </Panel>
      )}
      {small && allInView && hasClusters && (
        <Panel position="top-center" className="wall-hint">
          Small from the back? <kbd>T</kbd> tidies the wall to fit the screen, <kbd>]</kbd> steps
          through the clusters.
        </Panel>
      )}
      <Controls showInteractive={false} showFitView={false} />
    </>
  );
});

export function Wall() {
  return (
    <ReactFlowProvider>
      <WallCanvas />
    </ReactFlowProvider>
  );
}
