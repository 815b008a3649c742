/**
 * The systems-interaction diagram on React Flow: components are nodes, zones
 * are group nodes (a zone's components are its children, positioned relative
 * to it; the domain keeps absolute coordinates), interactions are edges.
 * React Flow owns gestures and the viewport; the view store owns node and
 * edge objects; every change is an operation on drop or commit (one per
 * gesture, never per mouse move). The keys it understands are handled here:
 * Tab through the components, Enter or F2 renames, Delete removes, arrows
 * nudge, Esc clears the selection, Ctrl+Z / Ctrl+Y undo and redo.
 */
import {
  ConnectionMode,
  Controls,
  Panel,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  useStoreApi,
  type Connection,
  type EdgeChange,
  type EdgeTypes,
  type IsValidConnection,
  type NodeChange,
  type NodeTypes,
  type OnConnect,
  type OnNodeDrag,
} from '@xyflow/react';
import { memo, useCallback, useEffect, useMemo, useRef, useState, type MouseEvent } from 'react';
import { useStore } from 'zustand';
import { COMPONENT_BOX } from '../../shared/systems/layout';
import {
  asComponentId,
  asInteractionId,
  asZoneId,
  type ComponentKind,
} from '../../shared/systems/records';
import { exportFigure } from '../figures/exportFigure';
import { useFocusRequest, type FocusTarget } from '../routing/focus';
import { getAppStore, useAppStore } from '../store/useAppStore';
import { isTypingTarget, useFlowReady } from '../ui/canvas';
import { ComponentNode, focusNode } from './ComponentNode';
import { InteractionEdge } from './InteractionEdge';
import { SystemsInspector } from './SystemsInspector';
import { SystemsLegend } from './SystemsLegend';
import { SystemsPalette, type ExportFormat } from './SystemsPalette';
import { ZoneNode } from './ZoneNode';
import {
  addZone,
  autoLayout,
  connect as connectInteraction,
  drop,
  insertTemplate,
  removeSelection,
} from './systemsActions';
import {
  SystemsActionsContext,
  SystemsViewContext,
  useSystemsView,
  type SystemsActions,
} from './systemsContext';
import {
  contentBounds,
  newComponentSpot,
  newZoneSpot,
  type DroppedItem,
  type Point,
  type Rect,
} from './systemsModel';
import {
  createSystemsViewStore,
  type InteractionFlowEdge,
  type SystemsNode,
  type SystemsViewStore,
} from './systemsViewStore';
import './systems.css';

const nodeTypes: NodeTypes = { component: ComponentNode, zone: ZoneNode };
const edgeTypes: EdgeTypes = { interaction: InteractionEdge };
const proOptions = { hideAttribution: true };

/** React Flow's screen-reader texts, in the diagram's words. */
const ariaLabelConfig = {
  'node.a11yDescription.default':
    'Press Enter or Space to select, F2 to rename. Arrow keys move it, Delete removes it.',
  'node.a11yDescription.keyboardDisabled': 'Press Enter or Space to select.',
  'node.a11yDescription.ariaLiveMessage': ({ direction }: { direction: string }) =>
    `Moved ${direction}.`,
  'edge.a11yDescription.default': 'Press Enter or Space to select. Delete removes it.',
  'controls.ariaLabel': 'Zoom controls',
  'controls.zoomIn.ariaLabel': 'Zoom in',
  'controls.zoomOut.ariaLabel': 'Zoom out',
  'controls.fitView.ariaLabel': 'Fit the diagram',
  'handle.ariaLabel': 'Connection point',
};

/** Fitting never enlarges a small diagram beyond this; the top leaves room for zone names. */
const FIT_MAX_ZOOM = 1.25;
const FIT_PADDING = { top: '40px', right: '16px', bottom: '16px', left: '16px' } as const;
const fitViewOptions = { maxZoom: FIT_MAX_ZOOM, padding: FIT_PADDING };
/** A component shown from elsewhere is centred at least this close (its name is 14 px or more). */
const SHOW_ZOOM = 0.75;
/** Below this zoom the labels on the lines are left out: they could not be read anyway. */
const COMPACT_ZOOM = 0.35;
/** One arrow-key press moves the selection this far (with Shift, four times as far). */
const NUDGE = 5;

const defaultViewport = { x: 40, y: 40, zoom: 1 };
const multiSelectionKeys = ['Shift', 'Meta', 'Control'];

/**
 * Keeps `--systems-zoom` (zone names stay readable against the zoom) and the
 * view store's level of detail in step with the viewport, once per frame.
 */
function useZoomStyle(view: SystemsViewStore, element: HTMLElement | null): void {
  const flowStore = useStoreApi();
  useEffect(() => {
    let frame = 0;
    let shown = NaN;
    const update = () => {
      frame = 0;
      const zoom = flowStore.getState().transform[2];
      if (zoom === shown) return;
      shown = zoom;
      element?.style.setProperty('--systems-zoom', String(zoom));
      view.getState().setDetail(zoom < COMPACT_ZOOM ? 'compact' : 'full');
    };
    const stop = flowStore.subscribe(() => {
      frame ||= requestAnimationFrame(update);
    });
    update();
    return () => {
      stop();
      cancelAnimationFrame(frame);
    };
  }, [flowStore, view, element]);
}

/** Absolute diagram positions of dropped nodes (a zone's children are positioned relative to it). */
function droppedItems(view: SystemsViewStore, ids: ReadonlySet<string>): DroppedItem[] {
  const nodes = view.getState().nodes;
  const byId = new Map(nodes.map((n) => [n.id, n]));
  return nodes.flatMap((n): DroppedItem[] => {
    if (!ids.has(n.id) || (n.type === 'component' && n.data.pending)) return [];
    const parent = n.parentId ? byId.get(n.parentId) : undefined;
    const position = {
      x: n.position.x + (parent?.position.x ?? 0),
      y: n.position.y + (parent?.position.y ?? 0),
    };
    return [{ id: n.id, kind: n.type === 'zone' ? 'zone' : 'component', position }];
  });
}

function SystemsCanvas() {
  const domain = useAppStore((s) => s.open?.state);
  const [view] = useState(() => {
    // Derive nodes before the first render, so React Flow fits the view to them on open.
    const store = createSystemsViewStore();
    if (domain) store.getState().sync(domain);
    return store;
  });
  const flow = useReactFlow<SystemsNode, InteractionFlowEdge>();
  const flowStore = useStoreApi<SystemsNode, InteractionFlowEdge>();
  const [canvas, setCanvas] = useState<HTMLDivElement | null>(null);
  const dragging = useRef(false);
  const highlight = useStore(view, (s) => s.highlight);
  const [legend, setLegend] = useState(false);

  useZoomStyle(view, canvas);

  useEffect(() => {
    if (domain) view.getState().sync(domain);
  }, [domain, view]);

  /** Puts what the domain says back on screen (after a drop the domain refused, say). */
  const resync = useCallback(() => {
    const state = getAppStore().getState().open?.state;
    if (state) view.getState().sync(state);
  }, [view]);

  const dropIds = useCallback(
    (ids: ReadonlySet<string>) => {
      drop(droppedItems(view, ids));
      resync();
    },
    [view, resync],
  );

  const onNodesChange = useCallback(
    (changes: NodeChange<SystemsNode>[]) => {
      view.getState().applyNodeChanges(changes);
      if (dragging.current) return;
      // A zone being resized also moves its children (and itself, from the left or top edge):
      // those are not moves of their own; the resize ends in one zone.resize.
      if (changes.some((c) => c.type === 'dimensions' && c.resizing !== undefined)) return;
      // Arrow-key moves arrive as position changes outside any drag: each press is one operation.
      const moved = new Set(
        changes.flatMap((c) => (c.type === 'position' && c.position && !c.dragging ? [c.id] : [])),
      );
      if (moved.size > 0) dropIds(moved);
    },
    [view, dropIds],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange<InteractionFlowEdge>[]) => view.getState().applyEdgeChanges(changes),
    [view],
  );

  const onDragStart = useCallback(() => {
    dragging.current = true;
  }, []);
  const onNodeDragStop: OnNodeDrag<SystemsNode> = useCallback(
    (_event, _node, moved) => {
      dragging.current = false;
      dropIds(new Set(moved.map((n) => n.id)));
    },
    [dropIds],
  );
  const onSelectionDragStop = useCallback(
    (_event: MouseEvent, moved: SystemsNode[]) => {
      dragging.current = false;
      dropIds(new Set(moved.map((n) => n.id)));
    },
    [dropIds],
  );

  const onConnect: OnConnect = useCallback(
    (connection: Connection) => {
      const id = connectAndSelect(view, connection.source, connection.target);
      if (id) canvas?.focus({ preventScroll: true });
    },
    [view, canvas],
  );

  const viewportCenter = useCallback((): Point => {
    const rect = canvas?.getBoundingClientRect();
    return flow.screenToFlowPosition({
      x: (rect?.left ?? 0) + (rect?.width ?? 800) / 2,
      y: (rect?.top ?? 0) + (rect?.height ?? 600) / 2,
    });
  }, [flow, canvas]);

  /** Pans (zooming out only if it must) so that all of `rect` is on screen. */
  const reveal = useCallback(
    (rect: Rect) => {
      const { transform, width, height } = flowStore.getState();
      const [tx, ty, zoom] = transform;
      const margin = 24 / zoom;
      const inView = {
        x: -tx / zoom + margin,
        y: -ty / zoom + margin,
        width: width / zoom - 2 * margin,
        height: height / zoom - 2 * margin,
      };
      if (rect.width > inView.width || rect.height > inView.height) {
        void flow.fitBounds(rect, { padding: 0.1, duration: 200 });
        return;
      }
      const dx =
        rect.x < inView.x
          ? rect.x - inView.x
          : Math.max(0, rect.x + rect.width - (inView.x + inView.width));
      const dy =
        rect.y < inView.y
          ? rect.y - inView.y
          : Math.max(0, rect.y + rect.height - (inView.y + inView.height));
      if (dx !== 0 || dy !== 0) {
        void flow.setViewport({ x: tx - dx * zoom, y: ty - dy * zoom, zoom }, { duration: 200 });
      }
    },
    [flow, flowStore],
  );

  const fit = useCallback(() => {
    const state = getAppStore().getState().open?.state;
    const bounds = state
      ? contentBounds(state.records.components.values(), state.records.zones.values())
      : null;
    if (!bounds) {
      void flow.setViewport(defaultViewport, { duration: 200 });
      return;
    }
    void flow.fitView({ ...fitViewOptions, duration: 250 });
  }, [flow]);

  /** Starts naming a new component of `kind` at a free spot in view (nothing is stored yet). */
  const addComponentInView = useCallback(
    (kind: ComponentKind) => {
      const open = getAppStore().getState().open;
      if (!open || open.readOnly) return;
      const state = open.state;
      const spot = newComponentSpot(
        viewportCenter(),
        state.records.components.values(),
        state.records.zones.values(),
      );
      view.getState().select(new Set());
      view.getState().setPending({ id: asComponentId(crypto.randomUUID()), kind, ...spot });
      // The free spot may be off screen: the new card must be in view to be drawn and named.
      reveal({ ...spot, ...COMPONENT_BOX });
    },
    [view, viewportCenter, reveal],
  );

  const addZoneInView = useCallback(() => {
    const state = getAppStore().getState().open?.state;
    if (!state) return;
    const spot = newZoneSpot(
      viewportCenter(),
      state.records.components.values(),
      state.records.zones.values(),
    );
    const zoneId = addZone(spot);
    if (!zoneId) return;
    resync();
    view.getState().select(new Set([zoneId]));
    view.getState().setEditing(zoneId);
    const zone = getAppStore().getState().open?.state.records.zones.get(zoneId);
    if (zone) reveal(zone);
  }, [view, viewportCenter, resync, reveal]);

  const startTemplate = useCallback(() => {
    if (!insertTemplate()) return;
    resync();
    view.getState().select(new Set());
    // Queued by React Flow until the new nodes are in: the whole diagram, template included.
    void flow.fitView({ ...fitViewOptions, duration: 250 });
  }, [flow, view, resync]);

  const runAutoLayout = useCallback(() => {
    const result = autoLayout();
    if (result === 'unchanged') {
      getAppStore()
        .getState()
        .notify('info', 'Nothing to move: the diagram is laid out (pinned components stay put).');
    }
    if (result !== 'moved') return;
    resync();
    void flow.fitView({ ...fitViewOptions, duration: 250 });
  }, [flow, resync]);

  const toggleHighlight = useCallback(() => {
    const on = !view.getState().highlight;
    view.getState().setHighlight(on);
    const records = getAppStore().getState().open?.state.records;
    const anything =
      [...(records?.components.values() ?? [])].some((c) => c.onPath) ||
      [...(records?.interactions.values() ?? [])].some((i) => i.onPath);
    if (on && !anything) {
      getAppStore()
        .getState()
        .notify(
          'info',
          'Nothing is on the incident path yet: select a component or an interaction and tick "On the incident path".',
        );
    }
  }, [view]);

  // The figure follows the screen: with the path highlighted, it shows the path highlighted.
  const exportDiagram = useCallback(
    (format: ExportFormat) => void exportFigure('systems', format, { highlightPath: highlight }),
    [highlight],
  );

  const remove = useCallback<SystemsActions['remove']>(
    (ids) => {
      const message = removeSelection({
        zones: (ids.zones ?? []).map(asZoneId),
        components: (ids.components ?? []).map(asComponentId),
        interactions: (ids.interactions ?? []).map(asInteractionId),
      });
      if (!message) return;
      const step = getAppStore().getState().open?.undo.at(-1);
      getAppStore()
        .getState()
        .notify('info', message, {
          label: 'Undo',
          run: () => {
            // Undo only what this notice is about: if other changes came after, say so.
            if (getAppStore().getState().open?.undo.at(-1) !== step) {
              getAppStore()
                .getState()
                .notify('info', 'Later changes came after that delete: undo them first (Ctrl+Z).');
              return;
            }
            getAppStore().getState().undo();
          },
        });
      canvas?.focus({ preventScroll: true });
    },
    [canvas],
  );

  const show = useCallback(
    (id: string) => {
      const state = getAppStore().getState().open?.state;
      if (!state) return;
      resync();
      const component = state.records.components.get(id);
      const interaction = state.records.interactions.get(id);
      let center: Point | null = null;
      if (component) {
        center = {
          x: component.x + COMPONENT_BOX.width / 2,
          y: component.y + COMPONENT_BOX.height / 2,
        };
      } else if (interaction) {
        const a = state.records.components.get(interaction.sourceId);
        const b = state.records.components.get(interaction.targetId);
        if (a && b)
          center = {
            x: (a.x + b.x + COMPONENT_BOX.width) / 2,
            y: (a.y + b.y + COMPONENT_BOX.height) / 2,
          };
      }
      if (!center) return;
      view.getState().select(new Set([id]));
      const zoom = Math.min(Math.max(flow.getZoom(), SHOW_ZOOM), FIT_MAX_ZOOM);
      const at = center;
      // Two frames later: selecting opens the inspector, which narrows the canvas to centre in
      // (React Flow learns the new width from a resize observer, after the next layout).
      requestAnimationFrame(() =>
        requestAnimationFrame(() => void flow.setCenter(at.x, at.y, { zoom, duration: 250 })),
      );
      if (component) focusNode(id);
      else
        requestAnimationFrame(() =>
          document
            .querySelector<SVGElement>(
              `.systems-canvas .react-flow__edge[data-id="${CSS.escape(id)}"]`,
            )
            ?.focus({ preventScroll: true }),
        );
    },
    [flow, view, resync],
  );

  const ready = useFlowReady('debrief:systems-ready');
  const focusedOnOpen = useRef(false);
  useEffect(() => {
    // Focus lands on the diagram when the board opens, so its keys work straight away.
    if (!ready || focusedOnOpen.current || !canvas) return;
    focusedOnOpen.current = true;
    canvas.focus({ preventScroll: true });
  }, [ready, canvas]);

  // Links from other boards ("show this component"): taken once the diagram is fitted.
  const showRequested = useCallback(
    (target: FocusTarget) => {
      if (!ready) return false;
      if (target.collection === 'components' || target.collection === 'interactions')
        show(target.id);
      return true;
    },
    [ready, show],
  );
  useFocusRequest('systems', showRequested);

  const actions = useMemo<SystemsActions>(
    () => ({ remove, show, focusDiagram: () => canvas?.focus({ preventScroll: true }) }),
    [remove, show, canvas],
  );

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (isTypingTarget(event.target) || document.querySelector('dialog[open]')) return;
      if (event.defaultPrevented) return;
      const app = getAppStore().getState();
      const altGr = event.getModifierState('AltGraph');
      const mod = (event.ctrlKey || event.metaKey) && !altGr;
      const key = event.key.toLowerCase();
      const target = event.target instanceof Element ? event.target : null;
      // Keys pressed on the toolbar, the inspector or the legend are theirs (Enter presses a button).
      const onPanel =
        target !== null && target.closest('[role="toolbar"], aside, .systems-legend') !== null;
      const onControl =
        target !== null && target.closest('button, a[href], summary, [role="button"]') !== null;
      if (mod && key === 'z') {
        event.preventDefault();
        if (event.shiftKey) app.redo();
        else app.undo();
        return;
      }
      if (mod && key === 'y') {
        event.preventDefault();
        app.redo();
        return;
      }
      if (mod || (event.altKey && !altGr) || onPanel) return;
      const { selection } = view.getState();
      if (key === 'escape') {
        view.getState().select(new Set());
        return;
      }
      if (key === 'f' && !onControl) {
        event.preventDefault();
        fit();
        return;
      }
      if (app.open?.readOnly) return;
      if (key === 'delete' || key === 'backspace') {
        event.preventDefault();
        remove({
          zones: selection.zones,
          components: selection.components,
          interactions: selection.interactions,
        });
      } else if ((key === 'enter' || key === 'f2') && !onControl) {
        const count =
          selection.components.length + selection.zones.length + selection.interactions.length;
        const only = selection.components[0] ?? selection.zones[0];
        if (count === 1 && only) {
          event.preventDefault();
          view.getState().setEditing(only);
        } else if (count === 1 && selection.interactions[0]) {
          // A line has no name of its own to type over: its label is in the inspector.
          event.preventDefault();
          document
            .querySelector<HTMLInputElement>('.systems-inspector input[type="text"]')
            ?.focus();
        }
      } else if (key.startsWith('arrow') && !target?.closest('.react-flow__node')) {
        // A focused node moves with React Flow's own arrow keys; this is the selection
        // picked with the mouse while the diagram itself has focus.
        const ids = [...selection.components, ...selection.zones];
        if (ids.length === 0) return;
        event.preventDefault();
        const step = NUDGE * (event.shiftKey ? 4 : 1);
        const dx = key === 'arrowleft' ? -step : key === 'arrowright' ? step : 0;
        const dy = key === 'arrowup' ? -step : key === 'arrowdown' ? step : 0;
        const items = droppedItems(view, new Set(ids)).map((item) => ({
          ...item,
          position: { x: item.position.x + dx, y: item.position.y + dy },
        }));
        drop(items);
        resync();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [view, fit, remove, resync]);

  return (
    <SystemsViewContext.Provider value={view}>
      <SystemsActionsContext.Provider value={actions}>
        <div className="systems-board">
          <SystemsPalette
            onAdd={addComponentInView}
            onAddZone={addZoneInView}
            onTemplate={startTemplate}
            onAutoLayout={runAutoLayout}
            onHighlight={toggleHighlight}
            highlight={highlight}
            onFit={fit}
            onLegend={() => setLegend((l) => !l)}
            legend={legend}
            onExport={exportDiagram}
          />
          <div className="systems-body">
            <div
              className={`systems-canvas${highlight ? ' is-highlighting' : ''}`}
              ref={setCanvas}
              tabIndex={-1}
              role="region"
              aria-label="Systems diagram"
              aria-roledescription="diagram"
              aria-busy={!ready}
            >
              <FlowView
                view={view}
                onNodesChange={onNodesChange}
                onEdgesChange={onEdgesChange}
                onDragStart={onDragStart}
                onNodeDragStop={onNodeDragStop}
                onSelectionDragStop={onSelectionDragStop}
                onConnect={onConnect}
                onConnecting={(on) => canvas?.classList.toggle('is-connecting', on)}
              />
              <EmptyDiagramHint onTemplate={startTemplate} />
              {legend && <SystemsLegend onClose={() => setLegend(false)} />}
            </div>
            <SystemsInspector />
          </div>
        </div>
      </SystemsActionsContext.Provider>
    </SystemsViewContext.Provider>
  );
}

/** Adds a request from `source` to `target` and selects it, so its kind and label can be set. */
function connectAndSelect(view: SystemsViewStore, source: string, target: string): string | null {
  const id = connectInteraction(source, target);
  if (!id) return null;
  const state = getAppStore().getState().open?.state;
  if (state) view.getState().sync(state);
  view.getState().select(new Set([id]));
  return id;
}

/** What an empty diagram says: how to start. */
function EmptyDiagramHint({ onTemplate }: { readonly onTemplate: () => void }) {
  const empty = useAppStore(
    (s) =>
      s.open !== null &&
      s.open.state.records.components.size + s.open.state.records.zones.size === 0,
  );
  const pending = useSystemsView((s) => s.pending !== null);
  if (!empty || pending) return null;
  return (
    <div className="systems-empty" role="note">
      <p>
        <strong>No systems yet.</strong> Add components with the buttons above (a service, a
        datastore, a team…), then drag from the dot on one card&apos;s edge to another to connect
        them.
      </p>
      <p>
        <button type="button" onClick={onTemplate}>
          Start from bank template
        </button>{' '}
        to begin with a typical bank&apos;s channels, core, payments, cards and third parties.
      </p>
    </div>
  );
}

interface FlowViewProps {
  readonly view: SystemsViewStore;
  readonly onNodesChange: (changes: NodeChange<SystemsNode>[]) => void;
  readonly onEdgesChange: (changes: EdgeChange<InteractionFlowEdge>[]) => void;
  readonly onDragStart: () => void;
  readonly onNodeDragStop: OnNodeDrag<SystemsNode>;
  readonly onSelectionDragStop: (event: MouseEvent, nodes: SystemsNode[]) => void;
  readonly onConnect: OnConnect;
  /** A connection is being dragged: every card shows its connection points. */
  readonly onConnecting: (on: boolean) => void;
}

/**
 * The only component that re-renders on every drag frame: it subscribes to
 * the node and edge lists and hands them to React Flow.
 */
const FlowView = memo(function FlowView({
  view,
  onNodesChange,
  onEdgesChange,
  onDragStart,
  onNodeDragStop,
  onSelectionDragStop,
  onConnect,
  onConnecting,
}: FlowViewProps) {
  const readOnly = useAppStore((s) => s.open?.readOnly ?? false);
  const nodes = useStore(view, (s) => s.nodes);
  const edges = useStore(view, (s) => s.edges);
  const isValidConnection: IsValidConnection = useCallback((c) => {
    const components = getAppStore().getState().open?.state.records.components;
    return c.source !== c.target && !!components?.has(c.source) && components.has(c.target);
  }, []);
  return (
    <ReactFlow<SystemsNode, InteractionFlowEdge>
      nodes={nodes as SystemsNode[]}
      edges={edges as InteractionFlowEdge[]}
      onNodesChange={onNodesChange}
      onEdgesChange={onEdgesChange}
      nodeTypes={nodeTypes}
      edgeTypes={edgeTypes}
      onNodeDragStart={onDragStart}
      onSelectionDragStart={onDragStart}
      onNodeDragStop={onNodeDragStop}
      onSelectionDragStop={onSelectionDragStop}
      onConnect={onConnect}
      onConnectStart={() => onConnecting(true)}
      onConnectEnd={() => onConnecting(false)}
      isValidConnection={isValidConnection}
      connectionMode={ConnectionMode.Loose}
      connectionRadius={36}
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
      elevateEdgesOnSelect={false}
      // Paint order is ours (zones, lines, cards): a line never crosses over a card.
      zIndexMode="manual"
      nodeDragThreshold={2}
      ariaLabelConfig={ariaLabelConfig}
      // Another window is editing: nothing can be moved or connected here.
      nodesDraggable={!readOnly}
      nodesConnectable={!readOnly}
      proOptions={proOptions}
    >
      <Controls showInteractive={false} showFitView={false} />
      <Panel position="top-right" className="systems-hint">
        <PathHint />
      </Panel>
    </ReactFlow>
  );
});

/** While the path is highlighted, says so (and how to leave it). */
function PathHint() {
  const highlight = useSystemsView((s) => s.highlight);
  if (!highlight) return null;
  return <span role="status">Incident path highlighted</span>;
}

export function SystemsBoard() {
  return (
    <ReactFlowProvider>
      <SystemsCanvas />
    </ReactFlowProvider>
  );
}
