/**
 * The IndexedDB database (Dexie): what is stored where, and why.
 *
 * - workshops, notes, clusters, votes: the current records of every workshop,
 *   so opening a workshop is a few indexed reads, not a replay.
 * - audit: the hash-chained log, one row per operation, keyed [workshopId+seq].
 *   The compound key makes a second writer of the same seq fail loudly (two
 *   windows editing one workshop) instead of forking the chain.
 * - settings: this installation's actor id and small preferences.
 *
 * Records and their audit entry are always written in one transaction by
 * workshopRepository.ts; nothing else writes here. Every version(n) below stays
 * forever: Dexie upgrades an old database by walking them in order.
 * Durability is 'strict' so a committed audit entry survives a crash or power cut.
 */
import { Dexie, type EntityTable } from 'dexie';
import type { AuditEntry } from '../../shared/audit/auditChain';
import type { Cluster, Note, Vote, Workshop } from '../../shared/domain/model';

export const DATABASE_NAME = 'debrief';

export interface SettingRecord {
  key: string;
  value: unknown;
}

export type DebriefDatabase = Dexie & {
  workshops: EntityTable<Workshop, 'id'>;
  notes: EntityTable<Note, 'id'>;
  clusters: EntityTable<Cluster, 'id'>;
  votes: EntityTable<Vote, 'id'>;
  audit: Dexie.Table<AuditEntry, [string, number]>;
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
  return db;
}
