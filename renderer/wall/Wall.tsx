/**
 * The sticky-note wall on React Flow. Notes are nodes, clusters are group
 * nodes (notes are their children while clustered). React Flow owns gestures
 * and the viewport; the wall view store owns node objects; every change the
 * user makes becomes an operation on drop/commit (one per gesture, never per
 * mouse move). Keyboard: N add, Enter edit, Delete remove, G cluster, Alt+arrows resize a cluster,
 * V vote, arrows move, Ctrl+Z / Ctrl+Shift+Z undo/redo, Ctrl+A select all.
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
import { memo, useCallback, useEffect, useRef, useState, type MouseEvent } from 'react';
import { useStore } from 'zustand';
import { asNoteId, WALL_LIMITS } from '../../shared/wall/records';
import { createWallViewStore, type WallNode, type WallViewStore } from '../store/wallViewStore';
import { getAppStore, useAppStore } from '../store/useAppStore';
import { draftIds } from '../ui/draftText';
import { ClusterNode } from './ClusterNode';
import { NoteNode } from './NoteNode';
import { WallMinimap } from './WallMinimap';
import { WallOverviewLayer } from './WallOverviewLayer';

const OVERVIEW_AT_OPEN_NOTES = 300;
import { WallToolbar } from './WallToolbar';
import { WallViewContext } from './wallContext';
import { freeSpotNear } from './wallGeometry';
import {
  addNote,
  addVote,
  clusterNotes,
  deleteItems,
  dropNodes,
  resizeCluster,
  type DroppedNode,
} from './wallActions';

const nodeTypes: NodeTypes = { note: NoteNode, cluster: ClusterNode };
const proOptions = { hideAttribution: true };

function isTypingTarget(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

/**
 * True once every node has been measured and the initial fit has been painted.
 * Marked as `debrief:wall-ready` for performance measurement, and exposed as
 * aria-busy on the wall so assistive tech (and tests) know when it is usable.
 */
function useWallReady(): boolean {
  // The initial fit is done once React Flow has measured the nodes (or there is nothing to measure).
  const initialized = useFlowStore((s) => !s.fitViewQueued || s.nodeLookup.size === 0);
  const [ready, setReady] = useState(false);
  useEffect(() => {
    if (ready || !initialized) return;
    let second = 0;
    const first = requestAnimationFrame(() => {
      second = requestAnimationFrame(() => {
        performance.mark('debrief:wall-ready');
        setReady(true);
      });
    });
    return () => {
      cancelAnimationFrame(first);
      cancelAnimationFrame(second);
    };
  }, [initialized, ready]);
  return ready;
}

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
    if (domain) store.getState().sync(domain);
    // A note that was being written when the window closed or crashed opens again with its draft.
    const interrupted = domain
      ? draftIds(domain.workshop.id, 'note').find((id) => domain.records.notes.has(id))
      : undefined;
    if (interrupted) store.getState().setEditing(asNoteId(interrupted));
    return store;
  });
  const flow = useReactFlow<WallNode>();
  const dragging = useRef(false);
  const wrapper = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (domain) view.getState().sync(domain);
  }, [domain, view]);

  const absoluteDrop = useCallback(
    (moved: readonly WallNode[]): DroppedNode[] =>
      moved.map((n) => {
        const internal = flow.getInternalNode(n.id);
        const position = internal?.internals.positionAbsolute ?? n.position;
        return { id: n.id, kind: n.type === 'cluster' ? 'cluster' : 'note', position };
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
    const rect = wrapper.current?.getBoundingClientRect();
    return flow.screenToFlowPosition({
      x: (rect?.left ?? 0) + (rect?.width ?? 800) / 2,
      y: (rect?.top ?? 0) + (rect?.height ?? 600) / 2,
    });
  }, [flow]);

  const addNoteAt = useCallback(
    (position: { x: number; y: number }) => {
      const id = addNote(position);
      if (!id) return;
      // Bring the new note into the view now, so it can be selected before the next render.
      const domain = getAppStore().getState().open?.state;
      if (domain) view.getState().sync(domain);
      view.getState().select(new Set([id]));
      view.getState().setEditing(id);
    },
    [view],
  );

  const addNoteInView = useCallback(() => {
    const notes = [...(getAppStore().getState().open?.state.records.notes.values() ?? [])];
    addNoteAt(freeSpotNear(viewportCenter(), notes));
  }, [addNoteAt, viewportCenter]);

  const clusterSelection = useCallback(() => {
    const clusterId = clusterNotes(view.getState().selection.notes, viewportCenter());
    if (!clusterId) return;
    const domain = getAppStore().getState().open?.state;
    if (domain) view.getState().sync(domain);
    view.getState().select(new Set([clusterId]));
  }, [view, viewportCenter]);

  const deleteSelection = useCallback(() => {
    const { notes, clusters } = view.getState().selection;
    deleteItems(notes, clusters);
  }, [view]);

  useEffect(() => {
    const onAddNote = () => addNoteInView();
    window.addEventListener('debrief:add-note', onAddNote);
    return () => window.removeEventListener('debrief:add-note', onAddNote);
  }, [addNoteInView]);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (isTypingTarget(event.target) || document.querySelector('dialog[open]')) return;
      const app = getAppStore().getState();
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      if (mod && key === 'z') {
        event.preventDefault();
        if (event.shiftKey) app.redo();
        else app.undo();
      } else if (mod && key === 'y') {
        event.preventDefault();
        app.redo();
      } else if (mod && key === 'a') {
        event.preventDefault();
        view.getState().select(
          new Set(
            view
              .getState()
              .nodes.filter((n) => n.type === 'note')
              .map((n) => n.id),
          ),
        );
      } else if (mod || event.altKey) {
        return;
      } else if (key === 'n') {
        event.preventDefault();
        addNoteInView();
      } else if (key === 'g') {
        event.preventDefault();
        clusterSelection();
      } else if (key === 'v') {
        event.preventDefault();
        for (const noteId of view.getState().selection.notes) addVote(noteId);
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
      } else if (key === 'escape') {
        view.getState().select(new Set());
      }
    };
    // Alt+arrows resize the one selected cluster: the keyboard way to do what its handles do.
    // Captured before React Flow sees the arrow, which would otherwise also move the cluster.
    const onResizeKey = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey || !event.key.startsWith('Arrow')) return;
      if (isTypingTarget(event.target) || document.querySelector('dialog[open]')) return;
      const { notes, clusters } = view.getState().selection;
      const only = clusters.length === 1 && notes.length === 0 ? clusters[0] : undefined;
      const current = only
        ? getAppStore().getState().open?.state.records.clusters.get(only)
        : undefined;
      if (!current) return;
      event.preventDefault();
      event.stopPropagation();
      const step = event.shiftKey ? 80 : 20;
      const dw = event.key === 'ArrowRight' ? step : event.key === 'ArrowLeft' ? -step : 0;
      const dh = event.key === 'ArrowDown' ? step : event.key === 'ArrowUp' ? -step : 0;
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
  }, [addNoteInView, clusterSelection, deleteSelection, view]);

  const onDoubleClick = useCallback(
    (event: MouseEvent) => {
      // Double-clicking empty wall (or a cluster's body) adds a note there.
      const target = event.target as HTMLElement;
      if (
        !target.closest('.react-flow__pane, .cluster') ||
        target.closest('button, input, textarea')
      )
        return;
      addNoteAt(flow.screenToFlowPosition({ x: event.clientX, y: event.clientY }));
    },
    [addNoteAt, flow],
  );

  const ready = useWallReady();

  return (
    <WallViewContext.Provider value={view}>
      <WallToolbar
        onAddNote={addNoteInView}
        onCluster={clusterSelection}
        onDelete={deleteSelection}
      />
      <div
        className="wall"
        ref={wrapper}
        onDoubleClick={onDoubleClick}
        aria-label="Sticky-note wall"
        role="region"
        aria-busy={!ready}
      >
        <FlowView
          view={view}
          onNodesChange={onNodesChange}
          onDragStart={onDragStart}
          onNodeDragStop={onNodeDragStop}
          onSelectionDragStop={onSelectionDragStop}
        />
      </div>
    </WallViewContext.Provider>
  );
}

const defaultViewport = { x: 40, y: 40, zoom: 1 };
// Hidden notes (overview mode) still count as content to fit.
const fitViewOptions = { maxZoom: 1, padding: 0.1, includeHiddenNodes: true };
const multiSelectionKeys = ['Shift', 'Meta', 'Control'];

interface FlowViewProps {
  readonly view: WallViewStore;
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
      // Another window is editing: nothing can be moved here (the frame disables the controls).
      nodesDraggable={!readOnly}
      proOptions={proOptions}
    >
      <FlowDecorations />
    </ReactFlow>
  );
});

/**
 * Overview layer, minimap and zoom controls: memoised so a drag frame does not re-create them.
 * No dotted <Background>: redrawing its full-screen SVG pattern cost about 40 ms per pan frame
 * in software rendering (npm run bench), more than everything else in the frame.
 */
const FlowDecorations = memo(function FlowDecorations() {
  return (
    <>
      <WallOverviewLayer />
      <Panel position="bottom-right">
        <WallMinimap />
      </Panel>
      <Controls showInteractive={false} />
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
