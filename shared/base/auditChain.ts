/**
 * The tamper-evident audit trail. Each workshop has its own chain: entry n
 * stores the hash of entry n-1 and the SHA-256 of its own canonical content
 * (sequence number, previous hash and the whole operation, which carries the
 * actor and time). Editing, deleting, inserting or reordering any entry breaks
 * every hash after it, and verifyChain says where. The chain has no secret: a
 * forger who rewrites it can rehash it. Reports sign the head; locally, the
 * heads of past exports let an import tell a rewrite from an extension.
 * Pure and synchronous (noble-hashes) so it runs in the renderer's hot path,
 * in Node services and in an offline verifier alike. Generic over the
 * operation type: the registry supplies the operation schema.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { z } from 'zod';
import { canonicalJson } from './canonicalJson.js';
import { WorkshopIdSchema, type WorkshopId } from './ids.js';

export const GENESIS_HASH = '0'.repeat(64);

export const HashSchema = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits');

interface ChainedOperation {
  readonly workshopId: WorkshopId;
}

export interface AuditEntry<O extends ChainedOperation = ChainedOperation> {
  readonly workshopId: WorkshopId;
  readonly seq: number;
  readonly operation: O;
  readonly prevHash: string;
  readonly hash: string;
}

/** The schema of an entry whose operation is checked by `operation`. */
export const auditEntrySchema = <S extends z.ZodType>(operation: S) =>
  z.object({
    workshopId: WorkshopIdSchema,
    seq: z.number().int().nonnegative(),
    operation,
    prevHash: HashSchema,
    hash: HashSchema,
  });

/** The point a new entry links to: the last entry's seq and hash, or the genesis. */
export interface ChainHead {
  readonly seq: number;
  readonly hash: string;
}

export const EMPTY_HEAD: ChainHead = { seq: -1, hash: GENESIS_HASH };

export function hashEntryContent(seq: number, prevHash: string, operation: unknown): string {
  const content = canonicalJson({ seq, prevHash, operation });
  return bytesToHex(sha256(utf8ToBytes(content)));
}

/** Builds the entry that records `operation` after `head`. */
export function appendEntry<O extends ChainedOperation>(
  head: ChainHead,
  operation: O,
): AuditEntry<O> {
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

export const sameHead = (a: ChainHead, b: ChainHead): boolean =>
  a.seq === b.seq && a.hash === b.hash;

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

/** How an incoming chain (a file) relates to the chain stored here. */
export type ChainRelation =
  /** The same history, entry for entry. */
  | { readonly kind: 'same' }
  /** The incoming chain is ours plus `added` newer entries. */
  | { readonly kind: 'extends'; readonly added: number }
  /** Ours has `ahead` entries the incoming chain lacks: it is an older copy. */
  | { readonly kind: 'older'; readonly ahead: number }
  /**
   * Both share the first `common` entries and then differ. `fromExport` is set
   * when the point where they split is the head of one of our exports: the file
   * continues an export of ours that was edited elsewhere while we went on too.
   */
  | { readonly kind: 'diverged'; readonly common: number; readonly fromExport: boolean };

/**
 * Compares our chain's hashes (in seq order) with an incoming verified chain.
 * `exportHeads` are the heads this installation exported.
 */
export function relateChains(
  ours: readonly string[],
  incoming: readonly { readonly hash: string }[],
  exportHeads: readonly ChainHead[] = [],
): ChainRelation {
  const shorter = Math.min(ours.length, incoming.length);
  let common = 0;
  while (common < shorter && ours[common] === incoming[common]?.hash) common += 1;
  if (common === ours.length && common === incoming.length) return { kind: 'same' };
  if (common === ours.length) return { kind: 'extends', added: incoming.length - common };
  if (common === incoming.length) return { kind: 'older', ahead: ours.length - common };
  const splitHead = common === 0 ? EMPTY_HEAD : { seq: common - 1, hash: ours[common - 1] ?? '' };
  return {
    kind: 'diverged',
    common,
    fromExport: common > 0 && exportHeads.some((h) => sameHead(h, splitHead)),
  };
}
