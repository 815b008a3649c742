import { describe, expect, it } from 'vitest';
import { asActorId, asWorkshopId } from '../../../shared/base/ids';
import {
  asClusterId,
  asNoteId,
  DEFAULT_LANES,
  NOTE_SIZE,
  type Cluster,
} from '../../../shared/wall/records';
import {
  boundsAround,
  CLUSTER_HEADER,
  CLUSTER_PADDING,
  clusterAt,
  coversOthers,
  freeSpotNear,
  gridLayout,
  laneRects,
} from '../../../renderer/wall/wallGeometry';

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

describe('wall geometry', () => {
  it('finds the cluster under a dropped note by its centre, preferring the smallest', () => {
    const lane = cluster('lane', 0, 0, 1000, 1000);
    const inner = cluster('inner', 100, 100, 300, 300);
    expect(clusterAt({ x: 150, y: 150 }, [lane, inner])?.id).toBe('inner');
    expect(clusterAt({ x: 600, y: 600 }, [lane, inner])?.id).toBe('lane');
    expect(clusterAt({ x: 2000, y: 0 }, [lane, inner])).toBeNull();
    // A note whose corner overlaps but whose centre is outside does not join.
    expect(clusterAt({ x: 1000 - NOTE_SIZE.width / 2 + 1, y: 10 }, [lane])).toBeNull();
    expect(clusterAt({ x: 150, y: 150 }, [lane, inner], new Set(['inner']))?.id).toBe('lane');
  });

  it('bounds a cluster around notes with room for its name', () => {
    const rect = boundsAround([
      { x: 0, y: 100 },
      { x: 300, y: 200 },
    ]);
    expect(rect).toEqual({
      x: -CLUSTER_PADDING,
      y: 100 - CLUSTER_PADDING - CLUSTER_HEADER,
      width: 300 + NOTE_SIZE.width + 2 * CLUSTER_PADDING,
      height: 100 + NOTE_SIZE.height + 2 * CLUSTER_PADDING + CLUSTER_HEADER,
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
  });

  it('finds a free spot for a new note instead of stacking notes', () => {
    const center = { x: 500, y: 500 };
    expect(freeSpotNear(center, [])).toEqual(center);
    const occupied = [{ x: center.x - NOTE_SIZE.width / 2, y: center.y - NOTE_SIZE.height / 2 }];
    const spot = freeSpotNear(center, occupied);
    expect(spot).not.toEqual(center);
    const dx = Math.abs(spot.x - center.x);
    const dy = Math.abs(spot.y - center.y);
    expect(dx >= NOTE_SIZE.width || dy >= NOTE_SIZE.height).toBe(true);
  });

  it('tells whether a new cluster frame would cover notes that are not joining', () => {
    const note = (id: string, x: number, y: number) => ({
      id: asNoteId(id),
      workshopId: asWorkshopId('w'),
      text: '',
      color: 'yellow' as const,
      x,
      y,
      clusterId: null,
      authorId: asActorId('a'),
      createdAt: 0,
    });
    const a = note('a', 0, 0);
    const b = note('b', 600, 600);
    const between = note('between', 300, 300);
    const frame = boundsAround([a, b]);
    expect(coversOthers(frame, [a, b, between], new Set(['a', 'b']))).toBe(true);
    expect(coversOthers(frame, [a, b], new Set(['a', 'b']))).toBe(false);
  });

  it('lays notes out in a compact grid that does not overlap', () => {
    const cells = gridLayout({ x: 10, y: 20 }, 5);
    expect(cells[0]).toEqual({ x: 10, y: 20 });
    expect(new Set(cells.map((c) => c.x)).size).toBe(3);
    expect(new Set(cells.map((c) => c.y)).size).toBe(2);
    for (const [i, p] of cells.entries()) {
      for (const q of cells.slice(i + 1)) {
        const apart =
          Math.abs(p.x - q.x) >= NOTE_SIZE.width || Math.abs(p.y - q.y) >= NOTE_SIZE.height;
        expect(apart).toBe(true);
      }
    }
  });
});
