/**
 * A workshop with a realistic audit log, for the import suite. Unlike seed.ts
 * (one `workshop.create` carrying the whole wall), every note arrives through
 * its own `note.add` and then lives a session's life: edits and their undos,
 * moves, recolours, clusters created, renamed, resized and moved, notes dragged
 * into clusters (the `note.move` + `note.cluster` batch the wall's drop makes),
 * duplicates deleted and some of those deletes undone, dot votes by 20 people
 * within the budget with some taken back, and a few header edits. An import
 * verifies and replays all of it, so the log's shape is what the figures
 * measure.
 *
 * The log is generated from a small model of the wall kept here (so choosing
 * the next operation is O(1)), then applied in one pass by the app's reducer
 * (`applyOperations`, one draft for the whole log) and chained with the app's
 * `appendEntry`. That yields exactly the entries that applying each gesture as
 * its own batch with `applyBatch` would (ids, actors and times travel in the
 * operations), without copying the record tables once per batch, which would
 * make building a 50,000-note log quadratic. `crossCheckWithBatches` proves
 * the equivalence on small logs.
 *
 * Deterministic: the same note count always gives the same file (seeded PRNG,
 * ids derived from it, a synthetic clock).
 */
import { appendEntry, EMPTY_HEAD, type ChainHead } from '../../../shared/base/auditChain';
import { asActorId, asOperationId, asWorkshopId, type ActorId } from '../../../shared/base/ids';
import type { AuditEntry } from '../../../shared/pipeline/audit';
import { applyBatch } from '../../../shared/pipeline/batch';
import { applyOperations } from '../../../shared/pipeline/reducer';
import { buildWorkshopFile, stateToSnapshot } from '../../../shared/pipeline/workshopFile';
import type { Operation, OperationBody, WorkshopState } from '../../../shared/registry';
import {
  asClusterId,
  asNoteId,
  asVoteId,
  NOTE_COLORS,
  NOTE_SIZE,
  type Cluster,
  type ClusterId,
  type Note,
  type NoteColor,
  type NoteId,
  type Vote,
  type VoteId,
} from '../../../shared/wall/records';
import {
  defaultHeader,
  WORKSHOP_LIMITS,
  type Workshop,
  type WorkshopHeader,
} from '../../../shared/workshop/workshop';
import { noteHeight } from '../../../renderer/wall/noteLayout';
import { CLUSTER_HEADER, CLUSTER_PADDING, NOTE_GAP } from '../../../renderer/wall/wallGeometry';
import { Random } from './random';

/** What happens to notes in a session, as shares of the notes (or of the deletes, votes). */
export const SESSION_SHARES = {
  /** Notes reworded soon after being written (`note.edit`). */
  edited: 0.25,
  /** Of the edits, undone right away (a second `note.edit` back to the old text). */
  editUndone: 0.1,
  /** Notes nudged on the wall while brainstorming (a one-note `note.move`). */
  moved: 0.3,
  /** Notes recoloured (`note.recolor` of 1 to 3 recent notes). */
  recolored: 0.03,
  /** Notes that end up in a cluster (dragged in by `note.move` + `note.cluster`). */
  clustered: 0.8,
  /** Notes deleted as duplicates (`note.delete`). */
  deleted: 0.04,
  /** Of the deletes, undone right away (`note.restore` with the delete's inverse payload). */
  restored: 0.5,
  /** Of the deletes, made during voting (their votes go, and come back on undo); at most MAX_LATE_DELETES. */
  deletedWhileVoting: 0.1,
  /** Clusters renamed, resized, moved (carrying their notes). */
  clusterRenamed: 0.8,
  clusterResized: 0.3,
  clusterMoved: 0.15,
  /** Votes taken back; of those, some undone (`vote.restore`), the rest placed elsewhere. */
  voteRemoved: 0.25,
  voteRemoveUndone: 0.2,
} as const;

export const PEOPLE = 20;
export const VOTE_BUDGET = 5;
const NOTES_PER_CLUSTER = 25;
/** Late duplicates are a handful whatever the wall's size: voting is 100 dots, not a share of the notes. */
const MAX_LATE_DELETES = 12;
/** Notes dragged into a cluster in one drop: 1 to this many. */
const MAX_DROP = 6;

const CLUSTER_GAP = 240;

const TEXTS = [
  'Alert fired 20 minutes after the error rate crossed the SLO',
  'Runbook link pointed to the old dashboard',
  'Rollback was fast once we found the flag',
  'On-call had no access to the replica metrics',
  'Lucky: traffic was low because of the holiday',
  'Canary did not cover the EU region',
  'Status page updated by hand, late',
  'Config change skipped review (hotfix path)',
  'Two teams paged for the same symptom',
  'Dashboards disagreed about the p99 latency',
] as const;

/**
 * Geometry (wall units): the renderer's own cluster header, padding and gap (this file runs in
 * Node only, so it imports them instead of mirroring them like layout.ts). Notes grow with their
 * text (renderer/wall/noteLayout.ts), so a row is as tall as the tallest text with the longest
 * `(#n)` suffix a session gives, and no two notes overlap.
 */
const GRID = {
  dx: NOTE_SIZE.width + NOTE_GAP,
  dy: Math.max(...TEXTS.map((text) => noteHeight(`${text} (#9999999)`))) + NOTE_GAP,
} as const;

const CLUSTER_NAMES = [
  'Detection',
  'Alerting',
  'Rollout',
  'Access',
  'Communication',
  'Runbooks',
  'Capacity',
  'Review process',
  'Lucky breaks',
  'Tooling',
] as const;

/** A list with O(1) add, remove and random pick (swap-remove), for choosing live notes. */
class Pool<T> {
  private readonly items: T[] = [];
  private readonly slots = new Map<T, number>();

  get size(): number {
    return this.items.length;
  }

  add(item: T): void {
    if (this.slots.has(item)) return;
    this.slots.set(item, this.items.length);
    this.items.push(item);
  }

  delete(item: T): void {
    const slot = this.slots.get(item);
    if (slot === undefined) return;
    const last = this.items.pop();
    this.slots.delete(item);
    if (last !== undefined && last !== item) {
      this.items[slot] = last;
      this.slots.set(last, slot);
    }
  }

  has(item: T): boolean {
    return this.slots.has(item);
  }

  pick(random: Random): T {
    return random.pick(this.items);
  }
}

export interface OperationCounts {
  readonly [type: string]: number;
}

export interface WorkshopHistory {
  readonly workshop: Workshop;
  readonly state: WorkshopState;
  readonly audit: readonly AuditEntry[];
  /** Gesture boundaries: batch i is operations [batchStarts[i], batchStarts[i + 1]). */
  readonly batchStarts: readonly number[];
  readonly counts: OperationCounts;
  readonly records: { readonly notes: number; readonly clusters: number; readonly votes: number };
  /** Time to generate the operations, apply them in one pass and chain them (ms). */
  readonly buildMs: number;
}

/** A pending `note.delete` whose undo (`note.restore`) the generator predicted. */
interface PredictedUndo {
  readonly deleteIndex: number;
  readonly noteIds: readonly string[];
  readonly voteIds: readonly string[];
}

/**
 * Generates the session's operations against a model of the wall. Each public
 * step emits one gesture (one batch of operations sharing actor and time) and
 * updates the model exactly as the reducer will, so every operation applies.
 */
class SessionBuilder {
  readonly operations: Operation[] = [];
  readonly batchStarts: number[] = [];
  readonly undos: PredictedUndo[] = [];
  readonly random: Random;
  readonly people: readonly ActorId[];
  readonly workshop: Workshop;
  private clock: number;

  readonly notes = new Map<NoteId, Note>();
  /** Notes nobody has put in a cluster yet (the ones deletes and late votes come from). */
  readonly free = new Pool<NoteId>();
  readonly live = new Pool<NoteId>();
  readonly clusters = new Map<ClusterId, Cluster>();
  readonly members = new Map<ClusterId, Set<NoteId>>();
  readonly votes = new Map<VoteId, Vote>();
  readonly votesOf = new Map<ActorId, Set<VoteId>>();
  readonly votesOn = new Map<NoteId, Set<VoteId>>();
  private textSeq = 0;

  constructor(seed: number, title: string) {
    this.random = new Random(seed);
    this.people = Array.from({ length: PEOPLE }, () => asActorId(this.random.uuid()));
    this.clock = Date.UTC(2025, 2, 10, 13, 0, 0);
    this.workshop = {
      ...defaultHeader(title),
      id: asWorkshopId(this.random.uuid()),
      voteBudget: VOTE_BUDGET,
      createdAt: this.clock,
      updatedAt: this.clock,
      deletedAt: null,
    };
  }

  get now(): number {
    return this.clock;
  }

  get facilitator(): ActorId {
    return this.people[0] ?? asActorId('facilitator');
  }

  person(): ActorId {
    return this.random.pick(this.people);
  }

  text(): string {
    this.textSeq += 1;
    return `${this.random.pick(TEXTS)} (#${this.textSeq})`;
  }

  /** One gesture: its operations share the actor and the time, as applyBatch gives them. */
  batch(actorId: ActorId, bodies: readonly OperationBody[]): void {
    // People act a fraction of a second to a few seconds apart.
    this.clock += 200 + this.random.int(2_800);
    this.batchStarts.push(this.operations.length);
    for (const body of bodies) {
      this.operations.push({
        ...body,
        id: asOperationId(this.random.uuid()),
        workshopId: this.workshop.id,
        actorId,
        at: this.clock,
      });
    }
  }

  create(): void {
    this.batch(this.facilitator, [
      { type: 'workshop.create', payload: { workshop: this.workshop } },
    ]);
  }

  updateHeader(changes: Partial<WorkshopHeader>): void {
    this.batch(this.facilitator, [{ type: 'workshop.update', payload: { changes } }]);
  }

  addNote(at: { x: number; y: number }): NoteId {
    const authorId = this.person();
    const note: Note = {
      id: asNoteId(this.random.uuid()),
      workshopId: this.workshop.id,
      text: this.text(),
      color: this.random.pick(NOTE_COLORS),
      x: at.x,
      y: at.y,
      clusterId: null,
      authorId,
      createdAt: this.clock,
    };
    this.batch(authorId, [{ type: 'note.add', payload: { note } }]);
    this.putNote(note);
    this.free.add(note.id);
    return note.id;
  }

  private putNote(note: Note): void {
    const before = this.notes.get(note.id);
    // Membership changes only when the cluster does (re-adding to the same Set while a
    // caller iterates it would visit the note again).
    if (before?.clusterId !== note.clusterId) {
      if (before?.clusterId) this.members.get(before.clusterId)?.delete(note.id);
      if (note.clusterId) this.members.get(note.clusterId)?.add(note.id);
    }
    this.notes.set(note.id, note);
    this.live.add(note.id);
  }

  private note(id: NoteId): Note {
    const note = this.notes.get(id);
    if (!note) throw new Error(`bench: the model lost note ${id}`);
    return note;
  }

  editNote(id: NoteId, undo: boolean): void {
    const note = this.note(id);
    const text = this.text();
    this.batch(note.authorId, [{ type: 'note.edit', payload: { noteId: id, text } }]);
    this.putNote({ ...note, text });
    if (undo) {
      this.batch(note.authorId, [{ type: 'note.edit', payload: { noteId: id, text: note.text } }]);
      this.putNote(note);
    }
  }

  moveNote(id: NoteId, dx: number, dy: number): void {
    const note = this.note(id);
    const moved = { ...note, x: note.x + dx, y: note.y + dy };
    this.batch(this.person(), [
      { type: 'note.move', payload: { moves: [{ noteId: id, x: moved.x, y: moved.y }] } },
    ]);
    this.putNote(moved);
  }

  recolor(ids: readonly NoteId[]): void {
    const unique = [...new Set(ids)];
    const color: NoteColor = this.random.pick(NOTE_COLORS);
    this.batch(this.person(), [{ type: 'note.recolor', payload: { noteIds: unique, color } }]);
    for (const id of unique) this.putNote({ ...this.note(id), color });
  }

  createCluster(rect: { x: number; y: number; width: number; height: number }): ClusterId {
    const cluster: Cluster = {
      id: asClusterId(this.random.uuid()),
      workshopId: this.workshop.id,
      // The wall creates clusters unnamed; people name them afterwards.
      name: '',
      ...rect,
      createdAt: this.clock,
    };
    this.batch(this.person(), [{ type: 'cluster.create', payload: { cluster } }]);
    this.clusters.set(cluster.id, cluster);
    this.members.set(cluster.id, new Set());
    return cluster.id;
  }

  private cluster(id: ClusterId): Cluster {
    const cluster = this.clusters.get(id);
    if (!cluster) throw new Error(`bench: the model lost cluster ${id}`);
    return cluster;
  }

  /** The wall's drop of notes into a cluster: one batch of `note.move` then `note.cluster`. */
  dropInto(clusterId: ClusterId, placed: readonly { id: NoteId; x: number; y: number }[]): void {
    this.batch(this.person(), [
      {
        type: 'note.move',
        payload: { moves: placed.map((p) => ({ noteId: p.id, x: p.x, y: p.y })) },
      },
      { type: 'note.cluster', payload: { noteIds: placed.map((p) => p.id), clusterId } },
    ]);
    for (const p of placed) {
      this.putNote({ ...this.note(p.id), x: p.x, y: p.y, clusterId });
      this.free.delete(p.id);
    }
  }

  renameCluster(id: ClusterId): void {
    const name = `${this.random.pick(CLUSTER_NAMES)} ${this.clusters.size}`;
    this.batch(this.person(), [{ type: 'cluster.rename', payload: { clusterId: id, name } }]);
    this.clusters.set(id, { ...this.cluster(id), name });
  }

  resizeCluster(id: ClusterId, grow: number): void {
    const c = this.cluster(id);
    const next = { ...c, width: c.width + grow, height: c.height + grow };
    this.batch(this.person(), [
      {
        type: 'cluster.resize',
        payload: { clusterId: id, x: next.x, y: next.y, width: next.width, height: next.height },
      },
    ]);
    this.clusters.set(id, next);
  }

  /** Moves a cluster; like the reducer, its members move by the same offset. */
  moveCluster(id: ClusterId, dx: number, dy: number): void {
    const c = this.cluster(id);
    this.batch(this.person(), [
      { type: 'cluster.move', payload: { clusterId: id, x: c.x + dx, y: c.y + dy } },
    ]);
    this.clusters.set(id, { ...c, x: c.x + dx, y: c.y + dy });
    for (const noteId of [...(this.members.get(id) ?? [])]) {
      const note = this.note(noteId);
      this.putNote({ ...note, x: note.x + dx, y: note.y + dy });
    }
  }

  /**
   * Deletes notes (their votes go with them); with `undo`, the next gesture
   * restores them with the payload the reducer's inverse carries, and the
   * votes come back as far as each voter's budget allows, as in the handler.
   */
  deleteNotes(ids: readonly NoteId[], undo: boolean): void {
    const removed = ids.map((id) => this.note(id));
    const removedVotes = removed.flatMap((n) =>
      [...(this.votesOn.get(n.id) ?? [])].map((v) => this.vote(v)),
    );
    const actor = this.person();
    const deleteIndex = this.operations.length;
    this.batch(actor, [{ type: 'note.delete', payload: { noteIds: [...ids] } }]);
    for (const vote of removedVotes) this.dropVote(vote);
    for (const note of removed) {
      this.notes.delete(note.id);
      this.live.delete(note.id);
      this.free.delete(note.id);
      if (note.clusterId) this.members.get(note.clusterId)?.delete(note.id);
    }
    if (!undo) return;
    this.undos.push({
      deleteIndex,
      noteIds: removed.map((n) => n.id),
      voteIds: removedVotes.map((v) => v.id),
    });
    this.batch(actor, [{ type: 'note.restore', payload: { notes: removed, votes: removedVotes } }]);
    for (const note of removed) {
      this.putNote(note);
      if (!note.clusterId) this.free.add(note.id);
    }
    for (const vote of removedVotes) {
      if ((this.votesOf.get(vote.voterId)?.size ?? 0) < this.workshop.voteBudget) {
        this.keepVote(vote);
      }
    }
  }

  private vote(id: VoteId): Vote {
    const vote = this.votes.get(id);
    if (!vote) throw new Error(`bench: the model lost vote ${id}`);
    return vote;
  }

  votesLeft(voterId: ActorId): number {
    return this.workshop.voteBudget - (this.votesOf.get(voterId)?.size ?? 0);
  }

  private keepVote(vote: Vote): void {
    this.votes.set(vote.id, vote);
    let mine = this.votesOf.get(vote.voterId);
    if (!mine) this.votesOf.set(vote.voterId, (mine = new Set()));
    mine.add(vote.id);
    let on = this.votesOn.get(vote.noteId);
    if (!on) this.votesOn.set(vote.noteId, (on = new Set()));
    on.add(vote.id);
  }

  private dropVote(vote: Vote): void {
    this.votes.delete(vote.id);
    this.votesOf.get(vote.voterId)?.delete(vote.id);
    this.votesOn.get(vote.noteId)?.delete(vote.id);
  }

  addVote(voterId: ActorId, noteId: NoteId): void {
    const vote: Vote = {
      id: asVoteId(this.random.uuid()),
      workshopId: this.workshop.id,
      noteId,
      voterId,
      createdAt: this.clock,
    };
    this.batch(voterId, [{ type: 'vote.add', payload: { vote } }]);
    this.keepVote(vote);
  }

  /** Takes one of the voter's votes back; with `undo`, puts it back right away. */
  removeVote(voterId: ActorId, undo: boolean): void {
    const mine = [...(this.votesOf.get(voterId) ?? [])];
    if (mine.length === 0) return;
    const vote = this.vote(this.random.pick(mine));
    this.batch(voterId, [{ type: 'vote.remove', payload: { voteId: vote.id } }]);
    this.dropVote(vote);
    if (undo) {
      this.batch(voterId, [{ type: 'vote.restore', payload: { vote } }]);
      this.keepVote(vote);
    }
  }
}

const clusterSize = (members: number) => {
  const columns = Math.max(1, Math.ceil(Math.sqrt(members)));
  const rows = Math.max(1, Math.ceil(members / columns));
  return {
    columns,
    width: 2 * CLUSTER_PADDING + columns * GRID.dx - NOTE_GAP,
    height: CLUSTER_HEADER + 2 * CLUSTER_PADDING + rows * GRID.dy - NOTE_GAP,
  };
};

/** Builds the session for a wall that ends with exactly `noteCount` notes. */
export function buildHistory(noteCount: number): WorkshopHistory {
  const started = performance.now();
  const shares = SESSION_SHARES;
  const b = new SessionBuilder(noteCount * 7919 + 17, `Bench import ${noteCount} notes`);
  const deletes = Math.round(noteCount * shares.deleted);
  // Enough notes are written that the wall holds `noteCount` after the net deletes.
  const restoredGoal = Math.round(deletes * shares.restored);
  const written = noteCount + deletes - restoredGoal;
  const clusterCount = Math.max(
    1,
    Math.ceil(Math.round(noteCount * shares.clustered) / NOTES_PER_CLUSTER),
  );
  // The reducer refuses the operation that would pass the ceiling; say so before generating.
  const peak = written + clusterCount + PEOPLE * VOTE_BUDGET;
  if (peak > WORKSHOP_LIMITS.records) {
    throw new Error(
      `bench: a ${noteCount}-note session peaks at ${peak} records, over the ceiling of ${WORKSHOP_LIMITS.records} per workshop; choose fewer notes.`,
    );
  }

  b.create();
  b.updateHeader({ summary: 'Checkout errors for 47 minutes after a config push.' });

  // 1. Brainstorm: everyone writes notes into a free area above the cluster grid,
  // rewording, nudging and recolouring some of the recent ones.
  const freeColumns = Math.ceil(Math.sqrt(written * 2));
  const freeTop = -(Math.ceil(written / freeColumns) * GRID.dy) - 2 * CLUSTER_GAP;
  const recent: NoteId[] = [];
  for (let i = 0; i < written; i += 1) {
    const id = b.addNote({
      x: (i % freeColumns) * GRID.dx,
      y: freeTop + Math.floor(i / freeColumns) * GRID.dy,
    });
    recent.push(id);
    if (recent.length > 30) recent.shift();
    if (b.random.chance(shares.edited)) {
      b.editNote(b.random.pick(recent), b.random.chance(shares.editUndone));
    }
    if (b.random.chance(shares.moved)) {
      b.moveNote(b.random.pick(recent), b.random.int(41) - 20, b.random.int(41) - 20);
    }
    if (b.random.chance(shares.recolored)) {
      b.recolor(Array.from({ length: 1 + b.random.int(3) }, () => b.random.pick(recent)));
    }
  }

  // 2. Affinity grouping: clusters on a grid; notes dragged in a few at a time;
  // clusters named, resized, moved; duplicates deleted among the free notes
  // (some deletes undone at once).
  const toCluster = Math.round(noteCount * shares.clustered);
  const gridColumns = Math.ceil(Math.sqrt(clusterCount));
  const cell = clusterSize(NOTES_PER_CLUSTER);
  const groupingDeletes =
    deletes - Math.min(MAX_LATE_DELETES, Math.round(deletes * shares.deletedWhileVoting));
  let deleted = 0;
  let restored = 0;
  const freeNote = () => (b.free.size > 0 ? b.free.pick(b.random) : null);
  /** Deletes notes chosen by `from`, in at most `count` gestures, until `target` are deleted in all. */
  const deleteSome = (count: number, target: number, from: () => NoteId | null) => {
    while (deleted < target && count > 0) {
      // Mostly one note at a time (select, Delete); now and then a pair.
      const size = Math.min(b.random.chance(0.2) ? 2 : 1, target - deleted);
      const ids = new Set<NoteId>();
      for (let tries = 0; ids.size < size && tries < 10; tries += 1) {
        const id = from();
        if (id !== null) ids.add(id);
      }
      if (ids.size === 0) return;
      // Undo just enough deletes to keep the restored share on target as the session goes.
      const undo =
        restored + ids.size <=
        Math.min(restoredGoal, Math.round((deleted + ids.size) * shares.restored));
      b.deleteNotes([...ids], undo);
      deleted += ids.size;
      if (undo) restored += ids.size;
      count -= 1;
    }
  };
  let clustered = 0;
  for (let k = 0; k < clusterCount; k += 1) {
    const members = Math.min(NOTES_PER_CLUSTER, toCluster - clustered);
    const size = clusterSize(Math.max(1, members));
    const origin = {
      x: (k % gridColumns) * (cell.width + CLUSTER_GAP),
      y: Math.floor(k / gridColumns) * (cell.height + CLUSTER_GAP),
    };
    const clusterId = b.createCluster({ ...origin, width: size.width, height: size.height });
    let slot = 0;
    while (slot < members && b.free.size > 0) {
      const drop = Math.min(1 + b.random.int(MAX_DROP), members - slot);
      const picked = new Set<NoteId>();
      while (picked.size < Math.min(drop, b.free.size)) picked.add(b.free.pick(b.random));
      const placed = [...picked].map((id, i) => ({
        id,
        x: origin.x + CLUSTER_PADDING + ((slot + i) % size.columns) * GRID.dx,
        y:
          origin.y +
          CLUSTER_HEADER +
          CLUSTER_PADDING +
          Math.floor((slot + i) / size.columns) * GRID.dy,
      }));
      b.dropInto(clusterId, placed);
      slot += placed.length;
    }
    clustered += slot;
    if (b.random.chance(shares.clusterRenamed)) b.renameCluster(clusterId);
    if (b.random.chance(shares.clusterResized)) b.resizeCluster(clusterId, 40);
    if (b.random.chance(shares.clusterMoved)) b.moveCluster(clusterId, 30, 20);
    // Spread the duplicate clean-up over the grouping.
    deleteSome(
      Math.ceil(groupingDeletes / clusterCount),
      Math.round((groupingDeletes * (k + 1)) / clusterCount),
      freeNote,
    );
  }

  // 3. Dot voting: each person spends the budget, mostly on a few popular
  // clustered notes; some take votes back (a few undo that), and a few late
  // duplicates are deleted with the votes on them.
  const clusteredIds = [...b.notes.values()].filter((n) => n.clusterId !== null).map((n) => n.id);
  const popular = (): NoteId => {
    // Squaring skews the choice towards the start of the list: a few notes get most dots.
    const id = clusteredIds[Math.floor(b.random.next() ** 2 * clusteredIds.length)];
    return id !== undefined && b.live.has(id) ? id : b.live.pick(b.random);
  };
  const votingDeletes = deletes - deleted;
  const votedNote = () => {
    const votes = [...b.votes.values()];
    return votes.length > 0 ? b.random.pick(votes).noteId : freeNote();
  };
  let placed = 0;
  const expected = PEOPLE * VOTE_BUDGET;
  for (let round = 0; round < VOTE_BUDGET * 3; round += 1) {
    for (const voter of b.people) {
      if (b.votesLeft(voter) <= 0) continue;
      b.addVote(voter, popular());
      placed += 1;
      if (b.random.chance(shares.voteRemoved)) {
        b.removeVote(voter, b.random.chance(shares.voteRemoveUndone));
      }
      if (votingDeletes > 0 && placed % Math.max(1, Math.floor(expected / votingDeletes)) === 0) {
        // Late duplicates carry votes: the votes go with the note (and come back on undo).
        deleteSome(1, deletes, votedNote);
      }
    }
  }
  deleteSome(deletes, deletes, freeNote);

  // 4. Wrap-up, and late notes if the undo pattern left the wall short.
  while (b.live.size < noteCount) b.addNote({ x: 0, y: freeTop - 2 * CLUSTER_GAP });
  b.updateHeader({ status: 'in_review', impact: 'About 3% of checkouts failed.' });

  // One pass of the app's reducer over the whole log, then the app's hash chain.
  const applied = applyOperations(null, b.operations);
  if (!applied.ok) {
    const op = b.operations[applied.index];
    throw new Error(
      `bench: the generated ${noteCount}-note session does not apply at operation ${applied.index} (${op?.type ?? '?'}): ${applied.error.message}`,
    );
  }
  checkUndos(b.undos, applied.inverses);
  let head: ChainHead = EMPTY_HEAD;
  const audit = b.operations.map((operation) => {
    const entry = appendEntry(head, operation);
    head = { seq: entry.seq, hash: entry.hash };
    return entry;
  });

  const { records } = applied.state;
  const counts: Record<string, number> = {};
  for (const op of b.operations) counts[op.type] = (counts[op.type] ?? 0) + 1;
  const recordCounts = {
    notes: records.notes.size,
    clusters: records.clusters.size,
    votes: records.votes.size,
  };
  if (recordCounts.notes !== noteCount || b.votes.size !== recordCounts.votes) {
    throw new Error(
      `bench: the model expected ${noteCount} notes and ${b.votes.size} votes; the reducer has ${recordCounts.notes} and ${recordCounts.votes}`,
    );
  }
  const total = recordCounts.notes + recordCounts.clusters + recordCounts.votes;
  if (total > WORKSHOP_LIMITS.records) {
    throw new Error(`bench: ${total} records exceed the workshop ceiling`);
  }
  return {
    workshop: applied.state.workshop,
    state: applied.state,
    audit,
    batchStarts: b.batchStarts,
    counts,
    records: recordCounts,
    buildMs: performance.now() - started,
  };
}

/** The restores the generator wrote must be exactly what the app's undo of each delete sends. */
function checkUndos(
  undos: readonly PredictedUndo[],
  inverses: readonly (readonly OperationBody[])[],
): void {
  const sorted = (ids: readonly string[]) => [...ids].sort().join(',');
  for (const undo of undos) {
    const inverse = inverses[undo.deleteIndex]?.[0];
    if (inverse?.type !== 'note.restore') {
      throw new Error(`bench: operation ${undo.deleteIndex} has no note.restore inverse`);
    }
    const { notes, votes } = inverse.payload;
    if (
      sorted(notes.map((n) => n.id)) !== sorted(undo.noteIds) ||
      sorted(votes.map((v) => v.id)) !== sorted(undo.voteIds)
    ) {
      throw new Error(`bench: the undo of operation ${undo.deleteIndex} differs from the app's`);
    }
  }
}

/**
 * Rebuilds the log gesture by gesture with applyBatch, as the app records it,
 * and checks it ends at the same chain head. Quadratic (each batch copies the
 * tables it writes), so only for small logs. Returns the time it took (ms).
 */
export function crossCheckWithBatches(history: WorkshopHistory): number {
  const started = performance.now();
  const operations = history.audit.map((e) => e.operation);
  let state: WorkshopState | null = null;
  let head: ChainHead = EMPTY_HEAD;
  history.batchStarts.forEach((start, i) => {
    const end = history.batchStarts[i + 1] ?? operations.length;
    const ops = operations.slice(start, end);
    const first = ops[0];
    if (!first) throw new Error('bench: empty batch');
    let next = 0;
    const result = applyBatch(state, head, ops, {
      workshopId: first.workshopId,
      actorId: first.actorId,
      now: first.at,
      newOperationId: () => {
        const op = ops[next];
        next += 1;
        if (!op) throw new Error('bench: batch ran out of operation ids');
        return op.id;
      },
    });
    if (!result.ok) throw new Error(`bench: batch ${i} does not apply: ${result.error.message}`);
    state = result.batch.state;
    head = result.batch.head;
  });
  const last = history.audit.at(-1);
  if (!last || head.hash !== last.hash) {
    throw new Error('bench: batch-by-batch chain differs from the one-pass chain');
  }
  return performance.now() - started;
}

/** The history as the workshop file an export would write. */
export function historyFileText(history: WorkshopHistory): string {
  const exportedAt = (history.audit.at(-1)?.operation.at ?? history.workshop.updatedAt) + 60_000;
  return JSON.stringify(
    buildWorkshopFile(stateToSnapshot(history.state), history.audit, exportedAt),
  );
}
