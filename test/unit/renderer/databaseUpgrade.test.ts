import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { appendEntry, EMPTY_HEAD } from '../../../shared/base/auditChain';
import { asActorId, asOperationId, asWorkshopId } from '../../../shared/base/ids';
import type { AuditEntry } from '../../../shared/pipeline/audit';
import { replay } from '../../../shared/pipeline/reducer';
import { stateToSnapshot } from '../../../shared/pipeline/workshopFile';
import type { Operation, OperationBody } from '../../../shared/registry';
import {
  asClusterId,
  asNoteId,
  asVoteId,
  type Cluster,
  type Note,
} from '../../../shared/wall/records';
import { defaultHeader, type Workshop } from '../../../shared/workshop/workshop';
import { openDatabase, SCHEMA_V1, SCHEMA_V2 } from '../../../renderer/db/database';
import { WorkshopRepository } from '../../../renderer/db/workshopRepository';
import {
  expectExportsAndReads,
  expectOpenMatchesStored,
  expectStoredChainWhole,
  makeHarness,
  T0,
  uniqueDatabaseName,
  type Harness,
} from './storeHarness';

const LEGACY_TABLES = ['notes', 'clusters', 'votes'];
const closeLater: { close(): void }[] = [];
afterEach(() => {
  for (const db of closeLater.splice(0)) db.close();
});

describe('database upgrades', () => {
  it('opens a database written by schema version 1 and upgrades its records', async () => {
    const name = uniqueDatabaseName();
    // Write exactly what version 1 of Debrief stored: no trash field, no settings table.
    const v1 = new Dexie(name);
    v1.version(1).stores(SCHEMA_V1);
    await v1.open();
    const legacy = {
      id: 'w1',
      title: 'Written by v1',
      incidentDate: '2026-03-14',
      authors: ['Ops'],
      status: 'draft',
      severity: 'SEV2',
      summary: '',
      impact: '',
      trigger: '',
      detection: '',
      resolution: '',
      voteBudget: 5,
      createdAt: 1,
      updatedAt: 2,
    };
    await v1.table('workshops').put(legacy);
    await v1.table('notes').put({
      id: 'n1',
      workshopId: 'w1',
      text: 'kept',
      color: 'yellow',
      x: 0,
      y: 0,
      clusterId: null,
      authorId: 'a',
      createdAt: 1,
    });
    v1.close();

    const db = openDatabase(name);
    closeLater.push(db);
    await db.open();
    expect(db.verno).toBe(4);
    expect(db.tables.map((t) => t.name).sort()).toEqual([
      'audit',
      'exports',
      'records',
      'settings',
      'workshops',
    ]);
    const repository = new WorkshopRepository(db);
    const [workshop] = await repository.listWorkshops();
    expect(workshop).toMatchObject({ id: 'w1', title: 'Written by v1', deletedAt: null });
    expect(await db.workshops.where('deletedAt').equals(0).count()).toBe(0);
    await repository.putSetting('actorId', 'me');
    expect(await repository.getSetting('actorId')).toBe('me');
    // The note now lives in the generic records table, keyed by its workshop.
    expect(await db.records.get(['w1', 'notes', 'n1'])).toMatchObject({
      workshopId: 'w1',
      collection: 'notes',
      id: 'n1',
      record: { text: 'kept' },
    });
    const loaded = await repository.loadWorkshop(asWorkshopId('w1'));
    expect([...(loaded?.state.records.notes.values() ?? [])]).toEqual([
      expect.objectContaining({ id: 'n1', workshopId: 'w1', text: 'kept' }),
    ]);
    expect(loaded?.state.records.clusters.size).toBe(0);
    expect(loaded?.head).toEqual(EMPTY_HEAD);
  });

  it('upgrades a version 2 database with a whole workshop: records, chain and settings survive and it stays editable', async () => {
    const name = uniqueDatabaseName();
    const workshopId = asWorkshopId('w2');
    const alice = asActorId('alice');
    const workshop: Workshop = {
      ...defaultHeader('Written by v2'),
      id: workshopId,
      createdAt: T0,
      updatedAt: T0,
      deletedAt: null,
    };
    const cluster: Cluster = {
      id: asClusterId('c1'),
      workshopId,
      name: 'Contributing Factors',
      x: 0,
      y: 0,
      width: 400,
      height: 300,
      createdAt: T0,
    };
    const note: Note = {
      id: asNoteId('n1'),
      workshopId,
      text: 'clustered',
      color: 'pink',
      x: 20,
      y: 60,
      clusterId: cluster.id,
      authorId: alice,
      createdAt: T0,
    };
    // A chain as version 2 wrote it: format-1 create (notes and clusters in the payload), then a vote.
    const bodies: OperationBody[] = [
      { type: 'workshop.create', payload: { workshop, notes: [note], clusters: [cluster] } },
      {
        type: 'vote.add',
        payload: {
          vote: { id: asVoteId('v1'), workshopId, noteId: note.id, voterId: alice, createdAt: T0 },
        },
      },
    ];
    const operations: Operation[] = bodies.map((body, i) => ({
      ...body,
      id: asOperationId(`op-${String(i)}`),
      workshopId,
      actorId: alice,
      at: T0 + i * 1000,
    }));
    const audit: AuditEntry[] = [];
    for (const operation of operations) {
      const last = audit.at(-1);
      audit.push(appendEntry(last ? { seq: last.seq, hash: last.hash } : EMPTY_HEAD, operation));
    }
    const rebuilt = replay(operations);
    if (!rebuilt.ok) throw new Error(rebuilt.error.message);
    const snapshot = stateToSnapshot(rebuilt.state);

    const v2 = new Dexie(name);
    v2.version(1).stores(SCHEMA_V1);
    v2.version(2).stores(SCHEMA_V2);
    await v2.open();
    await v2.table('workshops').put(snapshot.workshop);
    await v2.table('notes').bulkPut([...snapshot.records.notes]);
    await v2.table('clusters').bulkPut([...snapshot.records.clusters]);
    await v2.table('votes').bulkPut([...snapshot.records.votes]);
    await v2.table('audit').bulkPut(audit);
    await v2.table('settings').put({ key: 'actorId', value: 'alice' });
    v2.close();

    const h: Harness = await makeHarness({ name, idPrefix: 'new' });
    closeLater.push(h.db);
    expect(h.db.verno).toBe(4);
    for (const table of LEGACY_TABLES) {
      expect(h.db.tables.map((t) => t.name)).not.toContain(table);
    }
    expect(h.store.getState().actorId).toBe('alice');
    const loaded = await h.repository.loadWorkshop(workshopId);
    expect(loaded?.state.workshop).toEqual(rebuilt.state.workshop);
    expect(loaded?.state.records).toEqual(rebuilt.state.records);
    expect(loaded?.head).toEqual({ seq: 1, hash: audit[1]?.hash });

    // The upgraded workshop is editable and its chain continues where version 2 left it.
    expect(await h.store.getState().openWorkshop(workshopId)).toBe(true);
    expect(
      h.store
        .getState()
        .perform([{ type: 'note.edit', payload: { noteId: note.id, text: 'edited' } }]),
    ).toBe(true);
    await h.store.getState().flush();
    expect(h.store.getState().notices).toEqual([]);
    const stored = await expectStoredChainWhole(
      h.repository,
      workshopId,
      h.store.getState().open?.head,
    );
    expect(stored.slice(0, 2)).toEqual(audit);
    await expectOpenMatchesStored(h);
    await expectExportsAndReads(h.store, workshopId);
  });
});
