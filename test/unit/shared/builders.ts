/**
 * Test builders for shared/: small factories for records and operation
 * envelopes, the sample workshop (a wall, a 5-whys tree, a systems diagram and
 * a contributing factor), a seeded PRNG, and an independent canonical-JSON
 * implementation used to prove the audit hashes can be recomputed without
 * Debrief's code.
 */
import type { SignatureRecord, SignerRole } from '../../../shared/signoff/records.js';
import { appendEntry, headOf, type ChainHead } from '../../../shared/base/auditChain.js';
import {
  asActorId,
  asOperationId,
  asWorkshopId,
  type ActorId,
  type OperationId,
  type WorkshopId,
} from '../../../shared/base/ids.js';
import type { OperationMeta } from '../../../shared/base/operation.js';
import type { AuditEntry } from '../../../shared/pipeline/audit.js';
import {
  applyBatch,
  type AppliedBatch,
  type BatchContext,
} from '../../../shared/pipeline/batch.js';
import {
  asFactorId,
  asFactorLinkId,
  type Factor,
  type FactorLink,
} from '../../../shared/factors/records.js';
import { applyOperation, type ApplyResult } from '../../../shared/pipeline/reducer.js';
import {
  COLLECTIONS,
  COLLECTION_NAMES,
  type CollectionName,
  type Operation,
  type OperationBody,
  type RecordOf,
  type WorkshopState,
} from '../../../shared/registry.js';
import {
  asComponentId,
  asInteractionId,
  asZoneId,
  type Component,
  type Interaction,
  type Zone,
} from '../../../shared/systems/records.js';
import {
  asClusterId,
  asNoteId,
  asVoteId,
  type Cluster,
  type Note,
  type Vote,
} from '../../../shared/wall/records.js';
import { asWhyId, asWhyLinkId, type WhyLink, type WhyNode } from '../../../shared/whys/records.js';
import { defaultHeader, type Workshop } from '../../../shared/workshop/workshop.js';

/** 2026-01-01T00:00:00Z: every timestamp in the unit tests is an offset from this. */
export const T0 = 1_767_225_600_000;

export const WS = asWorkshopId('ws-main');
export const OTHER_WS = asWorkshopId('ws-other');
export const ALICE = asActorId('alice');
export const BOB = asActorId('bob');
export const CAROL = asActorId('carol');

export function makeWorkshop(overrides: Partial<Workshop> = {}): Workshop {
  return {
    ...defaultHeader('Checkout outage'),
    id: WS,
    createdAt: T0,
    updatedAt: T0,
    deletedAt: null,
    ...overrides,
  };
}

export function makeNote(id: string, overrides: Partial<Note> = {}): Note {
  return {
    id: asNoteId(id),
    workshopId: WS,
    text: `Note ${id}`,
    color: 'yellow',
    x: 0,
    y: 0,
    clusterId: null,
    authorId: ALICE,
    createdAt: T0,
    ...overrides,
  };
}

export function makeCluster(id: string, overrides: Partial<Cluster> = {}): Cluster {
  return {
    id: asClusterId(id),
    workshopId: WS,
    name: `Cluster ${id}`,
    x: 0,
    y: 0,
    width: 400,
    height: 300,
    createdAt: T0,
    ...overrides,
  };
}

export function makeVote(
  id: string,
  noteId: string,
  voterId: ActorId = ALICE,
  overrides: Partial<Vote> = {},
): Vote {
  return {
    id: asVoteId(id),
    workshopId: WS,
    noteId: asNoteId(noteId),
    voterId,
    createdAt: T0,
    ...overrides,
  };
}

/** A why-node: a problem statement with `parentId` null, or a "because" under its parent. */
export function makeWhy(
  id: string,
  parentId: string | null,
  overrides: Partial<WhyNode> = {},
): WhyNode {
  return {
    id: asWhyId(id),
    workshopId: WS,
    parentId: parentId === null ? null : asWhyId(parentId),
    text: `Why ${id}`,
    order: 0,
    createdAt: T0,
    ...overrides,
  };
}

/** A why link to a note (`{ noteId }`) or a cluster (`{ clusterId }`). */
export function makeWhyLink(
  id: string,
  whyId: string,
  target: { readonly noteId: string } | { readonly clusterId: string },
  overrides: Partial<WhyLink> = {},
): WhyLink {
  return {
    id: asWhyLinkId(id),
    workshopId: WS,
    whyId: asWhyId(whyId),
    noteId: 'noteId' in target ? asNoteId(target.noteId) : null,
    clusterId: 'clusterId' in target ? asClusterId(target.clusterId) : null,
    createdAt: T0,
    ...overrides,
  };
}

export function makeZone(id: string, overrides: Partial<Zone> = {}): Zone {
  return {
    id: asZoneId(id),
    workshopId: WS,
    name: `Zone ${id}`,
    x: 0,
    y: 0,
    width: 600,
    height: 400,
    createdAt: T0,
    ...overrides,
  };
}

export function makeComponent(id: string, overrides: Partial<Component> = {}): Component {
  return {
    id: asComponentId(id),
    workshopId: WS,
    kind: 'service',
    name: `Component ${id}`,
    x: 0,
    y: 0,
    pinned: false,
    zoneId: null,
    failureMode: '',
    annotation: '',
    guardrails: [],
    onPath: false,
    createdAt: T0,
    ...overrides,
  };
}

export function makeInteraction(
  id: string,
  sourceId: string,
  targetId: string,
  overrides: Partial<Interaction> = {},
): Interaction {
  return {
    id: asInteractionId(id),
    workshopId: WS,
    sourceId: asComponentId(sourceId),
    targetId: asComponentId(targetId),
    kind: 'request',
    label: '',
    failureMode: '',
    annotation: '',
    guardrails: [],
    onPath: false,
    createdAt: T0,
    ...overrides,
  };
}

export function makeFactor(id: string, overrides: Partial<Factor> = {}): Factor {
  return {
    id: asFactorId(id),
    workshopId: WS,
    title: `Factor ${id}`,
    category: 'technical',
    description: '',
    createdAt: T0,
    ...overrides,
  };
}

/** Where a placement puts its factor: exactly one of these. */
export type PlacementTarget =
  | { readonly noteId: string }
  | { readonly clusterId: string }
  | { readonly whyId: string }
  | { readonly componentId: string }
  | { readonly interactionId: string };

export function makeFactorLink(
  id: string,
  factorId: string,
  target: PlacementTarget,
  overrides: Partial<FactorLink> = {},
): FactorLink {
  const on = target as Partial<Record<string, string>>;
  return {
    id: asFactorLinkId(id),
    workshopId: WS,
    factorId: asFactorId(factorId),
    noteId: on.noteId === undefined ? null : asNoteId(on.noteId),
    clusterId: on.clusterId === undefined ? null : asClusterId(on.clusterId),
    whyId: on.whyId === undefined ? null : asWhyId(on.whyId),
    componentId: on.componentId === undefined ? null : asComponentId(on.componentId),
    interactionId: on.interactionId === undefined ? null : asInteractionId(on.interactionId),
    createdAt: T0,
    ...overrides,
  };
}

let envelopeCounter = 0;

/** Wraps an operation body in an envelope; defaults: workshop WS, actor ALICE, at T0, a new id. */
export function envelope(body: OperationBody, meta: Partial<OperationMeta> = {}): Operation {
  envelopeCounter += 1;
  return {
    id: asOperationId(`op-${envelopeCounter}`),
    workshopId: WS,
    actorId: ALICE,
    at: T0,
    ...meta,
    ...body,
  };
}

/** Initial content of a workshop.create, by collection. */
export type InitialContent = { readonly [N in CollectionName]?: readonly RecordOf<N>[] };

/** The order of a create's record groups: clusters, notes, votes, then the rest as registered. */
const CREATE_ORDER: readonly CollectionName[] = [
  'clusters',
  'notes',
  'votes',
  ...COLLECTION_NAMES.filter((name) => !['clusters', 'notes', 'votes'].includes(name)),
];

/**
 * A workshop.create in the current shape: initial records as `records`
 * groups, clusters first (notes refer to them), then notes, then votes, then
 * every other collection in registry order.
 */
export function createOp(
  workshop: Workshop,
  content: InitialContent = {},
  meta: Partial<OperationMeta> = {},
): Operation {
  const records = CREATE_ORDER.map((collection) => ({
    collection,
    items: [...((content[collection] ?? []) as readonly unknown[])],
  })).filter((group) => group.items.length > 0);
  return envelope(
    {
      type: 'workshop.create',
      payload: { workshop, ...(records.length > 0 ? { records } : {}) },
    },
    { workshopId: workshop.id, ...meta },
  );
}

/** A workshop.create in the format-1 shape (`notes` and `clusters` in the payload). */
export function legacyCreateOp(
  workshop: Workshop,
  content: { notes?: readonly Note[]; clusters?: readonly Cluster[] } = {},
  meta: Partial<OperationMeta> = {},
): Operation {
  return envelope(
    {
      type: 'workshop.create',
      payload: {
        workshop,
        notes: [...(content.notes ?? [])],
        clusters: [...(content.clusters ?? [])],
      },
    },
    { workshopId: workshop.id, ...meta },
  );
}

/** A successful application of one operation, with the bodies that undo it. */
export type Applied = Extract<ApplyResult, { ok: true }> & {
  readonly inverse: readonly OperationBody[];
};

/** Applies an operation that must succeed; fails the test with the reducer's message if not. */
export function applyOk(state: WorkshopState | null, op: Operation): Applied {
  const result = applyOperation(state, op);
  if (!result.ok) {
    throw new Error(`${op.type} was rejected: ${result.error.code}: ${result.error.message}`);
  }
  if (result.inverses.length !== 1) {
    throw new Error(`applyOperation returned ${result.inverses.length} inverses for one operation`);
  }
  return { ...result, inverse: result.inverses[0] ?? [] };
}

/** Applies operations in order, each of which must succeed. */
export function applyAllOk(state: WorkshopState | null, ops: readonly Operation[]): WorkshopState {
  let current = state;
  for (const op of ops) current = applyOk(current, op).state;
  if (current === null) throw new Error('applyAllOk needs a state or a workshop.create');
  return current;
}

/**
 * Applies inverse bodies, each wrapped in a new envelope (new id), by `actorId`
 * (undo is done by the person who did the operation), at increasing times from `at`.
 */
export function applyInverse(
  state: WorkshopState,
  inverse: readonly OperationBody[],
  meta: { actorId: ActorId; at: number },
): WorkshopState {
  let current = state;
  inverse.forEach((body, i) => {
    current = applyOk(current, envelope(body, { actorId: meta.actorId, at: meta.at + i })).state;
  });
  return current;
}

/** A BatchContext whose operation ids are `${prefix}-1`, `${prefix}-2`, … */
export function batchContext(
  actorId: ActorId,
  now: number,
  workshopId: WorkshopId = WS,
  prefix = 'batch',
): BatchContext {
  let serial = 0;
  return {
    workshopId,
    actorId,
    now,
    newOperationId: (): OperationId => asOperationId(`${prefix}-${now}-${(serial += 1)}`),
  };
}

/** Applies a batch that must succeed. */
export function applyBatchOk(
  state: WorkshopState | null,
  head: ChainHead,
  bodies: readonly OperationBody[],
  context: BatchContext,
): AppliedBatch {
  const result = applyBatch(state, head, bodies, context);
  if (!result.ok) {
    throw new Error(`the batch was rejected: ${result.error.code}: ${result.error.message}`);
  }
  return result.batch;
}

/**
 * A state with `workshop.updatedAt` blanked (undo moves it forward, never back).
 * With `ignoreTrashTime`, deletedAt only says whether the workshop is in the trash.
 * Records stay Maps: toStrictEqual compares Maps entry by entry, in any order.
 */
export function comparable(
  state: WorkshopState,
  options: { ignoreTrashTime?: boolean } = {},
): WorkshopState {
  const workshop = { ...state.workshop, updatedAt: 0 };
  if (options.ignoreTrashTime && workshop.deletedAt !== null) workshop.deletedAt = 1;
  return { ...state, workshop };
}

function refuse(what: string): never {
  throw new TypeError(
    `Cannot ${what}: the value is deeply frozen (the code under test mutated it).`,
  );
}

/**
 * Freezes a value deeply, so a reducer that mutated its input would throw (ESM
 * is strict mode). Object.freeze does not stop Map.prototype.set, so Maps and
 * Sets also get own, non-enumerable `set`/`add`/`delete`/`clear` that throw.
 */
export function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  if (value instanceof Map) {
    for (const name of ['set', 'delete', 'clear']) {
      Object.defineProperty(value, name, { value: () => refuse(`Map.${name}`) });
    }
    Object.freeze(value);
    for (const [key, child] of value as Map<unknown, unknown>) {
      deepFreeze(key);
      deepFreeze(child);
    }
    return value;
  }
  if (value instanceof Set) {
    for (const name of ['add', 'delete', 'clear']) {
      Object.defineProperty(value, name, { value: () => refuse(`Set.${name}`) });
    }
    Object.freeze(value);
    for (const child of value as Set<unknown>) deepFreeze(child);
    return value;
  }
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
  return value;
}

/** mulberry32: a tiny seeded PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * An independent JSON Canonicalization Scheme (RFC 8785) for the plain data in
 * Debrief records: keys sorted by UTF-16 code units, no whitespace, ECMAScript
 * number and string serialisation (which JSON.stringify already implements).
 * Written here, without the `canonicalize` package, to show that an auditor can
 * recompute the hashes with a few lines of any language.
 */
export function referenceCanonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('not JSON');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(referenceCanonicalJson).join(',')}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${referenceCanonicalJson(record[key])}`).join(',')}}`;
}

/** Sorts records by id, so expectations do not depend on the order a Map was filled in. */
export function byId<T extends { id: string }>(items: Iterable<T>): T[] {
  return [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The ids of a table (or any Map), sorted. */
export const idsOf = (table: ReadonlyMap<string, unknown>): string[] => [...table.keys()].sort();

/** A table (Map keyed by id) holding exactly `records`. */
export function tableOf<T extends { id: string }>(...records: T[]): Map<string, T> {
  return new Map(records.map((r) => [r.id, r]));
}

/** The records of one collection in a state, typed. */
export const recordsOf = <N extends CollectionName>(
  state: WorkshopState,
  name: N,
): ReadonlyMap<string, RecordOf<N>> => state.records[name];

/**
 * Every reference in the state resolves and every record belongs to the
 * workshop: the integrity the draft promises after any accepted operation.
 * Returns the problems found (empty when the state is sound).
 */
export function integrityProblems(state: WorkshopState): string[] {
  const problems: string[] = [];
  const tables = state.records as unknown as Readonly<
    Record<string, ReadonlyMap<string, Readonly<Record<string, unknown>>>>
  >;
  for (const name of COLLECTION_NAMES) {
    if (!(tables[name] instanceof Map)) problems.push(`${name} is not a Map`);
  }
  for (const c of COLLECTIONS) {
    for (const [id, record] of tables[c.name] ??
      new Map<string, Readonly<Record<string, unknown>>>()) {
      if (record.id !== id) problems.push(`${c.name}: key ${id} holds ${String(record.id)}`);
      if (record.workshopId !== state.workshop.id) problems.push(`${c.name} ${id}: other workshop`);
      for (const reference of c.references) {
        const value = record[reference.field];
        if (value === null || value === undefined) continue;
        if (typeof value !== 'string' || !tables[reference.target]?.has(value)) {
          problems.push(`${c.name} ${id}.${reference.field} -> missing ${JSON.stringify(value)}`);
        }
      }
    }
  }
  return problems;
}

/** The records of the sample workshop (see sampleOperations). */
export const SAMPLE = {
  c1: makeCluster('c1', { name: 'Detection', x: 1000, y: 1000 }),
  c2: makeCluster('c2', { name: 'Capacity', x: -2000, y: 0 }),
  n1: makeNote('n1', {
    text: 'Alert fired 40 minutes late',
    x: 1010,
    y: 1020,
    clusterId: asClusterId('c1'),
  }),
  n2: makeNote('n2', {
    text: 'Dashboard showed stale data',
    color: 'pink',
    x: 1200,
    y: 1100,
    clusterId: asClusterId('c1'),
    authorId: BOB,
  }),
  n3: makeNote('n3', { text: 'Rollback took 3 minutes', color: 'blue' }),
  n4: makeNote('n4', { text: 'On-call knew the runbook', x: 500, y: 40 }),
  n5: makeNote('n5', {
    text: 'Connection pool of 10',
    color: 'green',
    x: -1990,
    y: 10,
    clusterId: asClusterId('c2'),
  }),
  v1: makeVote('v1', 'n1', ALICE, { createdAt: T0 + 1 }),
  v2: makeVote('v2', 'n1', BOB, { createdAt: T0 + 2 }),
  v3: makeVote('v3', 'n3', ALICE, { createdAt: T0 + 3 }),
  // The 5-whys: w0 is the problem statement; w1 (resting on note n1) and w3 answer it; w2 answers w1.
  w0: makeWhy('w0', null, { text: 'Checkout failed for 52 minutes' }),
  w1: makeWhy('w1', 'w0', { text: 'The alert fired 40 minutes late' }),
  w2: makeWhy('w2', 'w1', { text: 'Its threshold was set for the traffic of a year ago' }),
  w3: makeWhy('w3', 'w0', { text: 'The connection pool ran out', order: 1 }),
  wl1: makeWhyLink('wl1', 'w1', { noteId: 'n1' }),
  // The systems diagram: zone z1 holds k1 and k2; k3 is outside; k1 calls k2 (i1) and k3 (i2).
  z1: makeZone('z1', { name: 'Checkout', x: 0, y: 0, width: 800, height: 500 }),
  k1: makeComponent('k1', { name: 'Checkout API', x: 40, y: 60, zoneId: asZoneId('z1') }),
  k2: makeComponent('k2', {
    kind: 'datastore',
    name: 'Orders DB',
    x: 400,
    y: 60,
    zoneId: asZoneId('z1'),
    guardrails: ['failover'],
  }),
  k3: makeComponent('k3', { kind: 'external', name: 'Payment provider', x: 1200, y: 60 }),
  i1: makeInteraction('i1', 'k1', 'k2', { kind: 'data', label: 'writes orders' }),
  i2: makeInteraction('i2', 'k1', 'k3', { label: 'authorises payment', guardrails: ['timeout'] }),
  // One contributing factor, placed on why w2 and on component k1.
  f1: makeFactor('f1', { title: 'Alert threshold never revisited', category: 'process' }),
  fl1: makeFactorLink('fl1', 'f1', { whyId: 'w2' }),
  fl2: makeFactorLink('fl2', 'f1', { componentId: 'k1' }),
} as const;

/** Moves records to another workshop (for chains of a second workshop). */
const inWorkshop = <T extends { workshopId: WorkshopId }>(
  items: readonly T[],
  id: WorkshopId,
): T[] => items.map((item) => ({ ...item, workshopId: id }));

/**
 * A small workshop. The wall: vote budget 3; cluster c1 holds n1 and n2, c2
 * holds n5, n3 and n4 are loose; Alice voted on n1 and n3, Bob on n1. The
 * 5-whys: w0 ← w1 ← w2 and w0 ← w3, w1 linked to n1 (wl1). The systems
 * diagram: zone z1 with k1 and k2, k3 outside, interactions i1 (k1→k2) and i2
 * (k1→k3). Factor f1 on w2 (fl1) and on k1 (fl2). Everything but the votes is
 * the workshop.create's initial content. Last change at T0 + 3.
 * With `workshopId`, the same workshop in another workshop.
 */
export function sampleOperations(workshopId: WorkshopId = WS): Operation[] {
  const s = SAMPLE;
  const meta = { workshopId };
  return [
    createOp(makeWorkshop({ id: workshopId, voteBudget: 3 }), {
      clusters: inWorkshop([s.c1, s.c2], workshopId),
      notes: inWorkshop([s.n1, s.n2, s.n3, s.n4, s.n5], workshopId),
      whyNodes: inWorkshop([s.w0, s.w1, s.w2, s.w3], workshopId),
      whyLinks: inWorkshop([s.wl1], workshopId),
      zones: inWorkshop([s.z1], workshopId),
      components: inWorkshop([s.k1, s.k2, s.k3], workshopId),
      interactions: inWorkshop([s.i1, s.i2], workshopId),
      factors: inWorkshop([s.f1], workshopId),
      factorLinks: inWorkshop([s.fl1, s.fl2], workshopId),
    }),
    ...inWorkshop([s.v1, s.v2, s.v3], workshopId).map((vote, i) =>
      envelope(
        { type: 'vote.add', payload: { vote } },
        { ...meta, actorId: vote.voterId, at: T0 + 1 + i },
      ),
    ),
  ];
}

/** The sample workshop as a deeply frozen state. */
export function sampleState(): WorkshopState {
  return deepFreeze(applyAllOk(null, sampleOperations()));
}

/** Records operations in a new audit chain, in order. */
export function buildChain(ops: readonly Operation[]): AuditEntry[] {
  const entries: AuditEntry[] = [];
  for (const op of ops) entries.push(appendEntry(headOf(entries.at(-1)), op));
  return entries;
}

/** A signature record for sign-off tests: the certificate and PDF hashes are derived from `seed`. */
export function makeSignature(
  role: SignerRole,
  seed: string,
  overrides: Partial<SignatureRecord> = {},
): SignatureRecord {
  const hex = (label: string) =>
    Array.from(new TextEncoder().encode(`${label}:${seed}`), (b) => b.toString(16).padStart(2, '0'))
      .join('')
      .padEnd(64, '0')
      .slice(0, 64);
  return {
    role,
    name: role === 'facilitator' ? 'Dana Facilitator' : 'Eli Approver',
    title: role === 'facilitator' ? 'Incident manager' : 'Compliance officer',
    organisation: 'Example Bank',
    certificateSha256: hex(`cert-${role}`),
    pdfSha256: hex(`pdf-${role}`),
    signedAt: T0,
    ...overrides,
  };
}
