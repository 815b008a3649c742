/**
 * Record collections: what a feature stores. A collection has a name (its key in
 * the workshop state, the workshop file and storage), a zod schema, the fields
 * the reducer looks records up by, and the fields that reference records of
 * another collection. References are checked on every write, so no operation,
 * file or LAN peer can leave a dangling id; removing a referenced record runs
 * the cascades the referencing features declare (see feature.ts).
 * The reducer looks records up by any field through indexes its draft builds
 * on first use (see draft.ts), so a collection need not declare them.
 * Records are kept in Maps keyed by id, never in plain objects, so ids such as
 * `__proto__` or `constructor` are just ids.
 */
import type { z } from 'zod';
import type { WorkshopId } from './ids.js';

/** Every stored record belongs to exactly one workshop; its id is unique only there. */
export interface WorkshopRecord {
  readonly id: string;
  readonly workshopId: WorkshopId;
}

/** The workshop itself: the root every record hangs off. */
export interface WorkshopRoot {
  readonly id: WorkshopId;
  readonly updatedAt: number;
  /** Set while the workshop is in the trash; null when active. */
  readonly deletedAt: number | null;
}

export type Table<R> = ReadonlyMap<string, R>;

export interface Reference<Field extends string = string> {
  /** The field holding the id (nullable fields may hold null). */
  readonly field: Field;
  /** Name of the collection the id points into. */
  readonly target: string;
}

export interface CollectionDef<
  N extends string = string,
  R extends WorkshopRecord = WorkshopRecord,
> {
  readonly name: N;
  /** Singular noun for messages: "note", "cluster". */
  readonly noun: string;
  readonly schema: z.ZodType<R>;
  readonly references: readonly Reference[];
  /** Whether a duplicate of the workshop keeps these records (votes are the session's, not the content). */
  readonly duplicated: boolean;
}

export function defineCollection<const N extends string, S extends z.ZodType<WorkshopRecord>>(def: {
  readonly name: N;
  readonly noun: string;
  readonly schema: S;
  readonly references?: readonly Reference<keyof z.infer<S> & string>[];
  readonly duplicated?: boolean;
}): CollectionDef<N, z.infer<S>> {
  return {
    name: def.name,
    noun: def.noun,
    schema: def.schema as unknown as z.ZodType<z.infer<S>>,
    references: def.references ?? [],
    duplicated: def.duplicated ?? true,
  };
}

export type RecordOfCollection<C> = C extends CollectionDef<string, infer R> ? R : never;
