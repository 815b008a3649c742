/**
 * Record ids are plain strings unique only within their workshop: ids that
 * name Object.prototype members are ordinary ids, and two workshops (or an
 * imported file and a local workshop) may use the same id without touching
 * each other's records.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { WorkshopId } from '../../../shared/base/ids';
import { readWorkshopFile } from '../../../shared/pipeline/workshopFile';
import { asClusterId, asNoteId, asVoteId, type Cluster } from '../../../shared/wall/records';
import {
  addNote,
  harnessesClosedAfterEach,
  newOpenWorkshop,
  noteIds,
  noteText,
  openState,
  T0,
  uniqueDatabaseName,
  voteBody,
  type Harness,
} from './storeHarness';

/** Each test's harnesses are flushed and closed after it. */
const harness = harnessesClosedAfterEach();

const storedNote = async (h: Harness, workshopId: WorkshopId, noteId: string) =>
  (await h.repository.loadWorkshop(workshopId))?.state.records.notes.get(asNoteId(noteId));

const TRICKY_IDS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];

describe('record ids', () => {
  it('treats __proto__, constructor and other Object.prototype names as ordinary ids', async () => {
    const name = uniqueDatabaseName();
    const first = await harness({ name, idPrefix: 'a' });
    const { store } = first;
    const id = await newOpenWorkshop(store, 'Prototype names', { voteBudget: 10 });
    const cluster: Cluster = {
      id: asClusterId('__proto__'),
      workshopId: id,
      name: 'constructor',
      x: -100,
      y: -100,
      width: 2000,
      height: 600,
      createdAt: T0,
    };
    expect(store.getState().perform([{ type: 'cluster.create', payload: { cluster } }])).toBe(true);
    for (const [i, noteId] of TRICKY_IDS.entries())
      addNote(store, noteId, `text ${noteId}`, i * 200);
    expect(
      store.getState().perform([
        { type: 'note.edit', payload: { noteId: asNoteId('__proto__'), text: 'edited' } },
        {
          type: 'note.cluster',
          payload: {
            noteIds: [asNoteId('__proto__'), asNoteId('constructor')],
            clusterId: cluster.id,
          },
        },
      ]),
    ).toBe(true);
    expect(store.getState().perform([voteBody(store, 'constructor', '__proto__')])).toBe(true);
    expect(store.getState().perform([voteBody(store, '__proto__', 'constructor')])).toBe(true);
    expect(noteIds(store)).toEqual(TRICKY_IDS);
    expect(store.getState().notices).toEqual([]);
    await store.getState().flush();
    store.getState().closeWorkshop();
    first.db.close();

    // After a restart everything is there, keyed by exactly those ids.
    const second = await harness({ name, idPrefix: 'b' });
    expect(await second.store.getState().openWorkshop(id)).toBe(true);
    const state = openState(second.store);
    // Loaded in key order, not insertion order.
    expect([...state.records.notes.keys()].sort()).toEqual([...TRICKY_IDS].sort());
    expect(noteText(second.store, '__proto__')).toBe('edited');
    expect(noteText(second.store, 'toString')).toBe('text toString');
    expect(state.records.notes.get(asNoteId('constructor'))?.clusterId).toBe('__proto__');
    expect(state.records.clusters.get(asClusterId('__proto__'))?.name).toBe('constructor');
    expect(state.records.votes.get(asVoteId('constructor'))?.noteId).toBe('__proto__');
    expect(state.records.votes.get(asVoteId('__proto__'))?.noteId).toBe('constructor');
    expect(state.records.votes.size).toBe(2);
    // Nothing leaked onto Object.prototype.
    expect(Object.prototype).not.toHaveProperty('text');
    expect(Object.prototype).not.toHaveProperty('noteId');

    // Deleting one (with its vote) and undoing it works like for any id.
    second.store
      .getState()
      .perform([{ type: 'note.delete', payload: { noteIds: [asNoteId('__proto__')] } }]);
    expect(noteText(second.store, '__proto__')).toBeUndefined();
    expect(openState(second.store).records.votes.has(asVoteId('constructor'))).toBe(false);
    second.store.getState().undo();
    expect(noteText(second.store, '__proto__')).toBe('edited');
    expect(openState(second.store).records.votes.get(asVoteId('constructor'))?.noteId).toBe(
      '__proto__',
    );

    // The file round-trips through the single restore path.
    const file = await second.store.getState().exportWorkshop(id);
    if (!file) throw new Error('export failed');
    const read = readWorkshopFile(file.contents, file.contents.length);
    if (!read.ok) throw new Error(read.message);
    expect([...read.state.records.notes.keys()].sort()).toEqual([...TRICKY_IDS].sort());
    const third = await harness({ idPrefix: 'c' });
    expect(
      await third.store.getState().importWorkshop(file.contents, file.contents.length),
    ).toMatchObject({ status: 'imported' });
    expect((await storedNote(third, id, '__proto__'))?.text).toBe('edited');
  });

  it('lets two workshops hold the same note id without touching each other', async () => {
    const h = await harness();
    const { store } = h;
    const first = await newOpenWorkshop(store, 'First');
    addNote(store, 'n1', 'in the first workshop');
    expect(store.getState().perform([voteBody(store, 'v1', 'n1')])).toBe(true);
    const second = await newOpenWorkshop(store, 'Second');
    addNote(store, 'n1', 'in the second workshop');
    expect(store.getState().perform([voteBody(store, 'v1', 'n1')])).toBe(true);
    store
      .getState()
      .perform([{ type: 'note.edit', payload: { noteId: asNoteId('n1'), text: 'changed' } }]);
    await store.getState().flush();

    expect((await storedNote(h, first, 'n1'))?.text).toBe('in the first workshop');
    expect((await storedNote(h, second, 'n1'))?.text).toBe('changed');

    store.getState().perform([{ type: 'note.delete', payload: { noteIds: [asNoteId('n1')] } }]);
    await store.getState().flush();
    const firstStored = await h.repository.loadWorkshop(first);
    expect(firstStored?.state.records.notes.get(asNoteId('n1'))?.text).toBe(
      'in the first workshop',
    );
    expect([...(firstStored?.state.records.votes.keys() ?? [])]).toEqual(['v1']);
    expect(await storedNote(h, second, 'n1')).toBeUndefined();

    store.getState().closeWorkshop();
    await store.getState().purgeWorkshop(second);
    expect((await storedNote(h, first, 'n1'))?.text).toBe('in the first workshop');
    expect(await h.repository.loadWorkshop(second)).toBeNull();
  });

  it('imports a file whose note id is used by another local workshop without changing that note', async () => {
    const x = await harness({ idPrefix: 'x' });
    const fromX = await newOpenWorkshop(x.store, 'From X');
    addNote(x.store, 'shared', 'the file’s note', 50, 60);
    const file = await x.store.getState().exportWorkshop(fromX);
    if (!file) throw new Error('export failed');

    const y = await harness({ idPrefix: 'y' });
    const local = await newOpenWorkshop(y.store, 'Local');
    addNote(y.store, 'shared', 'my note', 1, 2);
    expect(y.store.getState().perform([voteBody(y.store, 'shared', 'shared')])).toBe(true);
    await y.store.getState().flush();
    const before = await y.repository.loadWorkshop(local);

    expect(
      await y.store.getState().importWorkshop(file.contents, file.contents.length),
    ).toMatchObject({
      status: 'imported',
      workshopId: fromX,
    });
    expect(await y.repository.loadWorkshop(local)).toEqual(before);
    expect(await storedNote(y, fromX, 'shared')).toMatchObject({
      text: 'the file’s note',
      workshopId: fromX,
      x: 50,
    });
    // The same holds for an explicit replace and for a copy of that file.
    expect(
      await y.store.getState().importWorkshop(file.contents, file.contents.length, 'replace'),
    ).toMatchObject({ status: 'same' });
    const copy = await y.store
      .getState()
      .importWorkshop(file.contents, file.contents.length, 'copy');
    expect(copy).toMatchObject({ status: 'imported', how: 'copy' });
    expect(await y.repository.loadWorkshop(local)).toEqual(before);
    expect(noteText(y.store, 'shared')).toBe('my note');
  });
});
