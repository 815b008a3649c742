/**
 * Properties of the whole registry, checked with fast-check for every
 * operation type in OPERATION_TYPES: bodies are generated from each
 * operation's schema against random workshops (see registryArbitraries.ts), so
 * a newly registered feature is covered without a line here.
 *
 * (a) An operation followed by its inverse gives back the records it started from.
 * (b) Replaying the audit log that applyBatch wrote gives exactly the state the batches gave.
 * (c) Invalid bodies (schema-invalid, pointing at missing records, listing an id
 *     twice) are refused, and the deeply frozen input state is untouched.
 *
 * Each property also counts how often the generator produced an operation that
 * applied, so a generator that only produced refusals would fail loudly.
 *
 * The random history behind a case leans towards the operations of one feature
 * and of the features whose records it refers to (see `focusOf`), so a state
 * holds the records an operation needs: with five features, a uniformly random
 * history seldom gives a factor a placement to remove.
 */
import { latestReportVersion, lockReason } from '../../../shared/signoff/signoff.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EMPTY_HEAD, verifyChain, type ChainHead } from '../../../shared/base/auditChain.js';
import { canonicalJson } from '../../../shared/base/canonicalJson.js';
import type { WorkshopRecord } from '../../../shared/base/collection.js';
import { Draft, type OperationChanges } from '../../../shared/base/draft.js';
import type { FeatureDef } from '../../../shared/base/feature.js';
import { asActorId, asOperationId, asWorkshopId } from '../../../shared/base/ids.js';
import type { OperationErrorCode } from '../../../shared/base/operation.js';
import type { AuditEntry } from '../../../shared/pipeline/audit.js';
import {
  applyBatch,
  type AppliedBatch,
  type BatchContext,
  type BatchResult,
} from '../../../shared/pipeline/batch.js';
import { replay } from '../../../shared/pipeline/reducer.js';
import {
  buildWorkshopFile,
  readWorkshopFile,
  stateToSnapshot,
} from '../../../shared/pipeline/workshopFile.js';
import {
  COLLECTION_NAMES,
  DRAFT_SCHEMA,
  FEATURES,
  OPERATION_TYPES,
  type OperationBody,
  type OperationType,
  type WorkshopState,
} from '../../../shared/registry.js';
import { CREATE_OPERATION, RESTORE_OPERATION } from '../../../shared/workshop/workshop.js';
import { T0, byId, comparable, deepFreeze, integrityProblems, makeWorkshop } from './builders.js';
import {
  NoArbitraryError,
  generateBody,
  hasIdLists,
  hasTargets,
  integerIn,
  parsesAsBody,
  percentOf,
  pick,
  shapeOf,
  valueAt,
  withValueAt,
  wrongTypeFor,
  type World,
} from './registryArbitraries.js';

const WORKSHOP = asWorkshopId('ws-props');
const ACTORS = [asActorId('alice'), asActorId('bob'), asActorId('carol')] as const;

/** Runs per chunk of a property. */
const RUNS = 30;
/**
 * More chunks run while too few generated operations applied (rare ones need more tries);
 * most properties have enough after one or two.
 */
const MAX_CHUNKS = 12;
/** All chunks of one property together stop after this long (see assertUntil). */
const PROPERTY_BUDGET_MS = 45_000;
/**
 * vitest's timeout for a property's test: above PROPERTY_BUDGET_MS, which bounds it, so a
 * property that needs its rare cases does not fail for taking a few seconds.
 */
const PROPERTY_TIMEOUT_MS = 90_000;
/** An operation type must have applied at least this often. */
const MIN_APPLIED = 10;
/** Every operation type must appear at least this often in the logs that (b) replays. */
const MIN_IN_LOGS = 3;
/** Never an id of a generated record. */
const ABSENT_ID = 'absent-record-id';

/**
 * Runs `property` in chunks of RUNS runs until `enough()`, at most MAX_CHUNKS
 * chunks and PROPERTY_BUDGET_MS in all. A chunk stops when the budget is spent
 * (at most 15 s): a synchronous property cannot be timed out by vitest, and
 * shrinking a failure found on a big random workshop can take minutes (the
 * failure is still reported, with the smallest case found so far). A property
 * stopped before `enough()` fails on its counts.
 */
function assertUntil(property: fc.IProperty<[fc.GeneratorValue]>, enough: () => boolean): void {
  const deadline = performance.now() + PROPERTY_BUDGET_MS;
  for (let chunk = 0; chunk < MAX_CHUNKS && !enough(); chunk += 1) {
    const left = deadline - performance.now();
    if (left <= 0) return;
    fc.assert(property, {
      numRuns: RUNS,
      plugins: [fc.interruptAfterTimeLimit(Math.min(15_000, left))],
    });
  }
}

/** Clock and operation ids of one property run, so every run is deterministic. */
class Session {
  private now = T0;
  private serial = 0;

  context(actorId: (typeof ACTORS)[number]): BatchContext {
    this.now += 1000;
    return {
      workshopId: WORKSHOP,
      actorId,
      now: this.now,
      newOperationId: () => asOperationId(`op-${(this.serial += 1)}`),
    };
  }
}

function refusal(result: BatchResult): string {
  return result.ok ? 'applied' : `${result.error.code}: ${result.error.message}`;
}

/** A workshop along a random history: its state, chain head and audit entries. */
interface Point {
  readonly state: WorkshopState;
  readonly head: ChainHead;
  readonly entries: readonly AuditEntry[];
}

const pickActor = (g: fc.GeneratorValue) => pick(g, ACTORS);

/**
 * What a random history leans towards: the operation types and collections of
 * a feature and of every feature whose collections its records refer to
 * (factor placements sit on notes, why-nodes, components…). Null means no lean.
 */
interface Focus {
  /** The feature's own operation types. */
  readonly own: readonly OperationType[];
  /** Its own and those of the features it refers to. */
  readonly related: readonly OperationType[];
  /** The collections of those features, for the workshop's initial records. */
  readonly collections: readonly string[];
}

/** A feature as these tests read it: its collections and its operations' types. */
type Feature = Pick<FeatureDef, 'collections' | 'operations'>;
const FEATURE_LIST: readonly Feature[] = FEATURES;

function focusOf(feature: Feature): Focus | null {
  // A feature without records of its own (the workshop's) works on the whole workshop.
  if (feature.collections.length === 0) return null;
  const owner = (collection: string): Feature => {
    const found = FEATURE_LIST.find((f) => f.collections.some((c) => c.name === collection));
    if (!found) throw new Error(`no feature holds the collection ${collection}`);
    return found;
  };
  const related = new Set<Feature>();
  const visit = (f: Feature): void => {
    if (related.has(f)) return;
    related.add(f);
    for (const c of f.collections) for (const r of c.references) visit(owner(r.target));
  };
  visit(feature);
  const typesOf = (f: Feature) => Object.keys(f.operations) as OperationType[];
  return {
    own: typesOf(feature),
    related: [...related].flatMap(typesOf),
    collections: [...related].flatMap((f) => f.collections.map((c) => c.name)),
  };
}

/** The focus of each operation type: that of the feature declaring it. */
const FOCUS = new Map<OperationType, Focus | null>(
  FEATURE_LIST.flatMap((feature) => {
    const focus = focusOf(feature);
    return Object.keys(feature.operations).map((type): [OperationType, Focus | null] => [
      type as OperationType,
      focus,
    ]);
  }),
);

/**
 * How often a step of a focused history is one of the feature's own operations, and how
 * often one of its own or related features' (the rest: any type, the workshop's among them).
 */
const OWN_PERCENT = 50;
const RELATED_PERCENT = 30;

const worldOf = (
  state: WorkshopState | null,
  actorId: (typeof ACTORS)[number],
  focus: Focus | null = null,
): World => ({
  state,
  workshopId: WORKSHOP,
  actorId,
  actors: ACTORS,
  ...(focus ? { collections: focus.collections } : {}),
});

const percent = percentOf;

/** A generated workshop.create that applied (a plain one if several generated ones did not). */
function created(g: fc.GeneratorValue, session: Session, focus: Focus | null = null): Point {
  for (let attempt = 0; attempt < 6; attempt += 1) {
    const actor = pickActor(g);
    const body = generateBody(g, CREATE_OPERATION, worldOf(null, actor, focus));
    const result = applyBatch(null, EMPTY_HEAD, [body], session.context(actor));
    if (result.ok) return deepFreeze({ ...result.batch });
  }
  const workshop = makeWorkshop({ id: WORKSHOP, voteBudget: 3 });
  const result = applyBatch(
    null,
    EMPTY_HEAD,
    [{ type: 'workshop.create', payload: { workshop } }],
    session.context(ACTORS[0]),
  );
  if (!result.ok) throw new Error(`no workshop: ${refusal(result)}`);
  return deepFreeze({ ...result.batch });
}

/**
 * The type of a random step. While the workshop is in the trash nothing but a
 * restore applies, so a restore is likely then (a workshop stays trashed sometimes).
 * Otherwise mostly one of the focus, if any.
 */
function stepType(g: fc.GeneratorValue, state: WorkshopState, focus: Focus | null): OperationType {
  if (state.workshop.deletedAt !== null && percent(g) < 75) return RESTORE_OPERATION;
  // A signed workshop takes only sign-off operations: mostly reopen it, as a trashed one is restored.
  const locked = lockReason(latestReportVersion(state.records.reportVersions.values())) !== null;
  if (locked && percent(g) < 75) return 'report.reopen';
  const roll = focus ? percent(g) : 100;
  if (focus && roll < OWN_PERCENT) return pick(g, focus.own);
  if (focus && roll < OWN_PERCENT + RELATED_PERCENT) return pick(g, focus.related);
  return pick(g, OPERATION_TYPES);
}

/** One random operation on `point` (the point itself when it was refused). */
function step(g: fc.GeneratorValue, session: Session, point: Point, focus: Focus | null): Point {
  const actor = pickActor(g);
  const body = generateBody(g, stepType(g, point.state, focus), worldOf(point.state, actor));
  const result = applyBatch(point.state, point.head, [body], session.context(actor));
  if (!result.ok) return point;
  return deepFreeze({
    state: result.batch.state,
    head: result.batch.head,
    entries: [...point.entries, ...result.batch.entries],
  });
}

/** A random workshop: a generated create, then up to `steps` random operations. */
function randomWorkshop(
  g: fc.GeneratorValue,
  session: Session,
  steps: number,
  focus: Focus | null = null,
): Point {
  let point = created(g, session, focus);
  const count = integerIn(g, 0, steps);
  for (let i = 0; i < count; i += 1) point = step(g, session, point, focus);
  return point;
}

/** An operation of `type` that applied, and the (deeply frozen) state it applied to. */
interface Case {
  readonly start: WorkshopState | null;
  readonly head: ChainHead;
  readonly actor: (typeof ACTORS)[number];
  readonly body: OperationBody;
  readonly applied: AppliedBatch;
}

/**
 * Walks a random workshop until a generated body of `type` applies: after a
 * random history (leaning towards the type's focus), up to six tries, each on a
 * state one random step further. A case `prefer` turns down is kept only if no
 * later try gives one it takes. Null when none applied (counted, so a generator
 * that never finds a valid body fails the test).
 */
function findCase(
  g: fc.GeneratorValue,
  session: Session,
  type: OperationType,
  prefer: (found: Case) => boolean = () => true,
): Case | null {
  const creating = type === CREATE_OPERATION;
  const focus = FOCUS.get(type) ?? null;
  let point: Point | null = creating ? null : randomWorkshop(g, session, 10, focus);
  let fallback: Case | null = null;
  for (let tries = 0; tries < 6; tries += 1) {
    const actor = pickActor(g);
    const start = point?.state ?? null;
    const head = point?.head ?? EMPTY_HEAD;
    const body = generateBody(g, type, worldOf(start, actor));
    const result = applyBatch(start, head, [body], session.context(actor));
    if (result.ok) {
      const found: Case = { start, head, actor, body, applied: result.batch };
      if (prefer(found)) return found;
      fallback ??= found;
    }
    if (point) point = step(g, session, point, focus);
  }
  return fallback;
}

/**
 * The registered invariants a state breaks, checked as if every record had
 * just been written. Budgets win over undo on purpose, so an undo is exact
 * only from a state that keeps every invariant.
 */
function brokenInvariants(state: WorkshopState): string[] {
  const draft = new Draft(DRAFT_SCHEMA, state);
  const tables = state.records as unknown as Readonly<
    Record<string, ReadonlyMap<string, WorkshopRecord>>
  >;
  const changes: OperationChanges = {
    workshop: true,
    put: (name) => [...(tables[name]?.values() ?? [])],
    removed: () => [],
  };
  return DRAFT_SCHEMA.invariants.flatMap((invariant) => {
    const broken = invariant.check(draft, changes);
    return broken ? [`${invariant.name}: ${broken.message}`] : [];
  });
}

/** The state as canonical JSON, records sorted by id (a file stores -0 as 0, like this). */
function canonicalState(state: WorkshopState): string {
  const snapshot = stateToSnapshot(state);
  const records = COLLECTION_NAMES.map((name): [string, { id: string }[]] => {
    const list: readonly { id: string }[] = snapshot.records[name];
    return [name, byId(list)];
  });
  return canonicalJson({ workshop: state.workshop, records: Object.fromEntries(records) });
}

describe('every operation type has an arbitrary', () => {
  it.each(OPERATION_TYPES)('%s', (type) => {
    const session = new Session();
    const samples = fc.sample(
      fc.gen().map((g) => {
        const { state } = randomWorkshop(g, session, 3);
        return generateBody(g, type, worldOf(type === CREATE_OPERATION ? null : state, ACTORS[0]));
      }),
      { numRuns: 5, seed: 1 },
    );
    for (const body of samples) expect(body.type).toBe(type);
  });

  it('says which operation type has none', () => {
    const generate = () =>
      fc.sample(
        fc
          .gen()
          .map((g) => generateBody(g, 'sticker.add' as OperationType, worldOf(null, ACTORS[0]))),
        1,
      );
    expect(generate).toThrow(NoArbitraryError);
    expect(generate).toThrow('no arbitrary for operation type sticker.add');
  });
});

describe.each(OPERATION_TYPES)('%s', (type) => {
  it(
    '(a) applied and then undone by its inverse, gives back the records it started from',
    () => {
      let applied = 0;
      let exact = 0;
      assertUntil(
        fc.property(fc.gen(), (g) => {
          const session = new Session();
          const found = findCase(g, session, type);
          if (!found) return;
          applied += 1;
          const { start, actor } = found;
          const after = deepFreeze(found.applied.state);
          expect(integrityProblems(after)).toEqual([]);
          expect(found.applied.inverse.length).toBeGreaterThan(0);

          // The inverse, as new envelopes by the same person.
          const undo = applyBatch(
            after,
            found.applied.head,
            found.applied.inverse,
            session.context(actor),
          );
          if (start === null) {
            // There is no "no workshop" to go back to: undoing a create trashes the workshop.
            if (!undo.ok) throw new Error(`the undo of ${type} was refused: ${refusal(undo)}`);
            expect(undo.batch.state.workshop.deletedAt).not.toBeNull();
            expect(undo.batch.state.records).toStrictEqual(after.records);
            exact += 1;
            return;
          }
          if (brokenInvariants(start).length > 0) {
            // Someone holds more votes than a lowered budget: an undo that would put a vote
            // back may be refused, and a note may come back with fewer votes. Never worse.
            if (!undo.ok) expect(undo.error.code, refusal(undo)).toBe('budget');
            else expect(integrityProblems(undo.batch.state)).toEqual([]);
            return;
          }
          if (!undo.ok) throw new Error(`the undo of ${type} was refused: ${refusal(undo)}`);
          expect(comparable(undo.batch.state, { ignoreTrashTime: true })).toStrictEqual(
            comparable(start, { ignoreTrashTime: true }),
          );
          exact += 1;
        }),
        () => exact >= MIN_APPLIED,
      );
      expect(applied, `${type} applied ${applied} times`).toBeGreaterThanOrEqual(MIN_APPLIED);
      expect(exact, `${type} was undone exactly ${exact} times`).toBeGreaterThanOrEqual(
        MIN_APPLIED,
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    '(c) invalid bodies are refused and leave the deeply frozen state as it was',
    () => {
      const mutations = { schema: 0, missing: 0, duplicate: 0, embedded: 0 };
      const enough = () =>
        mutations.schema >= MIN_APPLIED &&
        (!hasTargets(type) || mutations.missing >= MIN_APPLIED) &&
        (!hasIdLists(type) || mutations.duplicate >= MIN_APPLIED);
      assertUntil(
        fc.property(fc.gen(), (g) => {
          const session = new Session();
          // Only bodies known to apply are made invalid, so the mutation is what is refused;
          // preferably bodies with ids of existing records, which can be made to miss.
          const found = findCase(g, session, type, (c) => {
            return !hasTargets(type) || shapeOf(type, c.body.payload, c.start).targets.length > 0;
          });
          if (!found) return;
          const { start, head, actor, body } = found;
          const shape = shapeOf(type, body.payload, start);
          const before = structuredClone(start);
          const attempt = (mutated: unknown): BatchResult =>
            applyBatch(start, head, [mutated as OperationBody], session.context(actor));

          const expectRefused = (payload: unknown, codes: readonly OperationErrorCode[]) => {
            const result = attempt({ type, payload });
            expect(result.ok, `${JSON.stringify(payload)} was applied`).toBe(false);
            if (!result.ok) expect(codes, refusal(result)).toContain(result.error.code);
            expect(start).toStrictEqual(before);
          };

          // Schema-invalid: one value of another type, or an unknown operation type.
          const index = integerIn(g, 0, shape.values.length);
          const path = shape.values[index];
          if (path === undefined) {
            expect(attempt({ type: `${type}.unknown`, payload: body.payload })).toMatchObject({
              ok: false,
              error: { code: 'invalid' },
            });
          } else {
            const payload = withValueAt(
              body.payload,
              path,
              wrongTypeFor(valueAt(body.payload, path)),
            );
            expectRefused(payload, ['invalid']);
            // When the schema itself refuses it (not a record inside `unknown` initial records),
            // the message names the field.
            if (!parsesAsBody({ type, payload })) {
              const result = attempt({ type, payload });
              const where = ['payload', ...path].join('.');
              expect(result.ok ? '' : result.error.message).toContain(`(${where})`);
            }
          }
          mutations.schema += 1;

          // An id that addresses a record which does not exist.
          if (shape.targets.length > 0) {
            const target = pick(g, shape.targets);
            expectRefused(withValueAt(body.payload, target, ABSENT_ID), ['not_found']);
            mutations.missing += 1;
          }

          // The same id listed twice.
          if (shape.idLists.length > 0) {
            const listPath = pick(g, shape.idLists);
            const list = valueAt(body.payload, listPath) as unknown[];
            expectRefused(withValueAt(body.payload, listPath, [...list, list[0]]), [
              'invalid',
              'conflict',
            ]);
            mutations.duplicate += 1;
          }

          // A record that refers to a missing record: refused, or (note.restore) healed,
          // but never stored with a dangling reference.
          if (shape.embedded.length > 0) {
            const reference = pick(g, shape.embedded);
            const result = attempt({
              type,
              payload: withValueAt(body.payload, reference, ABSENT_ID),
            });
            if (result.ok) {
              expect(integrityProblems(result.batch.state)).toEqual([]);
              expect(canonicalState(result.batch.state)).not.toContain(ABSENT_ID);
            }
            expect(start).toStrictEqual(before);
            mutations.embedded += 1;
          }
        }),
        enough,
      );
      expect(mutations.schema, 'schema-invalid bodies tried').toBeGreaterThanOrEqual(MIN_APPLIED);
      if (hasTargets(type)) {
        expect(mutations.missing, 'bodies with a missing id tried').toBeGreaterThanOrEqual(
          MIN_APPLIED,
        );
      }
      if (hasIdLists(type)) {
        expect(mutations.duplicate, 'bodies listing an id twice tried').toBeGreaterThanOrEqual(
          MIN_APPLIED,
        );
      }
    },
    PROPERTY_TIMEOUT_MS,
  );
});

describe('(b) replaying the audit log', () => {
  it(
    'gives exactly the state the batches produced, and so does importing the export',
    () => {
      const applied = new Map<string, number>();
      assertUntil(
        fc.property(fc.gen(), (g) => {
          const session = new Session();
          // Each run leans towards one feature, so every feature's operations get records to act on.
          const focus = focusOf(pick(g, FEATURE_LIST));
          let { state, head, entries } = randomWorkshop(g, session, 6, focus);
          const batches = integerIn(g, 1, 14);
          for (let b = 0; b < batches; b += 1) {
            const actor = pickActor(g);
            const size = integerIn(g, 1, 3);
            // Each body is generated against the state the bodies before it lead to.
            const bodies: OperationBody[] = [];
            let reached = state;
            for (let i = 0; i < size; i += 1) {
              const body = generateBody(g, stepType(g, reached, focus), worldOf(reached, actor));
              const trial = applyBatch(state, head, [...bodies, body], session.context(actor));
              if (!trial.ok) continue;
              bodies.push(body);
              reached = trial.batch.state;
            }
            if (bodies.length === 0) continue;
            const result = applyBatch(state, head, bodies, session.context(actor));
            if (!result.ok) throw new Error(`a batch that applied was refused: ${refusal(result)}`);
            expect(result.batch.entries).toHaveLength(bodies.length);
            expect(integrityProblems(result.batch.state)).toEqual([]);

            // The whole batch is undone by its inverse, applied as one batch.
            if (brokenInvariants(state).length === 0) {
              const undo = applyBatch(
                result.batch.state,
                result.batch.head,
                result.batch.inverse,
                session.context(actor),
              );
              if (!undo.ok) throw new Error(`the undo of a batch was refused: ${refusal(undo)}`);
              expect(comparable(undo.batch.state, { ignoreTrashTime: true })).toStrictEqual(
                comparable(state, { ignoreTrashTime: true }),
              );
            }
            state = deepFreeze(result.batch.state);
            head = result.batch.head;
            entries = [...entries, ...result.batch.entries];
          }
          for (const entry of entries) {
            applied.set(entry.operation.type, (applied.get(entry.operation.type) ?? 0) + 1);
          }

          expect(verifyChain(WORKSHOP, entries)).toStrictEqual({
            ok: true,
            head,
            length: entries.length,
          });
          expect(replay(entries.map((entry) => entry.operation))).toStrictEqual({
            ok: true,
            state,
          });

          const file = buildWorkshopFile(stateToSnapshot(state), entries, T0 + 10_000_000);
          const imported = readWorkshopFile(JSON.stringify(file));
          if (!imported.ok) throw new Error(`the export does not import: ${imported.message}`);
          expect(canonicalState(imported.state)).toBe(canonicalState(state));
          expect(imported.audit).toHaveLength(entries.length);
        }),
        () => OPERATION_TYPES.every((type) => (applied.get(type) ?? 0) >= MIN_IN_LOGS),
      );
      for (const type of OPERATION_TYPES) {
        expect(applied.get(type) ?? 0, `${type} in replayed logs`).toBeGreaterThanOrEqual(
          MIN_IN_LOGS,
        );
      }
    },
    PROPERTY_TIMEOUT_MS,
  );
});
