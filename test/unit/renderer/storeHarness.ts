/**
 * Builds app stores over a real Dexie database in fake-indexeddb, with a fixed
 * clock and counting ids, plus the helpers the store tests share. Two harnesses
 * on one database name behave like two windows of one installation.
 */
import 'fake-indexeddb/auto';
import { afterEach, expect } from 'vitest';
import { verifyChain, type ChainHead } from '../../../shared/base/auditChain';
import type { WorkshopId } from '../../../shared/base/ids';
import type { AuditEntry } from '../../../shared/pipeline/audit';
import type { StateChanges } from '../../../shared/pipeline/reducer';
import { readWorkshopFile } from '../../../shared/pipeline/workshopFile';
import type { OperationBody } from '../../../shared/registry';
import {
  asNoteId,
  asVoteId,
  type Note,
  type NoteColor,
  type NoteId,
  type Vote,
} from '../../../shared/wall/records';
import { defaultHeader, type WorkshopHeader } from '../../../shared/workshop/workshop';
import { openDatabase, type DebriefDatabase } from '../../../renderer/db/database';
import { WorkshopRepository } from '../../../renderer/db/workshopRepository';
import { createAppStore, type AppStore } from '../../../renderer/store/appStore';
import type { WindowSync } from '../../../renderer/store/windowSync';

let dbCounter = 0;

/** A plausible time (2023-11-14) for records the tests build by hand. */
export const T0 = 1_700_000_000_000;

export function uniqueDatabaseName(): string {
  dbCounter += 1;
  return `debrief-test-${String(process.pid)}-${String(dbCounter)}`;
}

/**
 * The real repository with fault injection for the store's failure paths:
 * a commit can be made to fail once (as a full disk would), commits can be
 * slowed down, and a probe runs whenever the store lists the library.
 * Everything else is the real WorkshopRepository on the real database.
 */
export class FaultyRepository extends WorkshopRepository {
  /** Every commit the store asked for, in the order it asked. */
  readonly commits: { readonly first: number; readonly count: number; readonly ok: boolean }[] = [];
  private failure: { readonly after: number; readonly error: Error } | null = null;
  /** Milliseconds the commit with this index (0-based, counted from creation) waits first. */
  delay: ((index: number) => number) | null = null;
  /** Runs (once) at the start of the next listWorkshops call. */
  onNextListWorkshops: (() => void) | null = null;

  /** The commit that follows `after` more successful ones rejects with `error`; only once. */
  failCommit(error: Error, after = 0): void {
    this.failure = { after, error };
  }

  /** Commits running at the same time, now and at most so far. */
  inFlight = 0;
  maxInFlight = 0;

  override async commit(entries: readonly AuditEntry[], changes: StateChanges): Promise<void> {
    const index = this.commits.length;
    const record = { first: entries[0]?.seq ?? -1, count: entries.length, ok: false };
    this.commits.push(record);
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      const wait = this.delay?.(index) ?? 0;
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      if (this.failure) {
        if (this.failure.after === 0) {
          const { error } = this.failure;
          this.failure = null;
          throw error;
        }
        this.failure = { ...this.failure, after: this.failure.after - 1 };
      }
      await super.commit(entries, changes);
      this.commits[index] = { ...record, ok: true };
    } finally {
      this.inFlight -= 1;
    }
  }

  /** Runs (once, awaited) when the store next reads a workshop's export heads during an import. */
  beforeNextExportHeads: (() => Promise<void>) | null = null;

  override async exportHeads(id: WorkshopId): Promise<ChainHead[]> {
    const probe = this.beforeNextExportHeads;
    this.beforeNextExportHeads = null;
    await probe?.();
    return super.exportHeads(id);
  }

  /** Workshops read back from the database, counted. */
  loads = 0;

  override loadWorkshop(id: WorkshopId) {
    this.loads += 1;
    return super.loadWorkshop(id);
  }

  override listWorkshops() {
    const probe = this.onNextListWorkshops;
    this.onNextListWorkshops = null;
    probe?.();
    return super.listWorkshops();
  }
}

/** The error IndexedDB raises when the disk is full. */
export const quotaError = (): Error =>
  new DOMException('The quota has been exceeded.', 'QuotaExceededError');

export interface Harness {
  readonly db: DebriefDatabase;
  readonly repository: FaultyRepository;
  readonly store: AppStore;
  readonly clock: { now: number };
}

export interface HarnessOptions {
  /** Database name; pass the same name to two harnesses for two windows. */
  readonly name?: string;
  readonly idPrefix?: string;
  /** This window's view of the other windows; by default it is alone. */
  readonly windows?: WindowSync;
}

export async function makeHarness(options: HarnessOptions = {}): Promise<Harness> {
  const { name = uniqueDatabaseName(), idPrefix = 'id', windows } = options;
  const db = openDatabase(name);
  await db.open();
  const repository = new FaultyRepository(db);
  const clock = { now: T0 };
  let ids = 0;
  const store = createAppStore({
    repository,
    now: () => (clock.now += 1000),
    newId: () => `${idPrefix}-${String((ids += 1)).padStart(4, '0')}`,
    ...(windows ? { windows } : {}),
  });
  await store.getState().init();
  return { db, repository, store, clock };
}

export async function newWorkshop(
  store: AppStore,
  title = 'Payments outage',
  header: Partial<WorkshopHeader> = {},
): Promise<WorkshopId> {
  // Most store tests vote: their workshops start in the vote phase (the app starts in write).
  const id = await store
    .getState()
    .createWorkshop({ ...defaultHeader(title), phase: 'vote', ...header });
  if (!id) throw new Error('workshop was not created');
  return id;
}

export async function newOpenWorkshop(
  store: AppStore,
  title = 'Payments outage',
  header: Partial<WorkshopHeader> = {},
): Promise<WorkshopId> {
  const id = await newWorkshop(store, title, header);
  expect(await store.getState().openWorkshop(id)).toBe(true);
  return id;
}

export function openState(store: AppStore) {
  const open = store.getState().open;
  if (!open) throw new Error('no open workshop');
  return open.state;
}

export function noteBody(
  store: AppStore,
  id: string,
  text: string,
  at: { x?: number; y?: number; color?: NoteColor } = {},
): OperationBody {
  const state = store.getState();
  const note: Note = {
    id: asNoteId(id),
    workshopId: openState(store).workshop.id,
    text,
    color: at.color ?? 'yellow',
    x: at.x ?? 0,
    y: at.y ?? 0,
    clusterId: null,
    authorId: state.actorId,
    createdAt: T0,
  };
  return { type: 'note.add', payload: { note } };
}

/** Adds a note to the open workshop as one undoable step and expects it to apply. */
export function addNote(store: AppStore, id: string, text: string, x = 0, y = 0): NoteId {
  expect(store.getState().perform([noteBody(store, id, text, { x, y })])).toBe(true);
  return asNoteId(id);
}

export function voteBody(store: AppStore, id: string, noteId: string): OperationBody {
  const vote: Vote = {
    id: asVoteId(id),
    workshopId: openState(store).workshop.id,
    noteId: asNoteId(noteId),
    voterId: store.getState().actorId,
    createdAt: T0,
  };
  return { type: 'vote.add', payload: { vote } };
}

export const noteText = (store: AppStore, id: string): string | undefined =>
  store.getState().open?.state.records.notes.get(asNoteId(id))?.text;

export const noteIds = (store: AppStore): string[] => [
  ...(store.getState().open?.state.records.notes.keys() ?? []),
];

/** Waits until every write of the store settled, including the reloads failures trigger. */
export async function settle(store: AppStore): Promise<void> {
  for (let i = 0; i < 5; i += 1) {
    await store.getState().flush();
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await store.getState().flush();
}

/**
 * The stored chain is whole: seqs 0..n-1 without a gap, every link and hash
 * verifies, and it ends where the store's head (if given) says it does.
 */
export async function expectStoredChainWhole(
  repository: WorkshopRepository,
  id: WorkshopId,
  head?: ChainHead,
): Promise<AuditEntry[]> {
  const audit = await repository.readAudit(id);
  expect(audit.map((e) => e.seq)).toEqual(audit.map((_, i) => i));
  expect(verifyChain(id, audit)).toMatchObject({ ok: true, length: audit.length });
  if (head) expect(audit.at(-1)).toMatchObject({ seq: head.seq, hash: head.hash });
  return audit;
}

/** The store shows exactly what is stored: same records, same workshop, same chain head. */
export async function expectOpenMatchesStored(h: Harness): Promise<void> {
  const open = h.store.getState().open;
  if (!open) throw new Error('no open workshop');
  const stored = await h.repository.loadWorkshop(open.state.workshop.id);
  expect(stored).not.toBeNull();
  expect(open.head).toEqual(stored?.head);
  expect(open.state.workshop).toEqual(stored?.state.workshop);
  expect(open.state.records).toEqual(stored?.state.records);
}

/** Exports the workshop and checks the file reads back through the single restore path. */
export async function expectExportsAndReads(store: AppStore, id: WorkshopId) {
  const file = await store.getState().exportWorkshop(id);
  if (!file) throw new Error('export failed');
  const read = readWorkshopFile(file.contents, file.contents.length);
  expect(read.ok ? 'ok' : read.message).toBe('ok');
  return file;
}

/** Records every value pendingWrites takes from now on. */
export function watchPendingWrites(store: AppStore): { readonly values: number[]; stop(): void } {
  const values: number[] = [];
  const stop = store.subscribe((state, previous) => {
    if (state.pendingWrites !== previous.pendingWrites) values.push(state.pendingWrites);
  });
  return { values, stop };
}

export const errorNotices = (store: AppStore): string[] =>
  store
    .getState()
    .notices.filter((n) => n.kind === 'error')
    .map((n) => n.message);

export function dismissAllNotices(store: AppStore): void {
  for (const notice of store.getState().notices) store.getState().dismissNotice(notice.id);
}

/** A `harness()` for one test file: every harness it makes is flushed and closed after each test. */
export function harnessesClosedAfterEach(): (options?: HarnessOptions) => Promise<Harness> {
  const open: Harness[] = [];
  afterEach(async () => {
    for (const h of open.splice(0)) {
      await h.store.getState().flush();
      h.db.close();
    }
  });
  return async (options = {}) => {
    const h = await makeHarness(options);
    open.push(h);
    return h;
  };
}
