/**
 * The draft a batch of operations is applied to. Handlers read and write
 * records through it; it copies a collection's table at most once per batch
 * (so replaying a whole log is linear, not quadratic), keeps the indexes the
 * collections declare, checks every reference after each operation, runs the
 * cascades other features declared for removed records, and checks the
 * invariants. A draft is used for exactly one batch (or one replay) and is
 * thrown away if any operation in it is refused: nothing it holds leaks into
 * a state until `finish`.
 */
import type { CollectionDef, Table, WorkshopRecord, WorkshopRoot } from './collection.js';
import {
  Rejection,
  reject,
  type AnyBody,
  type OperationError,
  type OperationMeta,
} from './operation.js';

/** The records of one workshop by collection name, plus the workshop itself. */
export interface BaseState<W extends WorkshopRoot> {
  readonly workshop: W;
  readonly records: Readonly<Record<string, Table<WorkshopRecord>>>;
}

/** What one operation changed, for invariants to look at. */
export interface OperationChanges {
  readonly workshop: boolean;
  put(collection: string): readonly WorkshopRecord[];
  removed(collection: string): readonly string[];
}

export interface Cascade<W extends WorkshopRoot> {
  /** The collection whose removed records this cascade follows. */
  readonly target: string;
  /**
   * Removes or rewrites the records that point at `removedIds`. Returns the
   * bodies that undo that, applied after the removed records are restored.
   */
  readonly apply: (d: Draft<W>, removedIds: readonly string[], op: OperationMeta) => AnyBody[];
}

export interface Invariant<W extends WorkshopRoot> {
  readonly name: string;
  /** Collections (and 'workshop') whose changes can break it: it runs only after those change. */
  readonly watches: readonly string[];
  readonly check: (d: Draft<W>, changes: OperationChanges) => OperationError | null;
}

/** The composed rules a draft enforces; built once from the features by the registry. */
export interface DraftSchema<W extends WorkshopRoot> {
  readonly collections: ReadonlyMap<string, CollectionDef>;
  /** For each collection, the references that point into it. */
  readonly referrers: ReadonlyMap<
    string,
    readonly { readonly collection: CollectionDef; readonly field: string }[]
  >;
  readonly cascades: ReadonlyMap<string, readonly Cascade<W>[]>;
  readonly invariants: readonly Invariant<W>[];
  /** Records one workshop may hold, all collections together. */
  readonly maxRecords: number;
}

export interface CollectionChanges {
  readonly put: readonly WorkshopRecord[];
  readonly remove: readonly string[];
}

/** Exactly what a batch wrote, so storage persists a diff. */
export interface BatchChanges<W extends WorkshopRoot> {
  readonly workshop: W;
  readonly records: ReadonlyMap<string, CollectionChanges>;
}

const EMPTY_TABLE: Table<WorkshopRecord> = new Map();

type Index = Map<unknown, Set<string>>;

function getOrCreate<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = create();
    map.set(key, value);
  }
  return value;
}

export class Draft<W extends WorkshopRoot> {
  private current: W;
  private readonly tables = new Map<string, Map<string, WorkshopRecord>>();
  private readonly indexes = new Map<string, Map<string, Index>>();
  private readonly batchPut = new Map<string, Map<string, WorkshopRecord>>();
  private readonly batchRemove = new Map<string, Set<string>>();
  private opPut = new Map<string, Map<string, WorkshopRecord>>();
  private opRemove = new Map<string, Set<string>>();
  private opWorkshop = false;
  private count: number;
  private finished = false;

  constructor(
    private readonly schema: DraftSchema<W>,
    private readonly base: BaseState<W>,
    /** True while applying the operation that creates the workshop; the pipeline clears it. */
    public creating = false,
  ) {
    this.current = base.workshop;
    this.count = 0;
    for (const table of Object.values(base.records)) this.count += table.size;
  }

  get workshop(): W {
    return this.current;
  }

  set workshop(next: W) {
    this.current = next;
    this.opWorkshop = true;
  }

  private table(name: string): Table<WorkshopRecord> {
    return this.tables.get(name) ?? this.base.records[name] ?? EMPTY_TABLE;
  }

  private writable(name: string): Map<string, WorkshopRecord> {
    if (this.finished) throw new Error('This draft is finished; start a new one.');
    return getOrCreate(this.tables, name, () => new Map(this.table(name)));
  }

  get<R extends WorkshopRecord>(c: CollectionDef<string, R>, id: string): R | undefined {
    return this.table(c.name).get(id) as R | undefined;
  }

  /** A collection by name (for records that arrive with their kind's name, as in workshop.create). */
  collection(name: string): CollectionDef | undefined {
    return this.schema.collections.get(name);
  }

  has(c: CollectionDef, id: string): boolean {
    return this.table(c.name).has(id);
  }

  /** The record, or a refusal naming what is missing. */
  require<R extends WorkshopRecord>(c: CollectionDef<string, R>, id: string): R {
    return (
      this.get(c, id) ??
      reject('not_found', `The ${c.noun} ${id} does not exist (it may have been deleted).`)
    );
  }

  values<R extends WorkshopRecord>(c: CollectionDef<string, R>): IterableIterator<R> {
    return this.table(c.name).values() as IterableIterator<R>;
  }

  size(c: CollectionDef): number {
    return this.table(c.name).size;
  }

  /** Records whose `field` equals `value`, through an index kept for the rest of the batch. */
  where<R extends WorkshopRecord>(
    c: CollectionDef<string, R>,
    field: keyof R & string,
    value: unknown,
  ): R[] {
    const ids = this.index(c.name, field).get(value);
    if (!ids) return [];
    const table = this.table(c.name);
    return [...ids].map((id) => table.get(id) as R);
  }

  private index(name: string, field: string): Index {
    const byField = getOrCreate(this.indexes, name, () => new Map<string, Index>());
    return getOrCreate(byField, field, () => {
      const index: Index = new Map();
      for (const record of this.table(name).values()) this.indexAdd(index, record, field);
      return index;
    });
  }

  private indexAdd(index: Index, record: WorkshopRecord, field: string): void {
    const value = (record as unknown as Record<string, unknown>)[field];
    if (value === null || value === undefined) return;
    getOrCreate(index, value, () => new Set<string>()).add(record.id);
  }

  private indexRemove(index: Index, record: WorkshopRecord, field: string): void {
    const value = (record as unknown as Record<string, unknown>)[field];
    const ids = index.get(value);
    if (!ids) return;
    ids.delete(record.id);
    if (ids.size === 0) index.delete(value);
  }

  private reindex(
    name: string,
    before: WorkshopRecord | undefined,
    after: WorkshopRecord | undefined,
  ) {
    const byField = this.indexes.get(name);
    if (!byField) return;
    for (const [field, index] of byField) {
      if (before) this.indexRemove(index, before, field);
      if (after) this.indexAdd(index, after, field);
    }
  }

  /** Writes a record (new or changed). It must belong to this workshop. */
  put<R extends WorkshopRecord>(c: CollectionDef<string, R>, record: R): void {
    if (record.workshopId !== this.current.id) {
      reject('invalid', `The ${c.noun} ${record.id} belongs to another workshop.`);
    }
    const table = this.writable(c.name);
    const before = table.get(record.id);
    if (!before) this.count += 1;
    table.set(record.id, record);
    this.reindex(c.name, before, record);
    getOrCreate(this.batchPut, c.name, () => new Map()).set(record.id, record);
    this.batchRemove.get(c.name)?.delete(record.id);
    getOrCreate(this.opPut, c.name, () => new Map()).set(record.id, record);
    this.opRemove.get(c.name)?.delete(record.id);
  }

  /** Adds a record that must not exist yet, validating it with the collection's schema first. */
  insert(c: CollectionDef, raw: unknown): void {
    const parsed = c.schema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? ` (${issue.path.join('.')})` : '';
      reject('invalid', `A ${c.noun} is not valid: ${issue?.message ?? 'invalid'}${where}.`);
    } else {
      if (this.has(c, parsed.data.id)) {
        reject('conflict', `The ${c.noun} ${parsed.data.id} already exists.`);
      }
      this.put(c, parsed.data);
    }
  }

  /** Removes a record; its referrers are dealt with by cascades when the operation ends. */
  remove(c: CollectionDef, id: string): void {
    const table = this.writable(c.name);
    const before = table.get(id);
    if (!before) return;
    table.delete(id);
    this.count -= 1;
    this.reindex(c.name, before, undefined);
    this.batchPut.get(c.name)?.delete(id);
    getOrCreate(this.batchRemove, c.name, () => new Set()).add(id);
    this.opPut.get(c.name)?.delete(id);
    getOrCreate(this.opRemove, c.name, () => new Set()).add(id);
  }

  /**
   * Applies one operation: `run` is its handler. Afterwards runs the cascades
   * for what it removed, checks references, the record ceiling and the
   * invariants, and moves `updatedAt` forward. Returns the inverse bodies:
   * the handler's first, then the cascades' (restore the target, then what
   * pointed at it). Throws a Rejection when the operation must be refused.
   */
  apply(op: OperationMeta, run: () => readonly AnyBody[]): AnyBody[] {
    this.opPut = new Map();
    this.opRemove = new Map();
    this.opWorkshop = false;
    const inverse = [...run()];
    this.runCascades(op, inverse);
    this.checkReferences();
    if (this.count > this.schema.maxRecords) {
      reject(
        'limit',
        `A workshop can hold at most ${this.schema.maxRecords.toLocaleString('en')} records; this change would exceed that. Split the work into another workshop.`,
      );
    }
    this.checkInvariants();
    if (op.at > this.current.updatedAt) this.current = { ...this.current, updatedAt: op.at };
    return inverse;
  }

  private runCascades(op: OperationMeta, inverse: AnyBody[]): void {
    const done = new Map<string, Set<string>>();
    for (let round = 0; ; round += 1) {
      if (round > this.schema.collections.size + 1) {
        throw new Error('Cascades did not settle: a cascade keeps removing records.');
      }
      let ran = false;
      for (const [name, removed] of [...this.opRemove]) {
        const cascades = this.schema.cascades.get(name);
        if (!cascades) continue;
        const seen = getOrCreate(done, name, () => new Set<string>());
        const fresh = [...removed].filter((id) => !seen.has(id));
        if (fresh.length === 0) continue;
        for (const id of fresh) seen.add(id);
        for (const cascade of cascades) inverse.push(...cascade.apply(this, fresh, op));
        ran = true;
      }
      if (!ran) return;
    }
  }

  private checkReferences(): void {
    for (const [name, records] of this.opPut) {
      const c = this.schema.collections.get(name);
      if (!c) throw new Error(`Unknown collection ${name}.`);
      for (const reference of c.references) {
        const target = this.schema.collections.get(reference.target);
        if (!target) throw new Error(`Unknown collection ${reference.target}.`);
        for (const record of records.values()) {
          const value = (record as unknown as Record<string, unknown>)[reference.field];
          if (value === null || value === undefined) continue;
          if (typeof value !== 'string' || !this.table(target.name).has(value)) {
            reject(
              'not_found',
              `The ${c.noun} ${record.id} refers to ${target.noun} ${JSON.stringify(value)}, which does not exist.`,
            );
          }
        }
      }
    }
    for (const [name, removed] of this.opRemove) {
      const referrers = this.schema.referrers.get(name);
      if (!referrers) continue;
      const c = this.schema.collections.get(name);
      for (const { collection, field } of referrers) {
        for (const id of removed) {
          if (this.index(collection.name, field).has(id)) {
            reject(
              'conflict',
              `The ${c?.noun ?? name} ${id} is still used by a ${collection.noun}; remove that first.`,
            );
          }
        }
      }
    }
  }

  private checkInvariants(): void {
    const opPut = this.opPut;
    const opRemove = this.opRemove;
    const changes: OperationChanges = {
      workshop: this.opWorkshop,
      put: (name) => [...(opPut.get(name)?.values() ?? [])],
      removed: (name) => [...(opRemove.get(name) ?? [])],
    };
    for (const invariant of this.schema.invariants) {
      const touched = invariant.watches.some((name) =>
        name === 'workshop'
          ? this.opWorkshop
          : (opPut.get(name)?.size ?? 0) + (opRemove.get(name)?.size ?? 0) > 0,
      );
      if (!touched) continue;
      const broken = invariant.check(this, changes);
      if (broken) throw new Rejection(broken.code, broken.message);
    }
  }

  /** The state after every applied operation, and what changed. The draft cannot be used after. */
  finish(): { state: BaseState<W>; changes: BatchChanges<W> } {
    this.finished = true;
    const records: Record<string, Table<WorkshopRecord>> = { ...this.base.records };
    for (const [name, table] of this.tables) records[name] = table;
    const changed = new Map<string, CollectionChanges>();
    const names = new Set([...this.batchPut.keys(), ...this.batchRemove.keys()]);
    for (const name of names) {
      const put = [...(this.batchPut.get(name)?.values() ?? [])];
      const remove = [...(this.batchRemove.get(name) ?? [])];
      if (put.length + remove.length > 0) changed.set(name, { put, remove });
    }
    return {
      state: { workshop: this.current, records },
      changes: { workshop: this.current, records: changed },
    };
  }
}
