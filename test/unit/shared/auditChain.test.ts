import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  EMPTY_HEAD,
  GENESIS_HASH,
  appendEntry,
  hashEntryContent,
  headOf,
  relateChains,
  sameHead,
  verifyChain,
} from '../../../shared/base/auditChain.js';
import { canonicalJson } from '../../../shared/base/canonicalJson.js';
import { asActorId, asOperationId, asWorkshopId } from '../../../shared/base/ids.js';
import { AuditEntrySchema, type AuditEntry } from '../../../shared/pipeline/audit.js';
import type { Operation } from '../../../shared/registry.js';
import { asNoteId } from '../../../shared/wall/records.js';
import {
  ALICE,
  BOB,
  OTHER_WS,
  SAMPLE,
  T0,
  WS,
  buildChain,
  envelope,
  makeNote,
  referenceCanonicalJson,
  sampleOperations,
} from './builders.js';

const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** Six operations for one workshop: create, three votes, an edit and a move. */
function sampleOps(workshopId = WS): Operation[] {
  return [
    ...sampleOperations(workshopId),
    envelope(
      { type: 'note.edit', payload: { noteId: SAMPLE.n3.id, text: 'Rollback took 4 minutes' } },
      { workshopId, actorId: BOB, at: T0 + 10 },
    ),
    envelope(
      { type: 'note.move', payload: { moves: [{ noteId: SAMPLE.n4.id, x: 12.5, y: -3 }] } },
      { workshopId, at: T0 + 11 },
    ),
  ];
}

/** An entry a test may tamper with (entries are read-only in the code under test). */
type Tamperable = { -readonly [K in keyof AuditEntry]: AuditEntry[K] };

/** A deep copy, so tampering in one test cannot leak into another. */
const copy = (entries: readonly AuditEntry[]): Tamperable[] => structuredClone([...entries]);

/** The same value with every object's keys in reverse order. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([k, v]) => [k, reverseKeys(v)]),
    );
  }
  return value;
}

describe('appendEntry', () => {
  it('starts a chain at seq 0, linked to the genesis hash', () => {
    const [op] = sampleOps();
    const entry = appendEntry(EMPTY_HEAD, op!);
    expect(EMPTY_HEAD).toEqual({ seq: -1, hash: GENESIS_HASH });
    expect(GENESIS_HASH).toBe('0'.repeat(64));
    expect(entry).toStrictEqual({
      workshopId: WS,
      seq: 0,
      operation: op,
      prevHash: GENESIS_HASH,
      hash: hashEntryContent(0, GENESIS_HASH, op!),
    });
    expect(entry.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('links every entry to the hash of the one before', () => {
    const entries = buildChain(sampleOps());
    entries.forEach((entry, i) => {
      expect(entry.seq).toBe(i);
      expect(entry.prevHash).toBe(i === 0 ? GENESIS_HASH : entries[i - 1]!.hash);
      expect(entry.hash).toBe(hashEntryContent(entry.seq, entry.prevHash, entry.operation));
    });
    expect(new Set(entries.map((e) => e.hash)).size).toBe(entries.length);
  });

  it('takes the workshop from the operation', () => {
    const [op] = sampleOps(OTHER_WS);
    expect(appendEntry(EMPTY_HEAD, op!).workshopId).toBe(OTHER_WS);
  });

  it('headOf gives the seq and hash of an entry, or the empty head', () => {
    const entries = buildChain(sampleOps());
    const last = entries.at(-1)!;
    expect(headOf(last)).toStrictEqual({ seq: last.seq, hash: last.hash });
    expect(headOf(undefined)).toBe(EMPTY_HEAD);
  });

  it('gives a different hash for the same operation at another position', () => {
    const [op] = sampleOps();
    expect(hashEntryContent(0, GENESIS_HASH, op!)).not.toBe(hashEntryContent(1, GENESIS_HASH, op!));
    expect(hashEntryContent(0, GENESIS_HASH, op!)).not.toBe(
      hashEntryContent(0, 'a'.repeat(64), op!),
    );
  });
});

describe('verifyChain', () => {
  const entries = buildChain(sampleOps());
  const head = headOf(entries.at(-1));

  it('accepts a valid chain and returns its head and length', () => {
    expect(verifyChain(WS, entries)).toStrictEqual({ ok: true, head, length: entries.length });
  });

  it('accepts an empty chain with the empty head', () => {
    expect(verifyChain(WS, [])).toStrictEqual({ ok: true, head: EMPTY_HEAD, length: 0 });
  });

  it('reports an edited operation field at its entry', () => {
    const tampered = copy(entries);
    const edit = tampered[4]!.operation;
    if (edit.type !== 'note.edit') throw new Error('fixture: entry 4 is a note.edit');
    edit.payload.text = 'Rollback took 1 minute';
    expect(verifyChain(WS, tampered)).toMatchObject({
      ok: false,
      seq: 4,
      problem: expect.stringMatching(/entry 4 was altered/) as string,
    });
  });

  it('reports an edited actor or time (the envelope is part of the hash)', () => {
    const actor = copy(entries);
    actor[2]!.operation.actorId = asActorId('mallory');
    expect(verifyChain(WS, actor)).toMatchObject({ ok: false, seq: 2 });

    const time = copy(entries);
    time[1]!.operation.at += 1;
    expect(verifyChain(WS, time)).toMatchObject({ ok: false, seq: 1 });
  });

  it('reports an edited hash at its entry', () => {
    const tampered = copy(entries);
    tampered[3]!.hash = 'f'.repeat(64);
    expect(verifyChain(WS, tampered)).toMatchObject({
      ok: false,
      seq: 3,
      problem: expect.stringMatching(/hash does not match/) as string,
    });
  });

  it('reports the next entry when an edited entry had its hash recomputed', () => {
    const tampered = copy(entries);
    const target = tampered[2]!;
    target.operation.at += 60_000;
    target.hash = hashEntryContent(target.seq, target.prevHash, target.operation);
    expect(verifyChain(WS, tampered)).toMatchObject({
      ok: false,
      seq: 3,
      problem: expect.stringMatching(/does not link/) as string,
    });
  });

  it('reports a deleted middle entry where the gap is', () => {
    const tampered = copy(entries);
    tampered.splice(2, 1);
    expect(verifyChain(WS, tampered)).toMatchObject({
      ok: false,
      seq: 2,
      problem: expect.stringMatching(/missing or reordered/) as string,
    });
  });

  it('reports two swapped entries at the first of them', () => {
    const tampered = copy(entries);
    [tampered[2], tampered[3]] = [tampered[3]!, tampered[2]!];
    expect(verifyChain(WS, tampered)).toMatchObject({ ok: false, seq: 2 });
  });

  it('reports swapped entries even when their seq numbers are swapped back', () => {
    const tampered = copy(entries);
    [tampered[2], tampered[3]] = [tampered[3]!, tampered[2]!];
    tampered[2].seq = 2;
    tampered[3].seq = 3;
    expect(verifyChain(WS, tampered)).toMatchObject({ ok: false, seq: 2 });
  });

  it('reports an inserted entry, even one that links correctly to its predecessor', () => {
    const tampered = copy(entries);
    const forged = appendEntry(
      headOf(tampered[1]),
      envelope({ type: 'note.edit', payload: { noteId: asNoteId('n1'), text: 'forged' } }),
    );
    tampered.splice(2, 0, forged);
    expect(verifyChain(WS, tampered)).toMatchObject({ ok: false, seq: 3 });
  });

  it('reports an entry taken from another workshop', () => {
    const other = buildChain(sampleOps(OTHER_WS));
    const tampered = copy(entries);
    tampered[2] = other[2]!;
    expect(verifyChain(WS, tampered)).toMatchObject({
      ok: false,
      seq: 2,
      problem: expect.stringMatching(/another workshop/) as string,
    });
  });

  it('reports an entry whose operation alone was moved to another workshop', () => {
    const tampered = copy(entries);
    tampered[1]!.operation.workshopId = OTHER_WS;
    expect(verifyChain(WS, tampered)).toMatchObject({ ok: false, seq: 1 });
  });

  it('reports a chain checked against the wrong workshop at entry 0', () => {
    expect(verifyChain(OTHER_WS, entries)).toMatchObject({ ok: false, seq: 0 });
  });

  it('reports a chain that does not start at the genesis', () => {
    expect(verifyChain(WS, entries.slice(1))).toMatchObject({ ok: false, seq: 0 });
  });

  it('accepts a truncated tail as a valid, shorter chain: compare the head with a signed head', () => {
    // The chain alone cannot show that entries were cut off the end. Detecting truncation
    // needs the head (seq and hash) recorded somewhere trusted, such as a signed report.
    const truncated = entries.slice(0, 4);
    const verdict = verifyChain(WS, truncated);
    expect(verdict).toStrictEqual({ ok: true, head: headOf(truncated.at(-1)), length: 4 });
    expect(verdict.ok && verdict.head).not.toEqual(head);
    // Likewise, a correctly linked entry appended at the end verifies; only the head tells.
    const extended = [
      ...entries,
      appendEntry(head, envelope({ type: 'workshop.trash', payload: {} })),
    ];
    expect(verifyChain(WS, extended)).toMatchObject({ ok: true, length: entries.length + 1 });
  });
});

/** Recomputes every link and hash from `from` on, as a forger who rewrites the chain would. */
function rehash(entries: Tamperable[], from: number): Tamperable[] {
  for (let i = from; i < entries.length; i += 1) {
    const entry = entries[i]!;
    entry.prevHash = i === 0 ? GENESIS_HASH : entries[i - 1]!.hash;
    entry.hash = hashEntryContent(entry.seq, entry.prevHash, entry.operation);
  }
  return entries;
}

describe('verifyChain and the workshop of each entry', () => {
  const entries = buildChain(sampleOps());

  it('refuses an operation moved to another workshop even when every hash was recomputed', () => {
    const tampered = copy(entries);
    tampered[1]!.operation.workshopId = OTHER_WS;
    rehash(tampered, 1);
    // Every link and hash is right: only the workshop check can catch it.
    for (const [i, entry] of tampered.entries()) {
      expect(entry.prevHash).toBe(i === 0 ? GENESIS_HASH : tampered[i - 1]!.hash);
      expect(hashEntryContent(entry.seq, entry.prevHash, entry.operation)).toBe(entry.hash);
    }
    expect(tampered[1]!.workshopId).toBe(WS);
    expect(verifyChain(WS, tampered)).toMatchObject({
      ok: false,
      seq: 1,
      problem: expect.stringMatching(/entry 1 belongs to another workshop/) as string,
    });
  });

  it('refuses an entry relabelled to another workshop (the label is not hashed)', () => {
    const tampered = copy(entries);
    tampered[3]!.workshopId = OTHER_WS;
    expect(hashEntryContent(tampered[3]!.seq, tampered[3]!.prevHash, tampered[3]!.operation)).toBe(
      tampered[3]!.hash,
    );
    expect(verifyChain(WS, tampered)).toMatchObject({
      ok: false,
      seq: 3,
      problem: expect.stringMatching(/another workshop/) as string,
    });
  });

  it('accepts the rehashed chain of a whole other workshop only for that workshop', () => {
    const other = buildChain(sampleOps(OTHER_WS));
    expect(verifyChain(OTHER_WS, other)).toMatchObject({ ok: true, length: other.length });
    expect(verifyChain(WS, other)).toMatchObject({ ok: false, seq: 0 });
  });
});

describe('relateChains', () => {
  const entries = buildChain([
    ...sampleOps(),
    envelope({ type: 'workshop.update', payload: { changes: { title: 'Ours' } } }, { at: T0 + 20 }),
  ]);
  const hashes = entries.map((e) => e.hash);
  /** A chain that shares the first `common` entries with ours and then goes its own way. */
  const forkAt = (common: number): AuditEntry[] => {
    const forked = copy(entries.slice(0, common + 2));
    const op = forked[common]!.operation;
    forked[common]!.operation = { ...op, at: op.at + 1 };
    return rehash(forked, common);
  };

  it('same: the incoming chain is ours, entry for entry', () => {
    expect(relateChains(hashes, entries)).toStrictEqual({ kind: 'same' });
    expect(relateChains([], [])).toStrictEqual({ kind: 'same' });
  });

  it('extends: the incoming chain is ours plus newer entries', () => {
    expect(relateChains(hashes.slice(0, 4), entries)).toStrictEqual({
      kind: 'extends',
      added: entries.length - 4,
    });
    expect(relateChains([], entries)).toStrictEqual({ kind: 'extends', added: entries.length });
  });

  it('older: ours has entries the incoming chain lacks', () => {
    expect(relateChains(hashes, entries.slice(0, 5))).toStrictEqual({
      kind: 'older',
      ahead: entries.length - 5,
    });
  });

  it('diverged: both share a prefix, then differ (not from one of our exports)', () => {
    const forked = forkAt(3);
    expect(forked.slice(0, 3).map((e) => e.hash)).toEqual(hashes.slice(0, 3));
    expect(forked[3]!.hash).not.toBe(hashes[3]);
    expect(relateChains(hashes, forked)).toStrictEqual({
      kind: 'diverged',
      common: 3,
      fromExport: false,
    });
    // An export head elsewhere in the chain does not count: only the split point does.
    expect(relateChains(hashes, forked, [headOf(entries[4]), headOf(entries[1])])).toStrictEqual({
      kind: 'diverged',
      common: 3,
      fromExport: false,
    });
  });

  it('diverged fromExport: the split point is the head of one of our exports', () => {
    const forked = forkAt(3);
    const exported = headOf(entries[2]);
    expect(exported).toStrictEqual({ seq: 2, hash: hashes[2] });
    expect(relateChains(hashes, forked, [headOf(entries[0]), exported])).toStrictEqual({
      kind: 'diverged',
      common: 3,
      fromExport: true,
    });
    // The same hash at another seq is not that export.
    expect(relateChains(hashes, forked, [{ seq: 5, hash: hashes[2]! }])).toMatchObject({
      fromExport: false,
    });
  });

  it('diverged from the very first entry is never from an export', () => {
    const forked = forkAt(0);
    expect(relateChains(hashes, forked, [EMPTY_HEAD])).toStrictEqual({
      kind: 'diverged',
      common: 0,
      fromExport: false,
    });
  });

  it('sameHead compares seq and hash', () => {
    const head = headOf(entries[2]);
    expect(sameHead(head, { ...head })).toBe(true);
    expect(sameHead(head, { ...head, seq: 3 })).toBe(false);
    expect(sameHead(head, { ...head, hash: GENESIS_HASH })).toBe(false);
  });
});

describe('hashes', () => {
  const entries = buildChain(sampleOps());

  it('survive a JSON round trip of the entries', () => {
    const roundTripped = JSON.parse(JSON.stringify(entries)) as AuditEntry[];
    expect(verifyChain(WS, roundTripped)).toMatchObject({ ok: true, length: entries.length });
    for (const [i, entry] of roundTripped.entries()) {
      expect(hashEntryContent(entry.seq, entry.prevHash, entry.operation)).toBe(entries[i]!.hash);
    }
  });

  it('survive parsing with AuditEntrySchema (as a file import does)', () => {
    const parsed = AuditEntrySchema.array().parse(JSON.parse(JSON.stringify(entries)));
    expect(verifyChain(WS, parsed as AuditEntry[])).toMatchObject({ ok: true });
  });

  it('do not depend on the order of object keys', () => {
    for (const entry of entries) {
      const shuffled = reverseKeys(entry.operation) as Operation;
      expect(JSON.stringify(shuffled)).not.toBe(JSON.stringify(entry.operation));
      expect(hashEntryContent(entry.seq, entry.prevHash, shuffled)).toBe(entry.hash);
    }
    const shuffledChain = entries.map((e) => reverseKeys(e) as AuditEntry);
    expect(verifyChain(WS, shuffledChain)).toMatchObject({ ok: true });
  });

  it('can be recomputed without Debrief: SHA-256 of the canonical JSON', () => {
    // A fixed operation, its canonical JSON written out by hand (keys sorted, no spaces),
    // and SHA-256 from node:crypto: no Debrief code is involved on this side.
    const operation: Operation = {
      id: asOperationId('op-0001'),
      workshopId: asWorkshopId('ws-main'),
      actorId: asActorId('alice'),
      at: 1767225600000,
      type: 'note.edit',
      payload: { noteId: asNoteId('n1'), text: 'Disk filled up at 03:12 — “café” 🚒' },
    };
    const canonical =
      '{"operation":{"actorId":"alice","at":1767225600000,"id":"op-0001",' +
      '"payload":{"noteId":"n1","text":"Disk filled up at 03:12 — “café” 🚒"},' +
      '"type":"note.edit","workshopId":"ws-main"},' +
      `"prevHash":"${'0'.repeat(64)}","seq":0}`;
    const expected = sha256Hex(canonical);

    expect(canonicalJson({ seq: 0, prevHash: GENESIS_HASH, operation })).toBe(canonical);
    expect(hashEntryContent(0, GENESIS_HASH, operation)).toBe(expected);
    // Pinned (also computed with `printf ... | sha256sum`): if this changes, every exported
    // workshop stops verifying.
    expect(expected).toBe('78e19849e4aedc1e47dde0bba7cec6fd91c362923980c98f9fedd6d0bbd79b3f');
  });

  it('of a whole chain can be verified with an independent canonical JSON and node:crypto', () => {
    let prev = GENESIS_HASH;
    for (const [seq, entry] of entries.entries()) {
      const content = referenceCanonicalJson({ seq, prevHash: prev, operation: entry.operation });
      expect(entry.prevHash).toBe(prev);
      expect(sha256Hex(content)).toBe(entry.hash);
      prev = entry.hash;
    }
  });
});

describe('canonicalJson', () => {
  it('sorts keys, drops whitespace and serialises numbers like ECMAScript', () => {
    const value = { b: [3, { z: 1, a: null }], a: 'x', n: 0.1 + 0.2, big: 1e21, neg: -0 };
    expect(canonicalJson(value)).toBe(
      '{"a":"x","b":[3,{"a":null,"z":1}],"big":1e+21,"n":0.30000000000000004,"neg":0}',
    );
    expect(canonicalJson(value)).toBe(referenceCanonicalJson(value));
  });

  it('agrees with the reference implementation on note text with unusual characters', () => {
    const note = makeNote('n1', {
      text: 'tab\t, quote ", backslash \\, line sep \u2028, emoji 🚒, é',
    });
    expect(canonicalJson(note)).toBe(referenceCanonicalJson(note));
  });

  it('refuses values that are not JSON', () => {
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
  });

  it('uses the operation envelope as given (no hidden fields)', () => {
    const op = envelope(
      { type: 'vote.remove', payload: { voteId: SAMPLE.v1.id } },
      { actorId: ALICE },
    );
    expect(JSON.parse(canonicalJson(op))).toStrictEqual(op);
  });
});
