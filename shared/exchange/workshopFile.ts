/**
 * The workshop file: one JSON document holding a workshop, its records and its
 * whole audit chain. `readWorkshopFile` is the single restore path for anything
 * that arrives from outside (file import now, LAN snapshots later): it checks
 * the format, the version, every record, the hash chain, and that replaying the
 * chain gives exactly the records in the file. It never partially succeeds.
 */
import { z } from 'zod';
import { AuditEntrySchema, verifyChain, type AuditEntry } from '../audit/auditChain.js';
import { canonicalJson } from '../audit/canonicalJson.js';
import {
  ClusterSchema,
  NoteSchema,
  SCHEMA_VERSION,
  VoteSchema,
  WorkshopSchema,
  type Cluster,
  type Note,
  type Vote,
  type Workshop,
} from '../domain/model.js';
import { replay, type WorkshopState } from '../operations/workshopReducer.js';

export const WORKSHOP_FILE_FORMAT = 'debrief-workshop';
export const WORKSHOP_FILE_EXTENSION = '.debrief.json';
/** Larger files are refused before parsing; a real 5,000-note workshop is a few MB. */
export const MAX_WORKSHOP_FILE_BYTES = 100 * 1024 * 1024;

export const WorkshopFileSchema = z.object({
  format: z.literal(WORKSHOP_FILE_FORMAT),
  schemaVersion: z.literal(SCHEMA_VERSION),
  exportedAt: z.number().int().nonnegative(),
  workshop: WorkshopSchema,
  notes: z.array(NoteSchema),
  clusters: z.array(ClusterSchema),
  votes: z.array(VoteSchema),
  audit: z.array(AuditEntrySchema).min(1),
});
export type WorkshopFile = z.infer<typeof WorkshopFileSchema>;

export interface WorkshopSnapshot {
  readonly workshop: Workshop;
  readonly notes: readonly Note[];
  readonly clusters: readonly Cluster[];
  readonly votes: readonly Vote[];
}

export const stateToSnapshot = (state: WorkshopState): WorkshopSnapshot => ({
  workshop: state.workshop,
  notes: Object.values(state.notes),
  clusters: Object.values(state.clusters),
  votes: Object.values(state.votes),
});

export function snapshotToState(snapshot: WorkshopSnapshot): WorkshopState {
  const byId = <T extends { id: string }>(items: readonly T[]) =>
    Object.fromEntries(items.map((item) => [item.id, item])) as Record<string, T>;
  return {
    workshop: snapshot.workshop,
    notes: byId(snapshot.notes),
    clusters: byId(snapshot.clusters),
    votes: byId(snapshot.votes),
  };
}

export function buildWorkshopFile(
  snapshot: WorkshopSnapshot,
  audit: readonly AuditEntry[],
  exportedAt: number,
): WorkshopFile {
  return {
    format: WORKSHOP_FILE_FORMAT,
    schemaVersion: SCHEMA_VERSION,
    exportedAt,
    workshop: snapshot.workshop,
    notes: [...snapshot.notes],
    clusters: [...snapshot.clusters],
    votes: [...snapshot.votes],
    audit: [...audit],
  };
}

export type ReadResult =
  | { readonly ok: true; readonly state: WorkshopState; readonly audit: readonly AuditEntry[] }
  | { readonly ok: false; readonly message: string };

const describeIssues = (error: z.ZodError): string =>
  error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(file)'}: ${issue.message}`)
    .join('; ');

/** Sorted canonical form of a record list, so equality does not depend on order. */
const canonicalRecords = (items: readonly { id: string }[]): string =>
  canonicalJson([...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)));

/** Reads a workshop file's text and returns the verified workshop, or a message for the user. */
export function readWorkshopFile(text: string, byteLength = text.length): ReadResult {
  const fail = (message: string): ReadResult => ({ ok: false, message });
  if (byteLength > MAX_WORKSHOP_FILE_BYTES) {
    return fail(
      `The file is ${(byteLength / 1024 / 1024).toFixed(0)} MB; Debrief workshop files are at most ${MAX_WORKSHOP_FILE_BYTES / 1024 / 1024} MB. Choose a file exported by Debrief.`,
    );
  }
  if (text.trim() === '') return fail('The file is empty. Choose a file exported by Debrief.');

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    return fail(
      `The file is not valid JSON (${detail}). It may be truncated or not a Debrief export; export the workshop again.`,
    );
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return fail('This is not a Debrief workshop file: it does not contain a workshop.');
  }
  const header = json as Record<string, unknown>;
  if (header.format !== WORKSHOP_FILE_FORMAT) {
    return fail(
      'This is not a Debrief workshop file (its "format" field is missing or different).',
    );
  }
  const version = header.schemaVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return fail('The file has no valid format version; it is damaged.');
  }
  if (version > SCHEMA_VERSION) {
    return fail(
      `The file was written by a newer Debrief (format version ${version}); this version reads up to version ${SCHEMA_VERSION}. Update Debrief to import it.`,
    );
  }

  const parsed = WorkshopFileSchema.safeParse(json);
  if (!parsed.success) return fail(`The file is damaged: ${describeIssues(parsed.error)}.`);
  const file = parsed.data;
  const audit = file.audit as AuditEntry[];

  const chain = verifyChain(file.workshop.id, audit);
  if (!chain.ok) {
    return fail(
      `The audit trail does not verify: ${chain.problem}. The file was changed after export; use the original export.`,
    );
  }
  const rebuilt = replay(audit.map((entry) => entry.operation));
  if (!rebuilt.ok) {
    return fail(
      `The audit trail does not verify: entry ${rebuilt.index} cannot be applied (${rebuilt.error.message}).`,
    );
  }
  const snapshot = stateToSnapshot(rebuilt.state);
  const same =
    canonicalJson(snapshot.workshop) === canonicalJson(file.workshop) &&
    canonicalRecords(snapshot.notes) === canonicalRecords(file.notes) &&
    canonicalRecords(snapshot.clusters) === canonicalRecords(file.clusters) &&
    canonicalRecords(snapshot.votes) === canonicalRecords(file.votes);
  if (!same) {
    return fail(
      "The workshop's contents do not match its audit trail: the file was edited after export. Use the original export.",
    );
  }
  return { ok: true, state: rebuilt.state, audit };
}
