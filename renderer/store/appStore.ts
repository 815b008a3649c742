/**
 * The application store (zustand). It holds the workshop library, the open
 * workshop's state and chain head, the user's undo/redo stacks and notices.
 *
 * Every change goes through `perform` (or `commitTo` for workshops that are not
 * open): bodies -> applyBatch (validate, reduce, chain) -> new state in memory
 * -> one Dexie transaction with the audit entries, which checks that the
 * stored chain still ends where the batch starts. Writes run in order from a
 * queue. If one fails, every write queued behind it is dropped (each was
 * computed on top of the one that failed), the open workshop is reloaded from
 * the database, which is the source of truth, and the user is told.
 *
 * One window edits a workshop at a time (windowSync.ts): another window that
 * opens it is read-only, follows the saved changes, and becomes editable when
 * the first one lets go.
 *
 * Undo policy: only batches the local user performs with history 'record' are
 * undoable; undo applies the stored inverse (itself a normal, audited
 * operation) and its inverse becomes the redo step. A step that no longer
 * applies is dropped, so undo never gets stuck.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import {
  EMPTY_HEAD,
  headOf,
  relateChains,
  type ChainHead,
  type ChainRelation,
} from '../../shared/base/auditChain';
import {
  asActorId,
  asOperationId,
  asWorkshopId,
  type ActorId,
  type WorkshopId,
} from '../../shared/base/ids';
import { isPlausibleTimestamp } from '../../shared/base/time';
import { applyBatch } from '../../shared/pipeline/batch';
import { copyRecords } from '../../shared/pipeline/copy';
import { workshopFileName } from '../../shared/pipeline/fileName';
import { readWorkshopFile } from '../../shared/pipeline/workshopFile';
import type { BodyOf, OperationBody, WorkshopState } from '../../shared/registry';
import {
  WORKSHOP_LIMITS,
  WorkshopHeaderSchema,
  type Workshop,
  type WorkshopHeader,
} from '../../shared/workshop/workshop';
import {
  ConcurrentWriteError,
  type ImportMode,
  type WorkshopRepository,
} from '../db/workshopRepository';
import { createWindowHub, type EditLock, type WindowSync } from './windowSync';

export interface Notice {
  readonly id: number;
  readonly kind: 'error' | 'info';
  readonly message: string;
  readonly action?: { readonly label: string; readonly run: () => void };
  /** Technical detail for whoever investigates (zod paths, a hash), shown behind a disclosure. */
  readonly detail?: string;
}

export interface OpenWorkshop {
  readonly state: WorkshopState;
  readonly head: ChainHead;
  readonly undo: readonly (readonly OperationBody[])[];
  readonly redo: readonly (readonly OperationBody[])[];
  /** Set while another window edits this workshop: this one only shows it. */
  readonly readOnly: boolean;
}

export type History = 'record' | 'undo' | 'redo' | 'none';

/** What the user may do with a file whose workshop is already in the library. */
export type ImportChoice = 'update' | 'copy' | 'replace';

/** One side of an import comparison: a chain's head and when its last change was made. */
export interface ChainSummary extends ChainHead {
  readonly lastChangeAt: number;
}

export type ImportOutcome =
  | {
      readonly status: 'imported';
      readonly workshopId: WorkshopId;
      readonly title: string;
      readonly how: 'new' | 'update' | 'copy' | 'replace';
    }
  | {
      readonly status: 'invalid';
      /** What went wrong, in plain words. */
      readonly message: string;
      /** The technical detail, if there is one (see shared/pipeline/fileProblems.ts). */
      readonly detail?: string;
    }
  | { readonly status: 'same'; readonly workshopId: WorkshopId; readonly title: string }
  | {
      readonly status: 'exists';
      readonly title: string;
      readonly inTrash: boolean;
      readonly relation: ChainRelation;
      readonly local: ChainSummary;
      readonly incoming: ChainSummary;
      /**
       * The library's changes that the file does not have, which replacing would discard:
       * how many, and when the first of them was made. Null when the file has them all.
       */
      readonly discarded: { readonly count: number; readonly since: number } | null;
    };

export interface AppDependencies {
  readonly repository: WorkshopRepository;
  readonly now: () => number;
  readonly newId: () => string;
  /** Other windows on this machine; by default this window is alone. */
  readonly windows?: WindowSync;
}

export interface ExportedFile {
  readonly fileName: string;
  readonly contents: string;
  readonly head: ChainHead;
}

export interface AppState {
  readonly ready: boolean;
  readonly actorId: ActorId;
  readonly workshops: readonly Workshop[];
  readonly open: OpenWorkshop | null;
  readonly loadingWorkshopId: WorkshopId | null;
  /** Writes queued or running; the UI shows "Saving…" and the window warns before closing. */
  readonly pendingWrites: number;
  readonly notices: readonly Notice[];

  init(): Promise<void>;
  openWorkshop(id: WorkshopId): Promise<boolean>;
  closeWorkshop(): void;
  /** Applies a batch to the open workshop as one step. Returns false if it was rejected. */
  perform(bodies: readonly OperationBody[], history?: History): boolean;
  undo(): void;
  redo(): void;
  /** Resolves once everything performed so far is stored (or dropped after a failure). */
  flush(): Promise<void>;

  createWorkshop(header: WorkshopHeader): Promise<WorkshopId | null>;
  updateWorkshop(id: WorkshopId, changes: Partial<WorkshopHeader>): Promise<boolean>;
  duplicateWorkshop(id: WorkshopId): Promise<WorkshopId | null>;
  trashWorkshop(id: WorkshopId): Promise<boolean>;
  restoreWorkshop(id: WorkshopId): Promise<boolean>;
  purgeWorkshop(id: WorkshopId): Promise<void>;
  exportWorkshop(id: WorkshopId): Promise<ExportedFile | null>;
  /** Remembers that an export of `head` was saved, so a later import can recognise it. */
  recordExport(id: WorkshopId, head: ChainHead): Promise<void>;
  importWorkshop(text: string, byteLength: number, choice?: ImportChoice): Promise<ImportOutcome>;

  notify(kind: Notice['kind'], message: string, action?: Notice['action'], detail?: string): void;
  dismissNotice(id: number): void;
}

export type AppStore = StoreApi<AppState>;

const ACTOR_SETTING = 'actorId';
const MAX_UNDO = 200;
const MAX_NOTICES = 4;

export const READ_ONLY_MESSAGE =
  'This workshop is open in another Debrief window, so this window only shows it. Edit it there, or close it there to edit here.';

/**
 * Runs `task` now, or, if a run is in progress, once more after it: however many calls
 * arrive meanwhile. A failed run is not retried (the next call runs it again).
 */
function coalesced(task: () => Promise<void>): () => void {
  let running = false;
  let again = false;
  const run = (): void => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    void task()
      .catch(() => undefined)
      .finally(() => {
        running = false;
        if (again) {
          again = false;
          run();
        }
      });
  };
  return run;
}

const headOfChain = (hashes: readonly string[]): ChainHead =>
  hashes.length === 0 ? EMPTY_HEAD : { seq: hashes.length - 1, hash: hashes.at(-1) ?? '' };

/** How many entries, from the start, two related chains have in common. */
function commonLength(relation: ChainRelation, ours: number, incoming: number): number {
  switch (relation.kind) {
    case 'same':
    case 'extends':
      return ours;
    case 'older':
      return incoming;
    case 'diverged':
      return relation.common;
  }
}

export function createAppStore({
  repository,
  now,
  newId,
  windows = createWindowHub().window(),
}: AppDependencies): AppStore {
  let writes: Promise<void> = Promise.resolve();
  /**
   * Per workshop, bumped when one of its writes fails: its writes queued under an older
   * generation were computed on top of the failed one and are dropped. Other workshops'
   * writes are unaffected.
   */
  const generations = new Map<string, number>();
  const generationOf = (id: WorkshopId) => generations.get(id) ?? 0;
  const bumpGeneration = (id: WorkshopId) => generations.set(id, generationOf(id) + 1);
  /** Writes queued per workshop, to say how many a failure dropped. */
  const queued = new Map<string, number>();
  let noticeSeq = 0;
  let lock: EditLock | null = null;

  return createStore<AppState>()((set, get) => {
    const upsertWorkshop = (workshop: Workshop) =>
      set((s) => {
        const others = s.workshops.filter((w) => w.id !== workshop.id);
        return { workshops: [workshop, ...others].sort((a, b) => b.updatedAt - a.updatedAt) };
      });

    const refreshLibrary = async () => set({ workshops: await repository.listWorkshops() });

    const openId = () => get().open?.state.workshop.id;

    /** Replaces the open workshop with what is stored (after a failure, or another window's save). */
    const reloadOpen = async (
      workshopId: WorkshopId,
      readOnly: boolean,
      /** Runs once the stored state is read, right before it is shown. */
      beforeShow?: () => void,
    ) => {
      const loaded = await repository.loadWorkshop(workshopId);
      beforeShow?.();
      if (openId() !== workshopId) return;
      set({ open: loaded ? { ...loaded, undo: [], redo: [], readOnly } : null });
    };

    const onWriteFailed = async (workshopId: WorkshopId, error: unknown, dropped: number) => {
      bumpGeneration(workshopId);
      const lost =
        dropped > 0
          ? `your last ${dropped + 1} changes were not saved`
          : 'your last change was not saved';
      const message =
        error instanceof ConcurrentWriteError
          ? `${error.message} Debrief reloaded the workshop as stored; ${lost}.`
          : `A change could not be saved (${String(error)}). Debrief reloaded the workshop as stored; ${lost}.`;
      get().notify('error', message);
      try {
        if (openId() === workshopId) {
          // Edits made while the stored state was being read were computed on the state
          // before it: drop them too; edits on the reloaded state (after this) are kept.
          await reloadOpen(workshopId, get().open?.readOnly ?? false, () =>
            bumpGeneration(workshopId),
          );
        }
        await refreshLibrary();
      } catch (reloadError) {
        bumpGeneration(workshopId);
        get().notify(
          'error',
          `Debrief cannot read its database (${String(reloadError)}). Reload the window before making more changes.`,
        );
      }
    };

    /** Queues a write. Resolves true once stored, false if it failed or was dropped. */
    const enqueueWrite = (workshopId: WorkshopId, write: () => Promise<void>): Promise<boolean> => {
      const queuedIn = generationOf(workshopId);
      queued.set(workshopId, (queued.get(workshopId) ?? 0) + 1);
      set((s) => ({ pendingWrites: s.pendingWrites + 1 }));
      const run = writes.then(async (): Promise<boolean> => {
        try {
          if (queuedIn !== generationOf(workshopId)) return false;
          try {
            await write();
          } catch (error) {
            const behind = (queued.get(workshopId) ?? 1) - 1;
            await onWriteFailed(workshopId, error, behind);
            return false;
          }
          windows.announce(workshopId);
          return true;
        } finally {
          queued.set(workshopId, (queued.get(workshopId) ?? 1) - 1);
          set((s) => ({ pendingWrites: s.pendingWrites - 1 }));
        }
      });
      writes = run.then(() => undefined);
      return run;
    };

    const context = (workshopId: WorkshopId) => ({
      workshopId,
      actorId: get().actorId,
      now: now(),
      newOperationId: () => asOperationId(newId()),
    });

    const clockProblem = (): boolean => {
      if (isPlausibleTimestamp(now())) return false;
      get().notify(
        'error',
        `This computer's clock says ${new Date(now()).toISOString()}, which cannot be right. Set the date and time, then try again.`,
      );
      return true;
    };

    /** Applies a batch to any workshop, open or not. */
    const commitTo = async (
      workshopId: WorkshopId,
      bodies: readonly OperationBody[],
    ): Promise<boolean> => {
      if (openId() === workshopId) return get().perform(bodies, 'none');
      if (clockProblem()) return false;
      await writes;
      if (await windows.isEditedElsewhere(workshopId)) {
        get().notify('error', 'That workshop is open in another Debrief window: change it there.');
        return false;
      }
      const loaded = await repository.loadWorkshop(workshopId);
      if (!loaded) {
        get().notify('error', 'That workshop no longer exists.');
        await refreshLibrary();
        return false;
      }
      const result = applyBatch(loaded.state, loaded.head, bodies, context(workshopId));
      if (!result.ok) {
        get().notify('error', result.error.message);
        return false;
      }
      const { batch } = result;
      const stored = await enqueueWrite(workshopId, () =>
        repository.commit(batch.entries, batch.changes),
      );
      if (stored) upsertWorkshop(batch.state.workshop);
      return stored;
    };

    /** Creates a workshop (empty, or with copied content) as the first entry of its chain. */
    const startWorkshop = async (
      payload: BodyOf<'workshop.create'>['payload'],
    ): Promise<WorkshopId | null> => {
      if (clockProblem()) return null;
      const id = payload.workshop.id;
      const result = applyBatch(
        null,
        EMPTY_HEAD,
        [{ type: 'workshop.create', payload }],
        context(id),
      );
      if (!result.ok) {
        get().notify('error', result.error.message);
        return null;
      }
      const { batch } = result;
      const stored = await enqueueWrite(id, () => repository.commit(batch.entries, batch.changes));
      if (!stored) return null;
      upsertWorkshop(batch.state.workshop);
      return id;
    };

    const newWorkshopRecord = (header: WorkshopHeader, id: WorkshopId): Workshop => {
      const at = now();
      return { ...header, id, createdAt: at, updatedAt: at, deletedAt: null };
    };

    const copyOf = (state: WorkshopState, suffix: string, duplicate: boolean) => {
      const copyId = asWorkshopId(newId());
      // The header fields only: the copy gets its own id, times and trash state.
      const header = WorkshopHeaderSchema.parse(state.workshop);
      const workshop = newWorkshopRecord(
        { ...header, title: `${header.title} ${suffix}`.slice(0, WORKSHOP_LIMITS.titleLength) },
        copyId,
      );
      return startWorkshop({ workshop, records: copyRecords(state, copyId, { duplicate }) });
    };

    // Another window saves once per edit: a burst of its announcements costs at most two
    // reads here (the one running, and one after it for whatever came meanwhile).
    const followOpen = coalesced(async () => {
      const open = get().open;
      if (open?.readOnly) await reloadOpen(open.state.workshop.id, true);
    });
    const followLibrary = coalesced(refreshLibrary);
    windows.subscribe((workshopId) => {
      const open = get().open;
      if (open?.readOnly && open.state.workshop.id === workshopId) followOpen();
      if (!open || open.state.workshop.id !== workshopId) followLibrary();
    });

    return {
      ready: false,
      actorId: asActorId('unknown'),
      workshops: [],
      open: null,
      loadingWorkshopId: null,
      pendingWrites: 0,
      notices: [],

      async init() {
        let actor = await repository.getSetting<string>(ACTOR_SETTING);
        if (typeof actor !== 'string' || actor.length === 0) {
          actor = newId();
          await repository.putSetting(ACTOR_SETTING, actor);
        }
        void repository.requestPersistence();
        set({
          actorId: asActorId(actor),
          workshops: await repository.listWorkshops(),
          ready: true,
        });
      },

      async openWorkshop(id) {
        if (openId() === id) return true;
        get().closeWorkshop();
        set({ loadingWorkshopId: id });
        await writes;
        const acquired = await windows.acquire(id, () => {
          // The other window let go: this one may edit now, from what it stored.
          if (openId() === id) {
            void reloadOpen(id, false).then(() =>
              get().notify(
                'info',
                'The other window closed this workshop: you can edit it here now.',
              ),
            );
          }
        });
        const loaded = await repository.loadWorkshop(id);
        if (!loaded || get().loadingWorkshopId !== id) {
          acquired.release();
          if (get().loadingWorkshopId === id) set({ loadingWorkshopId: null });
          return false;
        }
        lock = acquired;
        set({
          loadingWorkshopId: null,
          open: { ...loaded, undo: [], redo: [], readOnly: !acquired.held },
        });
        return true;
      },

      closeWorkshop() {
        // Let go of the edit lock only once this window's writes are stored, so the window
        // that takes over loads them.
        const held = lock;
        lock = null;
        set({ open: null });
        void writes.then(() => held?.release());
      },

      perform(bodies, history = 'record') {
        const open = get().open;
        if (!open) return false;
        if (open.readOnly) {
          get().notify('error', READ_ONLY_MESSAGE);
          return false;
        }
        if (clockProblem()) return false;
        const workshopId = open.state.workshop.id;
        const result = applyBatch(open.state, open.head, bodies, context(workshopId));
        if (!result.ok) {
          get().notify('error', result.error.message);
          return false;
        }
        const { batch } = result;
        // Queue the write before updating the UI: IndexedDB then works while React renders.
        void enqueueWrite(workshopId, () => repository.commit(batch.entries, batch.changes));
        const step = batch.inverse;
        const trim = (stack: readonly (readonly OperationBody[])[]) => stack.slice(-MAX_UNDO);
        set({
          open: {
            state: batch.state,
            head: batch.head,
            readOnly: false,
            undo:
              history === 'record' || history === 'redo'
                ? trim([...open.undo, step])
                : history === 'undo'
                  ? open.undo.slice(0, -1)
                  : open.undo,
            redo:
              history === 'record'
                ? []
                : history === 'undo'
                  ? [...open.redo, step]
                  : history === 'redo'
                    ? open.redo.slice(0, -1)
                    : open.redo,
          },
        });
        upsertWorkshop(batch.state.workshop);
        return true;
      },

      undo() {
        const open = get().open;
        const step = open?.undo.at(-1);
        if (!step || open?.readOnly) return;
        if (!get().perform(step, 'undo')) {
          // The step no longer applies (its notes are gone); drop it so undo is not stuck.
          set((s) => (s.open ? { open: { ...s.open, undo: s.open.undo.slice(0, -1) } } : {}));
        }
      },

      redo() {
        const open = get().open;
        const step = open?.redo.at(-1);
        if (!step || open?.readOnly) return;
        if (!get().perform(step, 'redo')) {
          set((s) => (s.open ? { open: { ...s.open, redo: s.open.redo.slice(0, -1) } } : {}));
        }
      },

      flush: () => writes,

      async createWorkshop(header) {
        const parsed = WorkshopHeaderSchema.safeParse(header);
        if (!parsed.success) {
          get().notify(
            'error',
            parsed.error.issues[0]?.message ?? 'The workshop details are not valid.',
          );
          return null;
        }
        // New workshops start in the write phase: votes open when the facilitator opens them.
        const workshop = newWorkshopRecord(
          { phase: 'write', ...parsed.data },
          asWorkshopId(newId()),
        );
        return startWorkshop({ workshop });
      },

      updateWorkshop: (id, changes) =>
        commitTo(id, [{ type: 'workshop.update', payload: { changes } }]),

      async duplicateWorkshop(id) {
        await writes;
        const loaded = await repository.loadWorkshop(id);
        if (!loaded) return null;
        return copyOf(loaded.state, '(copy)', true);
      },

      async trashWorkshop(id) {
        const title = get().workshops.find((w) => w.id === id)?.title ?? 'Workshop';
        const ok = await commitTo(id, [{ type: 'workshop.trash', payload: {} }]);
        if (ok) {
          if (openId() === id) get().closeWorkshop();
          get().notify('info', `“${title}” moved to the trash.`, {
            label: 'Undo',
            run: () => void get().restoreWorkshop(id),
          });
        }
        return ok;
      },

      restoreWorkshop: (id) => commitTo(id, [{ type: 'workshop.restore', payload: {} }]),

      async purgeWorkshop(id) {
        if (openId() === id) get().closeWorkshop();
        await writes;
        if (await windows.isEditedElsewhere(id)) {
          get().notify(
            'error',
            'That workshop is open in another Debrief window: close it there first.',
          );
          return;
        }
        await repository.purgeWorkshop(id);
        windows.announce(id);
        await refreshLibrary();
      },

      async exportWorkshop(id) {
        await writes;
        const at = now();
        const file = await repository.exportWorkshop(id, at);
        if (!file) {
          get().notify('error', 'That workshop no longer exists.');
          return null;
        }
        return {
          fileName: workshopFileName(file.workshop, at),
          contents: JSON.stringify(file),
          head: headOf(file.audit.at(-1)),
        };
      },

      recordExport: (id, head) => repository.recordExport(id, head, now()),

      async importWorkshop(text, byteLength, choice) {
        const read = readWorkshopFile(text, byteLength);
        if (!read.ok) return { status: 'invalid', message: read.message, detail: read.detail };
        const { workshop } = read.state;
        const incoming = headOfChain(read.audit.map((e) => e.hash));
        await writes;
        if (choice === 'copy') {
          const copyId = await copyOf(read.state, '(imported copy)', false);
          return copyId
            ? {
                status: 'imported',
                workshopId: copyId,
                title: `${workshop.title} (imported copy)`,
                how: 'copy',
              }
            : { status: 'invalid', message: 'The copy could not be stored.' };
        }
        const existing = (await repository.listWorkshops()).find((w) => w.id === workshop.id);
        let mode: ImportMode = { kind: 'new' };
        if (existing) {
          const links = await repository.readChainLinks(workshop.id);
          const ours = links.map((link) => link.hash);
          const relation = relateChains(
            ours,
            read.audit,
            await repository.exportHeads(workshop.id),
          );
          const local = headOfChain(ours);
          if (relation.kind === 'same') {
            return { status: 'same', workshopId: workshop.id, title: existing.title };
          }
          if (choice === 'update' && relation.kind === 'extends') {
            mode = { kind: 'extend', head: local };
          } else if (choice === 'replace') {
            mode = { kind: 'replace' };
          } else {
            const kept = commonLength(relation, links.length, read.audit.length);
            const firstDiscarded = links[kept];
            return {
              status: 'exists',
              title: existing.title,
              inTrash: existing.deletedAt !== null,
              relation,
              local: { ...local, lastChangeAt: links.at(-1)?.at ?? existing.updatedAt },
              incoming: {
                ...incoming,
                lastChangeAt: read.audit.at(-1)?.operation.at ?? workshop.updatedAt,
              },
              discarded: firstDiscarded
                ? { count: links.length - kept, since: firstDiscarded.at }
                : null,
            };
          }
          if (await windows.isEditedElsewhere(workshop.id)) {
            return {
              status: 'invalid',
              message: `“${existing.title}” is open in another Debrief window. Close it there, then import again.`,
            };
          }
        }
        if (openId() === workshop.id) get().closeWorkshop();
        try {
          await repository.importWorkshop(read.state, read.audit, mode);
        } catch (error) {
          return {
            status: 'invalid',
            message: `The workshop could not be stored: ${error instanceof Error ? error.message : String(error)}`,
          };
        }
        windows.announce(workshop.id);
        await refreshLibrary();
        return {
          status: 'imported',
          workshopId: workshop.id,
          title: workshop.title,
          how: mode.kind === 'extend' ? 'update' : mode.kind,
        };
      },

      notify(kind, message, action, detail) {
        noticeSeq += 1;
        const notice: Notice = {
          id: noticeSeq,
          kind,
          message,
          ...(action ? { action } : {}),
          ...(detail ? { detail } : {}),
        };
        set((s) => ({ notices: [...s.notices, notice].slice(-MAX_NOTICES) }));
      },

      dismissNotice(id) {
        set((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
      },
    };
  });
}
