/**
 * The wall's minimap: every cluster and note drawn once into a small canvas
 * when the wall changes, with the visible area as an outline on top that
 * follows the viewport. React Flow's own MiniMap subscribes one selector per
 * node to every store update, which measurably slowed dragging and editing on
 * large walls (see test/bench); this one costs one canvas draw per change.
 * Click or drag on it to move the view there.
 */
import { useReactFlow, useStore as useFlowStore, type ReactFlowState } from '@xyflow/react';
import { memo, useEffect, useMemo, useRef, useState, type PointerEvent } from 'react';
import { NOTE_SIZE, type NoteColor } from '../../shared/wall/records';
import type { WorkshopState } from '../../shared/registry';
import { useAppStore } from '../store/useAppStore';
import { noteHeight } from './noteLayout';
import type { Rect } from './wallGeometry';

const WIDTH = 200;
const HEIGHT = 140;
const PADDING = 200;

const MINIMAP_COLORS: Record<NoteColor, string> = {
  yellow: '#f2cd3c',
  pink: '#ef8fb8',
  blue: '#7fbcf0',
  green: '#86cf78',
  orange: '#f3a75a',
  purple: '#b596ec',
};

/** The area the minimap shows: all content, padded and centred (or a default area for an empty wall). */
function contentBounds(state: WorkshopState): Rect {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const include = (x: number, y: number, w: number, h: number) => {
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x + w);
    maxY = Math.max(maxY, y + h);
  };
  for (const c of [...state.records.clusters.values()]) include(c.x, c.y, c.width, c.height);
  for (const n of [...state.records.notes.values()])
    include(n.x, n.y, NOTE_SIZE.width, noteHeight(n.text));
  if (minX === Infinity) return { x: -500, y: -350, width: 1000, height: 700 };
  // Widen the shorter side so the content sits centred in the minimap's frame.
  const width = maxX - minX + 2 * PADDING;
  const height = maxY - minY + 2 * PADDING;
  const framedWidth = Math.max(width, (height * WIDTH) / HEIGHT);
  const framedHeight = Math.max(height, (width * HEIGHT) / WIDTH);
  return {
    x: minX - PADDING - (framedWidth - width) / 2,
    y: minY - PADDING - (framedHeight - height) / 2,
    width: framedWidth,
    height: framedHeight,
  };
}

const REDRAW_DELAY_MS = 120;

function draw(
  context: CanvasRenderingContext2D,
  state: WorkshopState,
  bounds: Rect,
  scale: number,
) {
  const ratio = window.devicePixelRatio || 1;
  context.setTransform(
    ratio * scale,
    0,
    0,
    ratio * scale,
    -bounds.x * ratio * scale,
    -bounds.y * ratio * scale,
  );
  context.clearRect(bounds.x, bounds.y, bounds.width, bounds.height);
  context.fillStyle = 'rgba(120, 138, 180, 0.28)';
  for (const c of [...state.records.clusters.values()])
    context.fillRect(c.x, c.y, c.width, c.height);
  for (const n of [...state.records.notes.values()]) {
    context.fillStyle = MINIMAP_COLORS[n.color];
    context.fillRect(n.x, n.y, NOTE_SIZE.width, noteHeight(n.text));
  }
}

const viewportOf = (s: ReactFlowState) => `${s.transform.join(',')},${s.width},${s.height}`;

export const WallMinimap = memo(function WallMinimap() {
  // The minimap follows the wall a moment later, off the path of the edit that changed it.
  const live = useAppStore((s) => s.open?.state);
  const [state, setState] = useState(live);
  useEffect(() => {
    const timer = setTimeout(() => setState(live), REDRAW_DELAY_MS);
    return () => clearTimeout(timer);
  }, [live]);
  const canvas = useRef<HTMLCanvasElement>(null);
  const flow = useReactFlow();
  const viewport = useFlowStore(viewportOf);
  const bounds = useMemo(() => (state ? contentBounds(state) : null), [state]);
  const scale = bounds ? Math.min(WIDTH / bounds.width, HEIGHT / bounds.height) : 1;

  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (context && state && bounds) draw(context, state, bounds, scale);
  }, [state, bounds, scale]);

  if (!bounds) return null;
  const [tx = 0, ty = 0, zoom = 1, screenW = 0, screenH = 0] = viewport.split(',').map(Number);
  // The view's outline, clipped to the frame: a view larger than the wall outlines the frame.
  const rawX = (-tx / zoom - bounds.x) * scale;
  const rawY = (-ty / zoom - bounds.y) * scale;
  const left = Math.min(Math.max(rawX, 0), WIDTH);
  const top = Math.min(Math.max(rawY, 0), HEIGHT);
  const visible = {
    x: left,
    y: top,
    width: Math.max(0, Math.min(rawX + (screenW / zoom) * scale, WIDTH) - left),
    height: Math.max(0, Math.min(rawY + (screenH / zoom) * scale, HEIGHT) - top),
  };

  const moveTo = (event: PointerEvent<HTMLDivElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    const x = bounds.x + (event.clientX - box.left) / scale;
    const y = bounds.y + (event.clientY - box.top) / scale;
    void flow.setCenter(x, y, { zoom: flow.getZoom() });
  };

  return (
    <div
      className="wall-minimap"
      role="img"
      aria-label="Minimap of the wall"
      onPointerDown={(e) => {
        e.currentTarget.setPointerCapture(e.pointerId);
        moveTo(e);
      }}
      onPointerMove={(e) => {
        if (e.currentTarget.hasPointerCapture(e.pointerId)) moveTo(e);
      }}
    >
      <canvas
        ref={canvas}
        width={WIDTH * (window.devicePixelRatio || 1)}
        height={HEIGHT * (window.devicePixelRatio || 1)}
        style={{ width: WIDTH, height: HEIGHT }}
      />
      <div
        className="wall-minimap-view"
        style={{
          transform: `translate(${visible.x}px, ${visible.y}px)`,
          width: visible.width,
          height: visible.height,
        }}
      />
    </div>
  );
});
