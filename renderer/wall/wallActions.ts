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
import { phaseOf, type WorkshopPhase } from '../../shared/workshop/workshop';
import type { WorkshopState } from '../../shared/registry';
import { getAppStore } from '../store/useAppStore';
import { noteSize } from './noteLayout';
import {
  boundsAround,
  clusterAt,
  compactColumns,
  freeSpotNear,
  gridLayout,
  intersects,
  LANE_SIZE,
  laneRects,
  noteAt,
  noteBox,
  NOTE_GAP,
  placeInCluster,
  readingOrder,
  roundRect,
  sameRect,
  tidyLayout,
  tidyWallLayout,
  unionOf,
  type Point,
  type Rect,
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

/**
 * Where a new note asked for at `center` goes: centred there, or on the nearest
 * spot that does not cover another note (top-left corner, wall coordinates).
 */
export function newNoteSpot(center: Point): Point {
  const notes = [...(getAppStore().getState().open?.state.records.notes.values() ?? [])];
  const wanted = { x: center.x - NOTE_SIZE.width / 2, y: center.y - NOTE_SIZE.height / 2 };
  const spot = freeSpotNear(wanted, NOTE_SIZE, notes.map(noteBox));
  return { x: Math.round(spot.x), y: Math.round(spot.y) };
}

/**
 * Adds a note that was written in place at `topLeft`. A new note is a
 * view-side draft until its text is committed, so a note left empty and
 * untouched never reaches the audit trail. It joins the cluster under it.
 */
export function addNote(
  topLeft: Point,
  text: string,
  color: NoteColor = 'yellow',
  id: NoteId = asNoteId(newId()),
): NoteId | null {
  const c = current();
  if (!c) return null;
  const { state } = c;
  const position = { x: Math.round(topLeft.x), y: Math.round(topLeft.y) };
  const box = { ...position, ...noteSize(text) };
  const cluster = clusterAt(box, [...state.records.clusters.values()]);
  const note: Note = {
    id,
    workshopId: state.workshop.id,
    text,
    color,
    ...position,
    clusterId: cluster?.id ?? null,
    authorId: getAppStore().getState().actorId,
    createdAt: c.now,
  };
  return c.perform([{ type: 'note.add', payload: { note } }]) ? note.id : null;
}

/** Saves a note's text; false if it could not be saved (the note is gone counts as done). */
export function editNote(noteId: NoteId, text: string): boolean {
  const c = current();
  const note = c?.state.records.notes.get(noteId);
  if (!c || !note || note.text === text) return true;
  return c.perform([{ type: 'note.edit', payload: { noteId, text } }]);
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

/** Deletes notes and clusters in one step; returns what was deleted (nothing if it was refused). */
export function deleteItems(
  noteIds: readonly NoteId[],
  clusterIds: readonly ClusterId[],
): { notes: number; clusters: number } {
  const none = { notes: 0, clusters: 0 };
  const c = current();
  if (!c) return none;
  const bodies: OperationBody[] = [];
  const notes = noteIds.filter((id) => c.state.records.notes.get(id));
  if (notes.length) bodies.push({ type: 'note.delete', payload: { noteIds: notes } });
  const clusters = clusterIds.filter((id) => c.state.records.clusters.get(id));
  for (const clusterId of clusters) bodies.push({ type: 'cluster.delete', payload: { clusterId } });
  if (bodies.length === 0 || !c.perform(bodies)) return none;
  return { notes: notes.length, clusters: clusters.length };
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
    ...roundRect(rect),
    createdAt: now,
  };
}

/** Everything a new cluster must not cover: other clusters and notes outside it. */
/**
 * Everything a new cluster around `members` must not cover: notes that are
 * not joining, and clusters beside it. The clusters the members are in, and
 * any cluster around the new frame, are not in the way: a cluster drawn
 * inside a lane is nested in it.
 */
function obstaclesFor(state: WorkshopState, members: ReadonlySet<string>, frame: Rect): Rect[] {
  const homes = new Set<string>();
  for (const id of members) {
    const clusterId = state.records.notes.get(id)?.clusterId;
    if (clusterId) homes.add(clusterId);
  }
  const around = (c: Rect) =>
    c.x <= frame.x &&
    c.y <= frame.y &&
    c.x + c.width >= frame.x + frame.width &&
    c.y + c.height >= frame.y + frame.height;
  return [
    ...[...state.records.clusters.values()].filter((c) => !homes.has(c.id) && !around(c)),
    ...[...state.records.notes.values()].filter((n) => !members.has(n.id)).map(noteBox),
  ];
}

/** Moves a block (a cluster-to-be and its notes) to the nearest place where it covers nothing. */
function placeBlock(
  rect: Rect,
  positions: readonly Point[],
  obstacles: readonly Rect[],
): { rect: Rect; positions: Point[] } {
  const step = { x: Math.max(80, rect.width / 4), y: Math.max(80, rect.height / 4) };
  const spot = freeSpotNear(rect, rect, obstacles, step, 40);
  const dx = spot.x - rect.x;
  const dy = spot.y - rect.y;
  return {
    rect: { ...rect, x: spot.x, y: spot.y },
    positions: positions.map((p) => ({ x: p.x + dx, y: p.y + dy })),
  };
}

/**
 * Creates a cluster around the given notes (or an empty one at `fallback`).
 * Notes keep their places when a frame around them covers nothing else;
 * otherwise they are gathered into a compact grid, and the new cluster is
 * moved to the nearest free place: it never lands on top of other notes.
 */
export function clusterNotes(noteIds: readonly NoteId[], fallback: Point): ClusterId | null {
  const c = current();
  if (!c) return null;
  const notes = noteIds
    .map((id) => c.state.records.notes.get(id))
    .filter((n): n is Note => n !== undefined);
  const members = new Set<string>(notes.map((n) => n.id));
  const ordered = readingOrder(notes.map((n) => ({ ...noteBox(n), id: n.id, note: n })));
  let rect: Rect;
  let positions: Point[] = ordered.map((o) => ({ x: o.x, y: o.y }));
  if (notes.length === 0) {
    const empty = { width: LANE_SIZE.width, height: 280 };
    rect = { x: fallback.x - empty.width / 2, y: fallback.y - empty.height / 2, ...empty };
  } else {
    rect = boundsAround(ordered);
  }
  const obstacles = obstaclesFor(c.state, members, rect);
  if (notes.length > 0) {
    if (obstacles.some((o) => intersects(rect, o))) {
      const first = ordered[0] ?? { x: 0, y: 0 };
      positions = gridLayout(first, ordered, compactColumns(ordered.length));
      rect = boundsAround(ordered.map((o, i) => ({ ...o, ...(positions[i] ?? o) })));
    }
  }
  if (obstacles.some((o) => intersects(rect, o))) {
    ({ rect, positions } = placeBlock(rect, positions, obstacles));
  }
  const cluster = newCluster(c.state, rect, '', c.now);
  const bodies: OperationBody[] = [{ type: 'cluster.create', payload: { cluster } }];
  const moves = ordered.flatMap((o, i) => {
    const p = positions[i];
    return p && (Math.round(p.x) !== o.x || Math.round(p.y) !== o.y)
      ? [{ noteId: o.note.id, x: Math.round(p.x), y: Math.round(p.y) }]
      : [];
  });
  if (moves.length) bodies.push({ type: 'note.move', payload: { moves } });
  if (notes.length) {
    bodies.push({
      type: 'note.cluster',
      payload: { noteIds: ordered.map((o) => o.note.id), clusterId: cluster.id },
    });
  }
  return c.perform(bodies) ? cluster.id : null;
}

/**
 * Adds the four postmortem lanes right of what is on the wall, returns their
 * bounds so the wall can bring them into view (or null if nothing was added).
 */
export function addDefaultLanes(): Rect | null {
  const c = current();
  if (!c) return null;
  const existing = [
    ...[...c.state.records.clusters.values()],
    ...[...c.state.records.notes.values()].map(noteBox),
  ];
  const lanes = laneRects(existing);
  const bodies: OperationBody[] = lanes.map(({ name, rect }) => ({
    type: 'cluster.create',
    payload: { cluster: newCluster(c.state, rect, name, c.now) },
  }));
  return c.perform(bodies) ? unionOf(lanes.map((l) => l.rect)) : null;
}

/** "Tidy up": the cluster's notes in a grid in reading order, the cluster fitted around them. */
export function tidyCluster(clusterId: ClusterId): boolean {
  const c = current();
  const cluster = c?.state.records.clusters.get(clusterId);
  if (!c || !cluster) return false;
  const members = readingOrder(
    [...c.state.records.notes.values()]
      .filter((n) => n.clusterId === clusterId)
      .map((n) => ({ ...noteBox(n), id: n.id, note: n })),
  );
  const layout = tidyLayout(cluster, members);
  const moves = members.flatMap((m, i) => {
    const p = layout.positions[i];
    return p && (p.x !== m.x || p.y !== m.y)
      ? [{ noteId: m.note.id, x: Math.round(p.x), y: Math.round(p.y) }]
      : [];
  });
  const bodies: OperationBody[] = resizeTo(cluster, layout.rect);
  if (moves.length) bodies.push({ type: 'note.move', payload: { moves } });
  return bodies.length > 0 && c.perform(bodies);
}

/**
 * Tidies the whole wall for a screen of `aspect` (width / height): see
 * tidyWallLayout. One undo step; nothing happens if it is already tidy.
 */
export function tidyWall(aspect: number): boolean {
  const c = current();
  if (!c) return false;
  const clusters = [...c.state.records.clusters.values()];
  if (clusters.length === 0) return false;
  // Clusters drawn inside lanes would be pulled out of them: tidy those one at a time instead.
  const nested = clusters.some((inner) =>
    clusters.some(
      (outer) =>
        outer !== inner &&
        outer.x <= inner.x &&
        outer.y <= inner.y &&
        outer.x + outer.width >= inner.x + inner.width &&
        outer.y + outer.height >= inner.y + inner.height,
    ),
  );
  if (nested) {
    getAppStore()
      .getState()
      .notify(
        'info',
        'This wall has clusters inside lanes: select a cluster and press T to tidy it.',
      );
    return false;
  }
  const members = new Map<string, (Rect & { id: string })[]>();
  for (const note of c.state.records.notes.values()) {
    if (!note.clusterId) continue;
    const list = members.get(note.clusterId) ?? [];
    list.push({ ...noteBox(note), id: note.id });
    members.set(note.clusterId, list);
  }
  for (const [id, list] of members) members.set(id, readingOrder(list));
  const layout = tidyWallLayout(clusters, members, aspect);
  const bodies: OperationBody[] = [];
  for (const cluster of clusters) {
    const rect = layout.clusters.get(cluster.id);
    if (!rect) continue;
    const next = roundRect(rect);
    if (!sameRect(next, cluster))
      bodies.push({ type: 'cluster.resize', payload: { clusterId: cluster.id, ...next } });
  }
  const moves = [...layout.notes].flatMap(([id, p]) => {
    const note = c.state.records.notes.get(id);
    const x = Math.round(p.x);
    const y = Math.round(p.y);
    return note && (note.x !== x || note.y !== y) ? [{ noteId: note.id, x, y }] : [];
  });
  // Free notes the tidied clusters would now cover move out, just below them.
  const taken: Rect[] = [...layout.clusters.values()];
  for (const note of c.state.records.notes.values()) {
    if (note.clusterId) continue;
    const box = noteBox(note);
    if (!taken.some((r) => intersects(r, box))) continue;
    const below = unionOf(taken) ?? box;
    const spot = freeSpotNear({ x: box.x, y: below.y + below.height + NOTE_GAP }, box, taken);
    const moved = { ...box, x: Math.round(spot.x), y: Math.round(spot.y) };
    taken.push(moved);
    moves.push({ noteId: note.id, x: moved.x, y: moved.y });
  }
  if (moves.length) bodies.push({ type: 'note.move', payload: { moves } });
  return bodies.length > 0 && c.perform(bodies);
}

/**
 * Moves notes into a cluster, beside the notes already there (never on top of
 * them), growing the cluster when it is full. One undo step.
 */
export function moveToCluster(noteIds: readonly NoteId[], clusterId: ClusterId): boolean {
  const c = current();
  const cluster = c?.state.records.clusters.get(clusterId);
  if (!c || !cluster) return false;
  const moving = noteIds
    .map((id) => c.state.records.notes.get(id))
    .filter((n): n is Note => n !== undefined && n.clusterId !== clusterId);
  if (moving.length === 0) return false;
  const stay = [...c.state.records.notes.values()]
    .filter((n) => n.clusterId === clusterId)
    .map(noteBox);
  const ordered = readingOrder(moving.map((n) => ({ ...noteBox(n), id: n.id, note: n })));
  const layout = placeInCluster(cluster, stay, ordered);
  return c.perform(
    placementBodies(
      cluster,
      layout,
      ordered.map((o) => o.note),
    ),
  );
}

/** The cluster.resize that fits `cluster` to `rect`, if its size changed (none otherwise). */
function resizeTo(cluster: Cluster, rect: Rect): OperationBody[] {
  const next = roundRect(rect);
  return sameRect(next, cluster)
    ? []
    : [{ type: 'cluster.resize', payload: { clusterId: cluster.id, ...next } }];
}

function placementBodies(
  cluster: Cluster,
  layout: { positions: readonly Point[]; rect: Rect },
  notes: readonly Note[],
): OperationBody[] {
  const bodies: OperationBody[] = resizeTo(cluster, layout.rect);
  const moves = notes.map((n, i) => ({
    noteId: n.id,
    x: Math.round(layout.positions[i]?.x ?? n.x),
    y: Math.round(layout.positions[i]?.y ?? n.y),
  }));
  bodies.push({ type: 'note.move', payload: { moves } });
  const joining = notes.filter((n) => n.clusterId !== cluster.id).map((n) => n.id);
  if (joining.length)
    bodies.push({ type: 'note.cluster', payload: { noteIds: joining, clusterId: cluster.id } });
  return bodies;
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
  const next = roundRect(rect);
  if (sameRect(next, cluster)) return;
  c.perform([{ type: 'cluster.resize', payload: { clusterId, ...next } }]);
}

export function addVote(noteId: NoteId): void {
  addVotes([noteId]);
}

/** One vote on each note, as one step: all of them, or none if the budget does not allow. */
export function addVotes(noteIds: readonly NoteId[]): void {
  const c = current();
  if (!c || noteIds.length === 0) return;
  const voterId = getAppStore().getState().actorId;
  c.perform(
    noteIds.map((noteId) => ({
      type: 'vote.add',
      payload: {
        vote: {
          id: asVoteId(newId()),
          workshopId: c.state.workshop.id,
          noteId,
          voterId,
          createdAt: c.now,
        },
      },
    })),
  );
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

export function setPhase(phase: WorkshopPhase): void {
  const c = current();
  if (!c || phaseOf(c.state.workshop) === phase) return;
  c.perform([{ type: 'workshop.update', payload: { changes: { phase } } }]);
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
 * dropped on another free note makes a new cluster of the two. Several notes
 * dropped into a cluster that would land on top of notes there are placed in
 * its free cells instead.
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
    const x = Math.round(d.position.x);
    const y = Math.round(d.position.y);
    if (cluster && (cluster.x !== x || cluster.y !== y)) {
      bodies.push({ type: 'cluster.move', payload: { clusterId: cluster.id, x, y } });
    }
  }
  const movedClusterIds = new Set(movedClusters.map((d) => d.id));
  // Notes carried along by their dragged cluster are moved by cluster.move already.
  const notes = dropped.flatMap((d) => {
    const note = d.kind === 'note' ? state.records.notes.get(d.id) : undefined;
    if (!note || (note.clusterId && movedClusterIds.has(note.clusterId))) return [];
    const box = {
      ...noteSize(note.text),
      x: Math.round(d.position.x),
      y: Math.round(d.position.y),
    };
    return [{ note, box }];
  });
  if (notes.length === 0) {
    if (bodies.length) c.perform(bodies);
    return;
  }

  const clusters = [...state.records.clusters.values()];
  const [single] = notes;
  if (single && notes.length === 1 && movedClusters.length === 0) {
    const target = clusterAt(single.box, clusters);
    const under = target ? null : noteAt(single.box, [...state.records.notes.values()], draggedIds);
    if (under) {
      pairUp(c, under, single.note);
      return;
    }
  }

  const byTarget = new Map<ClusterId | null, { note: Note; box: Rect }[]>();
  for (const item of notes) {
    const target = clusterAt(item.box, clusters, movedClusterIds)?.id ?? null;
    byTarget.set(target, [...(byTarget.get(target) ?? []), item]);
  }
  const moves: { noteId: NoteId; x: number; y: number }[] = [];
  const resized: OperationBody[] = [];
  for (const [clusterId, items] of byTarget) {
    const cluster = clusterId ? state.records.clusters.get(clusterId) : undefined;
    const others = cluster
      ? [...state.records.notes.values()]
          .filter((n) => n.clusterId === cluster.id && !draggedIds.has(n.id))
          .map(noteBox)
      : [];
    const overlapping =
      items.length > 1 &&
      items.some(
        (item, i) =>
          others.some((o) => intersects(item.box, o)) ||
          items.some((other, j) => j !== i && intersects(item.box, other.box)),
      );
    if (cluster && overlapping) {
      const ordered = readingOrder(items.map((item) => ({ ...item.box, id: item.note.id, item })));
      const layout = placeInCluster(cluster, others, ordered);
      ordered.forEach((o, i) => {
        const p = layout.positions[i] ?? o;
        moves.push({ noteId: o.item.note.id, x: Math.round(p.x), y: Math.round(p.y) });
      });
      resized.push(...resizeTo(cluster, layout.rect));
    } else {
      for (const item of items) moves.push({ noteId: item.note.id, x: item.box.x, y: item.box.y });
    }
  }
  bodies.push(...resized, { type: 'note.move', payload: { moves } });
  for (const [clusterId, items] of byTarget) {
    const joining = items.filter((i) => i.note.clusterId !== clusterId).map((i) => i.note.id);
    if (joining.length)
      bodies.push({ type: 'note.cluster', payload: { noteIds: joining, clusterId } });
  }
  c.perform(bodies);
}

/** A free note dropped on another free note: a new cluster of the two, placed where it covers nothing. */
function pairUp(c: NonNullable<ReturnType<typeof current>>, under: Note, moving: Note): void {
  const first = { x: under.x, y: under.y };
  const second = { x: under.x + NOTE_SIZE.width + NOTE_GAP, y: under.y };
  const boxes = [
    { ...first, ...noteSize(under.text) },
    { ...second, ...noteSize(moving.text) },
  ];
  let rect = boundsAround(boxes);
  let positions: Point[] = [first, second];
  const obstacles = obstaclesFor(c.state, new Set([under.id, moving.id]), rect);
  if (obstacles.some((o) => intersects(rect, o))) {
    ({ rect, positions } = placeBlock(rect, positions, obstacles));
  }
  const cluster = newCluster(c.state, rect, '', c.now);
  const [a = first, b = second] = positions;
  c.perform([
    { type: 'cluster.create', payload: { cluster } },
    {
      type: 'note.move',
      payload: {
        moves: [
          { noteId: under.id, x: Math.round(a.x), y: Math.round(a.y) },
          { noteId: moving.id, x: Math.round(b.x), y: Math.round(b.y) },
        ],
      },
    },
    { type: 'note.cluster', payload: { noteIds: [under.id, moving.id], clusterId: cluster.id } },
  ]);
}
