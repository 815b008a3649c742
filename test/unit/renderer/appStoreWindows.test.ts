/**
 * Two windows of one installation: two stores over ONE database. With a shared
 * hub they behave like windows of one origin (one editor per workshop); without
 * it they do not know of each other and only the repository's head check keeps
 * the chain whole.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { asNoteId } from '../../../shared/wall/records';
import { READ_ONLY_MESSAGE } from '../../../renderer/store/appStore';
import { createWindowHub } from '../../../renderer/store/windowSync';
import {
  addNote,
  dismissAllNotices,
  errorNotices,
  expectOpenMatchesStored,
  expectStoredChainWhole,
  harnessesClosedAfterEach,
  newOpenWorkshop,
  noteBody,
  noteIds,
  noteText,
  settle,
  uniqueDatabaseName,
  type Harness,
} from './storeHarness';

/** Each test's harnesses are flushed and closed after it. */
const harness = harnessesClosedAfterEach();

/** Two windows on one database; `shared` gives them one hub. */
async function twoWindows(shared: boolean): Promise<[Harness, Harness]> {
  const name = uniqueDatabaseName();
  const hub = createWindowHub();
  const a = await harness({ name, idPrefix: 'a', ...(shared ? { windows: hub.window() } : {}) });
  const b = await harness({ name, idPrefix: 'b', ...(shared ? { windows: hub.window() } : {}) });
  return [a, b];
}

const storedNoteIds = async (
  h: Harness,
  id: Parameters<Harness['repository']['loadWorkshop']>[0],
) => [...((await h.repository.loadWorkshop(id))?.state.records.notes.keys() ?? [])].sort();

describe('two windows with a shared hub', () => {
  it('follows a burst of saves in the other window with at most two reads, ending on the last', async () => {
    const name = uniqueDatabaseName();
    const hub = createWindowHub();
    const editor = await harness({ name, idPrefix: 'a', windows: hub.window() });
    const viewer = await harness({ name, idPrefix: 'b', windows: hub.window() });
    const id = await newOpenWorkshop(editor.store);
    expect(await viewer.store.getState().openWorkshop(id)).toBe(true);
    addNote(editor.store, 'a-1', 'saved before the burst');
    await editor.store.getState().flush();
    await expect.poll(() => noteText(viewer.store, 'a-1')).toBe('saved before the burst');
    await settle(viewer.store);

    // Twenty saves announced at once, as a quick typist in the other window would cause.
    const loadsBefore = viewer.repository.loads;
    const announcer = hub.window();
    for (let i = 0; i < 20; i += 1) announcer.announce(id);
    await expect.poll(() => viewer.repository.loads - loadsBefore).toBe(2);
    await settle(viewer.store);
    expect(viewer.repository.loads - loadsBefore).toBe(2);
    await expectOpenMatchesStored(viewer);
  });

  it('lets one window edit; the other follows read-only and takes over when the first closes', async () => {
    const [a, b] = await twoWindows(true);
    const id = await newOpenWorkshop(a.store);
    await expect.poll(() => b.store.getState().workshops.map((w) => w.id)).toEqual([id]);

    expect(await b.store.getState().openWorkshop(id)).toBe(true);
    expect(a.store.getState().open?.readOnly).toBe(false);
    expect(b.store.getState().open?.readOnly).toBe(true);

    // The read-only window changes nothing, stored or shown, whichever way it tries.
    const before = await b.repository.readAudit(id);
    const shown = b.store.getState().open;
    expect(b.store.getState().perform([noteBody(b.store, 'b-1', 'from b')])).toBe(false);
    expect(b.store.getState().notices.at(-1)?.message).toBe(READ_ONLY_MESSAGE);
    expect(await b.store.getState().updateWorkshop(id, { title: 'Renamed in b' })).toBe(false);
    b.store.getState().undo();
    b.store.getState().redo();
    await b.store.getState().flush();
    expect(b.store.getState().open).toBe(shown);
    expect(b.store.getState().pendingWrites).toBe(0);
    expect(b.repository.commits).toEqual([]);
    expect(await b.repository.readAudit(id)).toEqual(before);

    // What the editing window saves reaches the read-only one.
    addNote(a.store, 'a-1', 'from a');
    await a.store.getState().flush();
    await expect.poll(() => noteText(b.store, 'a-1')).toBe('from a');
    expect(b.store.getState().open?.readOnly).toBe(true);
    await expectOpenMatchesStored(b);

    a.store.getState().closeWorkshop();
    await expect.poll(() => b.store.getState().open?.readOnly).toBe(false);
    expect(b.store.getState().notices.at(-1)).toMatchObject({
      kind: 'info',
      message: expect.stringMatching(/other window closed/) as unknown,
    });
    await expectOpenMatchesStored(b);
    // Nor can the window that let go change it from the library.
    expect(await a.store.getState().updateWorkshop(id, { title: 'Renamed in a' })).toBe(false);
    expect(a.store.getState().notices.at(-1)?.message).toMatch(/open in another Debrief window/);

    // B's edits chain on to what A stored.
    dismissAllNotices(b.store);
    addNote(b.store, 'b-2', 'now from b');
    b.store
      .getState()
      .perform([{ type: 'note.edit', payload: { noteId: asNoteId('a-1'), text: 'edited in b' } }]);
    await settle(b.store);
    expect(errorNotices(b.store)).toEqual([]);
    const audit = await expectStoredChainWhole(b.repository, id, b.store.getState().open?.head);
    expect(audit.map((e) => e.operation.type)).toEqual([
      'workshop.create',
      'note.add',
      'note.add',
      'note.edit',
    ]);
    expect(audit.map((e) => e.operation.actorId)).toEqual(
      audit.map(() => a.store.getState().actorId),
    );
    expect(await storedNoteIds(b, id)).toEqual(['a-1', 'b-2']);

    // Now A is the one that only shows it.
    expect(await a.store.getState().openWorkshop(id)).toBe(true);
    expect(a.store.getState().open?.readOnly).toBe(true);
    expect(noteText(a.store, 'a-1')).toBe('edited in b');
    expect(a.store.getState().perform([noteBody(a.store, 'a-2', 'refused')])).toBe(false);
    await a.store.getState().flush();
    expect(await storedNoteIds(a, id)).toEqual(['a-1', 'b-2']);
  });

  it('hands over a workshop closed right after an edit with that edit, so the next window chains on it', async () => {
    const [a, b] = await twoWindows(true);
    const id = await newOpenWorkshop(a.store);
    expect(await b.store.getState().openWorkshop(id)).toBe(true);
    expect(b.store.getState().open?.readOnly).toBe(true);

    // The user types a note and closes the workshop before the write is stored.
    addNote(a.store, 'last', 'typed just before closing');
    a.store.getState().closeWorkshop();
    await expect.poll(() => b.store.getState().open?.readOnly).toBe(false);
    await a.store.getState().flush();
    await settle(b.store);

    expect(noteText(b.store, 'last')).toBe('typed just before closing');
    await expectOpenMatchesStored(b);
    addNote(b.store, 'next', 'typed in the window that took over');
    await settle(b.store);
    expect(errorNotices(b.store)).toEqual([]);
    await expectStoredChainWhole(b.repository, id, b.store.getState().open?.head);
    expect(await storedNoteIds(b, id)).toEqual(['last', 'next']);
  });
});

describe('two windows that do not know of each other', () => {
  it('never fork the chain when both edit quickly: one is refused, reloads, and the chain verifies', async () => {
    const [a, b] = await twoWindows(false);
    const id = await newOpenWorkshop(a.store);
    expect(await b.store.getState().openWorkshop(id)).toBe(true);
    expect(b.store.getState().open?.readOnly).toBe(false);

    for (let i = 0; i < 5; i += 1) {
      addNote(a.store, `a-${String(i)}`, `a ${String(i)}`);
      addNote(b.store, `b-${String(i)}`, `b ${String(i)}`);
    }
    await Promise.all([settle(a.store), settle(b.store)]);

    const audit = await expectStoredChainWhole(a.repository, id);
    const stored = await storedNoteIds(a, id);
    const refused = [a, b].filter((h) => errorNotices(h.store).length > 0);
    expect(refused).toHaveLength(1);
    const [loser] = refused;
    if (!loser) throw new Error('neither window was refused');
    const winner = loser === a ? b : a;
    const prefix = winner === a ? 'a' : 'b';
    expect(errorNotices(loser.store)).toEqual([expect.stringMatching(/changed in another window/)]);
    // Everything stored is the winner's, all of it; nothing of the loser's edits.
    expect(stored).toEqual([0, 1, 2, 3, 4].map((i) => `${prefix}-${String(i)}`));
    expect(audit).toHaveLength(6);
    await expectOpenMatchesStored(winner);
    // The loser shows a stored state (a prefix of the chain), without its refused edits.
    const loserHead = loser.store.getState().open?.head;
    expect(audit[loserHead?.seq ?? -1]?.hash).toBe(loserHead?.hash);
    expect(noteIds(loser.store).every((n) => n.startsWith(prefix))).toBe(true);
    expect(loser.store.getState().pendingWrites).toBe(0);
    expect(winner.store.getState().pendingWrites).toBe(0);
  });

  it('refuses a stale window’s write; it reloads, shows the other change, and chains on from there', async () => {
    const [a, b] = await twoWindows(false);
    const id = await newOpenWorkshop(a.store);
    expect(await b.store.getState().openWorkshop(id)).toBe(true);

    addNote(a.store, 'from-a', 'A');
    await a.store.getState().flush();
    // B still shows the workshop as it was before A's note.
    expect(noteIds(b.store)).toEqual([]);
    addNote(b.store, 'from-b', 'B');
    await settle(b.store);

    expect(errorNotices(b.store)).toEqual([expect.stringMatching(/changed in another window/)]);
    expect(noteIds(b.store)).toEqual(['from-a']);
    await expectOpenMatchesStored(b);
    expect(await storedNoteIds(b, id)).toEqual(['from-a']);

    addNote(b.store, 'from-b-again', 'B, after the reload');
    await settle(b.store);
    expect(errorNotices(b.store)).toHaveLength(1);
    const audit = await expectStoredChainWhole(b.repository, id, b.store.getState().open?.head);
    expect(audit).toHaveLength(3);
    expect(await storedNoteIds(b, id)).toEqual(['from-a', 'from-b-again']);
  });

  it('refuses a write that would link past the stored head after the other window replaced the workshop with a shorter history', async () => {
    const [a, b] = await twoWindows(false);
    const id = await newOpenWorkshop(a.store);
    addNote(a.store, 'early', 'in the export');
    const file = await a.store.getState().exportWorkshop(id);
    if (!file) throw new Error('export failed');
    addNote(a.store, 'late-1', 'after the export');
    addNote(a.store, 'late-2', 'after the export');
    await a.store.getState().flush();
    expect(await b.store.getState().openWorkshop(id)).toBe(true);
    expect(b.store.getState().open?.head.seq).toBe(3);

    // A goes back to the exported history (seq 1); B still stands at seq 3.
    expect(
      await a.store.getState().importWorkshop(file.contents, file.contents.length, 'replace'),
    ).toMatchObject({ status: 'imported', how: 'replace' });
    addNote(b.store, 'from-b', 'would be seq 4');
    await settle(b.store);

    expect(errorNotices(b.store)).toEqual([expect.stringMatching(/changed in another window/)]);
    const audit = await expectStoredChainWhole(b.repository, id, file.head);
    expect(audit).toHaveLength(2);
    expect(noteIds(b.store)).toEqual(['early']);
    await expectOpenMatchesStored(b);
  });
});
