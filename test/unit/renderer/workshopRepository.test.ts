/**
 * The repository on its own, over a real database: records are keyed per
 * workshop, a commit checks the stored head inside its transaction, and every
 * key range it builds is a valid IndexedDB key range.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { EMPTY_HEAD, type ChainHead } from '../../../shared/base/auditChain';
import { asActorId, asOperationId, asWorkshopId, type WorkshopId } from '../../../shared/base/ids';
import { applyBatch, type AppliedBatch } from '../../../shared/pipeline/batch';
import type { OperationBody, WorkshopState } from '../../../shared/registry';
import { asNoteId, type Note } from '../../../shared/wall/records';
import { defaultHeader, type Workshop } from '../../../shared/workshop/workshop';
import { openDatabase, type DebriefDatabase } from '../../../renderer/db/database';
import { ConcurrentWriteError, WorkshopRepository } from '../../../renderer/db/workshopRepository';
import { expectStoredChainWhole, T0, uniqueDatabaseName } from './storeHarness';

const closeLater: DebriefDatabase[] = [];
afterEach(() => {
  for (const db of closeLater.splice(0)) db.close();
});

async function repository(): Promise<WorkshopRepository> {
  const db = openDatabase(uniqueDatabaseName());
  closeLater.push(db);
  await db.open();
  return new WorkshopRepository(db);
}

let ops = 0;
function batch(
  workshopId: WorkshopId,
  state: WorkshopState | null,
  head: ChainHead,
  bodies: readonly OperationBody[],
): AppliedBatch {
  const result = applyBatch(state, head, bodies, {
    workshopId,
    actorId: asActorId('alice'),
    now: T0 + 1000 * (ops += 1),
    newOperationId: () => asOperationId(`op-${String((ops += 1))}`),
  });
  if (!result.ok) throw new Error(result.error.message);
  return result.batch;
}

const workshopRecord = (id: WorkshopId): Workshop => ({
  ...defaultHeader(`Workshop ${id}`),
  id,
  createdAt: T0,
  updatedAt: T0,
  deletedAt: null,
});

const addNote = (workshopId: WorkshopId, id: string, text: string): OperationBody => {
  const note: Note = {
    id: asNoteId(id),
    workshopId,
    text,
    color: 'yellow',
    x: 0,
    y: 0,
    clusterId: null,
    authorId: asActorId('alice'),
    createdAt: T0,
  };
  return { type: 'note.add', payload: { note } };
};

/** Creates a workshop with notes and stores it; returns the stored batch. */
async function stored(repo: WorkshopRepository, id: WorkshopId, text: string) {
  const created = batch(id, null, EMPTY_HEAD, [
    { type: 'workshop.create', payload: { workshop: workshopRecord(id) } },
    addNote(id, 'n1', text),
    addNote(id, 'n2', `${text} (2)`),
  ]);
  await repo.commit(created.entries, created.changes);
  return created;
}

describe('workshop repository', () => {
  it('loads a stored workshop with its records (its key ranges are valid IndexedDB key ranges)', async () => {
    const repo = await repository();
    const id = asWorkshopId('w1');
    const created = await stored(repo, id, 'kept');
    const loaded = await repo.loadWorkshop(id);
    expect(loaded?.head).toEqual(created.head);
    expect(loaded?.state.workshop).toEqual(created.state.workshop);
    expect(loaded?.state.records).toEqual(created.state.records);
    await expectStoredChainWhole(repo, id, created.head);
  });

  it('keeps records of two workshops with the same ids apart, also when one is purged', async () => {
    const repo = await repository();
    const first = asWorkshopId('w1');
    const second = asWorkshopId('w2');
    await stored(repo, first, 'first');
    const other = await stored(repo, second, 'second');
    const edit = batch(second, other.state, other.head, [
      { type: 'note.edit', payload: { noteId: asNoteId('n1'), text: 'edited' } },
    ]);
    await repo.commit(edit.entries, edit.changes);

    expect((await repo.loadWorkshop(first))?.state.records.notes.get(asNoteId('n1'))?.text).toBe(
      'first',
    );
    expect((await repo.loadWorkshop(second))?.state.records.notes.get(asNoteId('n1'))?.text).toBe(
      'edited',
    );
    await repo.purgeWorkshop(second);
    expect(await repo.loadWorkshop(second)).toBeNull();
    expect(await repo.readAudit(second)).toEqual([]);
    expect([...((await repo.loadWorkshop(first))?.state.records.notes.keys() ?? [])]).toEqual([
      'n1',
      'n2',
    ]);
  });

  it('refuses a commit that does not continue the stored chain and writes none of it', async () => {
    const repo = await repository();
    const id = asWorkshopId('w1');
    const created = await stored(repo, id, 'kept');
    const first = batch(id, created.state, created.head, [addNote(id, 'n3', 'first')]);
    // Computed on the same head as `first`: once `first` is stored, it links to a stale head.
    const stale = batch(id, created.state, created.head, [
      addNote(id, 'n4', 'stale'),
      { type: 'note.edit', payload: { noteId: asNoteId('n1'), text: 'overwritten' } },
    ]);
    await repo.commit(first.entries, first.changes);
    await expect(repo.commit(stale.entries, stale.changes)).rejects.toBeInstanceOf(
      ConcurrentWriteError,
    );
    // A batch that would start past the stored head (leaving a gap) is refused too.
    const ahead = batch(id, first.state, { seq: first.head.seq + 1, hash: first.head.hash }, [
      addNote(id, 'n5', 'gap'),
    ]);
    await expect(repo.commit(ahead.entries, ahead.changes)).rejects.toBeInstanceOf(
      ConcurrentWriteError,
    );

    const loaded = await repo.loadWorkshop(id);
    expect(loaded?.head).toEqual(first.head);
    expect(loaded?.state.records).toEqual(first.state.records);
    await expectStoredChainWhole(repo, id, first.head);
    await expect(repo.commit([], first.changes)).rejects.toThrow(/at least one/);
  });
});
