import { describe, expect, it } from 'vitest';
import {
  appendEntry,
  EMPTY_HEAD,
  hashEntryContent,
  headOf,
} from '../../../shared/base/auditChain.js';
import { asOperationId } from '../../../shared/base/ids.js';
import { MAX_TIMESTAMP, MIN_TIMESTAMP, isPlausibleTimestamp } from '../../../shared/base/time.js';
import type { AuditEntry } from '../../../shared/pipeline/audit.js';
import { applyBatch } from '../../../shared/pipeline/batch.js';
import {
  MAX_WORKSHOP_FILE_BYTES,
  WORKSHOP_FILE_FORMAT,
  WORKSHOP_FILE_VERSION,
  buildWorkshopFile,
  readWorkshopFile,
  snapshotToState,
  stateToSnapshot,
  type ReadResult,
  type WorkshopFile,
} from '../../../shared/pipeline/workshopFile.js';
import { explainFileProblem, type FileProblemKind } from '../../../shared/pipeline/fileProblems.js';
import { COLLECTION_NAMES, type Operation } from '../../../shared/registry.js';
import { asClusterId, asNoteId } from '../../../shared/wall/records.js';
import { WORKSHOP_LIMITS } from '../../../shared/workshop/workshop.js';
import {
  ALICE,
  BOB,
  SAMPLE,
  T0,
  WS,
  applyAllOk,
  buildChain,
  createOp,
  envelope,
  legacyCreateOp,
  makeCluster,
  makeNote,
  makeVote,
  makeWorkshop,
  mulberry32,
  sampleOperations,
} from './builders.js';

const EXPORTED_AT = T0 + 86_400_000;

/** The sample wall plus edits, a deletion and a restore: the operations behind a realistic file. */
function workshopOps(): Operation[] {
  const s = SAMPLE;
  return [
    ...sampleOperations(),
    envelope(
      { type: 'note.add', payload: { note: makeNote('n6', { text: 'Pager rotation gap' }) } },
      { at: T0 + 10 },
    ),
    envelope(
      { type: 'note.edit', payload: { noteId: s.n2.id, text: 'Dashboard lagged 15 min' } },
      { actorId: BOB, at: T0 + 11 },
    ),
    envelope(
      { type: 'cluster.rename', payload: { clusterId: s.c1.id, name: 'Detection gaps' } },
      { at: T0 + 12 },
    ),
    envelope({ type: 'note.delete', payload: { noteIds: [s.n1.id] } }, { at: T0 + 13 }),
    envelope(
      { type: 'note.restore', payload: { notes: [s.n1], votes: [s.v1, s.v2] } },
      { at: T0 + 14 },
    ),
    envelope({ type: 'cluster.move', payload: { clusterId: s.c2.id, x: -1500, y: 200 } }),
    envelope(
      { type: 'vote.add', payload: { vote: makeVote('v4', 'n6', BOB) } },
      { actorId: BOB, at: T0 + 15 },
    ),
  ];
}

function exportWorkshop(ops: readonly Operation[] = workshopOps()) {
  const state = applyAllOk(null, ops);
  const audit = buildChain(ops);
  const file = buildWorkshopFile(stateToSnapshot(state), audit, EXPORTED_AT);
  return { state, audit, file, text: JSON.stringify(file) };
}

type DeepMutable<T> = T extends string | number | boolean | null | undefined
  ? T
  : T extends readonly (infer U)[]
    ? DeepMutable<U>[]
    : T extends object
      ? { -readonly [K in keyof T]: DeepMutable<T[K]> }
      : T;

/** A mutable deep copy of an exported file, typed loosely so a test can damage it. */
const damageable = (file: WorkshopFile) =>
  JSON.parse(JSON.stringify(file)) as DeepMutable<WorkshopFile> & Record<string, unknown>;

/** A record of a damageable file, as loose JSON. */
const loose = (record: object): Record<string, unknown> => record as Record<string, unknown>;

/**
 * Asserts that a file was refused as `kind`, with the plain message for that kind and a
 * technical detail holding `detailParts`. Returns both texts.
 */
function expectProblem(
  result: ReadResult,
  kind: FileProblemKind,
  ...detailParts: (string | RegExp)[]
): { message: string; detail: string } {
  if (result.ok) throw new Error(`expected a ${kind} refusal, but the file was read`);
  expect(result.problem.kind).toBe(kind);
  const { message, detail } = result;
  expect(message).toBe(explainFileProblem(result.problem));
  expect(detail).toBe(result.problem.detail);
  for (const part of detailParts) {
    if (typeof part === 'string') expect(detail).toContain(part);
    else expect(detail).toMatch(part);
  }
  // Messages are shown to people: short, never an echo of the file, never a zod path.
  expect(message.length).toBeLessThan(300);
  expect(message).not.toMatch(/records\.|\.\d+\.|\w+\.\w+:/);
  expect(detail.length).toBeLessThanOrEqual(800);
  return { message, detail };
}

describe('buildWorkshopFile and readWorkshopFile', () => {
  it('round-trips through JSON to the same state and audit trail', () => {
    const { state, audit, text } = exportWorkshop();
    const result = readWorkshopFile(text);
    expect(result).toStrictEqual({ ok: true, state, audit });
  });

  it('writes the format, the schema version and the export time', () => {
    const { file, state, audit } = exportWorkshop();
    expect(file).toMatchObject({
      format: WORKSHOP_FILE_FORMAT,
      schemaVersion: WORKSHOP_FILE_VERSION,
      exportedAt: EXPORTED_AT,
      workshop: state.workshop,
    });
    expect(file.format).toBe('debrief-workshop');
    expect(file.schemaVersion).toBe(2);
    expect(file.audit).toHaveLength(audit.length);
    // One list per registered collection, with every record of the state.
    expect(Object.keys(file.records).sort()).toEqual([...COLLECTION_NAMES].sort());
    for (const name of COLLECTION_NAMES) {
      expect(file.records[name]).toHaveLength(state.records[name].size);
    }
    expect(file.records.notes.length).toBeGreaterThan(0);
    expect(file.records.votes.length).toBeGreaterThan(0);
  });

  it('reads a pretty-printed file and a file whose records are in another order', () => {
    const { file, state } = exportWorkshop();
    expect(readWorkshopFile(JSON.stringify(file, null, 2))).toMatchObject({ ok: true, state });
    const reordered = {
      ...file,
      records: {
        ...file.records,
        notes: [...file.records.notes].reverse(),
        votes: [...file.records.votes].reverse(),
      },
    };
    expect(readWorkshopFile(JSON.stringify(reordered))).toMatchObject({ ok: true, state });
  });

  it('stateToSnapshot and snapshotToState are inverse', () => {
    const { state } = exportWorkshop();
    expect(snapshotToState(stateToSnapshot(state))).toStrictEqual(state);
  });

  it('accepts a file of exactly the maximum size', () => {
    const { text } = exportWorkshop();
    expect(readWorkshopFile(text, MAX_WORKSHOP_FILE_BYTES).ok).toBe(true);
  });
});

describe('readWorkshopFile refuses damaged or foreign files with a message that names the problem', () => {
  it('an empty file', () => {
    expectProblem(readWorkshopFile(''), 'empty');
    expectProblem(readWorkshopFile('  \n\t '), 'empty', 'none of them content');
  });

  it('truncated JSON', () => {
    const { text } = exportWorkshop();
    const half = Math.floor(text.length / 2);
    expectProblem(
      readWorkshopFile(text.slice(0, half)),
      'truncated',
      `stops after ${half.toLocaleString('en')} characters`,
    );
  });

  it.each([
    ['a JSON array', '[]'],
    ['a JSON number', '42'],
    ['JSON null', 'null'],
    ['a JSON string', '"debrief-workshop"'],
  ])('not an object: %s', (_name, text) => {
    expectProblem(readWorkshopFile(text), 'not-workshop', 'a workshop file holds one JSON object');
  });

  it('a wrong or missing format field', () => {
    const { file } = exportWorkshop();
    expectProblem(
      readWorkshopFile(JSON.stringify({ ...file, format: 'trello-board' })),
      'not-workshop',
      'Its "format" field is "trello-board"',
    );
    const noFormat: Record<string, unknown> = { ...file };
    Reflect.deleteProperty(noFormat, 'format');
    expectProblem(readWorkshopFile(JSON.stringify(noFormat)), 'not-workshop', 'no "format" field');
  });

  it('a missing or malformed schemaVersion', () => {
    const { file } = exportWorkshop();
    const noVersion: Record<string, unknown> = { ...file };
    Reflect.deleteProperty(noVersion, 'schemaVersion');
    expectProblem(
      readWorkshopFile(JSON.stringify(noVersion)),
      'damaged',
      '"schemaVersion" is missing',
    );
    for (const schemaVersion of ['1', 0, 1.5, null]) {
      expectProblem(
        readWorkshopFile(JSON.stringify({ ...file, schemaVersion })),
        'damaged',
        `"schemaVersion" is ${JSON.stringify(schemaVersion)}`,
      );
    }
  });

  it('a newer schemaVersion', () => {
    const { file } = exportWorkshop();
    const { message } = expectProblem(
      readWorkshopFile(JSON.stringify({ ...file, schemaVersion: 99 })),
      'newer-format',
      'format version 99',
      `format versions 1 to ${WORKSHOP_FILE_VERSION}`,
    );
    expect(message).toContain('made by a newer version of Debrief');
    expect(message).toContain('Update Debrief');
  });

  it('a wrong type, naming the path of the bad field', () => {
    const { file } = exportWorkshop();
    const damaged = damageable(file);
    loose(damaged.records.notes[2]!).x = '120';
    expectProblem(readWorkshopFile(JSON.stringify(damaged)), 'damaged', 'records.notes.2.x');
  });

  it('a missing field, naming its path', () => {
    const { file } = exportWorkshop();
    const damaged = damageable(file);
    Reflect.deleteProperty(damaged.workshop, 'title');
    expectProblem(readWorkshopFile(JSON.stringify(damaged)), 'damaged', 'workshop.title');
  });

  it('an out-of-range value, naming its path', () => {
    const { file } = exportWorkshop();
    const damaged = damageable(file);
    damaged.records.clusters[0]!.width = 10;
    expectProblem(readWorkshopFile(JSON.stringify(damaged)), 'damaged', 'records.clusters.0.width');
  });

  it('an empty audit trail', () => {
    const { file } = exportWorkshop();
    expectProblem(readWorkshopFile(JSON.stringify({ ...file, audit: [] })), 'damaged', 'audit');
  });

  it('a broken chain: a note text edited inside an audit entry', () => {
    const { file } = exportWorkshop();
    const damaged = damageable(file);
    const index = damaged.audit.findIndex((e) => e.operation.type === 'note.edit');
    const op = damaged.audit[index]!.operation;
    if (op.type !== 'note.edit') throw new Error('fixture: expected a note.edit entry');
    op.payload.text = 'Dashboard was fine';
    expectProblem(
      readWorkshopFile(JSON.stringify(damaged)),
      'tampered',
      'audit trail does not verify',
      `entry ${index} was altered`,
    );
  });

  it('a broken chain: an entry removed from the middle', () => {
    const { file } = exportWorkshop();
    const damaged = damageable(file);
    damaged.audit.splice(3, 1);
    expectProblem(
      readWorkshopFile(JSON.stringify(damaged)),
      'tampered',
      'audit trail does not verify',
      'entry 3',
    );
  });

  it('contents that do not match the audit trail: a note text edited in the notes only', () => {
    const { file } = exportWorkshop();
    const damaged = damageable(file);
    damaged.records.notes[1]!.text = 'Someone else wrote this';
    expectProblem(readWorkshopFile(JSON.stringify(damaged)), 'tampered', 'The notes listed');
  });

  it('contents that do not match the audit trail: a vote added, a note dropped, the title changed', () => {
    const { file } = exportWorkshop();
    const extraVote = damageable(file);
    extraVote.records.votes.push(makeVote('v99', 'n3', ALICE));
    expectProblem(readWorkshopFile(JSON.stringify(extraVote)), 'tampered', 'The votes listed');

    const droppedNote = damageable(file);
    droppedNote.records.notes.pop();
    expectProblem(readWorkshopFile(JSON.stringify(droppedNote)), 'tampered', 'The notes listed');

    const retitled = damageable(file);
    retitled.workshop.title = 'Nothing happened';
    expectProblem(readWorkshopFile(JSON.stringify(retitled)), 'tampered', 'workshop header');
  });

  it('an audit trail cut short while the contents were kept', () => {
    const { file } = exportWorkshop();
    expectProblem(
      readWorkshopFile(JSON.stringify({ ...file, audit: file.audit.slice(0, -1) })),
      'tampered',
      'replaying its audit trail',
    );
  });

  it('a correctly hashed chain whose operations do not apply', () => {
    const ops = [
      ...sampleOperations(),
      envelope({ type: 'note.edit', payload: { noteId: asNoteId('n-missing'), text: 'x' } }),
    ];
    const audit = buildChain(ops);
    const state = applyAllOk(null, ops.slice(0, -1));
    const file = buildWorkshopFile(stateToSnapshot(state), audit, EXPORTED_AT);
    expectProblem(
      readWorkshopFile(JSON.stringify(file)),
      'tampered',
      `entry ${ops.length - 1} cannot be applied`,
      'n-missing',
    );
  });

  it('a workshop id that differs from the one its audit trail records', () => {
    const { file } = exportWorkshop();
    const damaged = damageable(file);
    damaged.workshop.id = damaged.workshop.id.replace('main', 'copy') as typeof damaged.workshop.id;
    expectProblem(readWorkshopFile(JSON.stringify(damaged)), 'tampered', 'another workshop');
  });

  it('a byteLength over MAX_WORKSHOP_FILE_BYTES, before reading the text', () => {
    const { text } = exportWorkshop();
    const { message } = expectProblem(
      readWorkshopFile(text, MAX_WORKSHOP_FILE_BYTES + 1),
      'too-large',
      '104,857,601 bytes',
    );
    expect(message).toContain('at most 100 MB');
    expect(MAX_WORKSHOP_FILE_BYTES).toBe(100 * 1024 * 1024);
    const big = expectProblem(readWorkshopFile('{}', 150 * 1024 * 1024), 'too-large');
    expect(big.message).toContain('it is 150 MB, and workshop files are at most 100 MB');
  });
});

/** The same workshop laid out as a format-1 file: the wall's collections at the top level. */
function toFormat1(file: WorkshopFile): Record<string, unknown> {
  return {
    format: file.format,
    schemaVersion: 1,
    exportedAt: file.exportedAt,
    workshop: file.workshop,
    notes: file.records.notes,
    clusters: file.records.clusters,
    votes: file.records.votes,
    audit: file.audit,
  };
}

/** workshopOps with the create in its format-1 shape, as format-1 chains have it. */
function format1Ops(): Operation[] {
  const [, ...rest] = workshopOps();
  const s = SAMPLE;
  return [
    legacyCreateOp(makeWorkshop({ voteBudget: 3 }), {
      clusters: [s.c1, s.c2],
      notes: [s.n1, s.n2, s.n3, s.n4, s.n5],
    }),
    ...rest,
  ];
}

describe('format 1 files', () => {
  it('read through the named migration, with the same records as format 2', () => {
    const v1 = exportWorkshop(format1Ops());
    const result = readWorkshopFile(JSON.stringify(toFormat1(v1.file)));
    expect(result).toStrictEqual({ ok: true, state: v1.state, audit: v1.audit });
    // The legacy create payload builds the same wall as the records groups (the sample's
    // 5-whys, diagram and factor are beyond what format 1 could carry).
    const v2 = exportWorkshop();
    for (const name of ['notes', 'clusters', 'votes'] as const) {
      expect(result.ok && result.state.records[name], name).toStrictEqual(v2.state.records[name]);
    }
  });

  it('are refused when damaged, naming the field', () => {
    const v1 = toFormat1(exportWorkshop(format1Ops()).file);
    expectProblem(readWorkshopFile(JSON.stringify({ ...v1, notes: 'none' })), 'damaged', 'notes');
    const noVotes: Record<string, unknown> = { ...v1 };
    Reflect.deleteProperty(noVotes, 'votes');
    expectProblem(readWorkshopFile(JSON.stringify(noVotes)), 'damaged', 'votes');
  });

  // Fails today (a bug in shared/pipeline/workshopFile.ts): the format-1 migration lets the
  // records through unchecked, so a damaged record is reported at its format-2 path
  // ("records.notes.2.x"), which does not exist in the file the person chose. The message
  // should name the field where it is in that file, as it did before format 2.
  it('are refused when a record is damaged, naming the field where it is in the file', () => {
    const v1 = toFormat1(exportWorkshop(format1Ops()).file) as { notes: Record<string, unknown>[] };
    const damaged = structuredClone(v1);
    damaged.notes[2]!.x = '120';
    const { detail } = expectProblem(
      readWorkshopFile(JSON.stringify(damaged)),
      'damaged',
      'notes.2.x',
    );
    expect(detail).not.toContain('records.');
  });

  it('are refused when a timestamp is out of range, naming the field', () => {
    const v1 = toFormat1(exportWorkshop(format1Ops()).file);
    const workshop = { ...(v1.workshop as object), createdAt: 9e15 };
    expectProblem(
      readWorkshopFile(JSON.stringify({ ...v1, workshop })),
      'damaged',
      'workshop.createdAt',
      'before 2100-01-01',
    );
  });
});

describe('format 2 files', () => {
  it('may leave out a collection that has no records', () => {
    const ops = sampleOperations().slice(0, 1);
    const { file, state } = exportWorkshop(ops);
    expect(file.records.votes).toEqual([]);
    const records: Record<string, unknown> = { ...file.records };
    Reflect.deleteProperty(records, 'votes');
    expect(readWorkshopFile(JSON.stringify({ ...file, records }))).toMatchObject({
      ok: true,
      state,
    });
  });

  it('are refused when they carry records of a kind Debrief does not know', () => {
    const { file } = exportWorkshop();
    expectProblem(
      readWorkshopFile(JSON.stringify({ ...file, records: { ...file.records, stickers: [] } })),
      'damaged',
      'records',
    );
  });

  it('are refused when the records are not an object of lists', () => {
    const { file } = exportWorkshop();
    expectProblem(readWorkshopFile(JSON.stringify({ ...file, records: [] })), 'damaged', 'records');
    expectProblem(
      readWorkshopFile(JSON.stringify({ ...file, records: { ...file.records, notes: {} } })),
      'damaged',
      'records.notes',
    );
  });
});

describe('timestamps out of range', () => {
  /**
   * A file that is consistent in itself (hashes, replay and contents agree) but
   * whose workshop was created at `at`: only the timestamp bounds can refuse it.
   */
  function consistentFileCreatedAt(at: number): string {
    const ops = [
      createOp(makeWorkshop({ createdAt: at, updatedAt: at }), { notes: [makeNote('n1')] }, { at }),
    ];
    return exportWorkshop(ops).text;
  }

  it.each([
    ['9e15 ms (about the year 287,000, beyond what Date can hold)', 9e15],
    ['the year 285,000', 285_000 * 365.2425 * 86_400_000],
    ['one millisecond after 2100-01-01', MAX_TIMESTAMP + 1],
  ])('refuses %s, naming the field', (_name, at) => {
    const value = Math.round(at);
    expect(Number.isSafeInteger(value)).toBe(true);
    expectProblem(
      readWorkshopFile(consistentFileCreatedAt(value)),
      'damaged',
      'workshop.createdAt',
      'must be a date before 2100-01-01',
    );
  });

  it('refuses a time before 2000-01-01, naming the field', () => {
    expectProblem(
      readWorkshopFile(consistentFileCreatedAt(MIN_TIMESTAMP - 1)),
      'damaged',
      'workshop.createdAt',
      'must be a date after 2000-01-01',
    );
  });

  it('accepts the first millisecond of 2000 and the last before 2100', () => {
    expect(readWorkshopFile(consistentFileCreatedAt(MIN_TIMESTAMP)).ok).toBe(true);
    expect(readWorkshopFile(consistentFileCreatedAt(MAX_TIMESTAMP - 1)).ok).toBe(true);
  });

  // Fails today (a bug in shared/base/time.ts): the bound is `.max()`, inclusive, so
  // 2100-01-01T00:00:00.000Z itself is accepted while the message says "before 2100-01-01"
  // (and incident dates stop at 2099-12-31). The range is [2000-01-01, 2100-01-01).
  it('refuses 2100-01-01T00:00:00Z itself: the upper bound is exclusive, as its message says', () => {
    expect(new Date(MAX_TIMESTAMP).toISOString()).toBe('2100-01-01T00:00:00.000Z');
    expect(isPlausibleTimestamp(MAX_TIMESTAMP)).toBe(false);
    expectProblem(
      readWorkshopFile(consistentFileCreatedAt(MAX_TIMESTAMP)),
      'damaged',
      'workshop.createdAt',
      'must be a date before 2100-01-01',
    );
  });

  it('refuses a record or an operation from the far future, naming where it is', () => {
    const far = 9e15;
    const withNote = exportWorkshop([
      ...workshopOps(),
      envelope({ type: 'note.add', payload: { note: makeNote('n9', { createdAt: far }) } }),
    ]);
    const noteIndex = withNote.file.records.notes.findIndex((n) => n.id === 'n9');
    expectProblem(
      readWorkshopFile(withNote.text),
      'damaged',
      `records.notes.${noteIndex}.createdAt`,
    );

    const lateOp = exportWorkshop([
      ...workshopOps(),
      envelope({ type: 'note.edit', payload: { noteId: SAMPLE.n3.id, text: 'x' } }, { at: far }),
    ]);
    // The operation's time also became the workshop's updatedAt.
    expectProblem(readWorkshopFile(lateOp.text), 'damaged', 'workshop.updatedAt');

    const { file } = exportWorkshop();
    expectProblem(
      readWorkshopFile(JSON.stringify({ ...file, exportedAt: far })),
      'damaged',
      'exportedAt',
    );
  });
});

describe('the record ceiling', () => {
  /**
   * The text of a file holding `count` notes and a one-entry audit trail, built
   * as text (no reducer, no hashing of the notes): the count check must come
   * before anything that would replay or compare them.
   */
  function fileWithNotes(count: number): string {
    const create = appendEntry(EMPTY_HEAD, createOp(makeWorkshop()));
    const note = (i: number) =>
      `{"id":"n${i}","workshopId":"${WS}","text":"","color":"yellow","x":0,"y":0,` +
      `"clusterId":null,"authorId":"alice","createdAt":${T0}}`;
    const notes = Array.from({ length: count }, (_, i) => note(i)).join(',');
    return (
      `{"format":"${WORKSHOP_FILE_FORMAT}","schemaVersion":2,"exportedAt":${EXPORTED_AT},` +
      `"workshop":${JSON.stringify(makeWorkshop())},` +
      `"records":{"notes":[${notes}],"clusters":[],"votes":[]},` +
      `"audit":[${JSON.stringify(create)}]}`
    );
  }

  it(
    'refuses a file with more than 100,000 records, all collections together, with a clear message',
    { timeout: 30_000 },
    () => {
      expect(WORKSHOP_LIMITS.records).toBe(100_000);
      // 100,000 notes and one cluster: each collection alone is within the limit.
      const text = fileWithNotes(WORKSHOP_LIMITS.records).replace(
        '"clusters":[]',
        `"clusters":[${JSON.stringify(makeCluster('c1'))}]`,
      );
      const { message } = expectProblem(
        readWorkshopFile(text),
        'too-many-records',
        'lists 100,001 records',
      );
      expect(message).toContain('the file holds 100,001 records');
      expect(message).toContain('a workshop holds at most 100,000');
      expect(message).not.toMatch(/audit trail/);
    },
  );

  it('lets a file at the ceiling through to the audit check', { timeout: 30_000 }, () => {
    // 100,000 notes pass the count; the tampered hash then fails the next check.
    const text = fileWithNotes(WORKSHOP_LIMITS.records).replace(
      /"hash":"[0-9a-f]{64}"/,
      `"hash":"${'f'.repeat(64)}"`,
    );
    expectProblem(
      readWorkshopFile(text),
      'tampered',
      'audit trail does not verify',
      'entry 0 was altered',
    );
  });
});

describe('readWorkshopFile on 50 MB of junk', () => {
  const SIZE = 50 * 1024 * 1024;

  /** 1 MiB of random printable characters (no quotes or backslashes), repeated to `size`. */
  function junk(seed: number, size: number): string {
    const rand = mulberry32(seed);
    const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789 ,.:;{}[]<>!?#%&*+-=/|~ÄéΩ漢';
    const chunk = Array.from({ length: 1024 * 1024 }, () =>
      alphabet.charAt(Math.floor(rand() * alphabet.length)),
    ).join('');
    return chunk.repeat(Math.ceil(size / chunk.length)).slice(0, size);
  }

  it('rejects random characters quickly', { timeout: 30_000 }, () => {
    const text = `~${junk(1, SIZE - 1)}`;
    expect(text.length).toBe(SIZE);
    const started = performance.now();
    const result = readWorkshopFile(text);
    const elapsed = performance.now() - started;
    expectProblem(result, 'not-workshop', 'not JSON');
    expect(elapsed).toBeLessThan(2000);
  });

  it(
    'rejects junk wrapped in a plausible header quickly, without echoing it',
    { timeout: 30_000 },
    () => {
      const text = `{"format":"debrief-workshop","schemaVersion":1,"notes":"${junk(2, SIZE)}"}`;
      const started = performance.now();
      const result = readWorkshopFile(text);
      const elapsed = performance.now() - started;
      expectProblem(result, 'damaged', 'notes');
      expect(elapsed).toBeLessThan(5000);
    },
  );

  it(
    'rejects junk in the records of a format 2 header quickly, naming the field',
    { timeout: 30_000 },
    () => {
      const text = `{"format":"debrief-workshop","schemaVersion":2,"records":{"notes":"${junk(3, SIZE)}"}}`;
      const started = performance.now();
      const result = readWorkshopFile(text);
      const elapsed = performance.now() - started;
      expectProblem(result, 'damaged', 'records.notes');
      expect(elapsed).toBeLessThan(5000);
    },
  );
});

describe('operations recorded through applyBatch', () => {
  // The record schemas *transform* (WorkshopHeaderSchema.title/authors and ClusterSchema.name
  // are .trim()med), and import re-parses the audit trail. So an operation must be applied and
  // hashed in its parsed form, or an honest export would fail to verify. applyBatch does that;
  // this pins it with values the schemas change.
  it('survive export and import when a title or cluster name has surrounding spaces', () => {
    const created = applyAllOk(null, sampleOperations().slice(0, 1));
    const createEntry = buildChain(sampleOperations().slice(0, 1));
    let serial = 0;
    const result = applyBatch(
      created,
      headOf(createEntry.at(-1)),
      [
        { type: 'workshop.update', payload: { changes: { title: '  Checkout outage ' } } },
        { type: 'cluster.create', payload: { cluster: makeCluster('c9', { name: ' Luck ' }) } },
        { type: 'cluster.rename', payload: { clusterId: asClusterId('c9'), name: ' Pure luck  ' } },
      ],
      {
        workshopId: created.workshop.id,
        actorId: ALICE,
        now: T0 + 50,
        newOperationId: () => asOperationId(`batch-${(serial += 1)}`),
      },
    );
    if (!result.ok) throw new Error(result.error.message);
    const { state, entries } = result.batch;
    expect(state.workshop.title).toBe('Checkout outage');
    expect(state.records.clusters.get('c9')?.name).toBe('Pure luck');

    const audit = [...createEntry, ...entries];
    const file = buildWorkshopFile(stateToSnapshot(state), audit, EXPORTED_AT);
    expect(readWorkshopFile(JSON.stringify(file))).toStrictEqual({ ok: true, state, audit });
  });
});

describe('the audit trail in a file', () => {
  it('is verifiable entry by entry from the parsed file', () => {
    const { text } = exportWorkshop();
    const parsed = JSON.parse(text) as { audit: AuditEntry[] };
    for (const entry of parsed.audit) {
      expect(hashEntryContent(entry.seq, entry.prevHash, entry.operation)).toBe(entry.hash);
    }
  });
});
