import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { verifyChain } from '../../../shared/base/auditChain';
import { asActorId } from '../../../shared/base/ids';
import { localDate } from '../../../shared/pipeline/fileName';
import { asNoteId } from '../../../shared/wall/records';
import { defaultHeader } from '../../../shared/workshop/workshop';
import {
  addNote,
  expectOpenMatchesStored,
  expectStoredChainWhole,
  harnessesClosedAfterEach,
  newOpenWorkshop,
  noteIds,
  noteText,
  openState,
  settle,
  uniqueDatabaseName,
  voteBody,
} from './storeHarness';

/** Each test's harnesses are flushed and closed after it. */
const harness = harnessesClosedAfterEach();

describe('app store over Dexie', () => {
  it('starts a new workshop in the write phase, where the reducer takes no votes', async () => {
    const { store } = await harness();
    const id = await store.getState().createWorkshop(defaultHeader('Fresh'));
    expect(id).not.toBeNull();
    expect(await store.getState().openWorkshop(id!)).toBe(true);
    expect(openState(store).workshop.phase).toBe('write');
    const noteId = addNote(store, 'n1', 'Retry storm');
    expect(store.getState().perform([voteBody(store, 'v1', noteId)])).toBe(false);
    expect(openState(store).records.votes.size).toBe(0);
  });

  it('persists every change with a verifiable audit chain and loads it back after a restart', async () => {
    const name = uniqueDatabaseName();
    const first = await harness({ name, idPrefix: 'a' });
    const id = await newOpenWorkshop(first.store);
    const noteId = addNote(first.store, 'n1', 'Retry storm');
    first.store
      .getState()
      .perform([{ type: 'note.edit', payload: { noteId, text: 'Retry storm at 09:12' } }]);
    await first.store.getState().flush();

    const audit = await first.repository.readAudit(id);
    expect(audit.map((e) => e.operation.type)).toEqual([
      'workshop.create',
      'note.add',
      'note.edit',
    ]);
    expect(verifyChain(id, audit).ok).toBe(true);
    first.store.getState().closeWorkshop();
    first.db.close();

    const second = await harness({ name, idPrefix: 'b' });
    expect(second.store.getState().workshops.map((w) => w.title)).toEqual(['Payments outage']);
    await second.store.getState().openWorkshop(id);
    expect(noteText(second.store, noteId)).toBe('Retry storm at 09:12');
    expect(second.store.getState().open?.head.seq).toBe(2);
  });

  it('keeps the same actor id across restarts', async () => {
    const name = uniqueDatabaseName();
    const first = await harness({ name, idPrefix: 'a' });
    const actor = first.store.getState().actorId;
    first.db.close();
    const second = await harness({ name, idPrefix: 'b' });
    expect(second.store.getState().actorId).toBe(actor);
  });

  it('undoes and redoes a user step through audited inverse operations', async () => {
    const { store, repository } = await harness();
    const id = await newOpenWorkshop(store);
    const noteId = addNote(store, 'n1', 'Alert threshold too high');
    store.getState().perform([{ type: 'note.delete', payload: { noteIds: [noteId] } }]);
    expect(noteText(store, noteId)).toBeUndefined();

    store.getState().undo();
    expect(noteText(store, noteId)).toBe('Alert threshold too high');
    store.getState().redo();
    expect(noteText(store, noteId)).toBeUndefined();
    store.getState().undo();
    await store.getState().flush();

    const types = (await repository.readAudit(id)).map((e) => e.operation.type);
    expect(types).toEqual([
      'workshop.create',
      'note.add',
      'note.delete',
      'note.restore',
      'note.delete',
      'note.restore',
    ]);
    const loaded = await repository.loadWorkshop(id);
    expect(loaded?.state.records.notes.get(noteId)?.text).toBe('Alert threshold too high');
  });

  it('a new step clears the redo stack', async () => {
    const { store } = await harness();
    await newOpenWorkshop(store);
    addNote(store, 'n1', 'one');
    store.getState().undo();
    expect(store.getState().open?.redo).toHaveLength(1);
    addNote(store, 'n2', 'two');
    expect(store.getState().open?.redo).toHaveLength(0);
    // Redo has nothing left to do: n1 stays undone.
    store.getState().redo();
    expect(noteIds(store)).toEqual(['n2']);
  });

  it('rejects an invalid operation with a message and changes nothing', async () => {
    const { store, repository } = await harness();
    const id = await newOpenWorkshop(store);
    const before = store.getState().open;
    const ok = store
      .getState()
      .perform([{ type: 'note.edit', payload: { noteId: asNoteId('missing'), text: 'x' } }]);
    expect(ok).toBe(false);
    expect(store.getState().open).toBe(before);
    expect(store.getState().notices.at(-1)?.message).toMatch(/does not exist/);
    await store.getState().flush();
    expect(await repository.readAudit(id)).toHaveLength(1);
  });

  it('rejects a whole batch when one of its operations fails', async () => {
    const { store, repository } = await harness();
    const id = await newOpenWorkshop(store);
    const noteId = addNote(store, 'n1', 'kept');
    const ok = store.getState().perform([
      { type: 'note.edit', payload: { noteId, text: 'changed' } },
      { type: 'note.edit', payload: { noteId: asNoteId('missing'), text: 'x' } },
    ]);
    expect(ok).toBe(false);
    expect(noteText(store, noteId)).toBe('kept');
    await store.getState().flush();
    expect((await repository.readAudit(id)).map((e) => e.operation.type)).toEqual([
      'workshop.create',
      'note.add',
    ]);
  });

  it('enforces the per-person vote budget', async () => {
    const { store, repository } = await harness();
    const id = await newOpenWorkshop(store, 'Votes', { voteBudget: 2 });
    const noteId = addNote(store, 'n1', 'vote for me');
    store
      .getState()
      .perform([{ type: 'workshop.update', payload: { changes: { voteBudget: 1 } } }]);
    expect(store.getState().perform([voteBody(store, 'v1', noteId)])).toBe(true);
    expect(store.getState().perform([voteBody(store, 'v2', noteId)])).toBe(false);
    expect(store.getState().notices.at(-1)?.message).toMatch(/used all 1/);
    await store.getState().flush();
    expect([...((await repository.loadWorkshop(id))?.state.records.votes.keys() ?? [])]).toEqual([
      'v1',
    ]);
  });

  it('recovers when another window wrote to the same workshop first', async () => {
    const name = uniqueDatabaseName();
    const a = await harness({ name, idPrefix: 'a' });
    const id = await newOpenWorkshop(a.store);
    // No shared hub: the windows do not know of each other; only the head check protects the chain.
    const b = await harness({ name, idPrefix: 'b' });
    await b.store.getState().openWorkshop(id);
    expect(b.store.getState().open?.readOnly).toBe(false);

    addNote(a.store, 'from-a', 'A');
    await a.store.getState().flush();
    addNote(b.store, 'from-b', 'B'); // links to a head that is no longer the last entry
    await settle(b.store);

    expect(b.store.getState().notices.at(-1)?.message).toMatch(/another window/);
    // B reloaded the stored truth: A's note, not its own unsaved one.
    expect(noteIds(b.store)).toEqual(['from-a']);
    await expectOpenMatchesStored(b);
    await expectStoredChainWhole(b.repository, id);
  });

  it('exports a workshop and imports it into another installation', async () => {
    const { store } = await harness({ idPrefix: 'a' });
    const id = await newOpenWorkshop(store, 'Card outage');
    addNote(store, 'n1', 'Gateway saturated', 10, 20);
    const file = await store.getState().exportWorkshop(id);
    if (!file) throw new Error('export failed');
    // No incident date yet: the export's date on this computer's clock, then the title.
    expect(file.fileName).toMatch(/^\d{4}-\d{2}-\d{2} Card outage\.debrief\.json$/);
    const { exportedAt } = JSON.parse(file.contents) as { exportedAt: number };
    expect(file.fileName.slice(0, 10)).toBe(localDate(exportedAt));

    const other = await harness({ idPrefix: 'b' });
    const outcome = await other.store
      .getState()
      .importWorkshop(file.contents, file.contents.length);
    expect(outcome).toEqual({
      status: 'imported',
      workshopId: id,
      title: 'Card outage',
      how: 'new',
    });
    await other.store.getState().openWorkshop(id);
    expect(openState(other.store).records.notes.get(asNoteId('n1'))).toMatchObject({
      text: 'Gateway saturated',
      x: 10,
      y: 20,
    });
    const audit = await expectStoredChainWhole(other.repository, id, file.head);
    expect(audit).toHaveLength(2);
  });

  it('names the export after the incident date and the title, made safe for any disk', async () => {
    const { store } = await harness();
    const id = await newOpenWorkshop(store, 'Card payments: outage / EU?');
    expect(await store.getState().updateWorkshop(id, { incidentDate: '2026-11-03' })).toBe(true);
    const file = await store.getState().exportWorkshop(id);
    expect(file?.fileName).toBe('2026-11-03 Card payments outage EU.debrief.json');
  });

  it('keeps the technical detail of a notice apart from its message', async () => {
    const { store } = await harness();
    store.getState().notify('error', 'Import failed.', undefined, 'records.notes.2.x: bad');
    store.getState().notify('info', 'Saved.');
    const [failed, saved] = store.getState().notices;
    expect(failed).toMatchObject({ message: 'Import failed.', detail: 'records.notes.2.x: bad' });
    expect(saved && 'detail' in saved).toBe(false);
  });

  it('asks before replacing an existing workshop, and replaces it when told to', async () => {
    const { store, repository } = await harness();
    const id = await newOpenWorkshop(store, 'Original');
    const file = await store.getState().exportWorkshop(id);
    if (!file) throw new Error('export failed');
    addNote(store, 'n1', 'added after export');
    await store.getState().trashWorkshop(id);
    await store.getState().flush();
    const local = await repository.readAudit(id);
    expect(local).toHaveLength(3);

    const asked = await store.getState().importWorkshop(file.contents, file.contents.length);
    expect(asked).toEqual({
      status: 'exists',
      title: 'Original',
      inTrash: true,
      relation: { kind: 'older', ahead: 2 },
      local: { seq: 2, hash: local.at(-1)?.hash, lastChangeAt: local[2]?.operation.at },
      incoming: { ...file.head, lastChangeAt: local[0]?.operation.at },
      // The note and the trashing, from the note's time on.
      discarded: { count: 2, since: local[1]?.operation.at },
    });
    expect(await repository.readAudit(id)).toEqual(local);

    const replaced = await store
      .getState()
      .importWorkshop(file.contents, file.contents.length, 'replace');
    expect(replaced).toMatchObject({ status: 'imported', how: 'replace' });
    await store.getState().openWorkshop(id);
    expect(openState(store).workshop.deletedAt).toBeNull();
    expect(openState(store).records.notes.size).toBe(0);
    await expectStoredChainWhole(repository, id, file.head);
  });

  it('a broken import file changes nothing stored', async () => {
    const { store, repository } = await harness();
    const id = await newOpenWorkshop(store, 'Keep me');
    addNote(store, 'n1', 'precious');
    const file = await store.getState().exportWorkshop(id);
    if (!file) throw new Error('export failed');
    const tampered = file.contents.replace('precious', 'tampered');
    expect(tampered).not.toBe(file.contents);
    const before = await repository.readAudit(id);

    for (const [bad, plain] of [
      ['', 'The file is empty'],
      [file.contents.slice(0, file.contents.length / 2), 'The file ends early'],
      [tampered, 'The file’s audit trail does not match its contents'],
      ['{"format":"x"}', 'This is not a Debrief workshop file'],
    ] as const) {
      for (const choice of [undefined, 'replace', 'update', 'copy'] as const) {
        const outcome = await store.getState().importWorkshop(bad, bad.length, choice);
        if (outcome.status !== 'invalid') throw new Error(`not refused: ${outcome.status}`);
        // The plain sentence for the notice, the checker's words kept for the disclosure.
        expect(outcome.message.startsWith(plain)).toBe(true);
        expect(outcome.detail).toBeTruthy();
        expect(outcome.message).not.toContain(outcome.detail);
      }
    }
    expect(await repository.readAudit(id)).toEqual(before);
    expect((await repository.listWorkshops()).map((w) => w.id)).toEqual([id]);
    expect((await repository.loadWorkshop(id))?.state.records.notes.get(asNoteId('n1'))?.text).toBe(
      'precious',
    );
  });

  it('moves workshops to the trash, restores them, and purges them for good', async () => {
    const { store, repository } = await harness();
    const id = await newOpenWorkshop(store, 'Trash me');
    store.getState().closeWorkshop();
    await store.getState().trashWorkshop(id);
    expect(store.getState().workshops[0]?.deletedAt).not.toBeNull();
    expect(store.getState().notices.at(-1)?.action?.label).toBe('Undo');

    store.getState().notices.at(-1)?.action?.run();
    await expect.poll(() => store.getState().workshops[0]?.deletedAt).toBeNull();
    await store.getState().flush();
    expect((await repository.listWorkshops())[0]?.deletedAt).toBeNull();

    await store.getState().purgeWorkshop(id);
    expect(store.getState().workshops).toEqual([]);
    expect(await repository.readAudit(id)).toEqual([]);
    expect(await repository.loadWorkshop(id)).toBeNull();
  });

  it('duplicates a workshop with the same record ids and content, without votes, and a fresh audit trail', async () => {
    const { store, repository } = await harness();
    const id = await newOpenWorkshop(store, 'Source');
    addNote(store, 'n1', 'copied text', 5, 6);
    expect(store.getState().perform([voteBody(store, 'v1', 'n1')])).toBe(true);
    await store.getState().flush();
    store.getState().closeWorkshop();

    const copyId = await store.getState().duplicateWorkshop(id);
    if (!copyId) throw new Error('duplicate failed');
    expect(copyId).not.toBe(id);
    await store.getState().openWorkshop(copyId);
    const copy = openState(store);
    expect(copy.workshop.title).toBe('Source (copy)');
    expect(copy.workshop.deletedAt).toBeNull();
    expect([...copy.records.notes.values()]).toEqual([
      expect.objectContaining({ id: 'n1', text: 'copied text', x: 5, y: 6, workshopId: copyId }),
    ]);
    // Votes belong to the session that cast them, not to the content.
    expect(copy.records.votes.size).toBe(0);
    const audit = await repository.readAudit(copyId);
    expect(audit).toHaveLength(1);
    expect(verifyChain(copyId, audit).ok).toBe(true);

    // Same ids, separate records: editing the copy leaves the source alone.
    store
      .getState()
      .perform([{ type: 'note.edit', payload: { noteId: asNoteId('n1'), text: 'x' } }]);
    await store.getState().flush();
    const source = await repository.loadWorkshop(id);
    expect(source?.state.records.notes.get(asNoteId('n1'))?.text).toBe('copied text');
    expect([...(source?.state.records.votes.keys() ?? [])]).toEqual(['v1']);
  });

  it('renames a workshop that is not open through the same pipeline', async () => {
    const { store, repository } = await harness();
    const id = await newOpenWorkshop(store, 'Old name');
    store.getState().closeWorkshop();
    expect(await store.getState().updateWorkshop(id, { title: 'New name' })).toBe(true);
    const audit = await repository.readAudit(id);
    expect(audit.at(-1)?.operation).toMatchObject({
      type: 'workshop.update',
      payload: { changes: { title: 'New name' } },
    });
    expect(store.getState().workshops[0]?.title).toBe('New name');
    expect(asActorId(audit.at(-1)?.operation.actorId ?? '')).toBe(store.getState().actorId);
    expect((await repository.loadWorkshop(id))?.state.workshop.title).toBe('New name');
  });
});
