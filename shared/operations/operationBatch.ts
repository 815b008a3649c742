/**
 * Turns a batch of operation bodies (one user gesture) into validated, applied,
 * audit-chained operations. All or nothing: if any body is invalid or does not
 * apply, the whole batch is rejected and nothing changes. Used by the local
 * store today and by the LAN host later, so both make identical entries.
 */
import { appendEntry, type AuditEntry, type ChainHead } from '../audit/auditChain.js';
import type { ActorId, OperationId, WorkshopId } from '../domain/ids.js';
import { OperationSchema, type Operation, type OperationBody } from './operations.js';
import {
  applyOperation,
  type OperationError,
  type StateChanges,
  type WorkshopState,
} from './workshopReducer.js';

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
  readonly changes: readonly StateChanges[];
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
  let current = state;
  let currentHead = head;
  const operations: Operation[] = [];
  const entries: AuditEntry[] = [];
  const changes: StateChanges[] = [];
  const inverses: (readonly OperationBody[])[] = [];
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
    const operation: Operation = parsed.data;
    const result = applyOperation(current, operation);
    if (!result.ok) return result;
    const entry = appendEntry(currentHead, operation);
    current = result.state;
    currentHead = { seq: entry.seq, hash: entry.hash };
    operations.push(operation);
    entries.push(entry);
    changes.push(result.changes);
    inverses.push(result.inverse);
  }
  if (current === null) {
    return { ok: false, error: { code: 'invalid', message: 'Nothing to do.' } };
  }
  return {
    ok: true,
    batch: {
      state: current,
      head: currentHead,
      operations,
      entries,
      changes,
      inverse: inverses.reverse().flat(),
    },
  };
}
