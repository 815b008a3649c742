/**
 * Baseline for the wall benchmarks: a bare React Flow page with `?n=` default
 * nodes of a note's size at the same positions as the Debrief bench wall
 * (lib/layout.ts), written the way the React Flow docs do it (nodes state +
 * applyNodeChanges, default node type, fitView). The only props beyond the
 * docs' are the viewport limits and fit options Debrief uses (minZoom, maxZoom,
 * fitViewOptions), so "whole wall on screen" is the same zoom on both pages.
 *
 * A suite can hand it any other wall instead: `window.__benchBaselineLayout`
 * (a BaselineLayout, set by an init script before the page loads) gives the
 * clusters, drawn as `group` nodes, and the notes with their sizes, drawn as
 * default nodes inside them (`parentId`, the docs' sub-flows), with optional
 * default edges, fit options, and a relayout applied by an "Apply layout" button
 * the docs' way (`setNodes` with the new positions, `fitView` in the next frame): the whys and
 * systems suites' graphs. `?header=` sets the header's height in px, `?right=` and
 * `?bottom=` the space beside and below the flow, so the flow gets exactly the
 * area of Debrief's board.
 *
 * Readiness mirrors Debrief's wall: once useNodesInitialized() is true, two
 * animation frames later it marks `baseline:ready` and clears aria-busy.
 * `#/` shows a link that opens the flow (`#/flow`), like the workshop link on
 * Debrief's home screen.
 */
import {
  applyEdgeChanges,
  applyNodeChanges,
  ReactFlow,
  ReactFlowProvider,
  useNodesInitialized,
  useReactFlow,
  type Edge,
  type EdgeChange,
  type Node,
  type NodeChange,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { StrictMode, useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { createRoot } from 'react-dom/client';
import {
  FIT_MAX_ZOOM,
  FIT_PADDING,
  NOTE_HEIGHT,
  NOTE_WIDTH,
  wallLayout,
  type BaselineLayout,
} from '../lib/layout';

declare global {
  interface Window {
    __benchBaselineLayout?: BaselineLayout;
  }
}

const params = new URLSearchParams(window.location.search);
const header = Number(params.get('header'));
if (header > 0) document.documentElement.style.setProperty('--header-height', `${header}px`);
for (const side of ['right', 'bottom'] as const) {
  const px = Number(params.get(side));
  if (px > 0) document.documentElement.style.setProperty(`--flow-${side}`, `${px}px`);
}

function nodesOf(layout: Pick<BaselineLayout, 'clusters' | 'notes'>): Node[] {
  const clusters = new Map(layout.clusters.map((c) => [c.id, c]));
  return [
    ...layout.clusters.map((c): Node => ({
      id: c.id,
      type: 'group',
      position: { x: c.x, y: c.y },
      width: c.width,
      height: c.height,
      data: {},
    })),
    ...layout.notes.map((n): Node => {
      const parent = n.cluster === null ? undefined : clusters.get(n.cluster);
      return {
        id: n.id,
        position: { x: n.x - (parent?.x ?? 0), y: n.y - (parent?.y ?? 0) },
        width: n.width,
        height: n.height,
        data: { label: n.label },
        ...(parent ? { parentId: parent.id } : {}),
      };
    }),
  ];
}

const given = window.__benchBaselineLayout;
const initialNodes: Node[] = given
  ? nodesOf(given)
  : wallLayout(Number(params.get('n') ?? '500')).notes.map((p, i) => ({
      id: `n${i}`,
      position: { x: p.x, y: p.y },
      width: NOTE_WIDTH,
      height: NOTE_HEIGHT,
      data: { label: `Note ${i + 1}` },
    }));
const initialEdges: Edge[] = (given?.edges ?? []).map((e) => ({ ...e }));
const noteCount = given ? given.notes.length : initialNodes.length;
const fitViewOptions = given?.fit ?? { maxZoom: FIT_MAX_ZOOM, padding: FIT_PADDING };

/** The given layout with its notes and clusters where `relayout` puts them. */
function relaidNodes(layout: BaselineLayout): Node[] | null {
  const relayout = layout.relayout;
  if (!relayout) return null;
  const at = new Map(relayout.notes.map((n) => [n.id, n]));
  return nodesOf({
    clusters: relayout.clusters,
    notes: layout.notes.map((n) => ({ ...n, ...(at.get(n.id) ?? {}) })),
  });
}
const relaid = given ? relaidNodes(given) : null;

function useReady(): boolean {
  const initialized = useNodesInitialized();
  const [ready, setReady] = useState(false);
  useEffect(() => {
    if (ready || !initialized) return;
    let second = 0;
    const first = requestAnimationFrame(() => {
      second = requestAnimationFrame(() => {
        performance.mark('baseline:ready');
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

function Flow() {
  const [nodes, setNodes] = useState<Node[]>(initialNodes);
  const [edges, setEdges] = useState<Edge[]>(initialEdges);
  const onNodesChange = useCallback(
    (changes: NodeChange[]) => setNodes((current) => applyNodeChanges(changes, current)),
    [],
  );
  const onEdgesChange = useCallback(
    (changes: EdgeChange[]) => setEdges((current) => applyEdgeChanges(changes, current)),
    [],
  );
  const ready = useReady();
  const flow = useReactFlow();
  const applyLayout = () => {
    if (!relaid) return;
    setNodes(relaid);
    // The docs' layouting example: fit once the new nodes are in.
    requestAnimationFrame(() => void flow.fitView({ ...fitViewOptions, duration: 250 }));
  };
  return (
    <div className="flow" role="region" aria-label="Baseline flow" aria-busy={!ready}>
      {relaid && (
        <button type="button" className="apply-layout" onClick={applyLayout}>
          Apply layout
        </button>
      )}
      <ReactFlow
        nodes={nodes}
        edges={edges}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        fitView
        fitViewOptions={fitViewOptions}
        minZoom={0.05}
        maxZoom={2.5}
      />
    </div>
  );
}

const subscribe = (listener: () => void) => {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
};

function App() {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  const open = hash === '#/flow';
  return (
    <div className="page">
      <header>
        <strong>
          Baseline: {noteCount} default nodes
          {given?.clusters.length ? ` in ${given.clusters.length} groups` : ''}
          {initialEdges.length ? `, ${initialEdges.length} edges` : ''}
        </strong>
        {open ? <a href="#/">Back</a> : <a href="#/flow">Open flow</a>}
      </header>
      {open && (
        <ReactFlowProvider>
          <Flow />
        </ReactFlowProvider>
      )}
    </div>
  );
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element.');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
