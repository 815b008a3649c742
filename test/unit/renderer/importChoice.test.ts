/**
 * The words of the "already in your library" dialog: which copy is newer, and what
 * replacing would throw away, from what the store found comparing the two histories.
 */
import { describe, expect, it } from 'vitest';
import type { ChainRelation } from '../../../shared/base/auditChain';
import {
  COPY_TEXT,
  headText,
  lossText,
  newerCopy,
  newerText,
  relationText,
  type ImportComparison,
} from '../../../renderer/files/importChoice';

/** A fixed, readable clock format, so the sentences can be compared whole. */
const format = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
const NOV_3 = Date.UTC(2026, 10, 3, 14, 5);
const NOV_1 = Date.UTC(2026, 10, 1, 9, 30);
const HASH_A = 'a'.repeat(64);
const HASH_B = 'b'.repeat(64);

function comparison(
  relation: ChainRelation,
  local: { seq: number; at: number },
  incoming: { seq: number; at: number },
  discarded: ImportComparison['discarded'],
): ImportComparison {
  return {
    title: 'Card payments outage',
    inTrash: false,
    relation,
    local: { seq: local.seq, hash: HASH_A, lastChangeAt: local.at },
    incoming: { seq: incoming.seq, hash: HASH_B, lastChangeAt: incoming.at },
    discarded,
  };
}

describe('an older file (the library went on since the export)', () => {
  const older = comparison(
    { kind: 'older', ahead: 12 },
    { seq: 40, at: NOV_3 },
    { seq: 28, at: NOV_1 },
    { count: 12, since: NOV_1 + 60_000 },
  );

  it('names the library copy as newer, with both times', () => {
    expect(newerCopy(older)).toBe('library');
    expect(newerText(older, format)).toBe(
      'The copy in your library is newer: it was last changed on 2026-11-03 14:05; the file’s last change is from 2026-11-01 09:30.',
    );
  });

  it('says how many changes replacing discards, and since when', () => {
    expect(lossText(older, format)).toBe(
      'Replacing discards 12 changes made here since 2026-11-01 09:31 that the file does not have.',
    );
  });

  it('still calls the library newer when the file’s clock ran ahead', () => {
    const skewed = { ...older, incoming: { ...older.incoming, lastChangeAt: NOV_3 + 86_400_000 } };
    expect(newerCopy(skewed)).toBe('library');
  });
});

describe('a file that continues the library', () => {
  const extends_ = comparison(
    { kind: 'extends', added: 3 },
    { seq: 9, at: NOV_1 },
    { seq: 12, at: NOV_3 },
    null,
  );

  it('names the file as newer, and replacing loses nothing', () => {
    expect(newerCopy(extends_)).toBe('file');
    expect(newerText(extends_, format)).toMatch(
      /^The file is newer: its last change is from 2026-11-03 14:05;/,
    );
    expect(lossText(extends_, format)).toBeNull();
    expect(relationText(extends_)).toContain('plus 3 changes made since');
  });
});

describe('a file that diverged', () => {
  const diverged = (localAt: number, fileAt: number, localSeq = 20, fileSeq = 20) =>
    comparison(
      { kind: 'diverged', common: 15, fromExport: true },
      { seq: localSeq, at: localAt },
      { seq: fileSeq, at: fileAt },
      { count: localSeq + 1 - 15, since: NOV_1 },
    );

  it('calls newer the copy with the later last change', () => {
    expect(newerCopy(diverged(NOV_3, NOV_1))).toBe('library');
    expect(newerCopy(diverged(NOV_1, NOV_3))).toBe('file');
  });

  it('breaks a tie of times with the longer history', () => {
    expect(newerCopy(diverged(NOV_3, NOV_3, 20, 25))).toBe('file');
    expect(newerCopy(diverged(NOV_3, NOV_3, 25, 20))).toBe('library');
  });

  it('discards only the changes after the split', () => {
    expect(lossText(diverged(NOV_3, NOV_1), format)).toBe(
      'Replacing discards 6 changes made here since 2026-11-01 09:30 that the file does not have.',
    );
    expect(relationText(diverged(NOV_3, NOV_1))).toContain('share the first 15 changes');
  });

  it('counts one change in the singular', () => {
    const one = { ...diverged(NOV_3, NOV_1), discarded: { count: 1, since: NOV_3 } };
    expect(lossText(one, format)).toBe(
      'Replacing discards 1 change made here since 2026-11-03 14:05 that the file does not have.',
    );
  });
});

describe('the rest of the dialog', () => {
  it('describes a head by its length, its last change and its fingerprint', () => {
    expect(headText({ seq: 23, hash: HASH_A, lastChangeAt: NOV_3 }, format)).toBe(
      '24 changes, the last on 2026-11-03 14:05 (fingerprint aaaaaaaaaaaa)',
    );
  });

  it('says a trashed workshop is in the trash', () => {
    const trashed = {
      ...comparison(
        { kind: 'older', ahead: 1 },
        { seq: 2, at: NOV_3 },
        { seq: 1, at: NOV_1 },
        null,
      ),
      inTrash: true,
    };
    expect(relationText(trashed)).toMatch(/^You have “Card payments outage” \(in the trash\)\./);
  });

  it('says what importing as a copy does', () => {
    expect(COPY_TEXT).toMatch(/^Import as a copy keeps both/);
  });
});
