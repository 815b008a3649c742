import { describe, expect, it } from 'vitest';
import { hashEntryContent, headOf, type AuditEntry } from '../../../shared/audit/auditChain.js';
import { asClusterId, asNoteId, asOperationId } from '../../../shared/domain/ids.js';
import { SCHEMA_VERSION } from '../../../shared/domain/model.js';
import {
  MAX_WORKSHOP_FILE_BYTES,
  WORKSHOP_FILE_FORMAT,
  buildWorkshopFile,
  readWorkshopFile,
  snapshotToState,
  stateToSnapshot,
  type ReadResult,
  type WorkshopFile,
} from '../../../shared/exchange/workshopFile.js';
import { applyBatch } from '../../../shared/operations/operationBatch.js';
import type { Operation } from '../../../shared/operations/operations.js';
import {
  ALICE,
  BOB,
  SAMPLE,
  T0,
  applyAllOk,
  buildChain,
  envelope,
  makeCluster,
  makeNote,
  makeVote,
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

/** A mutable deep copy of an exported file, typed loosely so a test can damage it. */
const damageable = (file: WorkshopFile) =>
  JSON.parse(JSON.stringify(file)) as WorkshopFile & Record<string, unknown>;

function expectFailure(result: ReadResult, ...substrings: (string | RegExp)[]): string {
  expect(result.ok).toBe(false);
  const message = result.ok ? '' : result.message;
  for (const part of substrings) {
    if (typeof part === 'string') expect(message).toContain(part);
    else expect(message).toMatch(part);
  }
  // Messages are shown to people: short, and never an echo of the file.
  expect(message.length).toBeLessThan(600);
  return message;
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
      schemaVersion: SCHEMA_VERSION,
      exportedAt: EXPORTED_AT,
      workshop: state.workshop,
    });
    expect(file.format).toBe('debrief-workshop');
    expect(file.schemaVersion).toBe(1);
    expect(file.audit).toHaveLength(audit.length);
    expect(file.notes).toHaveLength(Object.keys(state.notes).length);
  });

  it('reads a pretty-printed file and a file whose records are in another order', () => {
    const { file, state } = exportWorkshop();
    expect(readWorkshopFile(JSON.stringify(file, null, 2))).toMatchObject({ ok: true, state });
    const reordered = {
      ...file,
      notes: [...file.notes].reverse(),
      votes: [...file.votes].reverse(),
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
    expectFailure(readWorkshopFile(''), 'empty');
    expectFailure(readWorkshopFile('  \n\t '), 'empty');
  });

  it('truncated JSON', () => {
    const { text } = exportWorkshop();
    expectFailure(readWorkshopFile(text.slice(0, text.length / 2)), 'not valid JSON', 'truncated');
  });

  it.each([
    ['a JSON array', '[]'],
    ['a JSON number', '42'],
    ['JSON null', 'null'],
    ['a JSON string', '"debrief-workshop"'],
  ])('not an object: %s', (_name, text) => {
    expectFailure(readWorkshopFile(text), 'not a Debrief workshop file');
  });

  it('a wrong or missing format field', () => {
    const { file } = exportWorkshop();
    expectFailure(
      readWorkshopFile(JSON.stringify({ ...file, format: 'trello-board' })),
      '"format" field',
    );
    const noFormat: Record<string, unknown> = { ...file };
    Reflect.deleteProperty(noFormat, 'format');
    expectFailure(readWorkshopFile(JSON.stringify(noFormat)), '"format" field');
  });

  it('a missing or malformed schemaVersion', () => {
    const { file } = exportWorkshop();
    const noVersion: Record<string, unknown> = { ...file };
    Reflect.deleteProperty(noVersion, 'schemaVersion');
    expectFailure(readWorkshopFile(JSON.stringify(noVersion)), 'no valid format version');
    for (const schemaVersion of ['1', 0, 1.5, null]) {
      expectFailure(
        readWorkshopFile(JSON.stringify({ ...file, schemaVersion })),
        'no valid format version',
      );
    }
  });

  it('a newer schemaVersion', () => {
    const { file } = exportWorkshop();
    expectFailure(
      readWorkshopFile(JSON.stringify({ ...file, schemaVersion: 99 })),
      'newer',
      'version 99',
      `up to version ${SCHEMA_VERSION}`,
      'Update Debrief',
    );
  });

  it('a wrong type, naming the path of the bad field', () => {
    const { file } = exportWorkshop();
    const damaged = damageable(file);
    (damaged.notes[2] as unknown as Record<string, unknown>).x = '120';
    expectFailure(readWorkshopFile(JSON.stringify(damaged)), 'damaged', 'notes.2.x');
  });

  it('a missing field, naming its path', () => {
    const { file } = exportWorkshop();
    const damaged = damageable(file);
    Reflect.deleteProperty(damaged.workshop, 'title');
    expectFailure(readWorkshopFile(JSON.stringify(damaged)), 'damaged', 'workshop.title');
  });

  it('an out-of-range value, naming its path', () => {
    const { file } = exportWorkshop();
    const damaged = damageable(file);
    damaged.clusters[0]!.width = 10;
    expectFailure(readWorkshopFile(JSON.stringify(damaged)), 'damaged', 'clusters.0.width');
  });

  it('an empty audit trail', () => {
    const { file } = exportWorkshop();
    expectFailure(readWorkshopFile(JSON.stringify({ ...file, audit: [] })), 'damaged', 'audit');
  });

  it('a broken chain: a note text edited inside an audit entry', () => {
    const { file } = exportWorkshop();
    const damaged = damageable(file);
    const index = damaged.audit.findIndex((e) => e.operation.type === 'note.edit');
    const op = damaged.audit[index]!.operation;
    if (op.type !== 'note.edit') throw new Error('fixture: expected a note.edit entry');
    op.payload.text = 'Dashboard was fine';
    expectFailure(
      readWorkshopFile(JSON.stringify(damaged)),
      'audit trail does not verify',
      `entry ${index} was altered`,
    );
  });

  it('a broken chain: an entry removed from the middle', () => {
    const { file } = exportWorkshop();
    const damaged = damageable(file);
    damaged.audit.splice(3, 1);
    expectFailure(
      readWorkshopFile(JSON.stringify(damaged)),
      'audit trail does not verify',
      'entry 3',
    );
  });

  it('contents that do not match the audit trail: a note text edited in the notes only', () => {
    const { file } = exportWorkshop();
    const damaged = damageable(file);
    damaged.notes[1]!.text = 'Someone else wrote this';
    expectFailure(readWorkshopFile(JSON.stringify(damaged)), 'do not match its audit trail');
  });

  it('contents that do not match the audit trail: a vote added, a note dropped, the title changed', () => {
    const { file } = exportWorkshop();
    const extraVote = damageable(file);
    extraVote.votes.push(makeVote('v99', 'n3', ALICE));
    expectFailure(readWorkshopFile(JSON.stringify(extraVote)), 'do not match its audit trail');

    const droppedNote = damageable(file);
    droppedNote.notes.pop();
    expectFailure(readWorkshopFile(JSON.stringify(droppedNote)), 'do not match its audit trail');

    const retitled = damageable(file);
    retitled.workshop.title = 'Nothing happened';
    expectFailure(readWorkshopFile(JSON.stringify(retitled)), 'do not match its audit trail');
  });

  it('an audit trail cut short while the contents were kept', () => {
    const { file } = exportWorkshop();
    expectFailure(
      readWorkshopFile(JSON.stringify({ ...file, audit: file.audit.slice(0, -1) })),
      'do not match its audit trail',
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
    expectFailure(
      readWorkshopFile(JSON.stringify(file)),
      'audit trail does not verify',
      `entry ${ops.length - 1} cannot be applied`,
      'n-missing',
    );
  });

  it('a workshop id that differs from the one its audit trail records', () => {
    const { file } = exportWorkshop();
    const damaged = damageable(file);
    damaged.workshop.id = damaged.workshop.id.replace('main', 'copy') as typeof damaged.workshop.id;
    expectFailure(readWorkshopFile(JSON.stringify(damaged)), 'another workshop');
  });

  it('a byteLength over MAX_WORKSHOP_FILE_BYTES, before reading the text', () => {
    const { text } = exportWorkshop();
    const message = expectFailure(
      readWorkshopFile(text, MAX_WORKSHOP_FILE_BYTES + 1),
      'at most 100 MB',
    );
    expect(MAX_WORKSHOP_FILE_BYTES).toBe(100 * 1024 * 1024);
    expectFailure(
      readWorkshopFile('{}', 150 * 1024 * 1024),
      'The file is 150 MB',
      'at most 100 MB',
    );
    expect(message).toContain('Debrief');
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
    expectFailure(result, 'not valid JSON');
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
      expectFailure(result, 'damaged', 'notes');
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
    expect(state.clusters.c9?.name).toBe('Pure luck');

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
