/**
 * Operation bodies generated from the registry itself, for property tests: a
 * payload is derived from its operation's zod schema, and ids are drawn from
 * the current state, so most generated operations are valid. Nothing here
 * names an operation type of a feature except where the schema cannot say
 * what to generate (workshop.create's initial records are `unknown` to its
 * schema): a feature registered tomorrow gets arbitraries for free, or a loud
 * "no arbitrary for operation type X" if its schema uses something this file
 * does not know how to generate.
 *
 * How a string field is read, from its key (ids are plain strings at runtime,
 * so the brand cannot tell):
 * - `id` of a record of a collection: a new id for that collection (sometimes
 *   one that exists, sometimes a name like `__proto__`);
 * - `id` of the workshop, or `workshopId`: the workshop's id;
 * - a reference a collection declares (`clusterId` of a note), or
 *   `<noun>Id` / `<noun>Ids` of a collection (`noteIds`), or a field name that
 *   collections declare as a reference to one collection (`parentId`, outside
 *   a why-node too), or `<word>Id` where exactly one collection of the
 *   operation's own feature is named or called "… <word>" (`linkIds` of a
 *   whys operation: why links): an existing id of that collection, or of a
 *   record generated earlier in the same payload, and sometimes a missing one;
 * - any other `…Id`: a person, usually the one doing the operation.
 */
import fc from 'fast-check';
import { z } from 'zod';
import type { CollectionDef } from '../../../shared/base/collection.js';
import type { ActorId, WorkshopId } from '../../../shared/base/ids.js';
import {
  COLLECTIONS,
  FEATURES,
  OperationBodySchema,
  type OperationBody,
  type OperationType,
  type WorkshopState,
} from '../../../shared/registry.js';
import { CREATE_OPERATION, WorkshopSchema } from '../../../shared/workshop/workshop.js';

export type Path = readonly (string | number)[];

/**
 * `g(make)` through a builder of its own per `key`. `g` keeps, for the whole property, every
 * argument list it was called with per builder and finds the arbitrary for a call by comparing
 * the call's arguments with each of them in turn; a builder without arguments is found at once.
 */
const BUILDERS = new Map<string, () => fc.Arbitrary<unknown>>();
function draw<T>(g: fc.GeneratorValue, key: string, make: () => fc.Arbitrary<T>): T {
  let builder = BUILDERS.get(key) as (() => fc.Arbitrary<T>) | undefined;
  if (!builder) {
    const arbitrary = make();
    builder = () => arbitrary;
    BUILDERS.set(key, builder);
  }
  return g(builder);
}

/** An integer from `min` to `max` (both included), through `g`. */
export const integerIn = (g: fc.GeneratorValue, min: number, max: number): number =>
  draw(g, `integer ${min} ${max}`, () => fc.integer({ min, max }));

/** 0 to 99, for "in n percent of cases". */
export const percentOf = (g: fc.GeneratorValue): number => integerIn(g, 0, 99);

/**
 * One of `items` (not empty), chosen through `g` so it shrinks (towards the first) and replays.
 * Drawn as an index, never by passing `items` to `g` (see `draw`): lists of ids differ from
 * one call to the next, and each pick would compare its list with all the lists before it.
 */
export function pick<T>(g: fc.GeneratorValue, items: readonly T[]): T {
  if (items.length === 0) throw new Error('pick needs at least one item');
  return items[integerIn(g, 0, items.length - 1)] as T;
}

/** Thrown when an operation's payload cannot be generated from its schema. */
export class NoArbitraryError extends Error {
  constructor(type: string, detail: string) {
    super(`no arbitrary for operation type ${type}: ${detail}`);
    this.name = 'NoArbitraryError';
  }
}

/**
 * Texts for fields that are not ids: empty, padded (schemas that trim change
 * them), quotes and backslashes, a line separator, astral characters, and
 * names of Object.prototype properties.
 */
const TEXT_SAMPLES = [
  '',
  'Alert fired late',
  '  padded  ',
  'quote " and \\ backslash',
  'line\u2028separator',
  'café 🚒 漢字',
  '__proto__',
  'constructor',
];

/** Ids that are names of Object.prototype properties: they must behave as plain ids. */
export const TRICKY_IDS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];

/** What a generated operation may refer to. */
export interface World {
  readonly state: WorkshopState | null;
  /**
   * Collections a new workshop's initial records are generated for (all when absent): a
   * property about one feature gets workshops with the records that feature works on.
   */
  readonly collections?: readonly string[];
  readonly workshopId: WorkshopId;
  /** The person doing the operation. */
  readonly actorId: ActorId;
  readonly actors: readonly ActorId[];
}

/** The payload schema of every registered operation type. */
export const PAYLOAD_SCHEMAS: ReadonlyMap<string, z.ZodType> = new Map(
  FEATURES.flatMap((feature) =>
    Object.entries(feature.operations as Readonly<Record<string, z.ZodType>>),
  ),
);

const COLLECTION_BY_NAME = new Map(COLLECTIONS.map((c) => [c.name, c]));

const camel = (noun: string): string =>
  noun.replace(/[\s_-]+(\w)/g, (_, letter: string) => letter.toUpperCase());

/** `noteId` for the collection whose noun is "note". */
const idKeyOf = (c: CollectionDef): string => `${camel(c.noun)}Id`;

/** Field names that collections declare as references, each with the one collection they name. */
const REFERENCE_FIELDS: ReadonlyMap<string, CollectionDef> = (() => {
  const targets = new Map<string, Set<string>>();
  for (const c of COLLECTIONS) {
    for (const r of c.references)
      targets.set(r.field, (targets.get(r.field) ?? new Set()).add(r.target));
  }
  const fields = new Map<string, CollectionDef>();
  for (const [field, names] of targets) {
    const [name] = names;
    const target = name === undefined ? undefined : COLLECTION_BY_NAME.get(name);
    if (names.size === 1 && target) fields.set(field, target);
  }
  return fields;
})();

/** The collection of `own` that `<word>Id` names, by the last word of its noun or name. */
function shortenedKeyTarget(key: string, own: readonly CollectionDef[]): CollectionDef | undefined {
  if (!key.endsWith('Id') || key.length <= 2) return undefined;
  const word = key.slice(0, -2).toLowerCase();
  const words = (text: string): string[] =>
    text
      .replace(/([a-z])([A-Z])/g, '$1 $2')
      .toLowerCase()
      .split(/[\s_-]+/);
  const matches = own.filter((c) =>
    [words(c.noun), words(c.name.replace(/s$/, ''))].some((list) => list.at(-1) === word),
  );
  return matches.length === 1 ? matches[0] : undefined;
}

type IdKind =
  | { readonly kind: 'own'; readonly collection: CollectionDef }
  | { readonly kind: 'ref'; readonly collection: CollectionDef }
  | { readonly kind: 'workshop' }
  | { readonly kind: 'actor' }
  | { readonly kind: 'fresh' };

/** Where in a payload a value sits. */
interface Scope {
  /** The property key (for array elements, the array's key in the singular). */
  readonly key: string | undefined;
  /** The record this value is a direct field of. */
  readonly record: CollectionDef | undefined;
  /** Anywhere inside an embedded record. */
  readonly inRecord: boolean;
  /** A direct field of the workshop record. */
  readonly inWorkshop: boolean;
  /** The collections of the feature whose operation this is. */
  readonly own: readonly CollectionDef[];
}

const FEATURE_COLLECTIONS: ReadonlyMap<string, readonly CollectionDef[]> = new Map(
  (FEATURES as readonly { operations: object; collections: readonly CollectionDef[] }[]).flatMap(
    (feature) => Object.keys(feature.operations).map((type) => [type, feature.collections]),
  ),
);

/** The scope of an operation's payload, or of a field `key` directly in it. */
const rootScope = (type: string, key?: string): Scope => ({
  key,
  record: undefined,
  inRecord: false,
  inWorkshop: false,
  own: FEATURE_COLLECTIONS.get(type) ?? [],
});

function idKindOf(scope: Scope): IdKind | null {
  const { key, record } = scope;
  if (key === undefined) return null;
  if (key === 'id') {
    if (record) return { kind: 'own', collection: record };
    return scope.inWorkshop ? { kind: 'workshop' } : { kind: 'fresh' };
  }
  if (key === 'workshopId') return { kind: 'workshop' };
  const declared = record?.references.find((r) => r.field === key);
  const target = declared
    ? COLLECTION_BY_NAME.get(declared.target)
    : (COLLECTIONS.find((c) => idKeyOf(c) === key) ??
      REFERENCE_FIELDS.get(key) ??
      shortenedKeyTarget(key, scope.own));
  if (target) return { kind: 'ref', collection: target };
  if (key.endsWith('Id')) return { kind: 'actor' };
  return null;
}

/** The fields of an object schema (zod types its shape loosely once narrowed by instanceof). */
const fieldsOf = (schema: z.ZodObject): [string, z.ZodType][] =>
  Object.entries(schema.shape) as [string, z.ZodType][];

const recordOf = (schema: z.ZodType): CollectionDef | undefined =>
  COLLECTIONS.find((c) => c.schema === schema);

function childScope(parent: z.ZodType, key: string, scope: Scope): Scope {
  const record = recordOf(parent);
  return {
    key,
    record,
    inRecord: scope.inRecord || record !== undefined,
    inWorkshop: parent === WorkshopSchema,
    own: scope.own,
  };
}

/** `noteIds` → `noteId`: array elements are named in the singular. */
const elementScope = (scope: Scope): Scope => ({
  ...scope,
  key: scope.key?.endsWith('Ids') ? scope.key.slice(0, -1) : scope.key,
});

const arrayBounds = new WeakMap<z.ZodType, { min: number; max: number }>();

function boundsOf(schema: z.ZodArray): { min: number; max: number } {
  let bounds = arrayBounds.get(schema);
  if (!bounds) {
    const json = z.toJSONSchema(schema, { unrepresentable: 'any', io: 'input' }) as {
      minItems?: number;
      maxItems?: number;
    };
    bounds = { min: json.minItems ?? 0, max: json.maxItems ?? Number.MAX_SAFE_INTEGER };
    arrayBounds.set(schema, bounds);
  }
  return bounds;
}

/** A field of an object that is not a record. */
const ROOT_FIELDS = { record: undefined, inRecord: false, inWorkshop: false } as const;

/** The value that identifies an array element, if it has one (to keep ids in a list unique). */
function identityOf(element: unknown, scope: Scope, schema: z.ZodType): unknown {
  if (typeof element === 'string') return idKindOf(scope) ? element : undefined;
  if (element === null || typeof element !== 'object') return undefined;
  const record = element as Readonly<Record<string, unknown>>;
  if (recordOf(schema)) return record.id;
  for (const [key, value] of Object.entries(record)) {
    const kind = idKindOf({ ...ROOT_FIELDS, key, own: scope.own });
    if (typeof value === 'string' && kind?.kind === 'ref') return value;
  }
  return undefined;
}

interface Generation {
  readonly g: fc.GeneratorValue;
  readonly world: World;
  readonly type: string;
  /** Ids of records generated so far in this payload, by collection. */
  readonly pending: Map<string, string[]>;
  serial: number;
}

const percent = (gen: Generation): number => percentOf(gen.g);

const existingIds = (gen: Generation, c: CollectionDef): string[] => {
  const table = gen.world.state?.records[c.name as keyof WorkshopState['records']];
  return table ? [...table.keys()] : [];
};

/** Ids a reference into `c` may take: records that exist or were generated earlier in the payload. */
const referable = (gen: Generation, c: CollectionDef): string[] => [
  ...existingIds(gen, c),
  ...(gen.pending.get(c.name) ?? []),
];

/** An id not in `taken` (the serial restarts with every body, so earlier bodies' ids are skipped). */
function freshId(gen: Generation, prefix: string, taken: readonly string[]): string {
  const tricky = TRICKY_IDS.filter((id) => !taken.includes(id));
  if (tricky.length > 0 && percent(gen) < 30) return pick(gen.g, tricky);
  const used = new Set(taken);
  let id: string;
  do {
    gen.serial += 1;
    id = `${prefix}-${gen.serial}`;
  } while (used.has(id));
  return id;
}

function generateId(gen: Generation, kind: IdKind): string {
  const { world } = gen;
  switch (kind.kind) {
    case 'workshop':
      return percent(gen) < 99 ? world.workshopId : 'ws-elsewhere';
    case 'actor':
      return percent(gen) < 75 ? world.actorId : pick(gen.g, world.actors);
    case 'fresh':
      gen.serial += 1;
      return `id-${gen.serial}`;
    case 'own': {
      const existing = existingIds(gen, kind.collection);
      const pending = gen.pending.get(kind.collection.name) ?? [];
      const id =
        existing.length > 0 && percent(gen) < 8
          ? pick(gen.g, existing)
          : freshId(gen, kind.collection.noun, [...existing, ...pending]);
      gen.pending.set(kind.collection.name, [...pending, id]);
      return id;
    }
    case 'ref': {
      const existing = existingIds(gen, kind.collection);
      const pending = gen.pending.get(kind.collection.name) ?? [];
      // Mostly a record that exists or was generated just before (preferred), sometimes a missing one.
      const candidates =
        pending.length > 0 && percent(gen) < 60 ? pending : [...existing, ...pending];
      if (candidates.length > 0 && percent(gen) < 92) return pick(gen.g, candidates);
      return freshId(gen, `missing-${kind.collection.noun}`, [...existing, ...pending]);
    }
  }
}

const SAFE_32 = 2 ** 31 - 1;

const numberBounds = new WeakMap<z.ZodType, { minExcluded: boolean; maxExcluded: boolean }>();

/** Whether the schema's bounds exclude themselves (`.gt`, `.lt`): zod's minValue/maxValue do not say. */
function exclusionsOf(schema: z.ZodNumber): { minExcluded: boolean; maxExcluded: boolean } {
  let bounds = numberBounds.get(schema);
  if (!bounds) {
    const json = z.toJSONSchema(schema, { unrepresentable: 'any', io: 'input' }) as {
      exclusiveMinimum?: number;
      exclusiveMaximum?: number;
    };
    bounds = {
      minExcluded: json.exclusiveMinimum !== undefined,
      maxExcluded: json.exclusiveMaximum !== undefined,
    };
    numberBounds.set(schema, bounds);
  }
  return bounds;
}

/** A number within the schema's bounds (often at them: fast-check favours the extremes). */
function generateNumber(gen: Generation, schema: z.ZodNumber): number {
  const min = schema.minValue ?? -Number.MAX_SAFE_INTEGER;
  const max = schema.maxValue ?? Number.MAX_SAFE_INTEGER;
  const { minExcluded, maxExcluded } = exclusionsOf(schema);
  if (schema.format !== null && schema.format.includes('int')) {
    const lo = minExcluded && Number.isInteger(min) ? min + 1 : Math.ceil(min);
    const hi = maxExcluded && Number.isInteger(max) ? max - 1 : Math.floor(max);
    if (lo >= -SAFE_32 && hi <= SAFE_32) return integerIn(gen.g, lo, hi);
    const value = Math.round(
      draw(gen.g, `integral double ${lo} ${hi}`, () =>
        fc.double({ min: lo, max: hi, noNaN: true }),
      ),
    );
    return Math.min(hi, Math.max(lo, value));
  }
  return draw(gen.g, `double ${min} ${max} ${minExcluded} ${maxExcluded}`, () =>
    fc.double({ min, max, minExcluded, maxExcluded, noNaN: true, noDefaultInfinity: true }),
  );
}

/** The one pattern the schemas use: a SHA-256 in lowercase hex (audit heads, certificate and PDF hashes). */
const HASH_PATTERN = '^[0-9a-f]{64}$';

function generateString(gen: Generation, schema: z.ZodString, scope: Scope, path: Path): string {
  const patterns = (schema._zod.def.checks ?? []).flatMap((check) => {
    const def = check._zod.def as { format?: string; pattern?: RegExp };
    return def.format === 'regex' && def.pattern ? [def.pattern.source] : [];
  });
  if (patterns.length === 1 && patterns[0] === HASH_PATTERN) {
    return draw(gen.g, 'sha256 hex', () => fc.stringMatching(/^[0-9a-f]{64}$/));
  }
  if (schema.format !== null) {
    throw new NoArbitraryError(
      gen.type,
      `a string of format ${schema.format} at ${path.join('.')}`,
    );
  }
  const kind = idKindOf(scope);
  if (kind) return generateId(gen, kind);
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? Infinity;
  const samples = TEXT_SAMPLES.filter((text) => text.length >= min && text.length <= max);
  // Mostly a sample (random strings are slow to generate), sometimes a random one.
  if (samples.length > 0 && percent(gen) < 80) return pick(gen.g, samples);
  const maxLength = Math.min(max, min + 12);
  return draw(gen.g, `string ${min} ${maxLength}`, () =>
    fc.string({ minLength: min, maxLength, unit: 'grapheme' }),
  );
}

function generateFormatted(gen: Generation, schema: z.ZodStringFormat, path: Path): string {
  if (schema.format === 'date') {
    // 1970-01-01 to 2099-12-31, the incident dates Debrief accepts.
    const day = integerIn(gen.g, 0, 47_481);
    return new Date(Date.UTC(1970, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
  }
  throw new NoArbitraryError(gen.type, `a string of format ${schema.format} at ${path.join('.')}`);
}

/** Attempts at a value for a schema with a refinement (see `generate`). */
const REFINED_ATTEMPTS = 20;

const hasRefinement = (schema: z.ZodType): boolean =>
  (schema._zod.def.checks ?? []).some((check) => check._zod.def.check === 'custom');

/**
 * A value for `schema` at `path`. A refinement (a link naming exactly one target, a list
 * without repeats) says nothing the generator can read, so a value it refuses is generated
 * again, a few times; the last attempt stands even if refused (bodies may be invalid).
 */
function generate(gen: Generation, schema: z.ZodType, scope: Scope, path: Path): unknown {
  if (!hasRefinement(schema)) return generateOnce(gen, schema, scope, path);
  return generateUntil(
    gen,
    () => generateOnce(gen, schema, scope, path),
    (value) => schema.safeParse(value).success,
    REFINED_ATTEMPTS,
  );
}

/** `make()` until `accept` takes its value, at most `attempts` times (the last one stands). */
function generateUntil(
  gen: Generation,
  make: () => unknown,
  accept: (value: unknown) => boolean,
  attempts: number,
): unknown {
  for (let attempt = 1; ; attempt += 1) {
    const pending = new Map([...gen.pending].map(([name, ids]) => [name, [...ids]]));
    const value = make();
    if (attempt >= attempts || accept(value)) return value;
    // The ids of a refused value are not there to be referred to.
    gen.pending.clear();
    for (const [name, ids] of pending) gen.pending.set(name, ids);
  }
}

/**
 * Whether a generated record can be stored as it is: its schema accepts it, it belongs to
 * the workshop, and each reference names a record that exists or was generated before it
 * (never the record itself: a why-node under itself is no tree).
 */
function storable(gen: Generation, c: CollectionDef, value: unknown): boolean {
  if (!c.schema.safeParse(value).success) return false;
  const record = value as Readonly<Record<string, unknown>>;
  if (record.workshopId !== gen.world.workshopId) return false;
  return c.references.every((r) => {
    const id = record[r.field];
    if (id === null || id === undefined) return true;
    const target = COLLECTION_BY_NAME.get(r.target);
    if (!target || (target === c && id === record.id)) return false;
    return referable(gen, target)
      .filter((other) => other !== record.id || target !== c)
      .includes(id as string);
  });
}

function generateOnce(gen: Generation, schema: z.ZodType, scope: Scope, path: Path): unknown {
  if (path.at(-1) === 'phase') {
    // Every phase but `vote` refuses votes: keep voting open in most workshops and updates,
    // or the vote operations would seldom be exercised. The other phases (and `null`, "not
    // set", where an update allows it) still come up.
    const roll = percent(gen);
    if (roll < 45) return undefined;
    if (roll < 85) return 'vote';
    const options = schema.safeParse(null).success
      ? [null, 'write', 'cluster', 'discuss']
      : ['write', 'cluster', 'discuss'];
    return pick(gen.g, options);
  }
  if (schema instanceof z.ZodOptional) {
    return percent(gen) < 60 ? generate(gen, schema.unwrap() as z.ZodType, scope, path) : undefined;
  }
  if (schema instanceof z.ZodNullable) {
    // A reference with nothing to refer to is mostly left empty (a missing id still comes up).
    const kind = idKindOf(scope);
    const empty = kind?.kind === 'ref' && referable(gen, kind.collection).length === 0;
    return percent(gen) < (empty ? 90 : 50)
      ? null
      : generate(gen, schema.unwrap() as z.ZodType, scope, path);
  }
  if (schema instanceof z.ZodObject) {
    const value: Record<string, unknown> = {};
    for (const [key, child] of fieldsOf(schema)) {
      const generated = generate(gen, child, childScope(schema, key, scope), [...path, key]);
      if (generated !== undefined) value[key] = generated;
    }
    return value;
  }
  if (schema instanceof z.ZodArray) {
    const { min, max } = boundsOf(schema);
    const length = integerIn(gen.g, min, Math.min(max, min + 3));
    const element = schema.element as z.ZodType;
    const inner = elementScope(scope);
    const items: unknown[] = [];
    const seen = new Set<unknown>();
    for (let i = 0; i < length; i += 1) {
      // A few attempts at an element whose id is not in the list yet: lists of ids are unique.
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const item = generate(gen, element, inner, [...path, items.length]);
        const identity = identityOf(item, inner, element);
        if (identity === undefined || !seen.has(identity)) {
          if (identity !== undefined) seen.add(identity);
          items.push(item);
          break;
        }
      }
    }
    return items;
  }
  if (schema instanceof z.ZodString) return generateString(gen, schema, scope, path);
  if (schema instanceof z.ZodStringFormat) return generateFormatted(gen, schema, path);
  if (schema instanceof z.ZodNumber) return generateNumber(gen, schema);
  if (schema instanceof z.ZodBoolean) return percent(gen) < 50;
  if (schema instanceof z.ZodEnum) return pick(gen.g, schema.options);
  if (schema instanceof z.ZodLiteral) return pick(gen.g, [...schema.values]);
  throw new NoArbitraryError(
    gen.type,
    `cannot generate a ${schema.def.type} schema at ${path.join('.') || '(payload)'}`,
  );
}

/** Collections ordered so that a collection comes after those it refers to. */
function dependencyOrder(): CollectionDef[] {
  const ordered: CollectionDef[] = [];
  const visit = (c: CollectionDef, seen: Set<string>): void => {
    if (ordered.includes(c) || seen.has(c.name)) return;
    seen.add(c.name);
    for (const r of c.references) {
      const target = COLLECTION_BY_NAME.get(r.target);
      if (target) visit(target, seen);
    }
    ordered.push(c);
  };
  for (const c of COLLECTIONS) visit(c, new Set());
  return ordered;
}

/**
 * Payloads the schema cannot describe. workshop.create carries its initial
 * records as `unknown` (each is checked by its collection's schema when
 * inserted), so its records are generated from the collections' schemas (those
 * of `world.collections`, when given), in dependency order; sometimes in the
 * format-1 fields `notes` and `clusters`. A workshop that starts in the trash
 * is refused whatever it holds, so the workshop is seldom generated trashed. One
 * record that does not fit (a missing reference) refuses all the others, so in
 * most payloads each record is generated again, a few times, until it fits:
 * otherwise only workshops with hardly any records would ever be created.
 */
const PAYLOAD_OVERRIDES: ReadonlyMap<string, (gen: Generation) => unknown> = new Map([
  [
    CREATE_OPERATION,
    (gen: Generation): unknown => {
      const workshop = generate(gen, WorkshopSchema, rootScope(gen.type, 'workshop'), [
        'workshop',
      ]) as Record<string, unknown>;
      if (percent(gen) < 90) workshop.deletedAt = null;
      const payload: Record<string, unknown> = { workshop };
      const groups: { collection: string; items: unknown[] }[] = [];
      const wanted = gen.world.collections;
      const careful = percent(gen) < 90;
      for (const c of dependencyOrder()) {
        if (wanted && !wanted.includes(c.name)) continue;
        const count = integerIn(gen.g, 0, 4);
        if (count === 0) continue;
        const items = Array.from({ length: count }, (_, i) =>
          generateUntil(
            gen,
            () => generate(gen, c.schema, rootScope(gen.type, c.name), ['records', c.name, i]),
            (item) => storable(gen, c, item),
            careful ? 5 : 1,
          ),
        );
        groups.push({ collection: c.name, items });
      }
      const legacy = percent(gen) < 20;
      if (legacy) {
        // The format-1 payload knew notes and clusters only.
        for (const group of groups) {
          if (group.collection === 'notes' || group.collection === 'clusters') {
            payload[group.collection] = group.items;
          }
        }
      } else if (groups.length > 0) {
        payload.records = groups;
      }
      return payload;
    },
  ],
]);

/**
 * Generates a body of `type` against `world`, using `g` for every random choice.
 * Most are valid; some on purpose are not (missing ids, conflicts, values at the bounds).
 */
export function generateBody(
  g: fc.GeneratorValue,
  type: OperationType,
  world: World,
): OperationBody {
  const schema = PAYLOAD_SCHEMAS.get(type);
  if (!schema) throw new NoArbitraryError(type, 'it is not in the registry');
  const gen: Generation = { g, world, type, pending: new Map(), serial: 0 };
  const override = PAYLOAD_OVERRIDES.get(type);
  const payload = override ? override(gen) : generate(gen, schema, rootScope(type), []);
  // The generated value is checked by the code under test (applyBatch parses it with
  // OperationSchema); some are deliberately invalid, so no cast can be checked here.
  return { type, payload } as OperationBody;
}

/* ------------------------------------------------------------------------------------------ */
/* What a body holds, for mutations that make it invalid.                                     */
/* ------------------------------------------------------------------------------------------ */

export interface BodyShape {
  /** Ids that address existing records, outside embedded records (`noteIds.0`). */
  readonly targets: readonly Path[];
  /** References inside embedded records (`note.clusterId`), not null. */
  readonly embedded: readonly Path[];
  /** Non-empty arrays whose elements carry an id (`noteIds`, `moves`, `notes`). */
  readonly idLists: readonly Path[];
  /** Every value position in the payload, the payload itself included (`[]`). */
  readonly values: readonly Path[];
}

/** Walks a payload along its schema and says where its ids and values are. */
export function shapeOf(
  type: OperationType,
  payload: unknown,
  state: WorkshopState | null,
): BodyShape {
  const schema = PAYLOAD_SCHEMAS.get(type);
  if (!schema) throw new NoArbitraryError(type, 'it is not in the registry');
  const shape = { targets: [] as Path[], embedded: [] as Path[], idLists: [] as Path[] };
  const values: Path[] = [];
  const exists = (c: CollectionDef, id: string): boolean =>
    state?.records[c.name as keyof WorkshopState['records']].has(id) ?? false;

  const walk = (s: z.ZodType, value: unknown, scope: Scope, path: Path): void => {
    if (value === undefined) return;
    values.push(path);
    if (s instanceof z.ZodOptional || s instanceof z.ZodNullable) {
      if (value !== null) walk(s.unwrap() as z.ZodType, value, scope, path);
      return;
    }
    if (s instanceof z.ZodObject && value !== null && typeof value === 'object') {
      for (const [key, child] of fieldsOf(s)) {
        walk(child, (value as Record<string, unknown>)[key], childScope(s, key, scope), [
          ...path,
          key,
        ]);
      }
      return;
    }
    if (s instanceof z.ZodArray && Array.isArray(value)) {
      const element = s.element as z.ZodType;
      const inner = elementScope(scope);
      if (value.length > 0 && identityOf(value[0], inner, element) !== undefined) {
        shape.idLists.push(path);
      }
      value.forEach((item, i) => walk(element, item, inner, [...path, i]));
      return;
    }
    if (typeof value === 'string') {
      const kind = idKindOf(scope);
      if (kind?.kind !== 'ref') return;
      if (scope.inRecord) shape.embedded.push(path);
      else if (exists(kind.collection, value)) shape.targets.push(path);
    }
  };
  walk(schema, payload, rootScope(type), []);
  return { ...shape, values };
}

/** Whether the operation's schema has ids addressing records outside embedded records. */
export function hasTargets(type: OperationType): boolean {
  const schema = PAYLOAD_SCHEMAS.get(type);
  if (!schema) return false;
  const walk = (s: z.ZodType, scope: Scope): boolean => {
    if (s instanceof z.ZodOptional || s instanceof z.ZodNullable) {
      return walk(s.unwrap() as z.ZodType, scope);
    }
    if (s instanceof z.ZodObject) {
      if (recordOf(s)) return false;
      return fieldsOf(s).some(([key, child]) => walk(child, childScope(s, key, scope)));
    }
    if (s instanceof z.ZodArray) return walk(s.element as z.ZodType, elementScope(scope));
    if (s instanceof z.ZodString) return idKindOf(scope)?.kind === 'ref';
    return false;
  };
  return walk(schema, rootScope(type));
}

/** Whether the operation's schema has lists of ids (a body may list one twice). */
export function hasIdLists(type: OperationType): boolean {
  const schema = PAYLOAD_SCHEMAS.get(type);
  if (!schema) return false;
  const walk = (s: z.ZodType, scope: Scope): boolean => {
    if (s instanceof z.ZodOptional || s instanceof z.ZodNullable) {
      return walk(s.unwrap() as z.ZodType, scope);
    }
    if (s instanceof z.ZodObject) {
      return fieldsOf(s).some(([key, child]) => walk(child, childScope(s, key, scope)));
    }
    if (s instanceof z.ZodArray) {
      const element = s.element as z.ZodType;
      const inner = elementScope(scope);
      if (element instanceof z.ZodString && idKindOf(inner)) return true;
      if (element instanceof z.ZodObject) {
        if (recordOf(element)) return true;
        const refers = (key: string) =>
          idKindOf({ ...ROOT_FIELDS, key, own: inner.own })?.kind === 'ref';
        if (Object.keys(element.shape).some(refers)) {
          return true;
        }
      }
      return walk(element, inner);
    }
    return false;
  };
  return walk(schema, rootScope(type));
}

/** Reads the value at `path`. */
export function valueAt(root: unknown, path: Path): unknown {
  let current = root;
  for (const step of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[step];
  }
  return current;
}

/** A deep copy of `root` with the value at `path` replaced (the root itself for `[]`). */
export function withValueAt(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let parent = copy;
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
  parent[path[path.length - 1]!] = value;
  return copy;
}

/** A value of another JSON type than `value`, so a schema that accepted `value` refuses it. */
export function wrongTypeFor(value: unknown): unknown {
  if (typeof value === 'string') return 404;
  if (typeof value === 'number') return 'not a number';
  if (typeof value === 'boolean') return 'yes';
  // Not an object: a nullable field may hold an object (a report version's `previous`), and an
  // object of the wrong shape would be refused one level deeper than the field itself.
  if (value === null) return [404, 'not null'];
  if (Array.isArray(value)) return 'not a list';
  return 'not an object';
}

/** The body parses as some operation (its schema accepts it). */
export const parsesAsBody = (body: unknown): boolean => OperationBodySchema.safeParse(body).success;
