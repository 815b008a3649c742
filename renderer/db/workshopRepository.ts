/**
 * The only module that reads and writes the Debrief database. It persists what
 * the operation pipeline decided (records + audit entries, in one transaction)
 * and loads workshops back; it never decides anything about the domain itself.
 * It is generic over the registry: a new feature's collections are stored
 * without a change here.
 */
import { Dexie } from 'dexie';
import { headOf, sameHead, type ChainHead } from '../../shared/base/auditChain';
import type { WorkshopRecord } from '../../shared/base/collection';
import type { WorkshopId } from '../../shared/base/ids';
import type { AuditEntry } from '../../shared/pipeline/audit';
import type { StateChanges } from '../../shared/pipeline/reducer';
import {
  buildWorkshopFile,
  snapshotToState,
  stateToSnapshot,
  type WorkshopFile,
} from '../../shared/pipeline/workshopFile';
import { COLLECTION_NAMES, type WorkshopState } from '../../shared/registry';
import type { Workshop } from '../../shared/workshop/workshop';
import type { DebriefDatabase, RecordRow } from './database';

/** One stored audit entry, as far as comparing chains needs it. */
export interface ChainLink {
  readonly hash: string;
  /** When its operation was made (the actor's clock). */
  readonly at: number;
}

export interface LoadedWorkshop {
  readonly state: WorkshopState;
  readonly head: ChainHead;
}

/**
 * Thrown when the stored chain no longer ends where this window thought it did:
 * another window (or a write that failed before) changed it first.
 */
export class ConcurrentWriteError extends Error {
  constructor() {
    super('This workshop was changed in another window at the same time.');
    this.name = 'ConcurrentWriteError';
  }
}

/** Thrown when an import that must extend the stored chain finds it changed meanwhile. */
export class ImportConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportConflictError';
  }
}

/** How an import treats a workshop of the same id that is already stored. */
export type ImportMode =
  /** There must be none. */
  | { readonly kind: 'new' }
  /** The stored chain must be exactly `head` and the file's chain must extend it. */
  | { readonly kind: 'extend'; readonly head: ChainHead }
  /** The user chose to discard the stored workshop and its history. */
  | { readonly kind: 'replace' };

const chainRange = (db: DebriefDatabase, id: WorkshopId) =>
  db.audit.where('[workshopId+seq]').between([id, Dexie.minKey], [id, Dexie.maxKey]);

const recordRange = (db: DebriefDatabase, id: WorkshopId) =>
  db.records
    .where('[workshopId+collection+id]')
    // [id, maxKey] sorts after every [id, collection, recordId]; IndexedDB refuses a key that
    // holds the same maxKey array twice.
    .between([id, Dexie.minKey, Dexie.minKey], [id, Dexie.maxKey]);

const rowsOf = (workshopId: WorkshopId, collection: string, records: readonly WorkshopRecord[]) =>
  records.map((record): RecordRow => ({ workshopId, collection, id: record.id, record }));

export class WorkshopRepository {
  constructor(private readonly db: DebriefDatabase) {}

  private get tables() {
    const { db } = this;
    return [db.workshops, db.records, db.audit, db.exports];
  }

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
    return db.transaction('r', [db.workshops, db.records, db.audit], async () => {
      const workshop = await db.workshops.get(id);
      if (!workshop) return null;
      const [rows, last] = await Promise.all([
        recordRange(db, id).toArray(),
        chainRange(db, id).last(),
      ]);
      const records: Record<string, WorkshopRecord[]> = {};
      for (const row of rows) (records[row.collection] ??= []).push(row.record);
      return {
        state: snapshotToState({ workshop, records: records }),
        head: headOf(last),
      };
    });
  }

  /**
   * Writes the records a batch changed together with its audit entries, in one
   * transaction. The stored chain must end exactly at the entry the batch
   * links to; otherwise nothing is written and ConcurrentWriteError is thrown.
   */
  async commit(entries: readonly AuditEntry[], changes: StateChanges): Promise<void> {
    const first = entries[0];
    if (!first) throw new Error('A commit needs at least one audit entry.');
    const workshopId = changes.workshop.id;
    const expected: ChainHead = { seq: first.seq - 1, hash: first.prevHash };
    const { db } = this;
    try {
      await db.transaction('rw', [db.workshops, db.records, db.audit], async () => {
        const stored = headOf(await chainRange(db, workshopId).last());
        if (!sameHead(stored, expected)) throw new ConcurrentWriteError();
        const writes: Promise<unknown>[] = [db.workshops.put(changes.workshop)];
        for (const [collection, change] of changes.records) {
          if (change.put.length) {
            writes.push(db.records.bulkPut(rowsOf(workshopId, collection, change.put)));
          }
          if (change.remove.length) {
            writes.push(
              db.records.bulkDelete(
                change.remove.map((id): [string, string, string] => [workshopId, collection, id]),
              ),
            );
          }
        }
        writes.push(db.audit.bulkAdd([...entries]));
        await Promise.all(writes);
      });
    } catch (error) {
      if (error instanceof ConcurrentWriteError) throw error;
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

  /**
   * The stored chain's hashes and operation times in seq order, to compare with an
   * incoming chain and to say when the changes an import would discard were made.
   */
  async readChainLinks(id: WorkshopId): Promise<ChainLink[]> {
    const links: ChainLink[] = [];
    await chainRange(this.db, id).each((entry) => {
      links.push({ hash: entry.hash, at: entry.operation.at });
    });
    return links;
  }

  /** Everything needed to write the workshop's export file. */
  async exportWorkshop(id: WorkshopId, exportedAt: number): Promise<WorkshopFile | null> {
    const { db } = this;
    return db.transaction('r', [db.workshops, db.records, db.audit], async () => {
      const loaded = await this.loadWorkshop(id);
      if (!loaded) return null;
      const audit = await this.readAudit(id);
      return buildWorkshopFile(stateToSnapshot(loaded.state), audit, exportedAt);
    });
  }

  /** Remembers that the chain up to `head` left this machine in an export. */
  async recordExport(id: WorkshopId, head: ChainHead, at: number): Promise<void> {
    await this.db.exports.put({ workshopId: id, hash: head.hash, seq: head.seq, at });
  }

  async exportHeads(id: WorkshopId): Promise<ChainHead[]> {
    const rows = await this.db.exports
      .where('[workshopId+hash]')
      .between([id, Dexie.minKey], [id, Dexie.maxKey])
      .toArray();
    return rows.map((row) => ({ seq: row.seq, hash: row.hash }));
  }

  /**
   * Stores a verified workshop from an import, as one transaction: a failure
   * leaves whatever was stored before untouched.
   */
  async importWorkshop(
    state: WorkshopState,
    audit: readonly AuditEntry[],
    mode: ImportMode,
  ): Promise<void> {
    const { db } = this;
    const snapshot = stateToSnapshot(state);
    const id = snapshot.workshop.id;
    await db.transaction('rw', this.tables, async () => {
      const existing = await db.workshops.get(id);
      if (mode.kind === 'new' && existing) {
        throw new ImportConflictError('A workshop with this id already exists.');
      }
      if (mode.kind === 'extend') {
        const stored = headOf(await chainRange(db, id).last());
        const linked = audit[mode.head.seq];
        if (
          !sameHead(stored, mode.head) ||
          (mode.head.seq >= 0 && linked?.hash !== mode.head.hash)
        ) {
          throw new ImportConflictError(
            'The workshop changed while the file was being imported. Import it again.',
          );
        }
      }
      // Export heads stay: they record what left this machine, whatever is stored now.
      if (existing) await this.deleteRows(id, false);
      await db.workshops.put(snapshot.workshop);
      for (const name of COLLECTION_NAMES) {
        const records = snapshot.records[name] as readonly WorkshopRecord[];
        if (records.length) await db.records.bulkPut(rowsOf(id, name, records));
      }
      await db.audit.bulkAdd([...audit]);
    });
  }

  /** Permanently removes a workshop and its audit trail (emptying it from the trash). */
  async purgeWorkshop(id: WorkshopId): Promise<void> {
    await this.db.transaction('rw', this.tables, () => this.deleteRows(id, true));
  }

  private async deleteRows(id: WorkshopId, forgetExports: boolean): Promise<void> {
    const { db } = this;
    await Promise.all([
      db.workshops.delete(id),
      recordRange(db, id).delete(),
      chainRange(db, id).delete(),
      forgetExports
        ? db.exports
            .where('[workshopId+hash]')
            .between([id, Dexie.minKey], [id, Dexie.maxKey])
            .delete()
        : null,
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
