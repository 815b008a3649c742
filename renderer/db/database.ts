/**
 * The IndexedDB database (Dexie): what is stored where, and why.
 *
 * - workshops: the workshop records (incident header, trash marker), keyed by id.
 * - records: every record of every feature, one row per record, keyed
 *   [workshopId+collection+id]. Ids are unique only within their workshop's
 *   collection, so a file or a peer can never reach another workshop's rows,
 *   and a new feature's collections need no new table and no new version.
 * - audit: the hash-chained log, one row per operation, keyed [workshopId+seq].
 *   Every commit checks, inside its transaction, that the stored head is the
 *   batch's predecessor, so a second window or a stale write cannot fork it.
 * - exports: the chain head of every export of a workshop, so a later import
 *   can tell a continuation of our export from a rewritten history.
 * - settings: this installation's actor id and small preferences.
 *
 * Only workshopRepository.ts reads or writes here. Every version(n) below stays
 * forever: Dexie upgrades an old database by walking them in order. Durability
 * is 'strict' so a committed audit entry survives a crash or power cut.
 */
import { Dexie, type EntityTable } from 'dexie';
import type { WorkshopRecord } from '../../shared/base/collection';
import type { WorkshopId } from '../../shared/base/ids';
import type { AuditEntry } from '../../shared/pipeline/audit';
import type { Workshop } from '../../shared/workshop/workshop';

export const DATABASE_NAME = 'debrief';

export interface SettingRecord {
  key: string;
  value: unknown;
}

/** One record of one collection of one workshop. */
export interface RecordRow {
  workshopId: WorkshopId;
  collection: string;
  id: string;
  record: WorkshopRecord;
}

export interface ExportRow {
  workshopId: WorkshopId;
  hash: string;
  seq: number;
  at: number;
}

export type DebriefDatabase = Dexie & {
  workshops: EntityTable<Workshop, 'id'>;
  records: Dexie.Table<RecordRow, [string, string, string]>;
  audit: Dexie.Table<AuditEntry, [string, number]>;
  exports: Dexie.Table<ExportRow, [string, string]>;
  settings: EntityTable<SettingRecord, 'key'>;
};

/** Version 1: the first schema (no trash, no settings). Kept so old databases upgrade. */
export const SCHEMA_V1 = {
  workshops: 'id, updatedAt',
  notes: 'id, workshopId',
  clusters: 'id, workshopId',
  votes: 'id, workshopId, noteId',
  audit: '[workshopId+seq], workshopId',
} as const;

/** Version 2: workshops can be in the trash (deletedAt), and a settings table. */
export const SCHEMA_V2 = {
  ...SCHEMA_V1,
  workshops: 'id, updatedAt, deletedAt',
  settings: 'key',
} as const;

/**
 * Version 3: one `records` table for every feature, keyed per workshop, and the
 * export heads. The wall's old tables are copied into it here and dropped in
 * version 4 (Dexie reads a table in an upgrade only if a later version drops it).
 */
export const SCHEMA_V3 = {
  ...SCHEMA_V2,
  records: '[workshopId+collection+id]',
  exports: '[workshopId+hash]',
} as const;

/** Version 4: the wall's per-kind tables, globally keyed by id, are gone. */
export const SCHEMA_V4 = {
  ...SCHEMA_V3,
  notes: null,
  clusters: null,
  votes: null,
} as const;

/** The per-kind tables of versions 1 and 2, and the collection each became. */
const LEGACY_TABLES = ['notes', 'clusters', 'votes'] as const;

export function openDatabase(name = DATABASE_NAME): DebriefDatabase {
  const db = new Dexie(name, { chromeTransactionDurability: 'strict' }) as DebriefDatabase;
  db.version(1).stores(SCHEMA_V1);
  db.version(2)
    .stores(SCHEMA_V2)
    .upgrade(async (tx) => {
      // Version 1 had no trash: every workshop it stored is active.
      await tx
        .table<Workshop & { deletedAt?: number | null }>('workshops')
        .toCollection()
        .modify((workshop) => {
          workshop.deletedAt ??= null;
        });
    });
  db.version(3)
    .stores(SCHEMA_V3)
    .upgrade(async (tx) => {
      const rows = tx.table<RecordRow>('records');
      for (const collection of LEGACY_TABLES) {
        const records = await tx.table<WorkshopRecord>(collection).toArray();
        await rows.bulkPut(
          records.map((record) => ({
            workshopId: record.workshopId,
            collection,
            id: record.id,
            record,
          })),
        );
      }
    });
  db.version(4).stores(SCHEMA_V4);
  return db;
}
