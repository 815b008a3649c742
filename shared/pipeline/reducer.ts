/**
 * The deterministic reducer: (state, operations) -> next state, the records
 * that changed, and the inverse operations that undo each one. Pure: same
 * input, same output, on every machine, so a workshop can be rebuilt by
 * replaying its audit log and LAN peers converge. It never reads clocks,
 * randomness or I/O; everything it needs (ids, actor, time) travels in the
 * operation. It assumes operations already passed OperationSchema; handlers
 * check meaning. One draft serves a whole batch or a whole replay, so
 * replaying n operations costs O(n), not O(n²).
 */
import { Draft, type BatchChanges, type BaseState } from '../base/draft.js';
import { Rejection, type AnyBody, type OperationError } from '../base/operation.js';
import {
  DRAFT_SCHEMA,
  emptyRecords,
  GUARDS,
  handlerFor,
  type Operation,
  type OperationBody,
  type WorkshopState,
} from '../registry.js';
import { CREATE_OPERATION, RESTORE_OPERATION, type Workshop } from '../workshop/workshop.js';

export type StateChanges = BatchChanges<Workshop>;

export type ApplyResult =
  | {
      readonly ok: true;
      readonly state: WorkshopState;
      readonly changes: StateChanges;
      /** For each operation, the bodies that undo it when applied right after it, in order. */
      readonly inverses: readonly (readonly OperationBody[])[];
    }
  | { readonly ok: false; readonly index: number; readonly error: OperationError };

const fail = (index: number, code: OperationError['code'], message: string): ApplyResult => ({
  ok: false,
  index,
  error: { code, message },
});

/**
 * Applies operations in order, all or nothing: the first one that does not
 * apply refuses the lot (with its index) and `state` is untouched.
 */
export function applyOperations(
  state: WorkshopState | null,
  operations: Iterable<Operation>,
): ApplyResult {
  let draft: Draft<Workshop> | null = state === null ? null : new Draft(DRAFT_SCHEMA, state);
  const inverses: (readonly OperationBody[])[] = [];
  let index = 0;
  for (const op of operations) {
    if (draft === null) {
      if (op.type !== CREATE_OPERATION) {
        return fail(index, 'not_found', 'This workshop does not exist.');
      }
      const base: BaseState<Workshop> = {
        workshop: op.payload.workshop,
        records: emptyRecords(),
      };
      draft = new Draft(DRAFT_SCHEMA, base, true);
    } else if (draft.workshop.id !== op.workshopId) {
      return fail(index, 'invalid', 'The operation is for another workshop.');
    } else if (draft.workshop.deletedAt !== null && op.type !== RESTORE_OPERATION) {
      return fail(index, 'trashed', 'This workshop is in the trash. Restore it to change it.');
    }
    const handler = handlerFor(op.type);
    if (!handler) return fail(index, 'invalid', `Unknown operation ${op.type}.`);
    const d = draft;
    for (const guard of GUARDS) {
      const refusal = guard(d, op);
      if (refusal) return fail(index, refusal.code, refusal.message);
    }
    try {
      const inverse: AnyBody[] = d.apply(op, () => handler(d, op.payload, op));
      // Handlers build inverses only from their features' own schemas (bodyFor).
      inverses.push(inverse as OperationBody[]);
    } catch (e) {
      if (e instanceof Rejection) return fail(index, e.code, e.message);
      throw e;
    }
    d.creating = false;
    index += 1;
  }
  if (draft === null) return fail(0, 'not_found', 'There are no operations to apply.');
  const { state: next, changes } = draft.finish();
  return { ok: true, state: next as unknown as WorkshopState, changes, inverses };
}

/** Applies one operation (see applyOperations). */
export const applyOperation = (state: WorkshopState | null, op: Operation): ApplyResult =>
  applyOperations(state, [op]);

export type ReplayResult =
  | { readonly ok: true; readonly state: WorkshopState }
  | { readonly ok: false; readonly index: number; readonly error: OperationError };

/** Rebuilds a workshop from its operations, stopping at the first one that does not apply. */
export function replay(operations: Iterable<Operation>): ReplayResult {
  const result = applyOperations(null, operations);
  return result.ok ? { ok: true, state: result.state } : result;
}
