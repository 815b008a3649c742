/**
 * The only module that reads and writes the Debrief database. It persists what
 * the operation pipeline decided (records + audit entries, in one transaction)
 * and loads workshops back; it never decides anything about the domain itself.
 */
import { Dexie } from 'dexie';
import { headOf, type AuditEntry, type ChainHead } from '../../shared/audit/auditChain';
import type { WorkshopId } from '../../shared/domain/ids';
import type { Workshop } from '../../shared/domain/model';
import {
  buildWorkshopFile,
  snapshotToState,
  stateToSnapshot,
  type WorkshopFile,
} from '../../shared/exchange/workshopFile';
import type { StateChanges, WorkshopState } from '../../shared/operations/workshopReducer';
import type { DebriefDatabase } from './database';

export interface LoadedWorkshop {
  readonly state: WorkshopState;
  readonly head: ChainHead;
}

/** Thrown when another window appended to the same workshop's chain first. */
export class ConcurrentWriteError extends Error {
  constructor() {
    super('This workshop was changed in another window at the same time.');
    this.name = 'ConcurrentWriteError';
  }
}

const chainRange = (db: DebriefDatabase, id: WorkshopId) =>
  db.audit.where('[workshopId+seq]').between([id, Dexie.minKey], [id, Dexie.maxKey]);

export class WorkshopRepository {
  constructor(private readonly db: DebriefDatabase) {}

  /** Asks the browser not to evict our data under storage pressure. */
  async requestPersistence(): Promise<boolean> {
    try {
      return (await navigator.storage.persisted()) || (await navigator.storage.persist());
    } catch {
      return false;
    }
  }

  listWorkshops(): Promise<Workshop[]> {
    return this.db.workshops.orderBy('updatedAt').reverse().toArray();
  }

  async loadWorkshop(id: WorkshopId): Promise<LoadedWorkshop | null> {
    const { db } = this;
    return db.transaction(
      'r',
      [db.workshops, db.notes, db.clusters, db.votes, db.audit],
      async () => {
        const workshop = await db.workshops.get(id);
        if (!workshop) return null;
        const [notes, clusters, votes, last] = await Promise.all([
          db.notes.where('workshopId').equals(id).toArray(),
          db.clusters.where('workshopId').equals(id).toArray(),
          db.votes.where('workshopId').equals(id).toArray(),
          chainRange(db, id).last(),
        ]);
        return {
          state: snapshotToState({ workshop, notes, clusters, votes }),
          head: headOf(last),
        };
      },
    );
  }

  /**
   * Writes the records an operation batch changed together with its audit
   * entries. All or nothing: if any write fails, nothing of the batch is stored.
   */
  async commit(entries: readonly AuditEntry[], changes: readonly StateChanges[]): Promise<void> {
    const { db } = this;
    try {
      await db.transaction(
        'rw',
        [db.workshops, db.notes, db.clusters, db.votes, db.audit],
        async () => {
          for (const change of changes) {
            await Promise.all([
              db.workshops.put(change.workshop),
              change.notes.put.length ? db.notes.bulkPut([...change.notes.put]) : null,
              change.notes.remove.length ? db.notes.bulkDelete([...change.notes.remove]) : null,
              change.clusters.put.length ? db.clusters.bulkPut([...change.clusters.put]) : null,
              change.clusters.remove.length
                ? db.clusters.bulkDelete([...change.clusters.remove])
                : null,
              change.votes.put.length ? db.votes.bulkPut([...change.votes.put]) : null,
              change.votes.remove.length ? db.votes.bulkDelete([...change.votes.remove]) : null,
            ]);
          }
          await db.audit.bulkAdd([...entries]);
        },
      );
    } catch (error) {
      if (
        error instanceof Dexie.BulkError ||
        (error instanceof Dexie.DexieError && error.name === 'ConstraintError')
      ) {
        throw new ConcurrentWriteError();
      }
      throw error;
    }
  }

  async readAudit(id: WorkshopId): Promise<AuditEntry[]> {
    return chainRange(this.db, id).toArray();
  }

  /** Everything needed to write the workshop's export file. */
  async exportWorkshop(id: WorkshopId, exportedAt: number): Promise<WorkshopFile | null> {
    const { db } = this;
    return db.transaction(
      'r',
      [db.workshops, db.notes, db.clusters, db.votes, db.audit],
      async () => {
        const loaded = await this.loadWorkshop(id);
        if (!loaded) return null;
        const audit = await this.readAudit(id);
        return buildWorkshopFile(stateToSnapshot(loaded.state), audit, exportedAt);
      },
    );
  }

  /**
   * Stores a verified workshop (from an import). When `replace` is set, the
   * existing workshop with the same id is removed in the same transaction, so a
   * failure leaves the old one untouched.
   */
  async importWorkshop(
    state: WorkshopState,
    audit: readonly AuditEntry[],
    replace: boolean,
  ): Promise<void> {
    const { db } = this;
    const snapshot = stateToSnapshot(state);
    const id = snapshot.workshop.id;
    await db.transaction(
      'rw',
      [db.workshops, db.notes, db.clusters, db.votes, db.audit],
      async () => {
        const existing = await db.workshops.get(id);
        if (existing && !replace) throw new Error('A workshop with this id already exists.');
        if (existing) await this.deleteRows(id);
        await db.workshops.put(snapshot.workshop);
        await db.notes.bulkPut([...snapshot.notes]);
        await db.clusters.bulkPut([...snapshot.clusters]);
        await db.votes.bulkPut([...snapshot.votes]);
        await db.audit.bulkAdd([...audit]);
      },
    );
  }

  /** Permanently removes a workshop and its audit trail (emptying it from the trash). */
  async purgeWorkshop(id: WorkshopId): Promise<void> {
    const { db } = this;
    await db.transaction('rw', [db.workshops, db.notes, db.clusters, db.votes, db.audit], () =>
      this.deleteRows(id),
    );
  }

  private async deleteRows(id: WorkshopId): Promise<void> {
    const { db } = this;
    await Promise.all([
      db.workshops.delete(id),
      db.notes.where('workshopId').equals(id).delete(),
      db.clusters.where('workshopId').equals(id).delete(),
      db.votes.where('workshopId').equals(id).delete(),
      db.audit.where('workshopId').equals(id).delete(),
    ]);
  }

  async getSetting<T>(key: string): Promise<T | undefined> {
    const record = await this.db.settings.get(key);
    return record?.value as T | undefined;
  }

  async putSetting(key: string, value: unknown): Promise<void> {
    await this.db.settings.put({ key, value });
  }
}
