/**
 * The workshop file: one JSON document holding a workshop, its records and its
 * whole audit chain. `readWorkshopFile` is the single restore path for anything
 * that arrives from outside (file import now, LAN snapshots later): it checks
 * the format, the version, every record, the hash chain, and that replaying the
 * chain gives exactly the records in the file. It never partially succeeds: a refused
 * file comes back as a `FileProblem` (shared/pipeline/fileProblems.ts) with a plain
 * message for the person who chose it and the technical detail kept apart.
 *
 * Format versions (each still reads):
 * - 1: `notes`, `clusters`, `votes` at the top level.
 * - 2: `records: { <collection>: [...] }`, one key per registered collection.
 */
import { z } from 'zod';
import { verifyChain } from '../base/auditChain.js';
import { TimestampSchema } from '../base/time.js';
import {
  COLLECTIONS,
  COLLECTION_NAMES,
  type CollectionName,
  type RecordOf,
  type WorkshopRecords,
  type WorkshopState,
} from '../registry.js';
import { WORKSHOP_LIMITS, WorkshopSchema, type Workshop } from '../workshop/workshop.js';
import { AuditEntrySchema, type AuditEntry } from './audit.js';
import {
  boundedDetail,
  classifyUnreadableText,
  explainFileProblem,
  refineForEncoding,
  type FileProblem,
} from './fileProblems.js';
import { replay } from './reducer.js';

export const WORKSHOP_FILE_FORMAT = 'debrief-workshop';
export const WORKSHOP_FILE_VERSION = 2;
export const WORKSHOP_FILE_EXTENSION = '.debrief.json';
/** Larger files are refused before parsing; a real 5,000-note workshop is a few MB. */
export const MAX_WORKSHOP_FILE_BYTES = 100 * 1024 * 1024;

export type SnapshotRecords = { readonly [N in CollectionName]: readonly RecordOf<N>[] };

export interface WorkshopSnapshot {
  readonly workshop: Workshop;
  readonly records: SnapshotRecords;
}

const RecordsSchema = z.strictObject(
  Object.fromEntries(COLLECTIONS.map((c) => [c.name, z.array(c.schema).optional()])),
);

const FileSchemaV2 = z.object({
  format: z.literal(WORKSHOP_FILE_FORMAT),
  schemaVersion: z.literal(2),
  exportedAt: TimestampSchema,
  workshop: WorkshopSchema,
  records: RecordsSchema,
  audit: z.array(AuditEntrySchema).min(1),
});

/** A collection's records, checked where format 1 kept them (so messages name the file's own paths). */
const recordsOf = (name: CollectionName) => {
  const collection = COLLECTIONS.find((c) => c.name === name);
  if (!collection) throw new Error(`Format 1 needs the ${name} collection.`);
  return z.array(collection.schema);
};

/** Format 1 carried the wall's three collections at the top level. */
const FileSchemaV1 = z.object({
  format: z.literal(WORKSHOP_FILE_FORMAT),
  schemaVersion: z.literal(1),
  exportedAt: TimestampSchema,
  workshop: WorkshopSchema,
  notes: recordsOf('notes'),
  clusters: recordsOf('clusters'),
  votes: recordsOf('votes'),
  audit: z.array(z.unknown()),
});

/** The named migrations, oldest first: each takes the parsed file of its version to the next. */
const MIGRATIONS: Readonly<Record<number, (file: Record<string, unknown>) => unknown>> = {
  1: (file) => {
    const v1 = FileSchemaV1.parse(file);
    return {
      format: v1.format,
      schemaVersion: 2,
      exportedAt: v1.exportedAt,
      workshop: v1.workshop,
      records: { notes: v1.notes, clusters: v1.clusters, votes: v1.votes },
      audit: v1.audit,
    };
  },
};

export interface WorkshopFile {
  readonly format: typeof WORKSHOP_FILE_FORMAT;
  readonly schemaVersion: typeof WORKSHOP_FILE_VERSION;
  readonly exportedAt: number;
  readonly workshop: Workshop;
  readonly records: SnapshotRecords;
  readonly audit: readonly AuditEntry[];
}

export const stateToSnapshot = (state: WorkshopState): WorkshopSnapshot => ({
  workshop: state.workshop,
  records: Object.fromEntries(
    COLLECTION_NAMES.map((name) => [name, [...state.records[name].values()]]),
  ) as unknown as SnapshotRecords,
});

export function snapshotToState(snapshot: {
  readonly workshop: Workshop;
  readonly records: Partial<SnapshotRecords>;
}): WorkshopState {
  const records = Object.fromEntries(
    COLLECTION_NAMES.map((name) => [
      name,
      new Map((snapshot.records[name] ?? []).map((record) => [record.id, record])),
    ]),
  ) as unknown as WorkshopRecords;
  return { workshop: snapshot.workshop, records };
}

export function buildWorkshopFile(
  snapshot: WorkshopSnapshot,
  audit: readonly AuditEntry[],
  exportedAt: number,
): WorkshopFile {
  return {
    format: WORKSHOP_FILE_FORMAT,
    schemaVersion: WORKSHOP_FILE_VERSION,
    exportedAt,
    workshop: snapshot.workshop,
    records: snapshot.records,
    audit,
  };
}

export type ReadResult =
  | { readonly ok: true; readonly state: WorkshopState; readonly audit: readonly AuditEntry[] }
  | {
      readonly ok: false;
      readonly problem: FileProblem;
      /** What is wrong, for the person who chose the file (`explainFileProblem`). */
      readonly message: string;
      /** The technical detail behind it (zod paths, the parser's words, the broken entry). */
      readonly detail: string;
    };

/** The first few zod issues, each with the path in the file where it is. */
const describeIssues = (error: z.ZodError): string => {
  const shown = error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(file)'}: ${issue.message}`);
  const more = error.issues.length - shown.length;
  return `${shown.join('; ')}${more > 0 ? `; and ${more} more` : ''}.`;
};

/**
 * Equality of two JSON values, ignoring key order (what equal canonical JSON means), without
 * building canonical strings: comparing a 10,000-note workshop this way is ~15x faster.
 */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((value, i) => sameJson(value, b[i]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  if (keys.length !== Object.keys(right).length) return false;
  return keys.every((key) => Object.hasOwn(right, key) && sameJson(left[key], right[key]));
}

/** Whether a file's record list holds exactly the replayed records (any order, no duplicates). */
function sameRecords(
  replayed: ReadonlyMap<string, unknown>,
  listed: readonly { readonly id: string }[],
): boolean {
  if (replayed.size !== listed.length) return false;
  return listed.every((record) => sameJson(replayed.get(record.id), record));
}

/** How many records a file lists, from its raw JSON (format 1 kept them at the top level). */
function rawRecordCount(document: Record<string, unknown>, version: number): number {
  const lists =
    version === 1
      ? [document.notes, document.clusters, document.votes]
      : typeof document.records === 'object' && document.records !== null
        ? Object.values(document.records)
        : [];
  return lists.reduce<number>((sum, list) => sum + (Array.isArray(list) ? list.length : 0), 0);
}

/**
 * Reads a workshop file's text and returns the verified workshop, or the problem that
 * refused it: a `FileProblem` with its plain message and technical detail.
 */
export function readWorkshopFile(text: string, byteLength = text.length): ReadResult {
  const refuse = (found: FileProblem): ReadResult => {
    const problem = refineForEncoding(found, text);
    return { ok: false, problem, message: explainFileProblem(problem), detail: problem.detail };
  };
  const damaged = (detail: string) => refuse({ kind: 'damaged', detail: boundedDetail(detail) });
  const tampered = (detail: string) => refuse({ kind: 'tampered', detail: boundedDetail(detail) });

  if (byteLength > MAX_WORKSHOP_FILE_BYTES) {
    return refuse({
      kind: 'too-large',
      bytes: byteLength,
      maxBytes: MAX_WORKSHOP_FILE_BYTES,
      detail: `The file has ${byteLength.toLocaleString('en')} bytes; the limit is ${MAX_WORKSHOP_FILE_BYTES.toLocaleString('en')} bytes.`,
    });
  }
  if (text.trim() === '') {
    return refuse({
      kind: 'empty',
      detail: `The file has ${byteLength.toLocaleString('en')} bytes, none of them content (only spaces or line breaks, if any).`,
    });
  }

  let json: unknown;
  try {
    // A byte-order mark is what an editor such as Notepad adds when it re-saves UTF-8; it is
    // not part of the JSON, and everything after it is still checked in full.
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    return refuse(classifyUnreadableText(text, e instanceof Error ? e.message : String(e)));
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    const what = Array.isArray(json)
      ? 'a JSON list'
      : json === null
        ? 'JSON null'
        : `a JSON ${typeof json}`;
    return refuse({
      kind: 'not-workshop',
      detail: `The file holds ${what}; a workshop file holds one JSON object.`,
    });
  }
  let document = json as Record<string, unknown>;
  if (document.format !== WORKSHOP_FILE_FORMAT) {
    return refuse({
      kind: 'not-workshop',
      detail:
        document.format === undefined
          ? `It has no "format" field; a workshop file says "format": "${WORKSHOP_FILE_FORMAT}".`
          : boundedDetail(
              `Its "format" field is ${JSON.stringify(document.format).slice(0, 80)}; a workshop file says "${WORKSHOP_FILE_FORMAT}".`,
            ),
    });
  }
  const version = document.schemaVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return damaged(
      `"schemaVersion" is ${version === undefined ? 'missing' : JSON.stringify(version).slice(0, 40)}; it must be a whole number from 1.`,
    );
  }
  if (version > WORKSHOP_FILE_VERSION) {
    return refuse({
      kind: 'newer-format',
      version,
      supported: WORKSHOP_FILE_VERSION,
      detail: `The file has format version ${version}; this version of Debrief reads format versions 1 to ${WORKSHOP_FILE_VERSION}.`,
    });
  }
  // Counted on the raw arrays, before anything is validated: an oversized file is refused fast.
  const total = rawRecordCount(document, version);
  if (total > WORKSHOP_LIMITS.records) {
    return refuse({
      kind: 'too-many-records',
      count: total,
      limit: WORKSHOP_LIMITS.records,
      detail: `The file lists ${total.toLocaleString('en')} records (all kinds together); the limit is ${WORKSHOP_LIMITS.records.toLocaleString('en')}.`,
    });
  }
  for (let from = version; from < WORKSHOP_FILE_VERSION; from += 1) {
    const migrate = MIGRATIONS[from];
    if (!migrate) return damaged(`Debrief has no migration from format version ${from}.`);
    try {
      document = migrate(document) as Record<string, unknown>;
    } catch (e) {
      return damaged(
        `Format version ${from}: ${e instanceof z.ZodError ? describeIssues(e) : String(e)}`,
      );
    }
  }

  const parsed = FileSchemaV2.safeParse(document);
  if (!parsed.success) return damaged(describeIssues(parsed.error));
  const file = parsed.data;
  const audit = file.audit as AuditEntry[];
  const fileRecords = file.records as Partial<SnapshotRecords>;

  const chain = verifyChain(file.workshop.id, audit);
  if (!chain.ok) return tampered(`The audit trail does not verify: ${chain.problem}.`);
  const rebuilt = replay(audit.map((entry) => entry.operation));
  if (!rebuilt.ok) {
    const why = `Audit entry ${rebuilt.index} cannot be applied (${rebuilt.error.code}): ${rebuilt.error.message}`;
    // The chain itself is intact, but replaying it goes over the record ceiling.
    if (rebuilt.error.code === 'limit') {
      return refuse({
        kind: 'too-many-records',
        count: null,
        limit: WORKSHOP_LIMITS.records,
        detail: boundedDetail(why),
      });
    }
    return tampered(why);
  }
  const replayed = rebuilt.state.records as unknown as Readonly<
    Record<string, ReadonlyMap<string, unknown>>
  >;
  if (!sameJson(rebuilt.state.workshop, file.workshop)) {
    return tampered(
      'The workshop header in the file differs from the one replaying its audit trail gives.',
    );
  }
  const differing = COLLECTION_NAMES.filter(
    (name) => !sameRecords(replayed[name] ?? new Map(), fileRecords[name] ?? []),
  );
  if (differing.length > 0) {
    return tampered(
      `The ${differing.join(', ')} listed in the file differ from what replaying its audit trail gives.`,
    );
  }
  return { ok: true, state: rebuilt.state, audit };
}
