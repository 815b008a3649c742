/**
 * Overview mode: below OVERVIEW_ZOOM the whole wall is usually on screen and
 * notes are too small to read or grab. There, notes leave React Flow's DOM
 * (hidden nodes) and are drawn by this one canvas instead, redrawn at most once
 * per frame when the viewport or the nodes change. Thousands of positioned DOM
 * nodes made every pan frame pay for compositing and hit-testing each one
 * (see test/bench); one canvas does not. Clusters stay real nodes, so they can
 * still be selected and dragged, and their notes are drawn moving with them.
 */
import { useStoreApi, useStore as useFlowStore, type ReactFlowState } from '@xyflow/react';
import { memo, useEffect, useRef } from 'react';
import { NOTE_SIZE, type Note, type NoteColor } from '../../shared/wall/records';
import type { WallNode } from './wallViewStore';
import { getAppStore } from '../store/useAppStore';
import { useWallView, useWallViewStore } from './wallContext';

/** The notes' fill colours, the same as --note-* in styles.css, so zooming out changes no colour. */
const NOTE_FILLS: Record<NoteColor, string> = {
  yellow: '#fde68a',
  pink: '#fbcfe8',
  blue: '#bfdbfe',
  green: '#bbf7d0',
  orange: '#fed7aa',
  purple: '#ddd6fe',
};

const NO_NOTES: ReadonlyMap<string, Note> = new Map();

/** Zoom below which notes are drawn on the overview canvas instead of as DOM nodes. */
export const OVERVIEW_ZOOM = 0.3;

const isFar = (s: ReactFlowState) => s.transform[2] < OVERVIEW_ZOOM;

function drawOverview(
  canvas: HTMLCanvasElement,
  flow: ReactFlowState,
  nodes: readonly WallNode[],
  notes: ReadonlyMap<string, Note>,
): void {
  const ratio = window.devicePixelRatio || 1;
  const width = Math.round(flow.width * ratio);
  const height = Math.round(flow.height * ratio);
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  }
  const context = canvas.getContext('2d');
  if (!context) return;
  const [tx, ty, zoom] = flow.transform;
  context.setTransform(1, 0, 0, 1, 0, 0);
  context.clearRect(0, 0, width, height);
  context.setTransform(ratio * zoom, 0, 0, ratio * zoom, ratio * tx, ratio * ty);
  // The visible part of the wall, in wall units, to skip notes off screen.
  const left = -tx / zoom - NOTE_SIZE.width;
  const top = -ty / zoom - NOTE_SIZE.height;
  const right = (flow.width - tx) / zoom;
  const bottom = (flow.height - ty) / zoom;
  const clusterAt = new Map<string, { x: number; y: number }>();
  for (const node of nodes) if (node.type === 'cluster') clusterAt.set(node.id, node.position);
  context.strokeStyle = '#2450d3';
  context.lineWidth = 3 / zoom;
  for (const node of nodes) {
    if (node.type !== 'note') continue;
    const parent = node.parentId ? clusterAt.get(node.parentId) : undefined;
    const x = node.position.x + (parent?.x ?? 0);
    const y = node.position.y + (parent?.y ?? 0);
    if (x < left || x > right || y < top || y > bottom) continue;
    const note = notes.get(node.id);
    context.fillStyle = note ? NOTE_FILLS[note.color] : '#ccc';
    const height = node.height ?? NOTE_SIZE.height;
    context.fillRect(x, y, NOTE_SIZE.width, height);
    if (node.selected) context.strokeRect(x, y, NOTE_SIZE.width, height);
  }
}

export const WallOverviewLayer = memo(function WallOverviewLayer() {
  const view = useWallViewStore();
  const flowStore = useStoreApi();
  const far = useFlowStore(isFar);
  const overview = useWallView((s) => s.overview);
  const canvas = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    view.getState().setOverview(far);
  }, [far, view]);

  useEffect(() => {
    if (!overview) return;
    let frame = 0;
    let drawn: unknown[] = [];
    const drawNow = () => {
      frame = 0;
      const flow = flowStore.getState();
      const { nodes } = view.getState();
      const notes = getAppStore().getState().open?.state.records.notes ?? NO_NOTES;
      const inputs = [flow.transform, flow.width, flow.height, nodes, notes];
      if (inputs.every((value, i) => value === drawn[i])) return;
      drawn = inputs;
      if (canvas.current) drawOverview(canvas.current, flow, nodes, notes);
    };
    const schedule = () => {
      frame ||= requestAnimationFrame(drawNow);
    };
    const unsubscribe = [
      view.subscribe(schedule),
      flowStore.subscribe(schedule),
      getAppStore().subscribe(schedule),
    ];
    schedule();
    return () => {
      for (const stop of unsubscribe) stop();
      cancelAnimationFrame(frame);
    };
  }, [overview, view, flowStore]);

  return overview ? <canvas ref={canvas} className="wall-overview" aria-hidden="true" /> : null;
});
