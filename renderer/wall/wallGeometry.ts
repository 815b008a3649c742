/**
 * Geometry of the wall, independent of React Flow: where a dropped note lands,
 * the bounds of a new cluster, where lanes and new clusters go without covering
 * anything, how a cluster is tidied into a grid. Notes are boxes (their height
 * grows with their text: noteLayout.ts). Pure functions, unit-tested in Node.
 */
import type { Cluster, Note } from '../../shared/wall/records';
import { DEFAULT_LANES, NOTE_SIZE } from '../../shared/wall/records';
import { readingOrder } from '../../shared/wall/search';
import { noteSize, type Size } from './noteLayout';

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

/** Space at the top of a cluster for its name, around its notes, and between notes. */
export const CLUSTER_HEADER = 56;
export const CLUSTER_PADDING = 16;
export const NOTE_GAP = 16;
/** A default lane holds one column of notes, so four lanes side by side fit a projector. */
export const LANE_SIZE = {
  width: NOTE_SIZE.width + 2 * CLUSTER_PADDING,
  height: 560,
  gap: 48,
} as const;

/** Wall coordinates are stored as whole units. */
export const roundRect = (r: Rect): Rect => ({
  x: Math.round(r.x),
  y: Math.round(r.y),
  width: Math.round(r.width),
  height: Math.round(r.height),
});

export const sameRect = (a: Rect, b: Rect): boolean =>
  a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;

export const noteBox = (note: Pick<Note, 'x' | 'y' | 'text'>): Rect => ({
  x: note.x,
  y: note.y,
  ...noteSize(note.text),
});

export const centerOf = (r: Rect): Point => ({ x: r.x + r.width / 2, y: r.y + r.height / 2 });

export const contains = (r: Rect, p: Point): boolean =>
  p.x >= r.x && p.x <= r.x + r.width && p.y >= r.y && p.y <= r.y + r.height;

/** Whether two rectangles overlap, with `margin` of air required between them. */
export const intersects = (a: Rect, b: Rect, margin = 0): boolean =>
  a.x < b.x + b.width + margin &&
  b.x < a.x + a.width + margin &&
  a.y < b.y + b.height + margin &&
  b.y < a.y + a.height + margin;

/** The smallest rectangle around all of `rects` (null for none). */
export function unionOf(rects: Iterable<Rect>): Rect | null {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const r of rects) {
    minX = Math.min(minX, r.x);
    minY = Math.min(minY, r.y);
    maxX = Math.max(maxX, r.x + r.width);
    maxY = Math.max(maxY, r.y + r.height);
  }
  return minX === Infinity ? null : { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
}

/**
 * The cluster a note dropped as `box` belongs to: the smallest cluster
 * containing the note's centre (so a cluster drawn inside a lane wins).
 */
export function clusterAt(
  box: Rect,
  clusters: Iterable<Cluster>,
  exclude: ReadonlySet<string> = new Set(),
): Cluster | null {
  const center = centerOf(box);
  let best: Cluster | null = null;
  for (const cluster of clusters) {
    if (exclude.has(cluster.id) || !contains(cluster, center)) continue;
    if (!best || cluster.width * cluster.height < best.width * best.height) best = cluster;
  }
  return best;
}

/** The unclustered note under a dropped note's centre, if any (dropping on a note makes a cluster). */
export function noteAt(
  box: Rect,
  notes: Iterable<Note>,
  exclude: ReadonlySet<string>,
): Note | null {
  const center = centerOf(box);
  for (const note of notes) {
    if (exclude.has(note.id) || note.clusterId !== null) continue;
    if (contains(noteBox(note), center)) return note;
  }
  return null;
}

/** Bounds of a cluster that encloses the given note boxes with room for its name. */
export function boundsAround(boxes: readonly Rect[]): Rect {
  const inner = unionOf(boxes) ?? { x: 0, y: 0, width: NOTE_SIZE.width, height: NOTE_SIZE.height };
  return {
    x: inner.x - CLUSTER_PADDING,
    y: inner.y - CLUSTER_PADDING - CLUSTER_HEADER,
    width: inner.width + 2 * CLUSTER_PADDING,
    height: inner.height + 2 * CLUSTER_PADDING + CLUSTER_HEADER,
  };
}

/** Rectangles for the four default postmortem lanes, side by side right of existing content. */
export function laneRects(existing: readonly Rect[]): { name: string; rect: Rect }[] {
  const bounds = unionOf(existing);
  const left = bounds ? bounds.x + bounds.width + LANE_SIZE.gap : 0;
  const top = bounds ? bounds.y : 0;
  return DEFAULT_LANES.map((name, i) => ({
    name,
    rect: {
      x: left + i * (LANE_SIZE.width + LANE_SIZE.gap),
      y: top,
      width: LANE_SIZE.width,
      height: LANE_SIZE.height,
    },
  }));
}

/**
 * The top-left corner nearest `start` where a `size` box overlaps none of
 * `obstacles` (with NOTE_GAP of air), searching outwards ring by ring in steps
 * of `step`. Used for new notes, new clusters and lanes, so nothing new is ever
 * put on top of what is there.
 */
export function freeSpotNear(
  start: Point,
  size: Size,
  obstacles: readonly Rect[],
  step: Point = { x: size.width + NOTE_GAP, y: size.height + NOTE_GAP },
  maxRings = 24,
): Point {
  // Only the size counts (callers may pass a whole rectangle as `size`).
  const { width, height } = size;
  const free = (p: Point) =>
    !obstacles.some((o) => intersects({ x: p.x, y: p.y, width, height }, o, NOTE_GAP - 1));
  for (let ring = 0; ring <= maxRings; ring += 1) {
    // Nearest candidates first within a ring: sort by distance from the start.
    const candidates: Point[] = [];
    for (let dy = -ring; dy <= ring; dy += 1) {
      for (let dx = -ring; dx <= ring; dx += 1) {
        if (Math.max(Math.abs(dx), Math.abs(dy)) !== ring) continue;
        candidates.push({ x: start.x + dx * step.x, y: start.y + dy * step.y });
      }
    }
    candidates.sort(
      (a, b) => Math.hypot(a.x - start.x, a.y - start.y) - Math.hypot(b.x - start.x, b.y - start.y),
    );
    const found = candidates.find(free);
    if (found) return found;
  }
  // Everything near is taken: below all obstacles, which is always free.
  const bounds = unionOf(obstacles);
  return bounds ? { x: start.x, y: bounds.y + bounds.height + NOTE_GAP } : start;
}

/** Reading order (rows top to bottom, left to right in a row), shared with search and ranking. */
export { readingOrder };

/**
 * Positions for boxes of `sizes` in a grid of `columns` starting at `origin`,
 * each row as tall as its tallest note, with NOTE_GAP between them.
 */
export function gridLayout(origin: Point, sizes: readonly Size[], columns: number): Point[] {
  const cols = Math.max(1, Math.floor(columns));
  const positions: Point[] = [];
  let top = origin.y;
  for (let start = 0; start < sizes.length; start += cols) {
    const row = sizes.slice(start, start + cols);
    row.forEach((_, i) =>
      positions.push({ x: origin.x + i * (NOTE_SIZE.width + NOTE_GAP), y: top }),
    );
    top += Math.max(...row.map((s) => s.height)) + NOTE_GAP;
  }
  return positions;
}

/** The columns of notes a cluster of this width holds. */
export const columnsFor = (width: number): number =>
  Math.max(
    1,
    Math.floor((width - 2 * CLUSTER_PADDING + NOTE_GAP) / (NOTE_SIZE.width + NOTE_GAP) + 1e-9),
  );

/** A compact number of columns for `count` notes gathered into a new cluster. */
export const compactColumns = (count: number): number => Math.max(1, Math.ceil(Math.sqrt(count)));

export interface ClusterLayout {
  /** Top-left of each member, in the order given. */
  readonly positions: readonly Point[];
  /** The cluster's bounds afterwards (it grows to hold its notes, never narrower than before). */
  readonly rect: Rect;
}

/**
 * "Tidy up": the members of a cluster in reading order, in a grid as wide as
 * the cluster allows, with the cluster's height fitted to them.
 */
export function tidyLayout(cluster: Rect, members: readonly Rect[]): ClusterLayout {
  const columns = columnsFor(cluster.width);
  const positions = gridLayout(
    { x: cluster.x + CLUSTER_PADDING, y: cluster.y + CLUSTER_HEADER + CLUSTER_PADDING },
    members,
    columns,
  );
  const boxes = members.map((m, i) => ({ ...m, ...(positions[i] ?? m) }));
  const content = unionOf(boxes);
  const height = content
    ? content.y + content.height + CLUSTER_PADDING - cluster.y
    : cluster.height;
  return {
    positions,
    rect: {
      ...cluster,
      // Never narrower than one note, or a note would stick out and leave on the next drop.
      width: Math.max(cluster.width, widthFor(1)),
      height: Math.max(height, CLUSTER_HEADER + 2 * CLUSTER_PADDING + 40),
    },
  };
}

/**
 * Places new notes of `sizes` into a cluster beside the notes already there
 * (`occupied`), each in the first free grid cell in reading order, growing the
 * cluster downwards when it is full. Notes moved into a lane from the keyboard,
 * or dropped there together, never end up stacked on top of each other.
 */
export function placeInCluster(
  cluster: Rect,
  occupied: readonly Rect[],
  sizes: readonly Size[],
): ClusterLayout {
  const columns = columnsFor(cluster.width);
  const left = cluster.x + CLUSTER_PADDING;
  const top = cluster.y + CLUSTER_HEADER + CLUSTER_PADDING;
  const taken = [...occupied];
  const positions: Point[] = [];
  const rowStep = NOTE_GAP;
  for (const size of sizes) {
    let placed: Point | null = null;
    for (let y = top; placed === null; y += rowStep) {
      for (let col = 0; col < columns; col += 1) {
        const candidate = {
          x: left + col * (NOTE_SIZE.width + NOTE_GAP),
          y,
          width: size.width,
          height: size.height,
        };
        if (!taken.some((t) => intersects(candidate, t, NOTE_GAP - 1))) {
          placed = { x: candidate.x, y: candidate.y };
          break;
        }
      }
      // Every column is blocked from here down to below the lowest note: the next row is free.
      if (y > top + 200_000) placed = { x: left, y };
    }
    positions.push(placed);
    taken.push({ ...placed, width: size.width, height: size.height });
  }
  const content = unionOf([...taken, cluster]) ?? cluster;
  return {
    positions,
    rect: {
      ...cluster,
      width: Math.max(cluster.width, widthFor(1)),
      height: Math.max(cluster.height, content.y + content.height + CLUSTER_PADDING - cluster.y),
    },
  };
}

/** Whether `rect` would contain the centre of any note not in `members`. */
export function coversOthers(
  rect: Rect,
  notes: Iterable<Note>,
  members: ReadonlySet<string>,
): boolean {
  for (const note of notes) {
    if (!members.has(note.id) && contains(rect, centerOf(noteBox(note)))) return true;
  }
  return false;
}

/** Width of a cluster holding `columns` columns of notes. */
export const widthFor = (columns: number): number =>
  2 * CLUSTER_PADDING + columns * NOTE_SIZE.width + (columns - 1) * NOTE_GAP;

export interface WallLayout {
  readonly clusters: ReadonlyMap<string, Rect>;
  readonly notes: ReadonlyMap<string, Point>;
}

/**
 * "Tidy the wall": every cluster tidied, and clusters that stand side by side
 * (the postmortem lanes) given the number of columns that lets the whole row
 * fit the screen at the largest zoom, so a real wall can be read from the back
 * of the room once fitted. `aspect` is the screen's width over its height.
 * Rows of clusters keep their order, left to right and top to bottom, with
 * LANE_SIZE.gap between them; free notes are left where they are.
 */
export function tidyWallLayout(
  clusters: readonly Cluster[],
  members: ReadonlyMap<string, readonly (Rect & { id: string })[]>,
  aspect: number,
): WallLayout {
  const rows: Cluster[][] = [];
  for (const cluster of [...clusters].sort((a, b) => a.y - b.y || a.x - b.x)) {
    const row = rows.at(-1);
    const top = row ? Math.min(...row.map((c) => c.y)) : 0;
    const shortest = row ? Math.min(...row.map((c) => c.height)) : 0;
    if (row && cluster.y < top + shortest / 2) row.push(cluster);
    else rows.push([cluster]);
  }
  const clusterRects = new Map<string, Rect>();
  const notePositions = new Map<string, Point>();
  const layoutOf = (cluster: Cluster, columns: number, at: Point) =>
    tidyLayout(
      { ...at, width: widthFor(columns), height: cluster.height },
      members.get(cluster.id) ?? [],
    );

  let top = rows[0]?.[0]?.y ?? 0;
  const left = Math.min(...clusters.map((c) => c.x));
  for (const unsorted of rows) {
    const row = [...unsorted].sort((a, b) => a.x - b.x);
    const columns = row.map((c) => columnsFor(c.width));
    if (rows.length === 1) {
      // One row (the usual lanes): widen the tallest cluster while that lets the row fit larger.
      const count = (i: number) => members.get(row[i]?.id ?? '')?.length ?? 0;
      const score = (cols: readonly number[]) => {
        const width =
          cols.reduce((sum, c) => sum + widthFor(c), 0) + (cols.length - 1) * LANE_SIZE.gap;
        const height = Math.max(
          ...row.map((c, i) => layoutOf(c, cols[i] ?? 1, { x: 0, y: 0 }).rect.height),
        );
        return Math.min(aspect / width, 1 / height);
      };
      columns.fill(1);
      for (let guard = 0; guard < 24; guard += 1) {
        const heights = row.map((c, i) => layoutOf(c, columns[i] ?? 1, { x: 0, y: 0 }).rect.height);
        const tallest = heights.indexOf(Math.max(...heights));
        if ((columns[tallest] ?? 1) >= count(tallest)) break;
        const trial = columns.map((c, i) => (i === tallest ? c + 1 : c));
        if (score(trial) <= score(columns)) break;
        columns.splice(0, columns.length, ...trial);
      }
    }
    let x = left;
    let bottom = top;
    row.forEach((cluster, i) => {
      const layout = layoutOf(cluster, columns[i] ?? 1, { x, y: top });
      clusterRects.set(cluster.id, layout.rect);
      (members.get(cluster.id) ?? []).forEach((m, j) => {
        const p = layout.positions[j];
        if (p) notePositions.set(m.id, p);
      });
      x += layout.rect.width + LANE_SIZE.gap;
      bottom = Math.max(bottom, layout.rect.y + layout.rect.height);
    });
    top = bottom + LANE_SIZE.gap;
  }
  return { clusters: clusterRects, notes: notePositions };
}
