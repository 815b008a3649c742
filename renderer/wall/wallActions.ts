/**
 * What the wall's gestures mean, as operation batches. Each function turns one
 * user gesture into one `perform` call, so each gesture is one undo step and
 * one audited transaction. No function here writes state directly.
 */
import {
  asClusterId,
  asNoteId,
  asVoteId,
  type ClusterId,
  type NoteId,
} from '../../shared/wall/records';
import { NOTE_SIZE, type Cluster, type Note, type NoteColor } from '../../shared/wall/records';
import type { OperationBody } from '../../shared/registry';
import type { WorkshopState } from '../../shared/registry';
import { getAppStore } from '../store/useAppStore';
import {
  boundsAround,
  clusterAt,
  coversOthers,
  gridLayout,
  laneRects,
  noteAt,
  pairLayout,
  type Point,
} from './wallGeometry';
import { voteTally } from './voteTally';

const newId = () => crypto.randomUUID();

function current(): {
  state: WorkshopState;
  perform: (b: OperationBody[]) => boolean;
  now: number;
} | null {
  const app = getAppStore().getState();
  if (!app.open) return null;
  return { state: app.open.state, perform: (b) => app.perform(b), now: Date.now() };
}

export function addNote(position: Point, color: NoteColor = 'yellow'): NoteId | null {
  const c = current();
  if (!c) return null;
  const { state } = c;
  const topLeft = {
    x: Math.round(position.x - NOTE_SIZE.width / 2),
    y: Math.round(position.y - NOTE_SIZE.height / 2),
  };
  const cluster = clusterAt(topLeft, [...state.records.clusters.values()]);
  const note: Note = {
    id: asNoteId(newId()),
    workshopId: state.workshop.id,
    text: '',
    color,
    x: topLeft.x,
    y: topLeft.y,
    clusterId: cluster?.id ?? null,
    authorId: getAppStore().getState().actorId,
    createdAt: c.now,
  };
  return c.perform([{ type: 'note.add', payload: { note } }]) ? note.id : null;
}

export function editNote(noteId: NoteId, text: string): void {
  const c = current();
  const note = c?.state.records.notes.get(noteId);
  if (!c || !note || note.text === text) return;
  c.perform([{ type: 'note.edit', payload: { noteId, text } }]);
}

export function recolorNotes(noteIds: readonly NoteId[], color: NoteColor): void {
  const c = current();
  if (!c) return;
  const changed = noteIds.filter(
    (id) =>
      c.state.records.notes.get(id)?.color !== undefined &&
      c.state.records.notes.get(id)?.color !== color,
  );
  if (changed.length) c.perform([{ type: 'note.recolor', payload: { noteIds: changed, color } }]);
}

export function deleteItems(noteIds: readonly NoteId[], clusterIds: readonly ClusterId[]): void {
  const c = current();
  if (!c) return;
  const bodies: OperationBody[] = [];
  const notes = noteIds.filter((id) => c.state.records.notes.get(id));
  if (notes.length) bodies.push({ type: 'note.delete', payload: { noteIds: notes } });
  for (const clusterId of clusterIds) {
    if (c.state.records.clusters.get(clusterId))
      bodies.push({ type: 'cluster.delete', payload: { clusterId } });
  }
  if (bodies.length) c.perform(bodies);
}

function newCluster(
  state: WorkshopState,
  rect: { x: number; y: number; width: number; height: number },
  name: string,
  now: number,
): Cluster {
  return {
    id: asClusterId(newId()),
    workshopId: state.workshop.id,
    name,
    x: Math.round(rect.x),
    y: Math.round(rect.y),
    width: Math.round(rect.width),
    height: Math.round(rect.height),
    createdAt: now,
  };
}

/** Creates a cluster around the given notes (or an empty one at `fallback`). */
export function clusterNotes(noteIds: readonly NoteId[], fallback: Point): ClusterId | null {
  const c = current();
  if (!c) return null;
  const notes = noteIds
    .map((id) => c.state.records.notes.get(id))
    .filter((n): n is Note => n !== undefined);
  // Notes keep their places unless a frame around them would cover notes that are not joining;
  // then they are gathered into a compact grid where the top-left one stands.
  const gather =
    notes.length > 0 &&
    coversOthers(
      boundsAround(notes),
      [...c.state.records.notes.values()],
      new Set<string>(noteIds),
    );
  const ordered = [...notes].sort((a, b) => a.y - b.y || a.x - b.x);
  const grid = gather && ordered[0] ? gridLayout(ordered[0], ordered.length) : [];
  const rect = notes.length
    ? boundsAround(gather ? grid : notes)
    : { x: fallback.x - 170, y: fallback.y - 120, width: 340, height: 240 };
  const cluster = newCluster(c.state, rect, '', c.now);
  const bodies: OperationBody[] = [{ type: 'cluster.create', payload: { cluster } }];
  if (gather) {
    const moves = ordered.map((n, i) => ({
      noteId: n.id,
      x: grid[i]?.x ?? n.x,
      y: grid[i]?.y ?? n.y,
    }));
    bodies.push({ type: 'note.move', payload: { moves } });
  }
  if (notes.length) {
    bodies.push({
      type: 'note.cluster',
      payload: { noteIds: notes.map((n) => n.id), clusterId: cluster.id },
    });
  }
  return c.perform(bodies) ? cluster.id : null;
}

export function addDefaultLanes(): void {
  const c = current();
  if (!c) return;
  const existing = [
    ...[...c.state.records.clusters.values()],
    ...[...c.state.records.notes.values()].map((n) => ({ x: n.x, y: n.y, ...NOTE_SIZE })),
  ];
  const bodies: OperationBody[] = laneRects(existing).map(({ name, rect }) => ({
    type: 'cluster.create',
    payload: { cluster: newCluster(c.state, rect, name, c.now) },
  }));
  c.perform(bodies);
}

export function renameCluster(clusterId: ClusterId, name: string): void {
  const c = current();
  const cluster = c?.state.records.clusters.get(clusterId);
  if (!c || !cluster || cluster.name === name.trim()) return;
  c.perform([{ type: 'cluster.rename', payload: { clusterId, name } }]);
}

export function resizeCluster(
  clusterId: ClusterId,
  rect: { x: number; y: number; width: number; height: number },
): void {
  const c = current();
  const cluster = c?.state.records.clusters.get(clusterId);
  if (!c || !cluster) return;
  const next = {
    x: Math.round(rect.x),
    y: Math.round(rect.y),
    width: Math.round(rect.width),
    height: Math.round(rect.height),
  };
  if (
    next.x === cluster.x &&
    next.y === cluster.y &&
    next.width === cluster.width &&
    next.height === cluster.height
  )
    return;
  c.perform([{ type: 'cluster.resize', payload: { clusterId, ...next } }]);
}

export function addVote(noteId: NoteId): void {
  const c = current();
  if (!c) return;
  const app = getAppStore().getState();
  c.perform([
    {
      type: 'vote.add',
      payload: {
        vote: {
          id: asVoteId(newId()),
          workshopId: c.state.workshop.id,
          noteId,
          voterId: app.actorId,
          createdAt: c.now,
        },
      },
    },
  ]);
}

export function removeVote(noteId: NoteId): void {
  const c = current();
  if (!c) return;
  const mine = voteTally(c.state.records.votes, getAppStore().getState().actorId).byNote.get(
    noteId,
  )?.mine;
  const voteId = mine?.at(-1);
  if (voteId) c.perform([{ type: 'vote.remove', payload: { voteId } }]);
}

export function setVoteBudget(voteBudget: number): void {
  const c = current();
  if (!c || c.state.workshop.voteBudget === voteBudget) return;
  c.perform([{ type: 'workshop.update', payload: { changes: { voteBudget } } }]);
}

export interface DroppedNode {
  readonly id: string;
  readonly kind: 'note' | 'cluster';
  /** Absolute wall position where it was dropped. */
  readonly position: Point;
}

/**
 * One drop of one or more dragged nodes. Clusters move (carrying their notes);
 * notes move, join the cluster under them or leave theirs; a single free note
 * dropped on another free note makes a new cluster of the two.
 */
export function dropNodes(dropped: readonly DroppedNode[]): void {
  const c = current();
  if (!c) return;
  const { state } = c;
  const bodies: OperationBody[] = [];
  const draggedIds = new Set(dropped.map((d) => d.id));
  const movedClusters = dropped.filter((d) => d.kind === 'cluster');
  for (const d of movedClusters) {
    const cluster = state.records.clusters.get(d.id);
    if (
      cluster &&
      (cluster.x !== Math.round(d.position.x) || cluster.y !== Math.round(d.position.y))
    ) {
      bodies.push({
        type: 'cluster.move',
        payload: {
          clusterId: cluster.id,
          x: Math.round(d.position.x),
          y: Math.round(d.position.y),
        },
      });
    }
  }
  const movedClusterIds = new Set(movedClusters.map((d) => d.id));
  // Notes carried along by their dragged cluster are moved by cluster.move already.
  const notes = dropped.filter((d) => {
    const note = state.records.notes.get(d.id);
    return d.kind === 'note' && note && !(note.clusterId && movedClusterIds.has(note.clusterId));
  });
  if (notes.length === 0) {
    if (bodies.length) c.perform(bodies);
    return;
  }

  const single = notes.length === 1 ? notes[0] : undefined;
  const singleNote = single ? state.records.notes.get(single.id) : undefined;
  const clusters = [...state.records.clusters.values()];
  const target = single ? clusterAt(single.position, clusters, movedClusterIds) : null;
  const under =
    single && !target
      ? noteAt(single.position, [...state.records.notes.values()], draggedIds)
      : null;

  if (single && singleNote && under && movedClusters.length === 0) {
    const [first, second] = pairLayout({ x: under.x, y: under.y });
    const cluster = newCluster(state, boundsAround([first, second]), '', c.now);
    c.perform([
      { type: 'cluster.create', payload: { cluster } },
      {
        type: 'note.move',
        payload: {
          moves: [
            { noteId: under.id, ...first },
            { noteId: singleNote.id, ...second },
          ],
        },
      },
      {
        type: 'note.cluster',
        payload: { noteIds: [under.id, singleNote.id], clusterId: cluster.id },
      },
    ]);
    return;
  }

  const moves = notes.map((d) => ({
    noteId: asNoteId(d.id),
    x: Math.round(d.position.x),
    y: Math.round(d.position.y),
  }));
  bodies.push({ type: 'note.move', payload: { moves } });
  const membership = new Map<ClusterId | null, NoteId[]>();
  for (const move of moves) {
    const note = state.records.notes.get(move.noteId);
    if (!note) continue;
    const cluster = clusterAt(move, clusters, movedClusterIds);
    const next = cluster?.id ?? null;
    if (next === note.clusterId) continue;
    const list = membership.get(next) ?? [];
    list.push(note.id);
    membership.set(next, list);
  }
  for (const [clusterId, noteIds] of membership)
    bodies.push({ type: 'note.cluster', payload: { noteIds, clusterId } });
  c.perform(bodies);
}
