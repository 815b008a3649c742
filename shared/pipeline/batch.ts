/**
 * Turns a batch of operation bodies (one user gesture) into validated, applied,
 * audit-chained operations. All or nothing: if any body is invalid or does not
 * apply, the whole batch is rejected and nothing changes. Used by the local
 * store today and by the LAN host later, so both make identical entries.
 */
import { appendEntry, type ChainHead } from '../base/auditChain.js';
import type { ActorId, OperationId, WorkshopId } from '../base/ids.js';
import type { OperationError } from '../base/operation.js';
import {
  OperationSchema,
  type Operation,
  type OperationBody,
  type WorkshopState,
} from '../registry.js';
import type { AuditEntry } from './audit.js';
import { applyOperations, type StateChanges } from './reducer.js';

export interface BatchContext {
  readonly workshopId: WorkshopId;
  readonly actorId: ActorId;
  readonly now: number;
  readonly newOperationId: () => OperationId;
}

export interface AppliedBatch {
  readonly state: WorkshopState;
  readonly head: ChainHead;
  readonly operations: readonly Operation[];
  readonly entries: readonly AuditEntry[];
  readonly changes: StateChanges;
  /** Bodies that undo the whole batch, in the order they must be applied. */
  readonly inverse: readonly OperationBody[];
}

export type BatchResult =
  | { readonly ok: true; readonly batch: AppliedBatch }
  | { readonly ok: false; readonly error: OperationError };

export function applyBatch(
  state: WorkshopState | null,
  head: ChainHead,
  bodies: readonly OperationBody[],
  context: BatchContext,
): BatchResult {
  if (bodies.length === 0) {
    return { ok: false, error: { code: 'invalid', message: 'Nothing to do.' } };
  }
  const operations: Operation[] = [];
  for (const body of bodies) {
    const parsed = OperationSchema.safeParse({
      ...body,
      id: context.newOperationId(),
      workshopId: context.workshopId,
      actorId: context.actorId,
      at: context.now,
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? ` (${issue.path.join('.')})` : '';
      return {
        ok: false,
        error: { code: 'invalid', message: `${issue?.message ?? 'Invalid operation'}${where}` },
      };
    }
    operations.push(parsed.data);
  }
  const result = applyOperations(state, operations);
  if (!result.ok) return { ok: false, error: result.error };
  const entries: AuditEntry[] = [];
  let currentHead = head;
  for (const operation of operations) {
    const entry = appendEntry(currentHead, operation);
    entries.push(entry);
    currentHead = { seq: entry.seq, hash: entry.hash };
  }
  return {
    ok: true,
    batch: {
      state: result.state,
      head: currentHead,
      operations,
      entries,
      changes: result.changes,
      inverse: [...result.inverses].reverse().flat(),
    },
  };
}
