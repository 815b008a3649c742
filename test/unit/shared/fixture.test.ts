/**
 * Guards the on-disk formats. The committed fixtures were written by
 * test/fixtures/make-fixture.ts (format 1 by its format-1 version; the script
 * now checks that today's code still gives that file byte for byte). They must
 * keep reading, with the same contents and the same hashes. If this fails
 * after a change to hashing, canonical JSON, the record schemas or the
 * reducer, existing exports would no longer import: bump
 * WORKSHOP_FILE_VERSION and add a migration instead of regenerating a fixture.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GENESIS_HASH } from '../../../shared/base/auditChain.js';
import { OperationMetaSchema } from '../../../shared/base/operation.js';
import { readWorkshopFile, stateToSnapshot } from '../../../shared/pipeline/workshopFile.js';
import { COLLECTION_NAMES, type WorkshopState } from '../../../shared/registry.js';
import { ClusterSchema, NoteSchema, VoteSchema } from '../../../shared/wall/records.js';
import { WorkshopSchema } from '../../../shared/workshop/workshop.js';
import { byId, idsOf, referenceCanonicalJson } from './builders.js';

type RawRecord = Record<string, unknown>;
interface RawEntry {
  seq: number;
  prevHash: string;
  hash: string;
  operation: RawRecord & { type: string; payload: RawRecord };
}

function load(name: string) {
  const text = readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), 'utf8');
  const raw = JSON.parse(text) as RawRecord & { workshop: RawRecord; audit: RawEntry[] };
  const result = readWorkshopFile(text, Buffer.byteLength(text, 'utf8'));
  if (!result.ok) throw new Error(`the fixture ${name} does not read: ${result.message}`);
  return { text, raw, ...result };
}

const START = Date.UTC(2026, 2, 14, 9, 0, 0);
const at = (minutes: number): number => START + minutes * 60_000;

const keys = (o: object): string[] => Object.keys(o).sort();

const V1 = {
  file: 'workshop-v1.debrief.json',
  workshopId: 'wk-0b7d2c1e-fixture-v1',
  entries: 30,
  head: '5160ebef0f7655916e9e8d664fe424bbcd7859c12e23eb04991f136a760e39ab',
};
const V2 = {
  file: 'workshop-v2.debrief.json',
  workshopId: 'wk-0b7d2c1e-fixture-v2',
  entries: 29,
  head: 'efca0e4a1cb2d4bd53217775310ac8c7318a2eb849d6ae9ae00fc4eeec158fca',
};

/** What both fixtures hold: the same story, in two formats. */
function expectTheStory(state: WorkshopState, workshopId: string): void {
  const snapshot = stateToSnapshot(state);
  const notes = state.records.notes;

  expect(state.workshop).toStrictEqual({
    id: workshopId,
    title: 'Checkout 503s during the newsletter spike',
    incidentDate: '2026-03-12',
    authors: ['Dana Okafor', 'Eli Marsh'],
    status: 'in_review',
    severity: 'SEV2',
    summary: 'For 52 minutes about 30% of checkouts failed with HTTP 503.',
    impact: '',
    trigger: '',
    detection: '',
    resolution: '',
    voteBudget: 3,
    createdAt: at(0),
    updatedAt: at(30),
    deletedAt: null,
  });

  // Seven notes: the duplicate stays deleted, the deleted-and-restored note is back.
  expect(idsOf(notes)).toEqual([
    'note-01',
    'note-02',
    'note-03',
    'note-04',
    'note-05',
    'note-06',
    'note-07',
  ]);
  expect(notes.get('note-08')).toBeUndefined();
  expect(notes.get('note-07')).toMatchObject({
    text: 'On-call engineer happened to be at their desk',
    color: 'green',
    clusterId: null,
    authorId: 'actor-eli-sre',
  });
  expect(notes.get('note-02')?.text).toBe(
    'Dashboards showed healthy p99 latency: they sample only successful requests',
  );
  expect(notes.get('note-06')).toMatchObject({ color: 'green', x: 920, y: 80 });

  // Two clusters, renamed, moved and resized, with their members.
  expect(byId(snapshot.records.clusters)).toStrictEqual([
    {
      id: 'cluster-01',
      workshopId,
      name: 'Detection gaps',
      x: 20,
      y: 20,
      width: 640,
      height: 420,
      createdAt: at(10),
    },
    {
      id: 'cluster-02',
      workshopId,
      name: 'Capacity',
      x: 60,
      y: 620,
      width: 520,
      height: 400,
      createdAt: at(11),
    },
  ]);
  const members = (clusterId: string) =>
    snapshot.records.notes
      .filter((n) => n.clusterId === clusterId)
      .map((n) => n.id)
      .sort();
  expect(members('cluster-01')).toEqual(['note-01', 'note-02', 'note-03']);
  expect(members('cluster-02')).toEqual(['note-04', 'note-05']);
  // Moving the cluster by (+40, +60) moved its members with it.
  expect(notes.get('note-04')).toMatchObject({ x: 80, y: 660 });
  expect(notes.get('note-05')).toMatchObject({ x: 280, y: 660 });

  // The votes left after removals and deletions.
  expect(byId(snapshot.records.votes).map((v) => [v.id, v.noteId, v.voterId])).toEqual([
    ['vote-01', 'note-01', 'actor-dana-facilitator'],
    ['vote-02', 'note-01', 'actor-eli-sre'],
    ['vote-04', 'note-07', 'actor-fay-payments'],
    ['vote-06', 'note-05', 'actor-eli-sre'],
  ]);
  for (const name of COLLECTION_NAMES) {
    for (const record of state.records[name].values()) expect(record.workshopId).toBe(workshopId);
  }
}

/** Checks the raw audit entries with node:crypto and an independent canonical JSON. */
function expectVerifiableWithoutDebrief(raw: { audit: RawEntry[] }, head: string): void {
  let prev = GENESIS_HASH;
  raw.audit.forEach((entry, seq) => {
    expect(entry.seq).toBe(seq);
    expect(entry.prevHash).toBe(prev);
    const content = referenceCanonicalJson({ seq, prevHash: prev, operation: entry.operation });
    expect(createHash('sha256').update(content, 'utf8').digest('hex')).toBe(entry.hash);
    prev = entry.hash;
  });
  expect(prev).toBe(head);
}

function expectEntryKeys(raw: { audit: RawEntry[] }): void {
  for (const entry of raw.audit) {
    expect(keys(entry)).toEqual(['hash', 'operation', 'prevHash', 'seq', 'workshopId']);
    expect(keys(entry.operation)).toEqual(
      [...keys(OperationMetaSchema.shape), 'payload', 'type'].sort(),
    );
  }
}

const RECORD_SCHEMAS = { notes: NoteSchema, clusters: ClusterSchema, votes: VoteSchema } as const;

/**
 * The workshop fields a fixture made before `phase` existed stores: every field
 * of the schema except optional ones added later (absent reads as their default).
 */
const ADDED_AFTER_FIXTURES = ['phase'];
const workshopKeysOnDisk = () =>
  keys(WorkshopSchema.shape).filter((k) => !ADDED_AFTER_FIXTURES.includes(k));

describe('fixture workshop-v1.debrief.json (format 1)', () => {
  const { raw, state, audit } = load(V1.file);

  it('is a format 1 file, read through the migration', () => {
    expect(raw.format).toBe('debrief-workshop');
    expect(raw.schemaVersion).toBe(1);
  });

  it('reads, and its audit trail ends at the pinned head', () => {
    expect(audit).toHaveLength(V1.entries);
    expect(audit.at(-1)).toMatchObject({ seq: V1.entries - 1, hash: V1.head });
  });

  it('holds the whole story: header, notes, clusters and votes as last edited', () => {
    expectTheStory(state, V1.workshopId);
  });

  it('creates its workshop with the format-1 payload (notes and clusters fields)', () => {
    const create = raw.audit[0]!.operation;
    expect(create.type).toBe('workshop.create');
    expect(keys(create.payload)).toEqual(['clusters', 'notes', 'workshop']);
  });

  it('stores exactly the fields of the current record schemas', () => {
    // zod drops unknown keys, so a field removed from a schema would still "read":
    // compare the raw keys on disk with the schemas to catch that too.
    expect(keys(raw)).toEqual(
      [
        'audit',
        'clusters',
        'exportedAt',
        'format',
        'notes',
        'schemaVersion',
        'votes',
        'workshop',
      ].sort(),
    );
    expect(keys(raw.workshop)).toEqual(workshopKeysOnDisk());
    for (const [name, schema] of Object.entries(RECORD_SCHEMAS)) {
      for (const record of raw[name] as RawRecord[])
        expect(keys(record)).toEqual(keys(schema.shape));
    }
    expectEntryKeys(raw);
  });

  it('verifies without Debrief: SHA-256 (node:crypto) of an independent canonical JSON', () => {
    expectVerifiableWithoutDebrief(raw, V1.head);
  });

  it('covers every kind of change the fixture is meant to show', () => {
    expect(new Set(audit.map((e) => e.operation.type))).toEqual(
      new Set([
        'workshop.create',
        'workshop.update',
        'note.add',
        'note.edit',
        'note.recolor',
        'note.move',
        'note.cluster',
        'note.delete',
        'note.restore',
        'cluster.create',
        'cluster.rename',
        'cluster.move',
        'cluster.resize',
        'vote.add',
        'vote.remove',
      ]),
    );
  });
});

describe('fixture workshop-v2.debrief.json (format 2)', () => {
  const { raw, state, audit } = load(V2.file);

  it('is a format 2 file', () => {
    expect(raw.format).toBe('debrief-workshop');
    expect(raw.schemaVersion).toBe(2);
  });

  it('reads, and its audit trail ends at the pinned head', () => {
    expect(audit).toHaveLength(V2.entries);
    expect(audit.at(-1)).toMatchObject({ seq: V2.entries - 1, hash: V2.head });
  });

  it('holds the same story as the format 1 fixture', () => {
    expectTheStory(state, V2.workshopId);
  });

  it('has exactly the records of the format 1 fixture, but for the workshop id', () => {
    const v1 = load(V1.file).state;
    for (const name of COLLECTION_NAMES) {
      const moved = [...v1.records[name].values()].map((r) => ({
        ...r,
        workshopId: V2.workshopId,
      }));
      const ours: { id: string }[] = [...state.records[name].values()];
      expect(byId(ours), name).toStrictEqual(byId(moved));
    }
    expect({ ...state.workshop, id: V1.workshopId }).toStrictEqual(v1.workshop);
  });

  it('creates its workshop with initial records (the Detection cluster)', () => {
    const create = raw.audit[0]!.operation;
    expect(create.type).toBe('workshop.create');
    expect(create.payload).toMatchObject({
      records: [{ collection: 'clusters', items: [{ id: 'cluster-01', name: 'Detection' }] }],
    });
    expect(keys(create.payload)).toEqual(['records', 'workshop']);
  });

  it('stores one list per collection of its day, with exactly the fields of the current record schemas', () => {
    expect(keys(raw)).toEqual(
      ['audit', 'exportedAt', 'format', 'records', 'schemaVersion', 'workshop'].sort(),
    );
    const records = raw.records as Record<string, RawRecord[]>;
    // Made when the wall was the only feature: collections registered since are absent, which
    // a format 2 file may do (they read as empty), so it still shows an older file importing.
    expect(keys(records)).toEqual(keys(RECORD_SCHEMAS));
    for (const name of keys(records)) expect(COLLECTION_NAMES).toContain(name);
    expect(keys(raw.workshop)).toEqual(workshopKeysOnDisk());
    for (const [name, schema] of Object.entries(RECORD_SCHEMAS)) {
      expect(records[name]!.length).toBeGreaterThan(0);
      for (const record of records[name]!) expect(keys(record)).toEqual(keys(schema.shape));
    }
    expectEntryKeys(raw);
  });

  it('verifies without Debrief: SHA-256 (node:crypto) of an independent canonical JSON', () => {
    expectVerifiableWithoutDebrief(raw, V2.head);
  });
});
