import { describe, expect, it } from 'vitest';
import { asActorId, asWorkshopId } from '../../../shared/base/ids';
import {
  asClusterId,
  asNoteId,
  DEFAULT_LANES,
  NOTE_SIZE,
  type Cluster,
  type Note,
} from '../../../shared/wall/records';
import {
  boundsAround,
  CLUSTER_HEADER,
  CLUSTER_PADDING,
  clusterAt,
  columnsFor,
  coversOthers,
  freeSpotNear,
  gridLayout,
  intersects,
  laneRects,
  LANE_SIZE,
  NOTE_GAP,
  noteBox,
  placeInCluster,
  tidyLayout,
  tidyWallLayout,
  widthFor,
  type Rect,
} from '../../../renderer/wall/wallGeometry';
import { noteHeight, noteLines } from '../../../renderer/wall/noteLayout';

const cluster = (id: string, x: number, y: number, width: number, height: number): Cluster => ({
  id: asClusterId(id),
  workshopId: asWorkshopId('w'),
  name: id,
  x,
  y,
  width,
  height,
  createdAt: 0,
});

const note = (id: string, x: number, y: number, text = ''): Note => ({
  id: asNoteId(id),
  workshopId: asWorkshopId('w'),
  text,
  color: 'yellow',
  x,
  y,
  clusterId: null,
  authorId: asActorId('a'),
  createdAt: 0,
});

const box = (x: number, y: number, height: number = NOTE_SIZE.height): Rect => ({
  x,
  y,
  width: NOTE_SIZE.width,
  height,
});

/** No two boxes overlap. */
function expectApart(boxes: readonly Rect[]): void {
  for (const [i, a] of boxes.entries()) {
    for (const b of boxes.slice(i + 1))
      expect(intersects(a, b), JSON.stringify([a, b])).toBe(false);
  }
}

describe('note sizes', () => {
  it('grows a note by one line height per extra line, never below the default height', () => {
    expect(noteHeight('')).toBe(NOTE_SIZE.height);
    expect(noteHeight('Short')).toBe(NOTE_SIZE.height);
    const long = 'Rollback took six minutes once the change was found. '.repeat(6);
    expect(noteLines(long)).toBeGreaterThan(8);
    expect(noteHeight(long)).toBeGreaterThan(NOTE_SIZE.height + 4 * 24);
    // Each paragraph starts a line, and a word longer than the note breaks inside.
    expect(noteLines('a\nb\nc')).toBe(3);
    expect(noteLines('x'.repeat(200))).toBeGreaterThan(5);
  });
});

describe('wall geometry', () => {
  it('finds the cluster under a dropped note by its centre, preferring the smallest', () => {
    const lane = cluster('lane', 0, 0, 1000, 1000);
    const inner = cluster('inner', 100, 100, 300, 300);
    expect(clusterAt(box(150, 150), [lane, inner])?.id).toBe('inner');
    expect(clusterAt(box(600, 600), [lane, inner])?.id).toBe('lane');
    expect(clusterAt(box(2000, 0), [lane, inner])).toBeNull();
    // A note whose corner overlaps but whose centre is outside does not join.
    expect(clusterAt(box(1000 - NOTE_SIZE.width / 2 + 1, 10), [lane])).toBeNull();
    expect(clusterAt(box(150, 150), [lane, inner], new Set(['inner']))?.id).toBe('lane');
  });

  it('bounds a cluster around notes of any height with room for its name', () => {
    const rect = boundsAround([box(0, 100), box(300, 200, 300)]);
    expect(rect).toEqual({
      x: -CLUSTER_PADDING,
      y: 100 - CLUSTER_PADDING - CLUSTER_HEADER,
      width: 300 + NOTE_SIZE.width + 2 * CLUSTER_PADDING,
      height: 100 + 300 + 2 * CLUSTER_PADDING + CLUSTER_HEADER,
    });
  });

  it('places the default lanes side by side to the right of existing content', () => {
    const lanes = laneRects([{ x: 0, y: 50, width: 500, height: 100 }]);
    expect(lanes.map((l) => l.name)).toEqual([...DEFAULT_LANES]);
    expect(lanes[0]!.rect.x).toBeGreaterThan(500);
    expect(lanes[0]!.rect.y).toBe(50);
    for (let i = 1; i < lanes.length; i += 1) {
      expect(lanes[i]!.rect.x).toBeGreaterThan(lanes[i - 1]!.rect.x + lanes[i - 1]!.rect.width);
    }
    // An empty wall gets its lanes at the origin, one note column wide.
    expect(laneRects([])[0]!.rect).toMatchObject({ x: 0, y: 0, width: widthFor(1) });
  });

  it('finds the nearest free spot for a new note instead of stacking notes', () => {
    const start = { x: 500, y: 500 };
    expect(freeSpotNear(start, NOTE_SIZE, [])).toEqual(start);
    const taken = [box(500, 500), box(500 + NOTE_SIZE.width + NOTE_GAP, 500)];
    const spot = freeSpotNear(start, NOTE_SIZE, taken);
    expect(spot).not.toEqual(start);
    expectApart([...taken, { ...spot, ...NOTE_SIZE }]);
    // Nearest first: one step away, not two.
    expect(Math.hypot(spot.x - start.x, spot.y - start.y)).toBeLessThanOrEqual(
      Math.hypot(NOTE_SIZE.width + NOTE_GAP, NOTE_SIZE.height + NOTE_GAP) + 1,
    );
  });

  it('tells whether a new cluster frame would cover notes that are not joining', () => {
    const a = note('a', 0, 0);
    const b = note('b', 600, 600);
    const between = note('between', 300, 300);
    const frame = boundsAround([noteBox(a), noteBox(b)]);
    expect(coversOthers(frame, [a, b, between], new Set(['a', 'b']))).toBe(true);
    expect(coversOthers(frame, [a, b], new Set(['a', 'b']))).toBe(false);
  });

  it('lays notes out in a grid whose rows are as tall as their tallest note', () => {
    const sizes = [
      { ...NOTE_SIZE },
      { width: NOTE_SIZE.width, height: 300 },
      { ...NOTE_SIZE },
      { ...NOTE_SIZE },
      { ...NOTE_SIZE },
    ];
    const cells = gridLayout({ x: 10, y: 20 }, sizes, 3);
    expect(cells[0]).toEqual({ x: 10, y: 20 });
    expect(new Set(cells.map((c) => c.x)).size).toBe(3);
    expect(cells[3]?.y).toBe(20 + 300 + NOTE_GAP);
    expectApart(cells.map((c, i) => ({ ...c, ...sizes[i]! })));
  });

  it('tidies a cluster: notes in a grid as wide as the cluster, the cluster fitted to them', () => {
    const lane = cluster('lane', 0, 0, widthFor(2), 200);
    const members = [box(5, 400), box(80, 90, 200), box(300, 60), box(10, 10)];
    const layout = tidyLayout(lane, members);
    const placed = layout.positions.map((p, i) => ({ ...p, ...members[i]!, x: p.x, y: p.y }));
    expectApart(placed);
    expect(columnsFor(lane.width)).toBe(2);
    for (const p of placed) {
      expect(p.x).toBeGreaterThanOrEqual(lane.x + CLUSTER_PADDING);
      expect(p.x + p.width).toBeLessThanOrEqual(lane.x + lane.width - CLUSTER_PADDING + 0.001);
      expect(p.y).toBeGreaterThanOrEqual(lane.y + CLUSTER_HEADER);
      expect(p.y + p.height).toBeLessThanOrEqual(layout.rect.y + layout.rect.height);
    }
    expect(layout.rect.width).toBe(lane.width);
  });

  it('places notes moved into a lane beside those already there, growing the lane when full', () => {
    const lane = cluster('lane', 0, 0, widthFor(1), 300);
    const existing = [box(CLUSTER_PADDING, CLUSTER_HEADER + CLUSTER_PADDING)];
    const sizes = [NOTE_SIZE, NOTE_SIZE, NOTE_SIZE];
    const layout = placeInCluster(lane, existing, sizes);
    const placed = layout.positions.map((p) => ({ ...p, ...NOTE_SIZE }));
    expectApart([...existing, ...placed]);
    const bottom = Math.max(...placed.map((p) => p.y + p.height));
    expect(layout.rect.height).toBeGreaterThanOrEqual(bottom - lane.y);
    expect(layout.rect.height).toBeGreaterThan(lane.height);
  });

  it('places notes given as whole boxes by their size only, wherever they were', () => {
    // Callers pass note boxes (with their old position) as sizes.
    const lane = cluster('lane', 1000, 0, widthFor(1), 300);
    const far = [box(-500, 40), box(-500, 180)];
    const layout = placeInCluster(lane, [], far);
    for (const p of layout.positions) {
      expect(p.x).toBe(lane.x + CLUSTER_PADDING);
      expect(p.y).toBeGreaterThanOrEqual(lane.y + CLUSTER_HEADER);
    }
    const spot = freeSpotNear({ x: 0, y: 0 }, box(5000, 5000), [box(0, 0)]);
    expect(intersects({ ...spot, ...NOTE_SIZE }, box(0, 0))).toBe(false);
  });

  it('tidies a row of lanes into columns that fit the screen larger than one column each', () => {
    const lanes = DEFAULT_LANES.map((name, i) =>
      cluster(name, i * (LANE_SIZE.width + LANE_SIZE.gap), 0, LANE_SIZE.width, LANE_SIZE.height),
    );
    const counts = [6, 4, 2, 3];
    const members = new Map(
      lanes.map((lane, i) => [
        lane.id,
        Array.from({ length: counts[i]! }, (_, j) => ({ ...box(lane.x, j * 10), id: `${i}-${j}` })),
      ]),
    );
    const aspect = 16 / 9;
    const layout = tidyWallLayout(lanes, members, aspect);
    const rects = lanes.map((l) => layout.clusters.get(l.id)!);
    // Left to right, never overlapping, in the same order.
    expectApart(rects);
    for (let i = 1; i < rects.length; i += 1) expect(rects[i]!.x).toBeGreaterThan(rects[i - 1]!.x);
    // Every note inside its lane, none overlapping.
    for (const [i, lane] of lanes.entries()) {
      const notes = members.get(lane.id)!.map((m) => ({ ...m, ...layout.notes.get(m.id)! }));
      expectApart(notes);
      for (const n of notes) {
        expect(n.x).toBeGreaterThanOrEqual(rects[i]!.x);
        expect(n.x + n.width).toBeLessThanOrEqual(rects[i]!.x + rects[i]!.width);
        expect(n.y + n.height).toBeLessThanOrEqual(rects[i]!.y + rects[i]!.height);
      }
    }
    // The fuller lane got a second column, and the whole row fits larger than before.
    expect(rects[0]!.width).toBeGreaterThan(LANE_SIZE.width);
    const fit = (rs: readonly Rect[]) => {
      const width = Math.max(...rs.map((r) => r.x + r.width)) - Math.min(...rs.map((r) => r.x));
      const height = Math.max(...rs.map((r) => r.y + r.height)) - Math.min(...rs.map((r) => r.y));
      return Math.min(aspect / width, 1 / height);
    };
    const oneColumn = tidyWallLayout(lanes, members, 0.01);
    expect(fit(rects)).toBeGreaterThan(fit(lanes.map((l) => oneColumn.clusters.get(l.id)!)));
  });
});
