/**
 * What every operation shares, whatever its feature: the envelope (who, when,
 * which workshop) and the shape of a body (`noun.verb` type plus payload), and
 * the errors the reducer answers with. The full operation union is composed
 * from the features in shared/registry.ts.
 */
import { z } from 'zod';
import { ActorIdSchema, OperationIdSchema, WorkshopIdSchema } from './ids.js';
import { TimestampSchema } from './time.js';

export const OperationMetaSchema = z.object({
  id: OperationIdSchema,
  workshopId: WorkshopIdSchema,
  actorId: ActorIdSchema,
  /** Milliseconds since the epoch, from the actor's clock. */
  at: TimestampSchema,
});
export type OperationMeta = z.infer<typeof OperationMetaSchema>;

/** A body as the base sees it; features and the registry narrow it. */
export interface AnyBody {
  readonly type: string;
  readonly payload: unknown;
}

export type OperationErrorCode =
  'not_found' | 'conflict' | 'budget' | 'trashed' | 'final' | 'invalid' | 'limit';

export interface OperationError {
  readonly code: OperationErrorCode;
  readonly message: string;
}

/** Thrown inside a handler to refuse an operation; the pipeline turns it into an OperationError. */
export class Rejection extends Error {
  constructor(
    readonly code: OperationErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'Rejection';
  }
}

export const reject = (code: OperationErrorCode, message: string): never => {
  throw new Rejection(code, message);
};

/** Refuses an operation that lists the same id twice. */
export function requireUnique(ids: readonly string[], what: string): void {
  if (new Set(ids).size !== ids.length) reject('invalid', `The same ${what} is listed twice.`);
}
