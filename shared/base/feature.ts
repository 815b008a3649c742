/**
 * How a feature declares itself, once: its record collections, its operations
 * (a payload schema and a handler per `noun.verb` type), the cascades it needs
 * when records it points at are removed, and the invariants it keeps. The
 * registry (shared/registry.ts) composes every feature into the operation
 * union, the reducer's dispatch, the workshop state and the file format; a
 * feature never imports the registry or the pipeline.
 */
import type { z } from 'zod';
import type { CollectionDef, WorkshopRoot } from './collection.js';
import type { Cascade, Draft, Invariant } from './draft.js';
import type { AnyBody, OperationError, OperationMeta } from './operation.js';

export type PayloadSchemas = Readonly<Record<string, z.ZodType>>;

/** Applies one operation to the draft and returns the bodies that undo it, in order. */
export type Handler<W extends WorkshopRoot, P> = (
  d: Draft<W>,
  payload: P,
  op: OperationMeta,
) => AnyBody[];

export type Handlers<W extends WorkshopRoot, P extends PayloadSchemas> = {
  readonly [K in keyof P]: Handler<W, z.infer<P[K]>>;
};

/** The bodies of a feature's own operations, typed: `{ type: 'note.add', payload: … } | …`. */
export type BodiesOf<P extends PayloadSchemas> = {
  [K in keyof P & string]: { readonly type: K; readonly payload: z.infer<P[K]> };
}[keyof P & string];

/**
 * Runs before every operation's handler, on the draft as the operation finds it:
 * a refusal here refuses the operation before anything changes. The sign-off
 * feature uses one to keep a workshop read-only once a report of it is signed.
 */
export type Guard<W extends WorkshopRoot> = (
  d: Draft<W>,
  op: OperationMeta & AnyBody,
) => OperationError | null;

export interface FeatureDef<
  W extends WorkshopRoot = WorkshopRoot,
  P extends PayloadSchemas = PayloadSchemas,
  C extends readonly CollectionDef[] = readonly CollectionDef[],
> {
  readonly name: string;
  readonly collections: C;
  readonly operations: P;
  /** Every operation has a handler: the mapped type makes a missing one a compile error. */
  readonly handlers: Handlers<W, P>;
  readonly cascades: readonly Cascade<W>[];
  readonly invariants: readonly Invariant<W>[];
  readonly guards: readonly Guard<W>[];
}

/**
 * `featureBuilder<Workshop>()` gives the `defineFeature` for features of that
 * workshop type (curried so the payload types are inferred while the workshop
 * type is fixed).
 */
export const featureBuilder =
  <W extends WorkshopRoot>() =>
  <const P extends PayloadSchemas, const C extends readonly CollectionDef[]>(def: {
    readonly name: string;
    readonly collections: C;
    readonly operations: P;
    readonly handlers: Handlers<W, P>;
    readonly cascades?: readonly Cascade<W>[];
    readonly invariants?: readonly Invariant<W>[];
    readonly guards?: readonly Guard<W>[];
  }): FeatureDef<W, P, C> => ({ cascades: [], invariants: [], guards: [], ...def });

/** Builds a typed inverse body for one of a feature's own operations. */
export const bodyFor =
  <P extends PayloadSchemas>() =>
  <K extends keyof P & string>(type: K, payload: z.infer<P[K]>): AnyBody => ({ type, payload });
