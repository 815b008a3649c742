/**
 * Geometry of the wall, independent of React Flow: where a dropped note lands,
 * the bounds of a new cluster around a selection, where default lanes go.
 * Pure functions so they are unit-tested without a browser.
 */
import type { Cluster, Note } from '../../shared/wall/records';
import { DEFAULT_LANES, NOTE_SIZE } from '../../shared/wall/records';

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Space above notes for the cluster's name, and around them. */
export const CLUSTER_HEADER = 44;
export const CLUSTER_PADDING = 20;
export const LANE_SIZE = { width: 420, height: 760, gap: 40 } as const;

export const noteCenter = (p: Point): Point => ({
  x: p.x + NOTE_SIZE.width / 2,
  y: p.y + NOTE_SIZE.height / 2,
});

export const contains = (r: Rect, p: Point): boolean =>
  p.x >= r.x && p.x <= r.x + r.width && p.y >= r.y && p.y <= r.y + r.height;

/**
 * The cluster a note dropped at `position` belongs to: the smallest cluster
 * containing the note's centre (so a cluster drawn inside a lane wins).
 */
export function clusterAt(
  position: Point,
  clusters: Iterable<Cluster>,
  exclude: ReadonlySet<string> = new Set(),
): Cluster | null {
  const center = noteCenter(position);
  let best: Cluster | null = null;
  for (const cluster of clusters) {
    if (exclude.has(cluster.id) || !contains(cluster, center)) continue;
    if (!best || cluster.width * cluster.height < best.width * best.height) best = cluster;
  }
  return best;
}

/** The unclustered note under a dropped note's centre, if any (dropping on a note makes a cluster). */
export function noteAt(
  position: Point,
  notes: Iterable<Note>,
  exclude: ReadonlySet<string>,
): Note | null {
  const center = noteCenter(position);
  for (const note of notes) {
    if (exclude.has(note.id) || note.clusterId !== null) continue;
    if (contains({ x: note.x, y: note.y, ...NOTE_SIZE }, center)) return note;
  }
  return null;
}

/** Bounds of a cluster that encloses the given note positions with room for its name. */
export function boundsAround(positions: readonly Point[]): Rect {
  const xs = positions.map((p) => p.x);
  const ys = positions.map((p) => p.y);
  const minX = Math.min(...xs) - CLUSTER_PADDING;
  const minY = Math.min(...ys) - CLUSTER_PADDING - CLUSTER_HEADER;
  const maxX = Math.max(...xs) + NOTE_SIZE.width + CLUSTER_PADDING;
  const maxY = Math.max(...ys) + NOTE_SIZE.height + CLUSTER_PADDING;
  return { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
}

/** Lays two notes side by side inside a new cluster (dropping one note on another). */
export function pairLayout(target: Point): readonly [Point, Point] {
  return [target, { x: target.x + NOTE_SIZE.width + CLUSTER_PADDING, y: target.y }];
}

/** Rectangles for the four default postmortem lanes, placed to the right of existing content. */
export function laneRects(existing: readonly Rect[]): { name: string; rect: Rect }[] {
  const right = existing.length
    ? Math.max(...existing.map((r) => r.x + r.width)) + LANE_SIZE.gap
    : 0;
  const top = existing.length ? Math.min(...existing.map((r) => r.y)) : 0;
  return DEFAULT_LANES.map((name, i) => ({
    name,
    rect: {
      x: right + i * (LANE_SIZE.width + LANE_SIZE.gap),
      y: top,
      width: LANE_SIZE.width,
      height: LANE_SIZE.height,
    },
  }));
}

/**
 * The first place near `center` where a new note does not cover another one,
 * searching outwards ring by ring (so notes added from the keyboard never stack).
 */
export function freeSpotNear(center: Point, notes: readonly Point[], maxRings = 6): Point {
  const stepX = NOTE_SIZE.width + 16;
  const stepY = NOTE_SIZE.height + 16;
  const overlaps = (p: Point) =>
    notes.some((n) => {
      const c = noteCenter(n);
      return Math.abs(c.x - p.x) < NOTE_SIZE.width && Math.abs(c.y - p.y) < NOTE_SIZE.height;
    });
  for (let ring = 0; ring <= maxRings; ring += 1) {
    for (let dy = -ring; dy <= ring; dy += 1) {
      for (let dx = -ring; dx <= ring; dx += 1) {
        if (Math.max(Math.abs(dx), Math.abs(dy)) !== ring) continue;
        const candidate = { x: center.x + dx * stepX, y: center.y + dy * stepY };
        if (!overlaps(candidate)) return candidate;
      }
    }
  }
  return center;
}

/**
 * Positions for `count` notes in a compact grid whose first cell is at `origin`,
 * used when a new cluster around scattered notes would otherwise cover others.
 */
export function gridLayout(origin: Point, count: number): Point[] {
  const columns = Math.max(1, Math.ceil(Math.sqrt(count)));
  return Array.from({ length: count }, (_, i) => ({
    x: origin.x + (i % columns) * (NOTE_SIZE.width + CLUSTER_PADDING),
    y: origin.y + Math.floor(i / columns) * (NOTE_SIZE.height + CLUSTER_PADDING),
  }));
}

/** Whether `rect` would contain the centre of any note not in `members`. */
export function coversOthers(
  rect: Rect,
  notes: Iterable<Note>,
  members: ReadonlySet<string>,
): boolean {
  for (const note of notes) {
    if (!members.has(note.id) && contains(rect, noteCenter(note))) return true;
  }
  return false;
}
