/**
 * The deterministic reducer: (state, operation) -> next state, the records that
 * changed, and the inverse operations that would undo it. Pure: same input,
 * same output, on every machine, so a workshop can be rebuilt by replaying its
 * audit log and LAN peers converge. It never reads clocks, randomness or I/O;
 * everything it needs (ids, actor, time) travels in the operation.
 * It assumes the operation already passed OperationSchema; it checks meaning.
 */
import type { ClusterId, NoteId, VoteId } from '../domain/ids.js';
import {
  LIMITS,
  type Cluster,
  type Note,
  type Vote,
  type Workshop,
  type WorkshopHeader,
} from '../domain/model.js';
import type { BodyOf, Operation, OperationBody } from './operations.js';

export interface WorkshopState {
  readonly workshop: Workshop;
  readonly notes: Readonly<Record<string, Note>>;
  readonly clusters: Readonly<Record<string, Cluster>>;
  readonly votes: Readonly<Record<string, Vote>>;
}

interface RecordChanges<T, Id> {
  readonly put: readonly T[];
  readonly remove: readonly Id[];
}

/** Exactly the records an operation wrote, so storage can persist a diff. */
export interface StateChanges {
  readonly workshop: Workshop;
  readonly notes: RecordChanges<Note, NoteId>;
  readonly clusters: RecordChanges<Cluster, ClusterId>;
  readonly votes: RecordChanges<Vote, VoteId>;
}

export type OperationErrorCode = 'not_found' | 'conflict' | 'budget' | 'trashed' | 'invalid';

export interface OperationError {
  readonly code: OperationErrorCode;
  readonly message: string;
}

export type ApplyResult =
  | {
      readonly ok: true;
      readonly state: WorkshopState;
      readonly changes: StateChanges;
      /** Operations that undo this one when applied to `state`, in order. */
      readonly inverse: readonly OperationBody[];
    }
  | { readonly ok: false; readonly error: OperationError };

class Rejection extends Error {
  constructor(
    readonly code: OperationErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const reject = (code: OperationErrorCode, message: string): never => {
  throw new Rejection(code, message);
};

/** Collects record writes while an operation is applied, copying each table at most once. */
class Draft {
  private notes: Record<string, Note> | null = null;
  private clusters: Record<string, Cluster> | null = null;
  private votes: Record<string, Vote> | null = null;
  readonly notePut = new Map<string, Note>();
  readonly noteRemove = new Set<NoteId>();
  readonly clusterPut = new Map<string, Cluster>();
  readonly clusterRemove = new Set<ClusterId>();
  readonly votePut = new Map<string, Vote>();
  readonly voteRemove = new Set<VoteId>();
  workshop: Workshop;

  constructor(readonly base: WorkshopState) {
    this.workshop = base.workshop;
  }

  note(id: NoteId): Note | undefined {
    return (this.notes ?? this.base.notes)[id];
  }
  cluster(id: ClusterId): Cluster | undefined {
    return (this.clusters ?? this.base.clusters)[id];
  }
  vote(id: VoteId): Vote | undefined {
    return (this.votes ?? this.base.votes)[id];
  }
  allNotes(): Readonly<Record<string, Note>> {
    return this.notes ?? this.base.notes;
  }
  allVotes(): Readonly<Record<string, Vote>> {
    return this.votes ?? this.base.votes;
  }

  putNote(note: Note): void {
    (this.notes ??= { ...this.base.notes })[note.id] = note;
    this.notePut.set(note.id, note);
    this.noteRemove.delete(note.id);
  }
  removeNote(id: NoteId): void {
    Reflect.deleteProperty((this.notes ??= { ...this.base.notes }), id);
    this.notePut.delete(id);
    this.noteRemove.add(id);
  }
  putCluster(cluster: Cluster): void {
    (this.clusters ??= { ...this.base.clusters })[cluster.id] = cluster;
    this.clusterPut.set(cluster.id, cluster);
    this.clusterRemove.delete(cluster.id);
  }
  removeCluster(id: ClusterId): void {
    Reflect.deleteProperty((this.clusters ??= { ...this.base.clusters }), id);
    this.clusterPut.delete(id);
    this.clusterRemove.add(id);
  }
  putVote(vote: Vote): void {
    (this.votes ??= { ...this.base.votes })[vote.id] = vote;
    this.votePut.set(vote.id, vote);
    this.voteRemove.delete(vote.id);
  }
  removeVote(id: VoteId): void {
    Reflect.deleteProperty((this.votes ??= { ...this.base.votes }), id);
    this.votePut.delete(id);
    this.voteRemove.add(id);
  }

  finish(at: number): { state: WorkshopState; changes: StateChanges } {
    const workshop = { ...this.workshop, updatedAt: Math.max(this.workshop.updatedAt, at) };
    return {
      state: {
        workshop,
        notes: this.notes ?? this.base.notes,
        clusters: this.clusters ?? this.base.clusters,
        votes: this.votes ?? this.base.votes,
      },
      changes: {
        workshop,
        notes: { put: [...this.notePut.values()], remove: [...this.noteRemove] },
        clusters: { put: [...this.clusterPut.values()], remove: [...this.clusterRemove] },
        votes: { put: [...this.votePut.values()], remove: [...this.voteRemove] },
      },
    };
  }
}

const EMPTY_TABLES = { notes: {}, clusters: {}, votes: {} } as const;

function requireNote(d: Draft, id: NoteId): Note {
  return d.note(id) ?? reject('not_found', `Note ${id} does not exist (it may have been deleted).`);
}

function requireCluster(d: Draft, id: ClusterId): Cluster {
  return (
    d.cluster(id) ?? reject('not_found', `Cluster ${id} does not exist (it may have been deleted).`)
  );
}

function requireUnique(ids: readonly string[], what: string): void {
  if (new Set(ids).size !== ids.length) reject('invalid', `The same ${what} is listed twice.`);
}

/** Groups ids by a key so an inverse can be expressed as a few batch operations. */
function groupBy<K, V>(items: readonly V[], key: (v: V) => K): Map<K, V[]> {
  const groups = new Map<K, V[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

function votesOnNotes(d: Draft, noteIds: ReadonlySet<string>): Vote[] {
  return Object.values(d.allVotes()).filter((v) => noteIds.has(v.noteId));
}

function membersOf(d: Draft, clusterId: ClusterId): Note[] {
  return Object.values(d.allNotes()).filter((n) => n.clusterId === clusterId);
}

type Handler<T extends OperationBody['type']> = (
  d: Draft,
  body: BodyOf<T>,
  op: Operation,
) => OperationBody[];

const handlers: { [T in OperationBody['type']]: Handler<T> } = {
  'workshop.create': () => reject('conflict', 'This workshop already exists.'),

  'workshop.update': (d, { payload }) => {
    const previous: Partial<Record<keyof WorkshopHeader, unknown>> = {};
    const current = d.workshop;
    for (const key of Object.keys(payload.changes) as (keyof WorkshopHeader)[]) {
      previous[key] = current[key];
    }
    d.workshop = { ...current, ...payload.changes };
    return [{ type: 'workshop.update', payload: { changes: previous as Partial<WorkshopHeader> } }];
  },

  'workshop.trash': (d, _body, op) => {
    d.workshop = { ...d.workshop, deletedAt: op.at };
    return [{ type: 'workshop.restore', payload: {} }];
  },

  'workshop.restore': (d) => {
    if (d.workshop.deletedAt === null) reject('conflict', 'This workshop is not in the trash.');
    d.workshop = { ...d.workshop, deletedAt: null };
    return [{ type: 'workshop.trash', payload: {} }];
  },

  'note.add': (d, { payload: { note } }, op) => {
    if (note.workshopId !== op.workshopId)
      reject('invalid', 'The note belongs to another workshop.');
    if (d.note(note.id)) reject('conflict', `Note ${note.id} already exists.`);
    if (note.clusterId !== null) requireCluster(d, note.clusterId);
    d.putNote(note);
    return [{ type: 'note.delete', payload: { noteIds: [note.id] } }];
  },

  'note.edit': (d, { payload }) => {
    const note = requireNote(d, payload.noteId);
    d.putNote({ ...note, text: payload.text });
    return [{ type: 'note.edit', payload: { noteId: note.id, text: note.text } }];
  },

  'note.recolor': (d, { payload }) => {
    requireUnique(payload.noteIds, 'note');
    const notes = payload.noteIds.map((id) => requireNote(d, id));
    for (const note of notes) d.putNote({ ...note, color: payload.color });
    return [...groupBy(notes, (n) => n.color)].map(([color, group]) => ({
      type: 'note.recolor' as const,
      payload: { noteIds: group.map((n) => n.id), color },
    }));
  },

  'note.move': (d, { payload }) => {
    requireUnique(
      payload.moves.map((m) => m.noteId),
      'note',
    );
    const before = payload.moves.map((m) => {
      const note = requireNote(d, m.noteId);
      d.putNote({ ...note, x: m.x, y: m.y });
      return note;
    });
    return [
      {
        type: 'note.move',
        payload: { moves: before.map((n) => ({ noteId: n.id, x: n.x, y: n.y })) },
      },
    ];
  },

  'note.cluster': (d, { payload }) => {
    requireUnique(payload.noteIds, 'note');
    if (payload.clusterId !== null) requireCluster(d, payload.clusterId);
    const notes = payload.noteIds.map((id) => requireNote(d, id));
    for (const note of notes) d.putNote({ ...note, clusterId: payload.clusterId });
    return [...groupBy(notes, (n) => n.clusterId)].map(([clusterId, group]) => ({
      type: 'note.cluster' as const,
      payload: { noteIds: group.map((n) => n.id), clusterId },
    }));
  },

  'note.delete': (d, { payload }) => {
    requireUnique(payload.noteIds, 'note');
    const notes = payload.noteIds.map((id) => requireNote(d, id));
    const votes = votesOnNotes(d, new Set(payload.noteIds));
    for (const vote of votes) d.removeVote(vote.id);
    for (const note of notes) d.removeNote(note.id);
    return [{ type: 'note.restore', payload: { notes, votes } }];
  },

  'note.restore': (d, { payload }, op) => {
    requireUnique(
      payload.notes.map((n) => n.id),
      'note',
    );
    const restored = new Set<string>();
    for (const note of payload.notes) {
      if (note.workshopId !== op.workshopId)
        reject('invalid', 'The note belongs to another workshop.');
      if (d.note(note.id)) reject('conflict', `Note ${note.id} already exists.`);
      // A cluster deleted in the meantime cannot be resurrected here; the note comes back unclustered.
      const clusterId =
        note.clusterId !== null && d.cluster(note.clusterId) ? note.clusterId : null;
      d.putNote({ ...note, clusterId });
      restored.add(note.id);
    }
    for (const vote of payload.votes) {
      if (vote.workshopId !== op.workshopId)
        reject('invalid', 'The vote belongs to another workshop.');
      if (!restored.has(vote.noteId))
        reject('invalid', 'A restored vote points at a note that is not restored.');
      if (d.vote(vote.id)) reject('conflict', `Vote ${vote.id} already exists.`);
      d.putVote(vote);
    }
    return [{ type: 'note.delete', payload: { noteIds: payload.notes.map((n) => n.id) } }];
  },

  'cluster.create': (d, { payload: { cluster } }, op) => {
    if (cluster.workshopId !== op.workshopId)
      reject('invalid', 'The cluster belongs to another workshop.');
    if (d.cluster(cluster.id)) reject('conflict', `Cluster ${cluster.id} already exists.`);
    d.putCluster(cluster);
    return [{ type: 'cluster.delete', payload: { clusterId: cluster.id } }];
  },

  'cluster.rename': (d, { payload }) => {
    const cluster = requireCluster(d, payload.clusterId);
    d.putCluster({ ...cluster, name: payload.name });
    return [{ type: 'cluster.rename', payload: { clusterId: cluster.id, name: cluster.name } }];
  },

  'cluster.move': (d, { payload }) => {
    const cluster = requireCluster(d, payload.clusterId);
    const dx = payload.x - cluster.x;
    const dy = payload.y - cluster.y;
    const members = membersOf(d, cluster.id);
    const onWall = (v: number) => Math.abs(v) <= LIMITS.coordinate;
    if (!members.every((n) => onWall(n.x + dx) && onWall(n.y + dy))) {
      reject('invalid', 'Moving the cluster there would push its notes off the wall.');
    }
    d.putCluster({ ...cluster, x: payload.x, y: payload.y });
    for (const note of members) d.putNote({ ...note, x: note.x + dx, y: note.y + dy });
    const inverse: OperationBody[] = [
      { type: 'cluster.move', payload: { clusterId: cluster.id, x: cluster.x, y: cluster.y } },
    ];
    // Restore members' exact coordinates: (x + dx) - dx is not always x in floating point.
    if (members.length > 0) {
      inverse.push({
        type: 'note.move',
        payload: { moves: members.map((n) => ({ noteId: n.id, x: n.x, y: n.y })) },
      });
    }
    return inverse;
  },

  'cluster.resize': (d, { payload }) => {
    const cluster = requireCluster(d, payload.clusterId);
    const { x, y, width, height } = payload;
    d.putCluster({ ...cluster, x, y, width, height });
    const { x: oldX, y: oldY, width: oldWidth, height: oldHeight } = cluster;
    return [
      {
        type: 'cluster.resize',
        payload: { clusterId: cluster.id, x: oldX, y: oldY, width: oldWidth, height: oldHeight },
      },
    ];
  },

  'cluster.delete': (d, { payload }) => {
    const cluster = requireCluster(d, payload.clusterId);
    const members = membersOf(d, cluster.id);
    for (const note of members) d.putNote({ ...note, clusterId: null });
    d.removeCluster(cluster.id);
    const inverse: OperationBody[] = [{ type: 'cluster.create', payload: { cluster } }];
    if (members.length > 0) {
      inverse.push({
        type: 'note.cluster',
        payload: { noteIds: members.map((n) => n.id), clusterId: cluster.id },
      });
    }
    return inverse;
  },

  'vote.add': (d, { payload: { vote } }, op) => {
    if (vote.workshopId !== op.workshopId)
      reject('invalid', 'The vote belongs to another workshop.');
    if (vote.voterId !== op.actorId) reject('invalid', 'People can only place their own votes.');
    if (d.vote(vote.id)) reject('conflict', `Vote ${vote.id} already exists.`);
    requireNote(d, vote.noteId);
    const budget = d.workshop.voteBudget;
    if (budget === 0) reject('budget', 'Voting is turned off for this workshop.');
    const used = Object.values(d.allVotes()).filter((v) => v.voterId === vote.voterId).length;
    if (used >= budget) {
      reject(
        'budget',
        `You have used all ${budget} of your votes. Remove a vote to place it elsewhere.`,
      );
    }
    d.putVote(vote);
    return [{ type: 'vote.remove', payload: { voteId: vote.id } }];
  },

  'vote.remove': (d, { payload }, op) => {
    const vote = d.vote(payload.voteId) ?? reject('not_found', 'That vote no longer exists.');
    if (vote.voterId !== op.actorId) reject('invalid', 'People can only remove their own votes.');
    d.removeVote(vote.id);
    return [{ type: 'vote.restore', payload: { vote } }];
  },

  'vote.restore': (d, { payload: { vote } }, op) => {
    if (vote.workshopId !== op.workshopId)
      reject('invalid', 'The vote belongs to another workshop.');
    if (vote.voterId !== op.actorId) reject('invalid', 'People can only restore their own votes.');
    if (d.vote(vote.id)) reject('conflict', `Vote ${vote.id} already exists.`);
    requireNote(d, vote.noteId);
    // No budget check: this puts back a vote that was already counted (undo of vote.remove).
    d.putVote(vote);
    return [{ type: 'vote.remove', payload: { voteId: vote.id } }];
  },
};

function createWorkshop(op: Extract<Operation, { type: 'workshop.create' }>): ApplyResult {
  const { workshop, notes, clusters } = op.payload;
  const fail = (message: string): ApplyResult => ({
    ok: false,
    error: { code: 'invalid', message },
  });
  if (workshop.id !== op.workshopId) return fail('The workshop id does not match the operation.');
  if (workshop.deletedAt !== null) return fail('A new workshop cannot start in the trash.');
  const base: WorkshopState = { workshop, ...EMPTY_TABLES };
  const d = new Draft(base);
  try {
    for (const cluster of clusters)
      handlers['cluster.create'](d, { type: 'cluster.create', payload: { cluster } }, op);
    for (const note of notes) handlers['note.add'](d, { type: 'note.add', payload: { note } }, op);
  } catch (e) {
    if (e instanceof Rejection) return { ok: false, error: { code: e.code, message: e.message } };
    throw e;
  }
  const { state, changes } = d.finish(op.at);
  return { ok: true, state, changes, inverse: [{ type: 'workshop.trash', payload: {} }] };
}

/**
 * Applies one validated operation. Returns a rejection (never throws) when the
 * operation does not make sense for this state; the state is then unchanged.
 */
export function applyOperation(state: WorkshopState | null, op: Operation): ApplyResult {
  if (op.type === 'workshop.create') {
    if (state !== null)
      return { ok: false, error: { code: 'conflict', message: 'This workshop already exists.' } };
    return createWorkshop(op);
  }
  if (state === null) {
    return { ok: false, error: { code: 'not_found', message: 'This workshop does not exist.' } };
  }
  if (state.workshop.id !== op.workshopId) {
    return {
      ok: false,
      error: { code: 'invalid', message: 'The operation is for another workshop.' },
    };
  }
  if (state.workshop.deletedAt !== null && op.type !== 'workshop.restore') {
    return {
      ok: false,
      error: {
        code: 'trashed',
        message: 'This workshop is in the trash. Restore it to change it.',
      },
    };
  }
  const d = new Draft(state);
  try {
    const handler = handlers[op.type] as Handler<typeof op.type>;
    const inverse = handler(d, op, op);
    const { state: next, changes } = d.finish(op.at);
    return { ok: true, state: next, changes, inverse };
  } catch (e) {
    if (e instanceof Rejection) return { ok: false, error: { code: e.code, message: e.message } };
    throw e;
  }
}

export type ReplayResult =
  | { readonly ok: true; readonly state: WorkshopState }
  | { readonly ok: false; readonly index: number; readonly error: OperationError };

/** Rebuilds a workshop from its operations, stopping at the first one that does not apply. */
export function replay(operations: Iterable<Operation>): ReplayResult {
  let state: WorkshopState | null = null;
  let index = 0;
  for (const op of operations) {
    const result = applyOperation(state, op);
    if (!result.ok) return { ok: false, index, error: result.error };
    state = result.state;
    index += 1;
  }
  if (state === null) {
    return {
      ok: false,
      index: 0,
      error: { code: 'not_found', message: 'There are no operations to replay.' },
    };
  }
  return { ok: true, state };
}
