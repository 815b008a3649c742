/**
 * The wall's viewport, for the room: fitting that keeps text readable, zooming
 * to a cluster and stepping through clusters, and the level of detail decided
 * by what is on screen (how big note text is drawn and how many notes are in
 * view), never by a fixed zoom.
 */
import { useReactFlow, useStoreApi, type ReactFlowState } from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import type { Cluster } from '../../shared/wall/records';
import type { WallNode, WallViewStore } from './wallViewStore';
import { getAppStore } from '../store/useAppStore';
import { NOTE_FONT_SIZE } from './noteLayout';
import { intersects, noteBox, readingOrder, unionOf, type Rect } from './wallGeometry';

/** On-screen note text size (px) that can be read from the back of a meeting room. */
export const READABLE_TEXT_PX = 14;
/** Below this on-screen text size notes are drawn as coloured cards. */
const MIN_TEXT_PX = 5.5;
/** Above this many notes in view, text and controls cost more per frame than they give. */
const MAX_DETAILED_NOTES = 300;
/** Fitting never enlarges a small wall beyond this (18 px type at 1.25 is 22.5 px on screen). */
export const FIT_MAX_ZOOM = 1.25;

/** Room around fitted content, in screen pixels; the top leaves space for cluster titles above. */
export const FIT_PADDING = { top: '48px', right: '32px', bottom: '24px', left: '32px' } as const;
/** The same padding in total, for working out zooms by hand. */
const FIT_PADDING_X = 64;
const FIT_PADDING_Y = 72;

/** Width over height of the part of the wall element content is fitted into. */
export function usableAspect(rect: { width: number; height: number } | undefined): number {
  if (!rect || rect.height <= FIT_PADDING_Y || rect.width <= FIT_PADDING_X) return 16 / 9;
  return (rect.width - FIT_PADDING_X) / (rect.height - FIT_PADDING_Y);
}

export const textPxAt = (zoom: number): number => NOTE_FONT_SIZE * zoom;

/** Clusters in reading order (lanes left to right, rows top to bottom): the order of 1–9, ] and [. */
export function clustersInOrder(): Cluster[] {
  const clusters = getAppStore().getState().open?.state.records.clusters;
  return clusters ? readingOrder([...clusters.values()]) : [];
}

/** Everything on the wall, in wall units (null for an empty wall). */
export function contentBounds(): Rect | null {
  const state = getAppStore().getState().open?.state;
  if (!state) return null;
  return unionOf([
    ...[...state.records.clusters.values()],
    ...[...state.records.notes.values()].map(noteBox),
  ]);
}

/**
 * Level of detail from what is on screen: text and controls while note text is
 * drawn at MIN_TEXT_PX or more and no more than MAX_DETAILED_NOTES notes are in
 * view, coloured cards otherwise. A small margin (hysteresis) keeps it from
 * flickering at the threshold while zooming.
 */
export function detailFor(
  zoom: number,
  visibleNotes: number,
  current: 'full' | 'blocks',
): 'full' | 'blocks' {
  const margin = current === 'full' ? 0.9 : 1;
  const textPx = textPxAt(zoom);
  return textPx >= MIN_TEXT_PX * margin && visibleNotes * margin <= MAX_DETAILED_NOTES
    ? 'full'
    : 'blocks';
}

function visibleRect(flow: Pick<ReactFlowState, 'transform' | 'width' | 'height'>): Rect {
  const [tx, ty, zoom] = flow.transform;
  return { x: -tx / zoom, y: -ty / zoom, width: flow.width / zoom, height: flow.height / zoom };
}

/** Counts notes in view, stopping once the answer cannot change the level of detail. */
function countVisible(view: Rect, nodes: readonly WallNode[]): number {
  const parents = new Map<string, { x: number; y: number }>();
  let count = 0;
  for (const node of nodes) {
    if (node.type === 'cluster') {
      parents.set(node.id, node.position);
      continue;
    }
    const parent = node.parentId ? parents.get(node.parentId) : undefined;
    const box = {
      x: node.position.x + (parent?.x ?? 0),
      y: node.position.y + (parent?.y ?? 0),
      width: node.width ?? 0,
      height: node.height ?? 0,
    };
    if (intersects(view, box)) count += 1;
    if (count > MAX_DETAILED_NOTES * 1.2) break;
  }
  return count;
}

/**
 * Keeps the view store's level of detail and the wall element's `--wall-zoom`
 * (used by CSS to keep cluster titles readable) in step with the viewport,
 * once per frame at most.
 */
export function useLevelOfDetail(view: WallViewStore, wall: HTMLElement | null): void {
  const flowStore = useStoreApi<WallNode>();
  useEffect(() => {
    let frame = 0;
    let zoomShown = NaN;
    const update = () => {
      frame = 0;
      const flow = flowStore.getState();
      const zoom = flow.transform[2];
      if (wall && zoom !== zoomShown) {
        zoomShown = zoom;
        wall.style.setProperty('--wall-zoom', String(zoom));
      }
      const state = view.getState();
      // Far out the overview canvas draws notes anyway; skip counting.
      if (state.overview) return;
      const visible = flow.width > 0 ? countVisible(visibleRect(flow), state.nodes) : 0;
      state.setDetail(detailFor(zoom, visible, state.detail));
    };
    const schedule = () => {
      frame ||= requestAnimationFrame(update);
    };
    const stops = [flowStore.subscribe(schedule), view.subscribe(schedule)];
    update();
    return () => {
      for (const stop of stops) stop();
      cancelAnimationFrame(frame);
    };
  }, [flowStore, view, wall]);
}

/** Where stepping through the clusters stands: a cluster, and a part of it when it is big. */
export interface ClusterStop {
  readonly cluster: Cluster;
  /** 0-based part of the cluster on screen, of `parts` (1 when it fits readably). */
  readonly part: number;
  readonly parts: number;
}

export interface WallViewport {
  /** Fits the whole wall; returns the zoom it settles on. */
  fitAll(animate?: boolean): number;
  zoomToCluster(clusterId: string): ClusterStop | null;
  /**
   * The next (+1) or previous (-1) stop in reading order: each cluster, and a
   * cluster too big to read whole is shown in parts at a readable size.
   */
  stepCluster(direction: 1 | -1): ClusterStop | null;
  zoomToRect(rect: Rect): void;
  /** Pans (zooming out only if it must) so that all of `rect` is on screen. */
  reveal(rect: Rect): void;
  /** Centres a note at a readable size (search results, the ranked list). */
  showNote(noteId: string): void;
}

/** The zoom at which note text is READABLE_TEXT_PX on screen (with a little to spare). */
const READABLE_ZOOM = (READABLE_TEXT_PX + 0.5) / NOTE_FONT_SIZE;

/** Fit, zoom-to-cluster and stepping, all with the same readable padding. */
export function useWallViewport(): WallViewport {
  // Which cluster and part ] and [ step from (by id: clusters come and go while presenting).
  const cursor = useRef<{ id: string | null; part: number }>({ id: null, part: 0 });
  const flow = useReactFlow<WallNode>();
  const flowStore = useStoreApi<WallNode>();

  const usable = useCallback(() => {
    const { width, height } = flowStore.getState();
    // A wall not laid out yet (no size) counts as a small screen, not as a 1-pixel one.
    return {
      width: Math.max(320, width - FIT_PADDING_X),
      height: Math.max(240, height - FIT_PADDING_Y),
    };
  }, [flowStore]);

  const zoomFor = useCallback(
    (rect: Rect, maxZoom: number) => {
      const { minZoom } = flowStore.getState();
      const area = usable();
      const zoom = Math.min(area.width / rect.width, area.height / rect.height, maxZoom);
      return Math.max(minZoom, zoom);
    },
    [flowStore, usable],
  );

  const zoomToRect = useCallback(
    (rect: Rect) => {
      const zoom = zoomFor(rect, FIT_MAX_ZOOM);
      // Centred slightly low: the top padding leaves room for the cluster's title.
      void flow.setCenter(rect.x + rect.width / 2, rect.y + rect.height / 2 - 12 / zoom, {
        zoom,
        duration: 250,
      });
    },
    [flow, zoomFor],
  );

  /** How a cluster splits into screenfuls at a readable zoom (1 part when it fits readably). */
  const partsOf = useCallback(
    (rect: Rect) => {
      if (zoomFor(rect, FIT_MAX_ZOOM) >= READABLE_ZOOM) return { columns: 1, rows: 1 };
      const area = usable();
      const viewW = area.width / READABLE_ZOOM;
      const viewH = area.height / READABLE_ZOOM;
      return {
        columns: Math.max(1, Math.ceil(rect.width / viewW - 0.05)),
        rows: Math.max(1, Math.ceil(rect.height / viewH - 0.05)),
      };
    },
    [usable, zoomFor],
  );

  const show = useCallback(
    (cluster: Cluster, part: number): ClusterStop => {
      const { columns, rows } = partsOf(cluster);
      const parts = columns * rows;
      if (parts === 1) {
        zoomToRect(cluster);
        return { cluster, part: 0, parts };
      }
      const area = usable();
      const viewW = area.width / READABLE_ZOOM;
      const viewH = area.height / READABLE_ZOOM;
      const column = part % columns;
      const row = Math.floor(part / columns);
      // Parts tile the cluster; the last column and row are aligned to its far edges.
      const left =
        columns === 1
          ? cluster.x + cluster.width / 2 - viewW / 2
          : Math.min(cluster.x + column * viewW, cluster.x + cluster.width - viewW);
      const top = Math.min(cluster.y + row * viewH, cluster.y + cluster.height - viewH);
      void flow.setCenter(left + viewW / 2, top + viewH / 2 - 12 / READABLE_ZOOM, {
        zoom: READABLE_ZOOM,
        duration: 250,
      });
      return { cluster, part, parts };
    },
    [flow, partsOf, usable, zoomToRect],
  );

  return useMemo<WallViewport>(
    () => ({
      fitAll(animate = true) {
        cursor.current = { id: null, part: 0 };
        const bounds = contentBounds();
        if (!bounds) {
          void flow.setViewport({ x: 40, y: 40, zoom: 1 }, { duration: animate ? 200 : 0 });
          return 1;
        }
        void flow.fitView({
          padding: FIT_PADDING,
          maxZoom: FIT_MAX_ZOOM,
          includeHiddenNodes: true,
          duration: animate ? 250 : 0,
        });
        return zoomFor(bounds, FIT_MAX_ZOOM);
      },
      zoomToCluster(clusterId) {
        const clusters = clustersInOrder();
        const index = clusters.findIndex((c) => c.id === clusterId);
        const cluster = clusters[index];
        if (!cluster) return null;
        cursor.current = { id: cluster.id, part: 0 };
        return show(cluster, 0);
      },
      stepCluster(direction) {
        const clusters = clustersInOrder();
        if (clusters.length === 0) return null;
        const { id, part } = cursor.current;
        const index = clusters.findIndex((c) => c.id === id);
        const here = clusters[index];
        if (here) {
          const { columns, rows } = partsOf(here);
          const next = Math.min(part, columns * rows - 1) + direction;
          if (next >= 0 && next < columns * rows) {
            cursor.current = { id: here.id, part: next };
            return show(here, next);
          }
        }
        const nextIndex =
          index < 0 || index >= clusters.length
            ? direction === 1
              ? 0
              : clusters.length - 1
            : (index + direction + clusters.length) % clusters.length;
        const cluster = clusters[nextIndex];
        if (!cluster) return null;
        const { columns, rows } = partsOf(cluster);
        const nextPart = direction === 1 ? 0 : columns * rows - 1;
        cursor.current = { id: cluster.id, part: nextPart };
        return show(cluster, nextPart);
      },
      zoomToRect,
      reveal(rect) {
        const flowState = flowStore.getState();
        const [tx, ty, zoom] = flowState.transform;
        const margin = 24 / zoom;
        const view = {
          x: -tx / zoom + margin,
          y: -ty / zoom + margin,
          width: flowState.width / zoom - 2 * margin,
          height: flowState.height / zoom - 2 * margin,
        };
        if (rect.width > view.width || rect.height > view.height) {
          zoomToRect(rect);
          return;
        }
        // Pan only as far as needed, so what was in view mostly stays there.
        const dx =
          rect.x < view.x
            ? rect.x - view.x
            : Math.max(0, rect.x + rect.width - (view.x + view.width));
        const dy =
          rect.y < view.y
            ? rect.y - view.y
            : Math.max(0, rect.y + rect.height - (view.y + view.height));
        if (dx === 0 && dy === 0) return;
        void flow.setViewport({ x: tx - dx * zoom, y: ty - dy * zoom, zoom }, { duration: 200 });
      },
      showNote(noteId) {
        const note = getAppStore().getState().open?.state.records.notes.get(noteId);
        if (!note) return;
        const box = noteBox(note);
        // Close enough to read, never further out than it already is.
        const zoom = Math.max(flow.getZoom(), READABLE_ZOOM + 0.1);
        void flow.setCenter(box.x + box.width / 2, box.y + box.height / 2, {
          zoom: Math.min(zoom, FIT_MAX_ZOOM),
          duration: 250,
        });
      },
    }),
    [flow, flowStore, partsOf, show, zoomFor, zoomToRect],
  );
}
