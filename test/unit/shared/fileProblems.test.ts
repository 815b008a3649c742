/**
 * Import errors in words a facilitator understands. Real broken files (a committed export
 * cut short, re-encoded, edited, other people's JSON, binary bytes) go through
 * readWorkshopFile, the way the app reads a chosen file, and each must be refused with the
 * plain sentence for its kind, the technical detail kept apart from it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  classifyUnreadableText,
  explainFileProblem,
  type FileProblem,
  type FileProblemKind,
} from '../../../shared/pipeline/fileProblems.js';
import {
  buildWorkshopFile,
  readWorkshopFile,
  stateToSnapshot,
  WORKSHOP_FILE_VERSION,
} from '../../../shared/pipeline/workshopFile.js';
import { WORKSHOP_LIMITS } from '../../../shared/workshop/workshop.js';
import { applyAllOk, buildChain, envelope, makeNote, sampleOperations, T0 } from './builders.js';

/** A real export, as committed (format 2). */
const EXPORT_BYTES = readFileSync(
  new URL('../../fixtures/workshop-v2.debrief.json', import.meta.url),
);
const EXPORT = EXPORT_BYTES.toString('utf8');

type Json = Record<string, unknown> & {
  audit: (Record<string, unknown> & { operation: Record<string, unknown> })[];
  records: Record<string, Record<string, unknown>[]> & { notes: Record<string, unknown>[] };
};
const exportJson = (): Json => JSON.parse(EXPORT) as Json;

/** What a browser's File.text() gives for these bytes: UTF-8, invalid bytes as U+FFFD. */
const asBrowserReadsIt = (bytes: Uint8Array): string => new TextDecoder('utf-8').decode(bytes);

/** Bytes from the low end of a linear congruential generator: many of them are zero. */
function lcgJunk(length: number): Buffer {
  const bytes = Buffer.alloc(length);
  let seed = 20260314;
  for (let i = 0; i < length; i += 1) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    bytes[i] = seed % 256;
  }
  return bytes;
}

/** Reads bytes like the app does, and returns the refusal. */
function refusal(bytes: Uint8Array | string) {
  const data = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  const result = readWorkshopFile(asBrowserReadsIt(data), data.byteLength);
  if (result.ok) throw new Error('the file was accepted');
  return result;
}

const PLAIN = {
  truncated:
    'The file ends early; it may be incomplete. Export it again from the original computer.',
  notWorkshop: 'This is not a Debrief workshop file.',
  newer: 'This file was made by a newer version of Debrief.',
  tampered: 'The file’s audit trail does not match its contents (it may have been edited by hand).',
  empty: 'The file is empty',
  notText: 'This is not a Debrief workshop file: it is not text',
  encoding: 'The file’s text was saved in an encoding Debrief does not read',
  damaged: 'The file is damaged',
  tooLarge: 'The file is too large to be a Debrief workshop',
  tooMany: 'This workshop is too big to import',
} as const;

function expectPlain(
  result: ReturnType<typeof refusal>,
  kind: FileProblemKind,
  plain: string,
  ...detail: string[]
): void {
  expect(result.problem.kind).toBe(kind);
  expect(result.message).toContain(plain);
  for (const part of detail) expect(result.detail).toContain(part);
  // The detail is not repeated in the main message (no zod paths, no parser wording).
  expect(result.message).not.toContain(result.detail);
  expect(result.message).not.toMatch(/JSON\.parse|schemaVersion|records\.|entry \d/);
}

describe('a real export cut short', () => {
  it.each([
    ['in the middle', Math.floor(EXPORT_BYTES.byteLength / 2)],
    ['near the start', 200],
    ['just before its last brace', EXPORT_BYTES.lastIndexOf('}')],
  ])('%s: "The file ends early"', (_where, cut) => {
    const result = refusal(EXPORT_BYTES.subarray(0, cut));
    expectPlain(result, 'truncated', PLAIN.truncated, 'JSON.parse:', 'stops after');
  });

  it('inside a text value, and in the middle of a multi-byte character', () => {
    const json = exportJson();
    json.records.notes[0]!.text = 'Café — 漢字 at the end';
    const bytes = Buffer.from(JSON.stringify(json), 'utf8');
    const inText = bytes.indexOf(Buffer.from('漢', 'utf8'));
    // Cut after the first byte of the three of 漢: the browser reads it as U+FFFD.
    const result = refusal(bytes.subarray(0, inText + 1));
    expectPlain(result, 'truncated', PLAIN.truncated, 'inside a text value');
  });

  it('is not mistaken for damage in the middle: a bracket that closes the wrong thing is', () => {
    const broken = EXPORT.replace(/"records": ?\{/, '"records": [');
    expect(broken).not.toBe(EXPORT);
    expectPlain(refusal(broken), 'damaged', PLAIN.damaged, 'not valid JSON', 'JSON.parse:');
  });
});

describe('files that are something else', () => {
  it.each([
    ['a package.json', JSON.stringify({ name: 'shop', version: '1.0.0', dependencies: {} })],
    ['a Trello board export', JSON.stringify({ id: 'b1', name: 'Retro', cards: [], lists: [] })],
    ['a JSON list of notes', JSON.stringify([{ text: 'Rollback was slow' }])],
    ['another app’s file with a format field', JSON.stringify({ format: 'miro-board' })],
    ['a CSV', 'text,colour\nRollback was slow,yellow\n'],
    ['an HTML page', '<!doctype html><html><body>Export</body></html>'],
  ])('%s: "This is not a Debrief workshop file"', (_name, text) => {
    expectPlain(refusal(text), 'not-workshop', PLAIN.notWorkshop);
  });

  it('names the format field it found in the detail, not in the message', () => {
    const result = refusal(JSON.stringify({ format: 'miro-board' }));
    expect(result.detail).toContain('"miro-board"');
    expect(result.message).not.toContain('miro');
  });

  it.each([
    ['a PNG picture', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])],
    ['a ZIP archive', Buffer.concat([Buffer.from('PK\x03\x04\x14\x00\x00\x00'), EXPORT_BYTES])],
    ['random bytes', Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 7919 + 13) % 256))],
    ['bytes with many zeros (not UTF-16 for all that)', lcgJunk(4096)],
  ])('%s: "it is not text"', (_name, bytes) => {
    expectPlain(refusal(bytes), 'not-text', PLAIN.notText, 'control bytes');
  });

  it('an empty file, or one of only blank lines: "The file is empty"', () => {
    expectPlain(refusal(''), 'empty', PLAIN.empty);
    expectPlain(refusal('\n\r\n  \n'), 'empty', PLAIN.empty);
  });
});

describe('a real export in another text encoding', () => {
  it('saved as UTF-16 (Notepad’s “Unicode”): an encoding problem, not “damaged”', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(EXPORT, 'utf16le')]);
    expectPlain(refusal(utf16), 'encoding', PLAIN.encoding, 'UTF-16');
    // Big-endian, and without a byte-order mark.
    const be = Buffer.from(EXPORT, 'utf16le').swap16();
    expectPlain(refusal(be), 'encoding', PLAIN.encoding, 'UTF-16');
  });

  it('re-saved as Windows-1252: the hashes fail, but the message says encoding', () => {
    const ops = [
      ...sampleOperations(),
      envelope({ type: 'note.add', payload: { note: makeNote('n9', { text: 'Café opened' }) } }),
    ];
    const state = applyAllOk(null, ops);
    const text = JSON.stringify(buildWorkshopFile(stateToSnapshot(state), buildChain(ops), T0));
    expect(readWorkshopFile(text).ok).toBe(true);
    // é becomes the single byte 0xE9, which is not UTF-8: the browser reads U+FFFD.
    const result = refusal(Buffer.from(text, 'latin1'));
    expectPlain(result, 'encoding', PLAIN.encoding, 'not valid UTF-8', 'audit trail');
  });

  it('with a UTF-8 byte-order mark (an editor re-saved it unchanged): imports', () => {
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), EXPORT_BYTES]);
    // A browser's decoder drops the mark; text read otherwise (Node's 'utf8') keeps it.
    expect(readWorkshopFile(asBrowserReadsIt(withBom), withBom.byteLength).ok).toBe(true);
    const kept = withBom.toString('utf8');
    expect(kept.charCodeAt(0)).toBe(0xfeff);
    expect(readWorkshopFile(kept, withBom.byteLength).ok).toBe(true);
  });
});

describe('a real export from a newer Debrief, or edited', () => {
  it('a newer format version: "made by a newer version of Debrief", versions in the detail', () => {
    const json = exportJson();
    json.schemaVersion = WORKSHOP_FILE_VERSION + 1;
    const result = refusal(JSON.stringify(json));
    expectPlain(result, 'newer-format', PLAIN.newer, `format version ${WORKSHOP_FILE_VERSION + 1}`);
    expect(result.message).toContain('Update Debrief');
  });

  it('an audit entry edited by hand: "audit trail does not match its contents"', () => {
    const json = exportJson();
    json.audit[3]!.operation.actorId = 'someone-else';
    expectPlain(refusal(JSON.stringify(json)), 'tampered', PLAIN.tampered, 'entry 3 was altered');
  });

  it('an audit entry removed: the same plain message', () => {
    const json = exportJson();
    json.audit.splice(5, 1);
    expectPlain(refusal(JSON.stringify(json)), 'tampered', PLAIN.tampered, 'entry 5');
  });

  it('a note edited in the records only: the same plain message', () => {
    const json = exportJson();
    json.records.notes[0]!.text = 'Nobody made a mistake';
    expectPlain(refusal(JSON.stringify(json)), 'tampered', PLAIN.tampered, 'notes');
  });

  it('a record damaged: "The file is damaged", with the zod path in the detail only', () => {
    const json = exportJson();
    json.records.notes[2]!.x = 'left';
    const result = refusal(JSON.stringify(json));
    expectPlain(result, 'damaged', PLAIN.damaged, 'records.notes.2.x');
  });
});

describe('files that are too big', () => {
  it('over the size limit: says how big, in MB', () => {
    const result = readWorkshopFile('{}', 250 * 1024 * 1024);
    if (result.ok) throw new Error('accepted');
    expectPlain(result, 'too-large', PLAIN.tooLarge);
    expect(result.message).toContain('it is 250 MB, and workshop files are at most 100 MB');
    expect(result.detail).toContain('262,144,000 bytes');
  });

  it('over the record ceiling: says how many, in words', () => {
    const json = exportJson();
    const others = Object.entries(json.records)
      .filter(([name]) => name !== 'notes')
      .reduce((sum, [, list]) => sum + list.length, 0);
    const note = json.records.notes[0]!;
    // With the file's clusters and votes, one record over the ceiling.
    json.records.notes = Array.from({ length: WORKSHOP_LIMITS.records + 1 - others }, () => note);
    const result = refusal(JSON.stringify(json));
    expectPlain(result, 'too-many-records', PLAIN.tooMany, '100,001 records');
    expect(result.message).toContain('the file holds 100,001 records');
    expect(result.message).toContain('at most 100,000');
  });
});

describe('explainFileProblem', () => {
  const every: Record<FileProblemKind, FileProblem> = {
    empty: { kind: 'empty', detail: 'd' },
    'too-large': { kind: 'too-large', bytes: 3 * 1024 * 1024 * 1024, maxBytes: 1, detail: 'd' },
    'not-text': { kind: 'not-text', detail: 'd' },
    encoding: { kind: 'encoding', detail: 'd' },
    truncated: { kind: 'truncated', detail: 'd' },
    'not-workshop': { kind: 'not-workshop', detail: 'd' },
    'newer-format': { kind: 'newer-format', version: 9, supported: 2, detail: 'd' },
    'too-many-records': { kind: 'too-many-records', count: null, limit: 100_000, detail: 'd' },
    damaged: { kind: 'damaged', detail: 'd' },
    tampered: { kind: 'tampered', detail: 'd' },
  };

  it.each(Object.entries(every))('%s: one short sentence or two, ending in what to do', (_k, p) => {
    const message = explainFileProblem(p);
    expect(message.length).toBeGreaterThan(20);
    expect(message.length).toBeLessThan(220);
    expect(message).toMatch(/[.)]$/);
    expect(message).not.toContain('undefined');
  });

  it('gives every kind its own message', () => {
    const messages = Object.values(every).map(explainFileProblem);
    expect(new Set(messages).size).toBe(messages.length);
  });

  it('names the ceiling when only replaying the audit trail goes over it', () => {
    expect(explainFileProblem(every['too-many-records'])).toContain('at most 100,000 records');
  });
});

describe('classifyUnreadableText', () => {
  it('does not depend on the JSON parser’s wording', () => {
    const truncated = EXPORT.slice(0, 1000);
    for (const parserSaid of [
      'Unexpected end of JSON input',
      'JSON.parse: unexpected end of data',
    ]) {
      expect(classifyUnreadableText(truncated, parserSaid).kind).toBe('truncated');
    }
  });

  it('keeps the detail bounded whatever the parser says', () => {
    const problem = classifyUnreadableText('~', 'x'.repeat(10_000));
    expect(problem.detail.length).toBeLessThanOrEqual(800);
  });
});
