import { describe, expect, it } from 'vitest';
import { asActorId, asWorkshopId } from '../../../shared/base/ids';
import { snapshotToState } from '../../../shared/pipeline/workshopFile';
import type { WorkshopState } from '../../../shared/registry';
import {
  asClusterId,
  asNoteId,
  NOTE_SIZE,
  type Cluster,
  type Note,
} from '../../../shared/wall/records';
import { defaultHeader } from '../../../shared/workshop/workshop';
import { createWallViewStore, noteLabelId } from '../../../renderer/wall/wallViewStore';

const workshopId = asWorkshopId('w');
const note = (id: string, x: number, y: number, clusterId: string | null = null): Note => ({
  id: asNoteId(id),
  workshopId,
  text: id,
  color: 'yellow',
  x,
  y,
  clusterId: clusterId === null ? null : asClusterId(clusterId),
  authorId: asActorId('a'),
  createdAt: 0,
});
const cluster = (id: string, x: number, y: number): Cluster => ({
  id: asClusterId(id),
  workshopId,
  name: id,
  x,
  y,
  width: 400,
  height: 300,
  createdAt: 0,
});
const state = (notes: Note[], clusters: Cluster[]): WorkshopState =>
  snapshotToState({
    workshop: {
      ...defaultHeader('t'),
      id: workshopId,
      createdAt: 0,
      updatedAt: 0,
      deletedAt: null,
    },
    records: { notes, clusters, votes: [] },
  });

describe('wall view store', () => {
  it('orders nodes for reading (each cluster, then its notes), clustered notes relative to it', () => {
    const view = createWallViewStore();
    view
      .getState()
      .sync(state([note('free', 5, 6), note('inside', 150, 260, 'c')], [cluster('c', 100, 200)]));
    const nodes = view.getState().nodes;
    expect(nodes.map((n) => n.id)).toEqual(['c', 'inside', 'free']);
    expect(nodes[2]).toMatchObject({
      position: { x: 5, y: 6 },
      domAttributes: { 'aria-labelledby': noteLabelId('free') },
    });
    expect(nodes[1]).toMatchObject({ parentId: 'c', position: { x: 50, y: 60 } });
  });

  it('reads lanes left to right and each lane top to bottom, whatever the storage order', () => {
    const view = createWallViewStore();
    const lanes = [cluster('right', 600, 0), cluster('left', 0, 0)];
    const notes = [
      note('right-top', 620, 60, 'right'),
      note('left-bottom', 20, 400, 'left'),
      note('left-top', 20, 60, 'left'),
      note('loose', 2000, 0),
    ];
    view.getState().sync(state(notes, lanes));
    expect(view.getState().nodes.map((n) => n.id)).toEqual([
      'left',
      'left-top',
      'left-bottom',
      'right',
      'right-top',
      'loose',
    ]);
  });

  it('makes a note taller when its text needs more lines, and no taller than needed', () => {
    const view = createWallViewStore();
    view.getState().sync(state([note('n', 0, 0)], []));
    const short = view.getState().nodes[0]?.height ?? 0;
    const long = { ...note('n', 0, 0), text: 'A long note that wraps. '.repeat(12) };
    view.getState().sync(state([long], []));
    const tall = view.getState().nodes[0]?.height ?? 0;
    expect(short).toBe(NOTE_SIZE.height);
    expect(tall).toBeGreaterThan(short + 100);
  });

  it('reuses node objects whose geometry did not change, so React Flow skips them', () => {
    const view = createWallViewStore();
    const c = cluster('c', 100, 200);
    view.getState().sync(state([note('a', 0, 0), note('b', 150, 260, 'c')], [c]));
    const [, b1, a1] = view.getState().nodes;
    // Moving the cluster moves its member in absolute terms but not relative to the cluster.
    view
      .getState()
      .sync(state([note('a', 0, 0), note('b', 160, 270, 'c')], [{ ...c, x: 110, y: 210 }]));
    const [c2, b2, a2] = view.getState().nodes;
    expect(a2).toBe(a1);
    expect(b2).toBe(b1);
    expect(c2?.position).toEqual({ x: 110, y: 210 });
  });

  it('keeps selection across syncs and can select by id', () => {
    const view = createWallViewStore();
    const s = state([note('a', 0, 0), note('b', 300, 0)], []);
    view.getState().sync(s);
    view.getState().select(new Set(['b']));
    view.getState().sync(state([note('a', 0, 0), note('b', 310, 0)], []));
    expect(view.getState().nodes.map((n) => Boolean(n.selected))).toEqual([false, true]);
  });

  it('keeps a node where the user is dragging it when the domain changes mid-drag', () => {
    const view = createWallViewStore();
    view.getState().sync(state([note('a', 0, 0)], []));
    view
      .getState()
      .applyChanges([{ type: 'position', id: 'a', position: { x: 40, y: 40 }, dragging: true }]);
    view.getState().sync(state([note('a', 0, 0), note('b', 300, 0)], []));
    expect(view.getState().nodes[0]?.position).toEqual({ x: 40, y: 40 });
  });

  it('forgets the note being edited when it is deleted', () => {
    const view = createWallViewStore();
    view.getState().sync(state([note('a', 0, 0)], []));
    view.getState().setEditing(asNoteId('a'));
    view.getState().sync(state([], []));
    expect(view.getState().editingNoteId).toBeNull();
  });

  it('summarises the selection and keeps it stable while nodes are dragged', () => {
    const view = createWallViewStore();
    view
      .getState()
      .sync(state([note('a', 0, 0), note('b', 300, 0, 'c')], [cluster('c', 250, -50)]));
    view.getState().applyChanges([
      { type: 'select', id: 'a', selected: true },
      { type: 'select', id: 'c', selected: true },
    ]);
    const selection = view.getState().selection;
    expect(selection).toEqual({ notes: ['a'], clusters: ['c'] });
    view
      .getState()
      .applyChanges([{ type: 'position', id: 'a', position: { x: 9, y: 9 }, dragging: true }]);
    expect(view.getState().selection).toBe(selection);
    view.getState().select(new Set());
    expect(view.getState().selection).toEqual({ notes: [], clusters: [] });
  });

  it('hides notes (not clusters) in overview mode, also for notes that arrive later', () => {
    const view = createWallViewStore();
    view.getState().sync(state([note('a', 0, 0)], [cluster('c', 500, 500)]));
    view.getState().setOverview(true);
    expect(view.getState().nodes.map((n) => [n.id, n.hidden ?? false])).toEqual([
      ['c', false],
      ['a', true],
    ]);
    view.getState().sync(state([note('a', 0, 0), note('b', 300, 0)], [cluster('c', 500, 500)]));
    expect(view.getState().nodes.find((n) => n.id === 'b')?.hidden).toBe(true);
    view.getState().setOverview(false);
    expect(view.getState().nodes.every((n) => !n.hidden)).toBe(true);
  });

  it('keeps the very same node list when only content changes, so React Flow has nothing to do', () => {
    const view = createWallViewStore();
    view.getState().sync(state([note('a', 0, 0), note('b', 300, 0)], []));
    const before = view.getState().nodes;
    const edited = { ...note('a', 0, 0), text: 'new text', color: 'pink' as const };
    view.getState().sync(state([edited, note('b', 300, 0)], []));
    expect(view.getState().nodes).toBe(before);
    view.getState().sync(state([edited, note('b', 310, 0)], []));
    expect(view.getState().nodes).not.toBe(before);
  });
});
