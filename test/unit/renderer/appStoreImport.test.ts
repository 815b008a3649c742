/**
 * Importing workshop files into a library that may already hold the workshop:
 * the store compares the file's chain with the stored one and only overwrites
 * when the file continues it or the user explicitly discards local history.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { appendEntry, EMPTY_HEAD } from '../../../shared/base/auditChain';
import { asActorId, asOperationId, asWorkshopId, type WorkshopId } from '../../../shared/base/ids';
import { WORKSHOP_FILE_FORMAT, WORKSHOP_FILE_VERSION } from '../../../shared/pipeline/workshopFile';
import type { Operation } from '../../../shared/registry';
import { asNoteId } from '../../../shared/wall/records';
import { defaultHeader, type Workshop } from '../../../shared/workshop/workshop';
import type { ExportedFile } from '../../../renderer/store/appStore';
import {
  addNote,
  expectStoredChainWhole,
  harnessesClosedAfterEach,
  newOpenWorkshop,
  noteText,
  openState,
  type Harness,
} from './storeHarness';

/** Each test's harnesses are flushed and closed after it. */
const harness = harnessesClosedAfterEach();

async function exported(h: Harness, id: WorkshopId): Promise<ExportedFile> {
  const file = await h.store.getState().exportWorkshop(id);
  if (!file) throw new Error('export failed');
  return file;
}

const importFile = (h: Harness, file: ExportedFile, choice?: 'update' | 'copy' | 'replace') =>
  h.store.getState().importWorkshop(file.contents, file.contents.length, choice);

/** Everything stored about a workshop, to show an import did not touch it. */
async function storedSnapshot(h: Harness, id: WorkshopId) {
  return {
    audit: await h.repository.readAudit(id),
    workshop: await h.repository.loadWorkshop(id),
    library: await h.repository.listWorkshops(),
  };
}

/**
 * Installation X makes a workshop with one note and exports it; installation Y
 * imports that file. Returns both, the workshop id and the first file.
 */
async function sharedWorkshop() {
  const x = await harness({ idPrefix: 'x' });
  const y = await harness({ idPrefix: 'y' });
  const id = await newOpenWorkshop(x.store, 'Shared review');
  addNote(x.store, 'n1', 'written at X');
  const first = await exported(x, id);
  expect(await importFile(y, first)).toMatchObject({ status: 'imported', how: 'new' });
  return { x, y, id, first };
}

describe('importing a workshop the library already holds', () => {
  it('says "same" for the same file twice and changes nothing', async () => {
    const { y, id, first } = await sharedWorkshop();
    const before = await storedSnapshot(y, id);
    expect(await importFile(y, first)).toEqual({
      status: 'same',
      workshopId: id,
      title: 'Shared review',
    });
    for (const choice of ['update', 'replace'] as const) {
      expect(await importFile(y, first, choice)).toMatchObject({ status: 'same' });
    }
    expect(await storedSnapshot(y, id)).toEqual(before);
    expect(y.repository.commits).toEqual([]);
  });

  it('recognises an older export after local edits and never lets it overwrite them, even when asked to update', async () => {
    const { y, id, first } = await sharedWorkshop();
    expect(await y.store.getState().openWorkshop(id)).toBe(true);
    addNote(y.store, 'n2', 'written at Y');
    await y.store.getState().flush();
    const head = y.store.getState().open?.head;
    const before = await storedSnapshot(y, id);

    const asked = await importFile(y, first);
    const stored = await y.repository.readAudit(id);
    const added = stored.at(-1)?.operation.at;
    expect(asked).toEqual({
      status: 'exists',
      title: 'Shared review',
      inTrash: false,
      relation: { kind: 'older', ahead: 1 },
      local: { ...head, lastChangeAt: added },
      incoming: { ...first.head, lastChangeAt: stored.at(-2)?.operation.at },
      // Replacing would discard the note written at Y, made at `added`.
      discarded: { count: 1, since: added },
    });
    expect(await importFile(y, first, 'update')).toMatchObject({
      status: 'exists',
      relation: { kind: 'older' },
    });
    expect(await storedSnapshot(y, id)).toEqual(before);
    // The open workshop was not closed or changed by the refused import.
    expect(noteText(y.store, 'n2')).toBe('written at Y');
  });

  it('updates to a file that continues the stored chain, keeping the earlier entries as they were', async () => {
    const { x, y, id } = await sharedWorkshop();
    const earlier = await y.repository.readAudit(id);
    addNote(x.store, 'n2', 'later at X');
    x.store
      .getState()
      .perform([{ type: 'note.edit', payload: { noteId: asNoteId('n1'), text: 'edited at X' } }]);
    const longer = await exported(x, id);

    expect(await importFile(y, longer)).toMatchObject({
      status: 'exists',
      relation: { kind: 'extends', added: 2 },
      local: { seq: 1, hash: earlier[1]?.hash, lastChangeAt: earlier[1]?.operation.at },
      incoming: longer.head,
      // The file has everything the library has: replacing would lose nothing.
      discarded: null,
    });
    expect(await importFile(y, longer, 'update')).toEqual({
      status: 'imported',
      workshopId: id,
      title: 'Shared review',
      how: 'update',
    });
    const audit = await expectStoredChainWhole(y.repository, id, longer.head);
    expect(audit).toHaveLength(4);
    expect(audit.slice(0, earlier.length)).toEqual(earlier);
    expect(audit).toEqual(await x.repository.readAudit(id));
    await y.store.getState().openWorkshop(id);
    expect(noteText(y.store, 'n1')).toBe('edited at X');
    expect(noteText(y.store, 'n2')).toBe('later at X');
    expect(openState(y.store).records).toEqual(
      (await x.repository.loadWorkshop(id))?.state.records,
    );
  });

  it('offers a copy of a diverged file, made with the file’s content, and leaves the local workshop alone', async () => {
    const { x, y, id } = await sharedWorkshop();
    // Y exports (without saving it yet) and goes on; X goes on too.
    const fromY = await exported(y, id);
    expect(await y.store.getState().openWorkshop(id)).toBe(true);
    addNote(y.store, 'y-note', 'only at Y');
    await y.store.getState().flush();
    addNote(x.store, 'x-note', 'only at X');
    const diverged = await exported(x, id);
    const before = await storedSnapshot(y, id);

    const local = await y.repository.readAudit(id);
    expect(await importFile(y, diverged)).toMatchObject({
      status: 'exists',
      relation: { kind: 'diverged', common: 2, fromExport: false },
      // Only Y's own note, after the two shared entries, would be lost by replacing.
      discarded: { count: 1, since: local[2]?.operation.at },
      incoming: { lastChangeAt: (await x.repository.readAudit(id)).at(-1)?.operation.at },
    });
    // Once Y has recorded that its export of that head left the machine, the file is its continuation.
    await y.store.getState().recordExport(id, fromY.head);
    expect(await importFile(y, diverged)).toMatchObject({
      status: 'exists',
      relation: { kind: 'diverged', common: 2, fromExport: true },
    });
    // Neither "update" nor anything but an explicit copy or replace writes.
    expect(await importFile(y, diverged, 'update')).toMatchObject({ status: 'exists' });
    expect(await storedSnapshot(y, id)).toEqual(before);

    const copied = await importFile(y, diverged, 'copy');
    if (copied.status !== 'imported') throw new Error(`not imported: ${copied.status}`);
    expect(copied).toMatchObject({ how: 'copy', title: 'Shared review (imported copy)' });
    expect(copied.workshopId).not.toBe(id);
    await y.store.getState().openWorkshop(copied.workshopId);
    const copy = openState(y.store);
    expect(copy.workshop).toMatchObject({
      title: 'Shared review (imported copy)',
      deletedAt: null,
    });
    // Same record ids, the file's content, re-homed in the new workshop.
    expect([...copy.records.notes.values()].map((n) => [n.id, n.text, n.workshopId])).toEqual([
      ['n1', 'written at X', copied.workshopId],
      ['x-note', 'only at X', copied.workshopId],
    ]);
    const copyAudit = await expectStoredChainWhole(y.repository, copied.workshopId);
    expect(copyAudit).toHaveLength(1);
    // The local workshop and its history are exactly as they were.
    const after = await storedSnapshot(y, id);
    expect(after.audit).toEqual(before.audit);
    expect(after.workshop).toEqual(before.workshop);
    expect(after.library.map((w) => w.id).sort()).toEqual([copied.workshopId, id].sort());
  });

  it('refuses an update when another window stored an edit while the file was being compared', async () => {
    const { x, y, id } = await sharedWorkshop();
    addNote(x.store, 'n2', 'later at X');
    const longer = await exported(x, id);
    // A second window of Y's installation that does not know of the first.
    const other = await harness({ name: y.db.name, idPrefix: 'y2' });
    expect(await other.store.getState().openWorkshop(id)).toBe(true);
    y.repository.beforeNextExportHeads = async () => {
      addNote(other.store, 'y2-note', 'stored meanwhile');
      await other.store.getState().flush();
    };

    const outcome = await importFile(y, longer, 'update');
    expect(outcome.status).toBe('invalid');
    if (outcome.status === 'invalid') expect(outcome.message).toMatch(/changed while the file/);
    const audit = await expectStoredChainWhole(y.repository, id, other.store.getState().open?.head);
    expect(audit).toHaveLength(3);
    expect(
      (await y.repository.loadWorkshop(id))?.state.records.notes.has(asNoteId('y2-note')),
    ).toBe(true);
  });

  it('replaces local history only when the user explicitly says so', async () => {
    const { x, y, id } = await sharedWorkshop();
    expect(await y.store.getState().openWorkshop(id)).toBe(true);
    addNote(y.store, 'y-note', 'only at Y');
    addNote(x.store, 'x-note', 'only at X');
    const diverged = await exported(x, id);

    const replaced = await importFile(y, diverged, 'replace');
    expect(replaced).toEqual({
      status: 'imported',
      workshopId: id,
      title: 'Shared review',
      how: 'replace',
    });
    // The workshop that was open here is closed rather than shown stale.
    expect(y.store.getState().open).toBeNull();
    const audit = await expectStoredChainWhole(y.repository, id, diverged.head);
    expect(audit).toEqual(await x.repository.readAudit(id));
    await y.store.getState().openWorkshop(id);
    expect(noteText(y.store, 'y-note')).toBeUndefined();
    expect(noteText(y.store, 'x-note')).toBe('only at X');
    expect(await importFile(y, diverged)).toMatchObject({ status: 'same' });
  });
});

describe('files the library refuses', () => {
  it('refuses a file whose timestamps are in the year 287,000 and stores nothing', async () => {
    const y = await harness();
    const existing = await newOpenWorkshop(y.store, 'Already here');
    await y.store.getState().flush();
    const before = await storedSnapshot(y, existing);

    const far = 9e15;
    const workshopId = asWorkshopId('from-the-future');
    const workshop: Workshop = {
      ...defaultHeader('Far future'),
      id: workshopId,
      createdAt: far,
      updatedAt: far,
      deletedAt: null,
    };
    const operation: Operation = {
      id: asOperationId('op-1'),
      workshopId,
      actorId: asActorId('mallory'),
      at: far,
      type: 'workshop.create',
      payload: { workshop },
    };
    // A well-formed file whose chain verifies: only the dates are wrong.
    const text = JSON.stringify({
      format: WORKSHOP_FILE_FORMAT,
      schemaVersion: WORKSHOP_FILE_VERSION,
      exportedAt: far,
      workshop,
      records: { notes: [], clusters: [], votes: [] },
      audit: [appendEntry(EMPTY_HEAD, operation)],
    });

    for (const choice of [undefined, 'update', 'copy', 'replace'] as const) {
      const outcome = await y.store.getState().importWorkshop(text, text.length, choice);
      expect(outcome.status).toBe('invalid');
      if (outcome.status === 'invalid') {
        expect(outcome.message).toMatch(/^The file is damaged/);
        // Which dates are wrong is for the technical details.
        expect(outcome.detail).toMatch(/workshop\.createdAt: must be a date before 2100-01-01/);
      }
    }
    expect(await y.repository.listWorkshops()).toEqual(before.library);
    expect(await y.repository.loadWorkshop(workshopId)).toBeNull();
    expect(await y.repository.readAudit(workshopId)).toEqual([]);
    expect(await storedSnapshot(y, existing)).toEqual(before);
    expect(y.store.getState().workshops.map((w) => w.id)).toEqual([existing]);
  });
});
