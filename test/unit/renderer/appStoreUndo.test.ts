/**
 * Undo and redo through the store: steps are audited inverse operations, a
 * step that no longer applies is dropped so undo never gets stuck, and undo
 * never breaks the vote budget.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { WorkshopId } from '../../../shared/base/ids';
import { asNoteId, asVoteId } from '../../../shared/wall/records';
import type { AppStore } from '../../../renderer/store/appStore';
import {
  addNote,
  errorNotices,
  expectOpenMatchesStored,
  expectStoredChainWhole,
  harnessesClosedAfterEach,
  newOpenWorkshop,
  noteIds,
  openState,
  settle,
  uniqueDatabaseName,
  voteBody,
  type Harness,
} from './storeHarness';

/** Each test's harnesses are flushed and closed after it. */
const harness = harnessesClosedAfterEach();

const voteIds = (store: AppStore): string[] => [...openState(store).records.votes.keys()].sort();

/** Votes the local actor holds in the stored workshop, and the stored budget. */
async function storedBudget(h: Harness, id: WorkshopId) {
  const loaded = await h.repository.loadWorkshop(id);
  const actor = h.store.getState().actorId;
  return {
    used: [...(loaded?.state.records.votes.values() ?? [])].filter((v) => v.voterId === actor)
      .length,
    budget: loaded?.state.workshop.voteBudget ?? -1,
  };
}

describe('undo', () => {
  it('drops a step that no longer applies, so the next undo works', async () => {
    const h = await harness();
    const { store, repository } = h;
    const id = await newOpenWorkshop(store);
    addNote(store, 'n1', 'first');
    addNote(store, 'n2', 'second');
    // n2 goes away by a change that is not the user's own step (another actor, a file, the LAN).
    expect(
      store
        .getState()
        .perform([{ type: 'note.delete', payload: { noteIds: [asNoteId('n2')] } }], 'none'),
    ).toBe(true);
    await store.getState().flush();
    const commits = repository.commits.length;
    expect(store.getState().open?.undo).toHaveLength(2);

    store.getState().undo(); // would delete n2, which is gone
    expect(store.getState().open?.undo).toHaveLength(1);
    expect(store.getState().open?.redo).toHaveLength(0);
    expect(errorNotices(store).at(-1)).toMatch(/does not exist/);
    await store.getState().flush();
    expect(repository.commits).toHaveLength(commits);

    store.getState().undo(); // deletes n1
    expect(noteIds(store)).toEqual([]);
    expect(store.getState().open?.undo).toHaveLength(0);
    store.getState().redo();
    expect(noteIds(store)).toEqual(['n1']);
    await settle(store);
    await expectOpenMatchesStored(h);
    const audit = await expectStoredChainWhole(repository, id);
    expect(audit.map((e) => e.operation.type)).toEqual([
      'workshop.create',
      'note.add',
      'note.add',
      'note.delete',
      'note.delete',
      'note.restore',
    ]);
  });

  it('clears redo when a new step is taken', async () => {
    const { store, repository } = await harness();
    const id = await newOpenWorkshop(store);
    addNote(store, 'n1', 'one');
    addNote(store, 'n2', 'two');
    store.getState().undo();
    store.getState().undo();
    expect(store.getState().open?.redo).toHaveLength(2);
    addNote(store, 'n3', 'three');
    expect(store.getState().open?.redo).toEqual([]);
    const shown = store.getState().open;
    store.getState().redo();
    expect(store.getState().open).toBe(shown);
    await store.getState().flush();
    expect([...((await repository.loadWorkshop(id))?.state.records.notes.keys() ?? [])]).toEqual([
      'n3',
    ]);
  });

  it('brings back the votes of a deleted note when the delete is undone, within the budget', async () => {
    const h = await harness();
    const { store } = h;
    const id = await newOpenWorkshop(store, 'Votes', { voteBudget: 2 });
    addNote(store, 'n1', 'popular');
    addNote(store, 'n2', 'other');
    expect(store.getState().perform([voteBody(store, 'v1', 'n1')])).toBe(true);
    expect(store.getState().perform([voteBody(store, 'v2', 'n1')])).toBe(true);

    store.getState().perform([{ type: 'note.delete', payload: { noteIds: [asNoteId('n1')] } }]);
    expect(voteIds(store)).toEqual([]);
    store.getState().undo();
    expect(noteIds(store).sort()).toEqual(['n1', 'n2']);
    expect(voteIds(store)).toEqual(['v1', 'v2']);

    // Delete again; meanwhile the budget drops to 1 (edited in the workshop details).
    store.getState().perform([{ type: 'note.delete', payload: { noteIds: [asNoteId('n1')] } }]);
    expect(await store.getState().updateWorkshop(id, { voteBudget: 1 })).toBe(true);
    store.getState().undo();
    expect(noteIds(store).sort()).toEqual(['n1', 'n2']);
    expect(voteIds(store)).toHaveLength(1);
    expect(openState(store).records.votes.get(asVoteId(voteIds(store)[0] ?? ''))?.noteId).toBe(
      'n1',
    );
    await settle(store);
    expect(errorNotices(store)).toEqual([]);
    await expectOpenMatchesStored(h);
    expect(await storedBudget(h, id)).toEqual({ used: 1, budget: 1 });
  });
});

describe('vote budget and undo', () => {
  it('refuses to restore a removed vote whose budget was used elsewhere, and drops that step', async () => {
    const h = await harness();
    const { store } = h;
    const id = await newOpenWorkshop(store, 'Votes', { voteBudget: 1 });
    addNote(store, 'n1', 'first choice');
    addNote(store, 'n2', 'second choice');
    expect(store.getState().perform([voteBody(store, 'v1', 'n1')])).toBe(true);
    expect(
      store.getState().perform([{ type: 'vote.remove', payload: { voteId: asVoteId('v1') } }]),
    ).toBe(true);
    // The vote is placed elsewhere by a change that is not an undoable step here.
    expect(store.getState().perform([voteBody(store, 'v2', 'n2')], 'none')).toBe(true);
    const undoDepth = store.getState().open?.undo.length ?? 0;

    store.getState().undo(); // vote.restore v1: no budget left
    expect(errorNotices(store).at(-1)).toMatch(/used all 1/);
    expect(voteIds(store)).toEqual(['v2']);
    expect(store.getState().open?.undo).toHaveLength(undoDepth - 1);
    // Not stuck: the next step (taking back v1, which is gone) is dropped too, then n2's add
    // is undone, taking v2 with it.
    store.getState().undo();
    store.getState().undo();
    expect(voteIds(store)).toEqual([]);
    expect(noteIds(store)).toEqual(['n1']);
    await settle(store);
    await expectOpenMatchesStored(h);
    expect(await storedBudget(h, id)).toEqual({ used: 0, budget: 1 });
    await expectStoredChainWhole(h.repository, id);
  });

  it('keeps the budget when a stale window undoes a vote removal after the vote was placed in another window', async () => {
    const name = uniqueDatabaseName();
    const a = await harness({ name, idPrefix: 'a' });
    const id = await newOpenWorkshop(a.store, 'Votes', { voteBudget: 1 });
    addNote(a.store, 'n1', 'first choice');
    addNote(a.store, 'n2', 'second choice');
    expect(a.store.getState().perform([voteBody(a.store, 'v1', 'n1')])).toBe(true);
    a.store.getState().perform([{ type: 'vote.remove', payload: { voteId: asVoteId('v1') } }]);
    await a.store.getState().flush();

    // Another window of the same installation (same person) places the vote elsewhere.
    const b = await harness({ name, idPrefix: 'b' });
    expect(b.store.getState().actorId).toBe(a.store.getState().actorId);
    await b.store.getState().openWorkshop(id);
    expect(b.store.getState().perform([voteBody(b.store, 'v2', 'n2')])).toBe(true);
    await b.store.getState().flush();

    a.store.getState().undo(); // applies on A's stale state, so only the stored head can refuse it
    await settle(a.store);
    expect(errorNotices(a.store).at(-1)).toMatch(/changed in another window/);
    expect(voteIds(a.store)).toEqual(['v2']);
    await expectOpenMatchesStored(a);
    expect(await storedBudget(a, id)).toEqual({ used: 1, budget: 1 });
    await expectStoredChainWhole(a.repository, id);
  });
});
