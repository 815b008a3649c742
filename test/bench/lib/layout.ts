/**
 * The synthetic wall both pages draw: `count` notes spread over 40 clusters
 * laid out in an 8 x 5 grid, notes in a grid inside each cluster. Pure and
 * dependency-free: the Node seeder (Debrief workshop file) and the baseline
 * page (bundled by Vite) both import it, so the two walls have the same
 * geometry and the same fitted zoom.
 *
 * Also the shape of a layout handed to the baseline page by a suite
 * (`BaselineLayout`, e.g. the room suite's realistic wall), and the fit options
 * the baseline shares with Debrief's wall.
 *
 * Everything mirrored here is checked against the app's own constants at
 * compile time (`GeometryAgrees` in seed.ts); the app is not imported, to keep
 * zod and the app store out of the baseline bundle.
 */

/** Mirrors NOTE_SIZE in shared/wall/records.ts: a note's width and smallest height. */
export const NOTE_WIDTH = 200;
export const NOTE_HEIGHT = 120;
/**
 * Notes grow with their text (renderer/wall/noteLayout.ts): rows of the bench wall are
 * this tall, room for 5 lines of text, the tallest seeded note (checked in seed.ts).
 */
export const NOTE_SLOT_HEIGHT = 168;
/** Mirror CLUSTER_HEADER / CLUSTER_PADDING / NOTE_GAP in renderer/wall/wallGeometry.ts. */
export const CLUSTER_HEADER = 56;
export const CLUSTER_PADDING = 16;
export const NOTE_GAP = 16;
const CLUSTER_GAP = 200;

/** Mirror FIT_MAX_ZOOM / FIT_PADDING in renderer/wall/wallViewport.ts (Debrief's fitView options). */
export const FIT_MAX_ZOOM = 1.25;
export const FIT_PADDING = { top: '48px', right: '32px', bottom: '24px', left: '32px' } as const;

export const CLUSTER_COUNT = 40;
const CLUSTER_COLUMNS = 8;

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface LaidOutNote {
  readonly x: number;
  readonly y: number;
  /** Index into `clusters`. */
  readonly cluster: number;
}

export interface WallLayout {
  readonly clusters: readonly Rect[];
  /** Absolute wall coordinates of each note's top-left corner. */
  readonly notes: readonly LaidOutNote[];
}

/** A padding in px, as React Flow's fitView takes it. */
type Px = `${number}px`;

/** React Flow's fitView options as the baseline takes them (a padding in px per side, or a share). */
export interface BaselineFit {
  readonly maxZoom: number;
  readonly padding:
    number | { readonly top: Px; readonly right: Px; readonly bottom: Px; readonly left: Px };
}

/**
 * A wall given to the baseline page by a suite instead of `?n=` (set as
 * `window.__benchBaselineLayout` by an init script before the page loads):
 * clusters become React Flow `group` nodes, notes default nodes of the given
 * size inside them (`parentId`), in absolute wall coordinates. The whys and
 * systems suites give a graph the same way: their boxes as notes (a systems
 * zone as a cluster), with `edges`, Debrief's `fit` options for that board,
 * and for the systems diagram where its auto-layout puts everything
 * (`relayout`, applied by the page's "Apply layout" button).
 */
export interface BaselineLayout {
  readonly clusters: readonly (Rect & { readonly id: string })[];
  readonly notes: readonly (Rect & {
    readonly id: string;
    readonly label: string;
    readonly cluster: string | null;
  })[];
  /** Default edges between notes. */
  readonly edges?: readonly {
    readonly id: string;
    readonly source: string;
    readonly target: string;
  }[];
  /** Fit options (default: the wall's, FIT_MAX_ZOOM and FIT_PADDING). */
  readonly fit?: BaselineFit;
  /** New absolute positions of notes and new cluster rectangles, for "Apply layout". */
  readonly relayout?: {
    readonly notes: readonly { readonly id: string; readonly x: number; readonly y: number }[];
    readonly clusters: readonly (Rect & { readonly id: string })[];
  };
}

export function wallLayout(count: number): WallLayout {
  const perCluster = Math.ceil(count / CLUSTER_COUNT);
  const columns = Math.max(1, Math.ceil(Math.sqrt(perCluster)));
  const rows = Math.max(1, Math.ceil(perCluster / columns));
  const width = 2 * CLUSTER_PADDING + columns * (NOTE_WIDTH + NOTE_GAP) - NOTE_GAP;
  const height =
    CLUSTER_HEADER + 2 * CLUSTER_PADDING + rows * (NOTE_SLOT_HEIGHT + NOTE_GAP) - NOTE_GAP;

  const clusters: Rect[] = [];
  for (let i = 0; i < CLUSTER_COUNT; i += 1) {
    const col = i % CLUSTER_COLUMNS;
    const row = Math.floor(i / CLUSTER_COLUMNS);
    clusters.push({
      x: col * (width + CLUSTER_GAP),
      y: row * (height + CLUSTER_GAP),
      width,
      height,
    });
  }

  // Round-robin over clusters so every cluster gets count/40 notes (+1 for the first count%40).
  const filled = new Array<number>(CLUSTER_COUNT).fill(0);
  const notes: LaidOutNote[] = [];
  for (let i = 0; i < count; i += 1) {
    const cluster = i % CLUSTER_COUNT;
    const slot = filled[cluster] ?? 0;
    filled[cluster] = slot + 1;
    const rect = clusters[cluster];
    if (!rect) throw new Error('unreachable: cluster index out of range');
    notes.push({
      cluster,
      x: rect.x + CLUSTER_PADDING + (slot % columns) * (NOTE_WIDTH + NOTE_GAP),
      y:
        rect.y +
        CLUSTER_HEADER +
        CLUSTER_PADDING +
        Math.floor(slot / columns) * (NOTE_SLOT_HEIGHT + NOTE_GAP),
    });
  }
  return { clusters, notes };
}
