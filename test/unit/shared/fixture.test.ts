/**
 * Guards the on-disk format of schema version 1. The committed fixture was
 * written by test/fixtures/make-fixture.ts; it must keep reading, with the same
 * contents and the same hashes. If this fails after a change to hashing,
 * canonical JSON, the record schemas or the reducer, existing exports would no
 * longer import: bump SCHEMA_VERSION and add a migration instead of
 * regenerating the fixture.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GENESIS_HASH } from '../../../shared/audit/auditChain.js';
import {
  ClusterSchema,
  NoteSchema,
  SCHEMA_VERSION,
  VoteSchema,
  WorkshopSchema,
} from '../../../shared/domain/model.js';
import { readWorkshopFile, stateToSnapshot } from '../../../shared/exchange/workshopFile.js';
import { OperationMetaSchema } from '../../../shared/operations/operations.js';
import { byId, referenceCanonicalJson } from './builders.js';

const FIXTURE = new URL('../../fixtures/workshop-v1.debrief.json', import.meta.url);
const text = readFileSync(FIXTURE, 'utf8');
const raw = JSON.parse(text) as Record<string, unknown> & {
  notes: Record<string, unknown>[];
  clusters: Record<string, unknown>[];
  votes: Record<string, unknown>[];
  workshop: Record<string, unknown>;
  audit: { seq: number; prevHash: string; hash: string; operation: Record<string, unknown> }[];
};

const START = Date.UTC(2026, 2, 14, 9, 0, 0);
const at = (minutes: number): number => START + minutes * 60_000;
const HEAD_HASH = '5160ebef0f7655916e9e8d664fe424bbcd7859c12e23eb04991f136a760e39ab';

const keys = (o: object): string[] => Object.keys(o).sort();

describe('fixture workshop-v1.debrief.json', () => {
  const result = readWorkshopFile(text, Buffer.byteLength(text, 'utf8'));
  if (!result.ok) throw new Error(`the fixture does not read: ${result.message}`);
  const { state, audit } = result;
  const snapshot = stateToSnapshot(state);

  it('is a schema version 1 file', () => {
    expect(raw.format).toBe('debrief-workshop');
    expect(raw.schemaVersion).toBe(1);
    expect(SCHEMA_VERSION).toBe(1);
  });

  it('reads, and its audit trail ends at the pinned head', () => {
    expect(audit).toHaveLength(30);
    expect(audit.at(-1)).toMatchObject({ seq: 29, hash: HEAD_HASH });
  });

  it('has the workshop header as last edited', () => {
    expect(state.workshop).toStrictEqual({
      id: 'wk-0b7d2c1e-fixture-v1',
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
  });

  it('has seven notes: the duplicate stays deleted, the deleted-and-restored note is back', () => {
    expect(keys(state.notes)).toEqual([
      'note-01',
      'note-02',
      'note-03',
      'note-04',
      'note-05',
      'note-06',
      'note-07',
    ]);
    expect(state.notes['note-08']).toBeUndefined();
    expect(state.notes['note-07']).toMatchObject({
      text: 'On-call engineer happened to be at their desk',
      color: 'green',
      clusterId: null,
      authorId: 'actor-eli-sre',
    });
    expect(state.notes['note-02']?.text).toBe(
      'Dashboards showed healthy p99 latency: they sample only successful requests',
    );
    expect(state.notes['note-06']).toMatchObject({ color: 'green', x: 920, y: 80 });
  });

  it('has two clusters, renamed, moved and resized, with their members', () => {
    expect(byId(snapshot.clusters)).toStrictEqual([
      {
        id: 'cluster-01',
        workshopId: 'wk-0b7d2c1e-fixture-v1',
        name: 'Detection gaps',
        x: 20,
        y: 20,
        width: 640,
        height: 420,
        createdAt: at(10),
      },
      {
        id: 'cluster-02',
        workshopId: 'wk-0b7d2c1e-fixture-v1',
        name: 'Capacity',
        x: 60,
        y: 620,
        width: 520,
        height: 400,
        createdAt: at(11),
      },
    ]);
    const members = (clusterId: string) =>
      snapshot.notes
        .filter((n) => n.clusterId === clusterId)
        .map((n) => n.id)
        .sort();
    expect(members('cluster-01')).toEqual(['note-01', 'note-02', 'note-03']);
    expect(members('cluster-02')).toEqual(['note-04', 'note-05']);
    // Moving the cluster by (+40, +60) moved its members with it.
    expect(state.notes['note-04']).toMatchObject({ x: 80, y: 660 });
    expect(state.notes['note-05']).toMatchObject({ x: 280, y: 660 });
  });

  it('has the votes left after removals and deletions', () => {
    expect(byId(snapshot.votes).map((v) => [v.id, v.noteId, v.voterId])).toEqual([
      ['vote-01', 'note-01', 'actor-dana-facilitator'],
      ['vote-02', 'note-01', 'actor-eli-sre'],
      ['vote-04', 'note-07', 'actor-fay-payments'],
      ['vote-06', 'note-05', 'actor-eli-sre'],
    ]);
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
    expect(keys(raw.workshop)).toEqual(keys(WorkshopSchema.shape));
    for (const n of raw.notes) expect(keys(n)).toEqual(keys(NoteSchema.shape));
    for (const c of raw.clusters) expect(keys(c)).toEqual(keys(ClusterSchema.shape));
    for (const v of raw.votes) expect(keys(v)).toEqual(keys(VoteSchema.shape));
    for (const entry of raw.audit) {
      expect(keys(entry)).toEqual(['hash', 'operation', 'prevHash', 'seq', 'workshopId']);
      expect(keys(entry.operation)).toEqual(
        [...keys(OperationMetaSchema.shape), 'payload', 'type'].sort(),
      );
    }
  });

  it('verifies without Debrief: SHA-256 (node:crypto) of an independent canonical JSON', () => {
    let prev = GENESIS_HASH;
    raw.audit.forEach((entry, seq) => {
      expect(entry.seq).toBe(seq);
      expect(entry.prevHash).toBe(prev);
      const content = referenceCanonicalJson({ seq, prevHash: prev, operation: entry.operation });
      expect(createHash('sha256').update(content, 'utf8').digest('hex')).toBe(entry.hash);
      prev = entry.hash;
    });
    expect(prev).toBe(HEAD_HASH);
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
