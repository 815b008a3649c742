/**
 * The store's write queue over a real database: writes are stored one at a
 * time and in order, a failed write drops what was queued behind it without
 * leaving a gap in the chain, and the store then shows what is stored.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { Operation } from '../../../shared/registry';
import { asNoteId } from '../../../shared/wall/records';
import { ConcurrentWriteError } from '../../../renderer/db/workshopRepository';
import {
  addNote,
  errorNotices,
  expectExportsAndReads,
  expectOpenMatchesStored,
  expectStoredChainWhole,
  harnessesClosedAfterEach,
  newOpenWorkshop,
  noteBody,
  noteIds,
  quotaError,
  settle,
  watchPendingWrites,
} from './storeHarness';

/** Each test's harnesses are flushed and closed after it. */
const harness = harnessesClosedAfterEach();

const noteIdOf = (operation: Operation): string | null =>
  operation.type === 'note.add'
    ? operation.payload.note.id
    : operation.type === 'note.edit'
      ? operation.payload.noteId
      : null;

describe('a write that fails with more edits queued behind it', () => {
  it('drops the queued edits, leaves no gap in the chain, reloads what is stored and tells the user', async () => {
    const h = await harness();
    const { store, repository } = h;
    const id = await newOpenWorkshop(store);
    addNote(store, 'kept', 'stored before the disk filled up');
    await store.getState().flush();
    const pending = watchPendingWrites(store);

    repository.failCommit(quotaError());
    for (const n of [1, 2, 3, 4]) addNote(store, `lost-${String(n)}`, `edit ${String(n)}`);
    // One write failing, three queued behind it.
    expect(store.getState().pendingWrites).toBe(4);
    expect(noteIds(store)).toEqual(['kept', 'lost-1', 'lost-2', 'lost-3', 'lost-4']);
    await settle(store);

    // The three writes behind the failed one never reached the database.
    expect(repository.commits.map((c) => c.ok)).toEqual([true, true, false]);
    expect(store.getState().pendingWrites).toBe(0);
    expect(pending.values.at(-1)).toBe(0);
    expect(Math.min(...pending.values)).toBeGreaterThanOrEqual(0);

    const audit = await expectStoredChainWhole(repository, id, store.getState().open?.head);
    expect(audit.map((e) => e.operation.type)).toEqual(['workshop.create', 'note.add']);
    const stored = await repository.loadWorkshop(id);
    expect([...(stored?.state.records.notes.keys() ?? [])]).toEqual(['kept']);
    await expectOpenMatchesStored(h);
    expect(noteIds(store)).toEqual(['kept']);
    expect(store.getState().open?.undo).toEqual([]);

    const errors = errorNotices(store);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/could not be saved/);
    expect(errors[0]).toMatch(/quota/i);
    expect(errors[0]).toMatch(/last 4 changes were not saved/);

    // The workshop is whole: it exports, the file verifies, and another installation imports it.
    const file = await expectExportsAndReads(store, id);
    const other = await harness({ idPrefix: 'other' });
    expect(
      await other.store.getState().importWorkshop(file.contents, file.contents.length),
    ).toMatchObject({ status: 'imported', how: 'new' });
    expect(
      await store.getState().importWorkshop(file.contents, file.contents.length),
    ).toMatchObject({ status: 'same' });

    // And editing goes on from the stored head.
    addNote(store, 'after', 'typed after the failure');
    await settle(store);
    expect(errorNotices(store)).toHaveLength(1);
    await expectStoredChainWhole(repository, id, store.getState().open?.head);
    await expectOpenMatchesStored(h);
    pending.stop();
  });

  it('keeps an edit made after the workshop was reloaded (while the library refreshes)', async () => {
    const h = await harness();
    const { store, repository } = h;
    const id = await newOpenWorkshop(store);
    repository.failCommit(quotaError());
    addNote(store, 'lost', 'not saved');
    addNote(store, 'lost-too', 'queued behind it');

    let performed: boolean | null = null;
    let shownWhenTyping: string[] = [];
    repository.onNextListWorkshops = () => {
      // The store has already put the stored workshop on screen; the user types a note.
      shownWhenTyping = noteIds(store);
      performed = store.getState().perform([noteBody(store, 'typed', 'typed after the reload')]);
    };
    await settle(store);

    expect(shownWhenTyping).toEqual([]);
    expect(performed).toBe(true);
    expect(store.getState().pendingWrites).toBe(0);
    // What the user sees is what is stored: the note typed on the reloaded workshop was saved.
    await expectOpenMatchesStored(h);
    expect(noteIds(store)).toEqual(['typed']);
    const audit = await expectStoredChainWhole(repository, id);
    expect(audit.map((e) => noteIdOf(e.operation))).toEqual([null, 'typed']);
    expect(errorNotices(store)).toHaveLength(1);
  });
});

describe('write order', () => {
  it('stores quick edits one at a time, in the order they were performed', async () => {
    const { store, repository } = await harness();
    const id = await newOpenWorkshop(store);
    // Earlier commits take longer: if writes overlapped, later ones would land first.
    repository.delay = (index) => Math.max(0, 25 - index);
    const expected: (string | null)[] = [null];
    for (let i = 0; i < 12; i += 1) {
      const noteId = `n${String(i).padStart(2, '0')}`;
      addNote(store, noteId, `note ${String(i)}`, i * 10, 0);
      expected.push(noteId);
      if (i % 3 === 2) {
        expect(
          store
            .getState()
            .perform([
              { type: 'note.edit', payload: { noteId: asNoteId(noteId), text: 'edited' } },
            ]),
        ).toBe(true);
        expected.push(noteId);
      }
    }
    expect(store.getState().pendingWrites).toBe(expected.length - 1);
    await store.getState().flush();

    expect(repository.maxInFlight).toBe(1);
    expect(repository.commits.map((c) => c.first)).toEqual(expected.map((_, i) => i));
    expect(repository.commits.every((c) => c.ok)).toBe(true);
    const audit = await expectStoredChainWhole(repository, id, store.getState().open?.head);
    expect(audit.map((e) => noteIdOf(e.operation))).toEqual(expected);
    expect(audit.map((e) => e.operation.type).filter((t) => t === 'note.edit')).toHaveLength(4);
    expect(errorNotices(store)).toEqual([]);
    expect(store.getState().pendingWrites).toBe(0);
  });

  it('stores a multi-operation batch as consecutive entries of one commit', async () => {
    const { store, repository } = await harness();
    const id = await newOpenWorkshop(store);
    expect(
      store
        .getState()
        .perform([
          noteBody(store, 'a', 'first'),
          noteBody(store, 'b', 'second'),
          noteBody(store, 'c', 'third'),
        ]),
    ).toBe(true);
    await store.getState().flush();
    expect(repository.commits.at(-1)).toEqual({ first: 1, count: 3, ok: true });
    const audit = await expectStoredChainWhole(repository, id);
    expect(audit.map((e) => noteIdOf(e.operation))).toEqual([null, 'a', 'b', 'c']);
  });
});

describe('pending writes', () => {
  it('returns to 0 after failures and dropped writes, and never goes below it', async () => {
    const { store, repository } = await harness();
    await newOpenWorkshop(store);
    const pending = watchPendingWrites(store);

    repository.failCommit(quotaError());
    addNote(store, 'a', 'fails');
    addNote(store, 'b', 'dropped');
    await settle(store);
    expect(store.getState().pendingWrites).toBe(0);

    repository.failCommit(new ConcurrentWriteError(), 1);
    addNote(store, 'c', 'stored');
    addNote(store, 'd', 'refused');
    addNote(store, 'e', 'dropped');
    addNote(store, 'f', 'dropped');
    expect(store.getState().pendingWrites).toBe(4);
    await settle(store);
    expect(store.getState().pendingWrites).toBe(0);
    expect(noteIds(store)).toEqual(['c']);
    expect(errorNotices(store).at(-1)).toMatch(/another window/);
    expect(errorNotices(store).at(-1)).toMatch(/last 3 changes were not saved/);

    addNote(store, 'g', 'stored');
    await settle(store);
    expect(store.getState().pendingWrites).toBe(0);
    expect(Math.min(...pending.values)).toBe(0);
    expect(pending.values.at(-1)).toBe(0);
    expect(Math.max(...pending.values)).toBe(4);
    pending.stop();
  });
});
