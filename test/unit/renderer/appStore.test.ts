import { afterEach, describe, expect, it } from 'vitest';
import { verifyChain } from '../../../shared/audit/auditChain';
import { asActorId, asNoteId, type NoteId, type WorkshopId } from '../../../shared/domain/ids';
import { defaultHeader, type Note } from '../../../shared/domain/model';
import type { AppStore } from '../../../renderer/store/appStore';
import { makeHarness, uniqueDatabaseName, type Harness } from './storeHarness';

const open: Harness[] = [];
afterEach(async () => {
  for (const h of open.splice(0)) {
    await h.store.getState().flush();
    h.db.close();
  }
});

async function harness(name?: string, prefix?: string): Promise<Harness> {
  const h = await makeHarness(name, prefix);
  open.push(h);
  return h;
}

async function newOpenWorkshop(store: AppStore, title = 'Payments outage'): Promise<WorkshopId> {
  const id = await store.getState().createWorkshop(defaultHeader(title));
  if (!id) throw new Error('workshop was not created');
  expect(await store.getState().openWorkshop(id)).toBe(true);
  return id;
}

function addNote(store: AppStore, id: string, text: string, x = 0, y = 0): NoteId {
  const state = store.getState();
  const open = state.open;
  if (!open) throw new Error('no open workshop');
  const note: Note = {
    id: asNoteId(id),
    workshopId: open.state.workshop.id,
    text,
    color: 'yellow',
    x,
    y,
    clusterId: null,
    authorId: state.actorId,
    createdAt: 1,
  };
  expect(state.perform([{ type: 'note.add', payload: { note } }])).toBe(true);
  return note.id;
}

describe('app store over Dexie', () => {
  it('persists every change with a verifiable audit chain and loads it back after a restart', async () => {
    const name = uniqueDatabaseName();
    const first = await harness(name, 'a');
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
    first.db.close();

    const second = await harness(name, 'b');
    expect(second.store.getState().workshops.map((w) => w.title)).toEqual(['Payments outage']);
    await second.store.getState().openWorkshop(id);
    expect(second.store.getState().open?.state.notes[noteId]?.text).toBe('Retry storm at 09:12');
    expect(second.store.getState().open?.head.seq).toBe(2);
  });

  it('keeps the same actor id across restarts', async () => {
    const name = uniqueDatabaseName();
    const first = await harness(name, 'a');
    const actor = first.store.getState().actorId;
    first.db.close();
    const second = await harness(name, 'b');
    expect(second.store.getState().actorId).toBe(actor);
  });

  it('undoes and redoes a user step through audited inverse operations', async () => {
    const { store, repository } = await harness();
    const id = await newOpenWorkshop(store);
    const noteId = addNote(store, 'n1', 'Alert threshold too high');
    store.getState().perform([{ type: 'note.delete', payload: { noteIds: [noteId] } }]);
    expect(store.getState().open?.state.notes[noteId]).toBeUndefined();

    store.getState().undo();
    expect(store.getState().open?.state.notes[noteId]?.text).toBe('Alert threshold too high');
    store.getState().redo();
    expect(store.getState().open?.state.notes[noteId]).toBeUndefined();
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
    expect(loaded?.state.notes[noteId]?.text).toBe('Alert threshold too high');
  });

  it('a new step clears the redo stack', async () => {
    const { store } = await harness();
    await newOpenWorkshop(store);
    addNote(store, 'n1', 'one');
    store.getState().undo();
    expect(store.getState().open?.redo).toHaveLength(1);
    addNote(store, 'n2', 'two');
    expect(store.getState().open?.redo).toHaveLength(0);
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
    const { store } = await harness();
    await newOpenWorkshop(store);
    const noteId = addNote(store, 'n1', 'kept');
    const ok = store.getState().perform([
      { type: 'note.edit', payload: { noteId, text: 'changed' } },
      { type: 'note.edit', payload: { noteId: asNoteId('missing'), text: 'x' } },
    ]);
    expect(ok).toBe(false);
    expect(store.getState().open?.state.notes[noteId]?.text).toBe('kept');
  });

  it('enforces the per-person vote budget', async () => {
    const { store } = await harness();
    await newOpenWorkshop(store);
    const noteId = addNote(store, 'n1', 'vote for me');
    store
      .getState()
      .perform([{ type: 'workshop.update', payload: { changes: { voteBudget: 1 } } }]);
    const vote = (id: string) => {
      const s = store.getState();
      return s.perform([
        {
          type: 'vote.add',
          payload: {
            vote: {
              id: id as never,
              workshopId: s.open!.state.workshop.id,
              noteId,
              voterId: s.actorId,
              createdAt: 1,
            },
          },
        },
      ]);
    };
    expect(vote('v1')).toBe(true);
    expect(vote('v2')).toBe(false);
    expect(store.getState().notices.at(-1)?.message).toMatch(/used all 1/);
  });

  it('recovers when another window wrote to the same workshop first', async () => {
    const name = uniqueDatabaseName();
    const a = await harness(name, 'a');
    const id = await newOpenWorkshop(a.store);
    const b = await harness(name, 'b');
    await b.store.getState().openWorkshop(id);

    addNote(a.store, 'from-a', 'A');
    await a.store.getState().flush();
    addNote(b.store, 'from-b', 'B'); // links to a head that is no longer the last entry
    await b.store.getState().flush();

    expect(b.store.getState().notices.at(-1)?.message).toMatch(/another window/);
    // B reloaded the stored truth: A's note, not its own unsaved one.
    expect(Object.keys(b.store.getState().open?.state.notes ?? {})).toEqual(['from-a']);
    const audit = await b.repository.readAudit(id);
    expect(verifyChain(id, audit).ok).toBe(true);
  });

  it('exports a workshop and imports it into another installation', async () => {
    const { store } = await harness(undefined, 'a');
    const id = await newOpenWorkshop(store, 'Card outage');
    addNote(store, 'n1', 'Gateway saturated', 10, 20);
    const file = await store.getState().exportWorkshop(id);
    expect(file?.fileName).toMatch(/^card-outage-\d{4}-\d{2}-\d{2}\.debrief\.json$/);

    const other = await harness(undefined, 'b');
    const outcome = await other.store
      .getState()
      .importWorkshop(file!.contents, file!.contents.length, false);
    expect(outcome).toEqual({ status: 'imported', workshopId: id, title: 'Card outage' });
    await other.store.getState().openWorkshop(id);
    expect(other.store.getState().open?.state.notes[asNoteId('n1')]).toMatchObject({
      text: 'Gateway saturated',
      x: 10,
      y: 20,
    });
    expect(verifyChain(id, await other.repository.readAudit(id)).ok).toBe(true);
  });

  it('asks before replacing an existing workshop, and replaces it when told to', async () => {
    const { store } = await harness();
    const id = await newOpenWorkshop(store, 'Original');
    const file = await store.getState().exportWorkshop(id);
    addNote(store, 'n1', 'added after export');
    await store.getState().trashWorkshop(id);

    const asked = await store
      .getState()
      .importWorkshop(file!.contents, file!.contents.length, false);
    expect(asked).toEqual({ status: 'exists', title: 'Original', inTrash: true });
    const replaced = await store
      .getState()
      .importWorkshop(file!.contents, file!.contents.length, true);
    expect(replaced.status).toBe('imported');
    await store.getState().openWorkshop(id);
    expect(store.getState().open?.state.workshop.deletedAt).toBeNull();
    expect(store.getState().open?.state.notes).toEqual({});
  });

  it('a broken import file changes nothing stored', async () => {
    const { store, repository } = await harness();
    const id = await newOpenWorkshop(store, 'Keep me');
    addNote(store, 'n1', 'precious');
    const file = await store.getState().exportWorkshop(id);
    const tampered = file!.contents.replace('precious', 'tampered');
    const before = await repository.readAudit(id);

    for (const bad of [
      '',
      file!.contents.slice(0, file!.contents.length / 2),
      tampered,
      '{"format":"x"}',
    ]) {
      const outcome = await store.getState().importWorkshop(bad, bad.length, true);
      expect(outcome.status).toBe('invalid');
    }
    expect(await repository.readAudit(id)).toEqual(before);
    expect((await repository.loadWorkshop(id))?.state.notes[asNoteId('n1')]?.text).toBe('precious');
  });

  it('moves workshops to the trash, restores them, and purges them for good', async () => {
    const { store, repository } = await harness();
    const id = await newOpenWorkshop(store, 'Trash me');
    store.getState().closeWorkshop();
    await store.getState().trashWorkshop(id);
    expect(store.getState().workshops[0]?.deletedAt).not.toBeNull();
    expect(store.getState().notices.at(-1)?.action?.label).toBe('Undo');

    store.getState().notices.at(-1)?.action?.run();
    await store.getState().flush();
    await expect.poll(() => store.getState().workshops[0]?.deletedAt).toBeNull();

    await store.getState().purgeWorkshop(id);
    expect(store.getState().workshops).toEqual([]);
    expect(await repository.readAudit(id)).toEqual([]);
  });

  it('duplicates a workshop with new ids, the same content and a fresh audit trail', async () => {
    const { store, repository } = await harness();
    const id = await newOpenWorkshop(store, 'Source');
    addNote(store, 'n1', 'copied text', 5, 6);
    await store.getState().flush();
    store.getState().closeWorkshop();

    const copyId = await store.getState().duplicateWorkshop(id);
    expect(copyId).not.toBeNull();
    expect(copyId).not.toBe(id);
    await store.getState().openWorkshop(copyId!);
    const copy = store.getState().open!.state;
    expect(copy.workshop.title).toBe('Source (copy)');
    const notes = Object.values(copy.notes);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ text: 'copied text', x: 5, y: 6, workshopId: copyId });
    expect(notes[0]?.id).not.toBe('n1');
    const audit = await repository.readAudit(copyId!);
    expect(audit).toHaveLength(1);
    expect(verifyChain(copyId!, audit).ok).toBe(true);
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
    expect(asActorId(audit.at(-1)!.operation.actorId)).toBe(store.getState().actorId);
  });
});
