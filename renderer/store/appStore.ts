/**
 * The application store (zustand). It holds the workshop library, the open
 * workshop's state and chain head, the user's undo/redo stacks and notices.
 *
 * Every change goes through `perform` (or `commitTo` for workshops that are not
 * open): bodies -> applyBatch (validate, reduce, chain) -> new state in memory
 * -> one Dexie transaction with the audit entries. Writes are queued so the
 * chain is persisted in order. If a write fails, the open workshop is reloaded
 * from the database, which is the source of truth, and the user is told.
 *
 * Undo policy: only batches the local user performs with history 'record' are
 * undoable; undo applies the stored inverse (itself a normal, audited
 * operation) and its inverse becomes the redo step.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { EMPTY_HEAD, type ChainHead } from '../../shared/audit/auditChain';
import {
  asActorId,
  asClusterId,
  asNoteId,
  asOperationId,
  asWorkshopId,
  type ActorId,
  type WorkshopId,
} from '../../shared/domain/ids';
import {
  LIMITS,
  WorkshopHeaderSchema,
  type Workshop,
  type WorkshopHeader,
} from '../../shared/domain/model';
import {
  readWorkshopFile,
  stateToSnapshot,
  WORKSHOP_FILE_EXTENSION,
} from '../../shared/exchange/workshopFile';
import { applyBatch } from '../../shared/operations/operationBatch';
import type { BodyOf, OperationBody } from '../../shared/operations/operations';
import type { WorkshopState } from '../../shared/operations/workshopReducer';
import { ConcurrentWriteError, type WorkshopRepository } from '../db/workshopRepository';

export interface Notice {
  readonly id: number;
  readonly kind: 'error' | 'info';
  readonly message: string;
  readonly action?: { readonly label: string; readonly run: () => void };
}

export interface OpenWorkshop {
  readonly state: WorkshopState;
  readonly head: ChainHead;
  readonly undo: readonly (readonly OperationBody[])[];
  readonly redo: readonly (readonly OperationBody[])[];
}

export type History = 'record' | 'undo' | 'redo' | 'none';

export type ImportOutcome =
  | { readonly status: 'imported'; readonly workshopId: WorkshopId; readonly title: string }
  | { readonly status: 'invalid'; readonly message: string }
  | { readonly status: 'exists'; readonly title: string; readonly inTrash: boolean };

export interface AppDependencies {
  readonly repository: WorkshopRepository;
  readonly now: () => number;
  readonly newId: () => string;
}

export interface AppState {
  readonly ready: boolean;
  readonly actorId: ActorId;
  readonly workshops: readonly Workshop[];
  readonly open: OpenWorkshop | null;
  readonly loadingWorkshopId: WorkshopId | null;
  readonly pendingWrites: number;
  readonly notices: readonly Notice[];

  init(): Promise<void>;
  openWorkshop(id: WorkshopId): Promise<boolean>;
  closeWorkshop(): void;
  /** Applies a batch to the open workshop as one step. Resolves false if it was rejected. */
  perform(bodies: readonly OperationBody[], history?: History): boolean;
  undo(): void;
  redo(): void;
  /** Resolves once everything performed so far is stored. */
  flush(): Promise<void>;

  createWorkshop(header: WorkshopHeader): Promise<WorkshopId | null>;
  updateWorkshop(id: WorkshopId, changes: Partial<WorkshopHeader>): Promise<boolean>;
  duplicateWorkshop(id: WorkshopId): Promise<WorkshopId | null>;
  trashWorkshop(id: WorkshopId): Promise<boolean>;
  restoreWorkshop(id: WorkshopId): Promise<boolean>;
  purgeWorkshop(id: WorkshopId): Promise<void>;
  exportWorkshop(id: WorkshopId): Promise<{ fileName: string; contents: string } | null>;
  importWorkshop(text: string, byteLength: number, replace: boolean): Promise<ImportOutcome>;

  notify(kind: Notice['kind'], message: string, action?: Notice['action']): void;
  dismissNotice(id: number): void;
}

export type AppStore = StoreApi<AppState>;

const ACTOR_SETTING = 'actorId';
const MAX_UNDO = 200;
const MAX_NOTICES = 4;

export function fileNameFor(workshop: Workshop, exportedAt: number): string {
  const slug =
    workshop.title
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'workshop';
  const date = new Date(exportedAt).toISOString().slice(0, 10);
  return `${slug}-${date}${WORKSHOP_FILE_EXTENSION}`;
}

export function createAppStore({ repository, now, newId }: AppDependencies): AppStore {
  let writes: Promise<void> = Promise.resolve();
  let noticeSeq = 0;

  return createStore<AppState>()((set, get) => {
    const upsertWorkshop = (workshop: Workshop) =>
      set((s) => {
        const others = s.workshops.filter((w) => w.id !== workshop.id);
        return { workshops: [workshop, ...others].sort((a, b) => b.updatedAt - a.updatedAt) };
      });

    const refreshLibrary = async () => set({ workshops: await repository.listWorkshops() });

    /** Queues a write; failures reload from the database and tell the user. */
    const enqueueWrite = (workshopId: WorkshopId, write: () => Promise<void>) => {
      set((s) => ({ pendingWrites: s.pendingWrites + 1 }));
      const run = writes.then(write).then(
        () => set((s) => ({ pendingWrites: s.pendingWrites - 1 })),
        async (error: unknown) => {
          set((s) => ({ pendingWrites: s.pendingWrites - 1 }));
          const message =
            error instanceof ConcurrentWriteError
              ? `${error.message} Debrief reloaded the workshop as stored; your last change was not saved.`
              : `Your last change could not be saved (${String(error)}). Debrief reloaded the workshop as stored.`;
          get().notify('error', message);
          try {
            if (get().open?.state.workshop.id === workshopId) {
              const loaded = await repository.loadWorkshop(workshopId);
              set({ open: loaded ? { ...loaded, undo: [], redo: [] } : null });
            }
            await refreshLibrary();
          } catch (reloadError) {
            get().notify(
              'error',
              `Debrief cannot read its database (${String(reloadError)}). Reload the window before making more changes.`,
            );
          }
        },
      );
      writes = run;
      return run;
    };

    const context = (workshopId: WorkshopId) => ({
      workshopId,
      actorId: get().actorId,
      now: now(),
      newOperationId: () => asOperationId(newId()),
    });

    /** Applies a batch to any workshop, open or not. */
    const commitTo = async (
      workshopId: WorkshopId,
      bodies: readonly OperationBody[],
    ): Promise<boolean> => {
      if (get().open?.state.workshop.id === workshopId) return get().perform(bodies, 'none');
      await writes;
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
      upsertWorkshop(batch.state.workshop);
      await enqueueWrite(workshopId, () => repository.commit(batch.entries, batch.changes));
      return get().workshops.some((w) => w.id === workshopId);
    };

    /** Creates a workshop (empty, or with the content of a duplicate) as the first entry of its chain. */
    const startWorkshop = async (
      payload: BodyOf<'workshop.create'>['payload'],
    ): Promise<WorkshopId | null> => {
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
      upsertWorkshop(batch.state.workshop);
      await enqueueWrite(id, () => repository.commit(batch.entries, batch.changes));
      // A failed write reloads the library, so the workshop is listed only if it was stored.
      return get().workshops.some((w) => w.id === id) ? id : null;
    };

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
        if (get().open?.state.workshop.id === id) return true;
        set({ loadingWorkshopId: id });
        await writes;
        const loaded = await repository.loadWorkshop(id);
        set({ loadingWorkshopId: null, open: loaded ? { ...loaded, undo: [], redo: [] } : null });
        return loaded !== null;
      },

      closeWorkshop() {
        set({ open: null });
      },

      perform(bodies, history = 'record') {
        const open = get().open;
        if (!open) return false;
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
        const step = get().open?.undo.at(-1);
        if (!step) return;
        if (!get().perform(step, 'undo')) {
          // The step no longer applies (its notes are gone); drop it so undo is not stuck.
          set((s) => (s.open ? { open: { ...s.open, undo: s.open.undo.slice(0, -1) } } : {}));
        }
      },

      redo() {
        const step = get().open?.redo.at(-1);
        if (!step) return;
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
        const id = asWorkshopId(newId());
        const at = now();
        const workshop: Workshop = {
          ...parsed.data,
          id,
          createdAt: at,
          updatedAt: at,
          deletedAt: null,
        };
        return startWorkshop({ workshop, notes: [], clusters: [] });
      },

      updateWorkshop: (id, changes) =>
        commitTo(id, [{ type: 'workshop.update', payload: { changes } }]),

      async duplicateWorkshop(id) {
        await writes;
        const loaded = await repository.loadWorkshop(id);
        if (!loaded) return null;
        const copyId = asWorkshopId(newId());
        const at = now();
        const source = stateToSnapshot(loaded.state);
        const clusterIds = new Map(source.clusters.map((c) => [c.id, newId()]));
        const workshop: Workshop = {
          ...source.workshop,
          id: copyId,
          title: `${source.workshop.title} (copy)`.slice(0, LIMITS.titleLength),
          createdAt: at,
          updatedAt: at,
          deletedAt: null,
        };
        const clusters = source.clusters.map((c) => ({
          ...c,
          id: asClusterId(clusterIds.get(c.id) ?? newId()),
          workshopId: copyId,
        }));
        const notes = source.notes.map((n) => ({
          ...n,
          id: asNoteId(newId()),
          workshopId: copyId,
          clusterId: n.clusterId === null ? null : asClusterId(clusterIds.get(n.clusterId) ?? ''),
        }));
        return startWorkshop({ workshop, notes, clusters });
      },

      async trashWorkshop(id) {
        const title = get().workshops.find((w) => w.id === id)?.title ?? 'Workshop';
        const ok = await commitTo(id, [{ type: 'workshop.trash', payload: {} }]);
        if (ok) {
          if (get().open?.state.workshop.id === id) get().closeWorkshop();
          get().notify('info', `“${title}” moved to the trash.`, {
            label: 'Undo',
            run: () => void get().restoreWorkshop(id),
          });
        }
        return ok;
      },

      restoreWorkshop: (id) => commitTo(id, [{ type: 'workshop.restore', payload: {} }]),

      async purgeWorkshop(id) {
        if (get().open?.state.workshop.id === id) get().closeWorkshop();
        await writes;
        await repository.purgeWorkshop(id);
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
        return { fileName: fileNameFor(file.workshop, at), contents: JSON.stringify(file) };
      },

      async importWorkshop(text, byteLength, replace) {
        const read = readWorkshopFile(text, byteLength);
        if (!read.ok) return { status: 'invalid', message: read.message };
        const { workshop } = read.state;
        await writes;
        const existing = get().workshops.find((w) => w.id === workshop.id);
        if (existing && !replace) {
          return { status: 'exists', title: existing.title, inTrash: existing.deletedAt !== null };
        }
        if (get().open?.state.workshop.id === workshop.id) get().closeWorkshop();
        try {
          await repository.importWorkshop(read.state, read.audit, replace);
        } catch (error) {
          return {
            status: 'invalid',
            message: `The workshop could not be stored: ${String(error)}`,
          };
        }
        await refreshLibrary();
        return { status: 'imported', workshopId: workshop.id, title: workshop.title };
      },

      notify(kind, message, action) {
        noticeSeq += 1;
        const notice: Notice = action
          ? { id: noticeSeq, kind, message, action }
          : { id: noticeSeq, kind, message };
        set((s) => ({ notices: [...s.notices, notice].slice(-MAX_NOTICES) }));
      },

      dismissNotice(id) {
        set((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
      },
    };
  });
}
