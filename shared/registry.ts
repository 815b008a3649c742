/**
 * The registry: every feature, composed. Adding a feature is one line in
 * FEATURES; from it come the operation union and its schema, the reducer's
 * dispatch, the workshop state's collections, the workshop file and storage.
 * Imports features; nothing a feature imports may import this file.
 */
import { z } from 'zod';
import type { CollectionDef, RecordOfCollection, Table } from './base/collection.js';
import type { Cascade, DraftSchema } from './base/draft.js';
import type { BodiesOf, FeatureDef, Guard, Handler } from './base/feature.js';
import { OperationMetaSchema, type OperationMeta } from './base/operation.js';
import { factorsFeature } from './factors/factors.js';
import { signoffFeature } from './signoff/signoff.js';
import { systemsFeature } from './systems/systems.js';
import { wallFeature } from './wall/wall.js';
import { whysFeature } from './whys/whys.js';
import { WORKSHOP_LIMITS, workshopFeature, type Workshop } from './workshop/workshop.js';

/** Every feature, in dependency order. */
export const FEATURES = [
  workshopFeature,
  wallFeature,
  whysFeature,
  systemsFeature,
  factorsFeature,
  signoffFeature,
] as const;

type Feature = (typeof FEATURES)[number];
/** Distributes over the feature union, so each feature's bodies stay their own. */
type BodiesOfFeature<F> = F extends FeatureDef<Workshop, infer P> ? BodiesOf<P> : never;

/** Every operation body of every feature: `{ type: 'note.add', payload: … } | …`. */
export type OperationBody = BodiesOfFeature<Feature>;
export type OperationType = OperationBody['type'];
export type BodyOf<T extends OperationType> = Extract<OperationBody, { type: T }>;
export type Operation = OperationMeta & OperationBody;

type Collection = Feature['collections'][number];
export type CollectionName = Collection['name'];
export type RecordOf<N extends CollectionName> = RecordOfCollection<
  Extract<Collection, { name: N }>
>;

/** A workshop's records by collection, each a Map keyed by id. */
export type WorkshopRecords = { readonly [N in CollectionName]: Table<RecordOf<N>> };

export interface WorkshopState {
  readonly workshop: Workshop;
  readonly records: WorkshopRecords;
}

export const COLLECTIONS: readonly CollectionDef[] = (
  FEATURES as readonly FeatureDef<Workshop>[]
).flatMap((f) => f.collections);
export const COLLECTION_NAMES = COLLECTIONS.map(
  (c) => c.name,
) as unknown as readonly CollectionName[];

const HANDLERS = new Map<string, Handler<Workshop, unknown>>();
const BODY_SCHEMAS: z.ZodObject[] = [];
for (const feature of FEATURES as readonly FeatureDef<Workshop>[]) {
  for (const [type, payload] of Object.entries(feature.operations)) {
    if (HANDLERS.has(type)) throw new Error(`Operation ${type} is declared twice.`);
    const handler = feature.handlers[type];
    if (!handler) throw new Error(`Operation ${type} has no handler.`);
    HANDLERS.set(type, handler);
    BODY_SCHEMAS.push(z.object({ type: z.literal(type), payload }));
  }
}

export const handlerFor = (type: string): Handler<Workshop, unknown> | undefined =>
  HANDLERS.get(type);

/** Every feature's guards, run before each operation (see `Guard` in base/feature.ts). */
export const GUARDS: readonly Guard<Workshop>[] = (
  FEATURES as readonly FeatureDef<Workshop>[]
).flatMap((f) => f.guards);

/** Every operation type, for exhaustive tests and docs. */
export const OPERATION_TYPES = [...HANDLERS.keys()] as readonly OperationType[];

export const OperationBodySchema = z.discriminatedUnion(
  'type',
  BODY_SCHEMAS as [z.ZodObject, ...z.ZodObject[]],
) as unknown as z.ZodType<OperationBody>;

export const OperationSchema = z.intersection(
  OperationMetaSchema,
  OperationBodySchema,
) as unknown as z.ZodType<Operation>;

function composeDraftSchema(): DraftSchema<Workshop> {
  const collections = new Map<string, CollectionDef>();
  for (const c of COLLECTIONS) {
    if (collections.has(c.name) || c.name === 'workshop') {
      throw new Error(`Collection name ${c.name} is taken.`);
    }
    collections.set(c.name, c);
  }
  const referrers = new Map<string, { collection: CollectionDef; field: string }[]>();
  for (const c of COLLECTIONS) {
    for (const reference of c.references) {
      if (!collections.has(reference.target)) {
        throw new Error(
          `${c.name}.${reference.field} refers to unknown collection ${reference.target}.`,
        );
      }
      const list = referrers.get(reference.target) ?? [];
      list.push({ collection: c, field: reference.field });
      referrers.set(reference.target, list);
    }
  }
  const cascades = new Map<string, Cascade<Workshop>[]>();
  for (const feature of FEATURES as readonly FeatureDef<Workshop>[]) {
    for (const cascade of feature.cascades) {
      if (!collections.has(cascade.target)) {
        throw new Error(
          `Feature ${feature.name} cascades from unknown collection ${cascade.target}.`,
        );
      }
      cascades.set(cascade.target, [...(cascades.get(cascade.target) ?? []), cascade]);
    }
  }
  return {
    collections,
    referrers,
    cascades,
    invariants: (FEATURES as readonly FeatureDef<Workshop>[]).flatMap((f) => f.invariants),
    maxRecords: WORKSHOP_LIMITS.records,
  };
}

export const DRAFT_SCHEMA = composeDraftSchema();

export function emptyRecords(): WorkshopRecords {
  return Object.fromEntries(
    COLLECTION_NAMES.map((name) => [name, new Map()]),
  ) as unknown as WorkshopRecords;
}
