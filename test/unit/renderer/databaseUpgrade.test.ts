import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import { asNoteId } from '../../../shared/domain/ids';
import { openDatabase, SCHEMA_V1 } from '../../../renderer/db/database';
import { WorkshopRepository } from '../../../renderer/db/workshopRepository';
import { uniqueDatabaseName } from './storeHarness';

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
    await db.open();
    expect(db.verno).toBe(2);
    const repository = new WorkshopRepository(db);
    const [workshop] = await repository.listWorkshops();
    expect(workshop).toMatchObject({ id: 'w1', title: 'Written by v1', deletedAt: null });
    expect(await db.workshops.where('deletedAt').equals(0).count()).toBe(0);
    await repository.putSetting('actorId', 'me');
    expect(await repository.getSetting('actorId')).toBe('me');
    expect(await db.notes.get(asNoteId('n1'))).toMatchObject({ text: 'kept' });
    db.close();
  });
});
