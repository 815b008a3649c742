/**
 * The tamper-evident audit trail. Each workshop has its own chain: entry n
 * stores the hash of entry n-1 and the SHA-256 of its own canonical content
 * (sequence number, previous hash and the whole operation, which carries the
 * actor and time). Editing, deleting, inserting or reordering any entry breaks
 * every hash after it, and verifyChain says where. Reports later sign the head.
 * Pure and synchronous (noble-hashes) so it runs in the renderer's hot path,
 * in Node services and in an offline verifier alike.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { z } from 'zod';
import { WorkshopIdSchema, type WorkshopId } from '../domain/ids.js';
import { OperationSchema, type Operation } from '../operations/operations.js';
import { canonicalJson } from './canonicalJson.js';

export const GENESIS_HASH = '0'.repeat(64);

const hashSchema = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits');

export const AuditEntrySchema = z.object({
  workshopId: WorkshopIdSchema,
  seq: z.number().int().nonnegative(),
  operation: OperationSchema,
  prevHash: hashSchema,
  hash: hashSchema,
});
export type AuditEntry = z.infer<typeof AuditEntrySchema> & { operation: Operation };

/** The point a new entry links to: the last entry's seq and hash, or the genesis. */
export interface ChainHead {
  readonly seq: number;
  readonly hash: string;
}

export const EMPTY_HEAD: ChainHead = { seq: -1, hash: GENESIS_HASH };

export function hashEntryContent(seq: number, prevHash: string, operation: Operation): string {
  const content = canonicalJson({ seq, prevHash, operation });
  return bytesToHex(sha256(utf8ToBytes(content)));
}

/** Builds the entry that records `operation` after `head`. */
export function appendEntry(head: ChainHead, operation: Operation): AuditEntry {
  const seq = head.seq + 1;
  return {
    workshopId: operation.workshopId,
    seq,
    operation,
    prevHash: head.hash,
    hash: hashEntryContent(seq, head.hash, operation),
  };
}

export const headOf = (entry: AuditEntry | undefined): ChainHead =>
  entry ? { seq: entry.seq, hash: entry.hash } : EMPTY_HEAD;

export type ChainVerdict =
  | { readonly ok: true; readonly head: ChainHead; readonly length: number }
  | { readonly ok: false; readonly seq: number; readonly problem: string };

/**
 * Checks a whole chain for one workshop, in order from seq 0. Reports the first
 * entry that is out of place, altered, or linked to the wrong predecessor.
 */
export function verifyChain(workshopId: WorkshopId, entries: readonly AuditEntry[]): ChainVerdict {
  let head = EMPTY_HEAD;
  for (const [index, entry] of entries.entries()) {
    const fail = (problem: string): ChainVerdict => ({ ok: false, seq: index, problem });
    if (entry.seq !== index) {
      return fail(
        `entry ${index} has sequence number ${entry.seq}: entries are missing or reordered`,
      );
    }
    if (entry.workshopId !== workshopId || entry.operation.workshopId !== workshopId) {
      return fail(`entry ${index} belongs to another workshop`);
    }
    if (entry.prevHash !== head.hash) {
      return fail(`entry ${index} does not link to the entry before it`);
    }
    if (hashEntryContent(entry.seq, entry.prevHash, entry.operation) !== entry.hash) {
      return fail(`entry ${index} was altered after it was recorded (its hash does not match)`);
    }
    head = { seq: entry.seq, hash: entry.hash };
  }
  return { ok: true, head, length: entries.length };
}
