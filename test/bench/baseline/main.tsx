/**
 * Baseline for the wall benchmark: a bare React Flow page with `?n=` default
 * nodes at the same positions as the Debrief bench wall, written the way the
 * React Flow docs do it (nodes state + applyNodeChanges, default node type,
 * fitView). The only props beyond the docs' are the viewport limits Debrief
 * uses (minZoom, maxZoom, fitViewOptions), so "whole wall on screen" is the
 * same zoom on both pages.
 *
 * Readiness mirrors Debrief's wall: once useNodesInitialized() is true, two
 * animation frames later it marks `baseline:ready` and clears aria-busy.
 * `#/` shows a link that opens the flow (`#/flow`), like the workshop link on
 * Debrief's home screen.
 */
import {
  applyNodeChanges,
  ReactFlow,
  ReactFlowProvider,
  useNodesInitialized,
  type Node,
  type NodeChange,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { StrictMode, useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { createRoot } from 'react-dom/client';
import { wallLayout } from '../lib/layout';

const count = Number(new URLSearchParams(window.location.search).get('n') ?? '500');
const initialNodes: Node[] = wallLayout(count).notes.map((p, i) => ({
  id: `n${i}`,
  position: { x: p.x, y: p.y },
  data: { label: `Note ${i + 1}` },
}));

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
  const onNodesChange = useCallback(
    (changes: NodeChange[]) => setNodes((current) => applyNodeChanges(changes, current)),
    [],
  );
  const ready = useReady();
  return (
    <div className="flow" role="region" aria-label="Baseline flow" aria-busy={!ready}>
      <ReactFlow
        nodes={nodes}
        onNodesChange={onNodesChange}
        fitView
        fitViewOptions={{ maxZoom: 1, padding: 0.1 }}
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
        <strong>Baseline: {count} default nodes</strong>
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
