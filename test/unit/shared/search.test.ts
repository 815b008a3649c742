import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NOTE_SIZE } from '../../../shared/wall/records.js';
import {
  foldText,
  matchRanges,
  readingOrder,
  searchNotes,
  searchTerms,
} from '../../../shared/wall/search.js';
import { makeNote } from './builders.js';

/** Notes laid out in a row so reading order is their order here. */
const row = (...texts: string[]) =>
  texts.map((text, i) => makeNote(`n${String(i)}`, { text, x: i * 200 }));

/** The highlighted pieces of `text`. */
const highlighted = (text: string, query: string) =>
  matchRanges(text, query).map(([start, end]) => text.slice(start, end));

describe('searchNotes', () => {
  it('ignores case', () => {
    const notes = row('Pager rotated too LATE', 'nothing here');
    expect(searchNotes(notes, 'late')).toEqual(['n0']);
    expect(searchNotes(notes, 'PAGER')).toEqual(['n0']);
  });

  it('ignores accents on either side, but does not transliterate', () => {
    const notes = row('Überweisung fehlgeschlagen', 'Café crème', 'plain');
    expect(searchNotes(notes, 'uberweisung')).toEqual(['n0']);
    expect(searchNotes(notes, 'ÜBERWEISUNG')).toEqual(['n0']);
    expect(searchNotes(notes, 'ueberweisung')).toEqual([]);
    expect(searchNotes(notes, 'cafe creme')).toEqual(['n1']);
    expect(searchNotes(notes, 'CRÈME')).toEqual(['n1']);
    // Text typed with combining accents (decomposed) matches too.
    expect(searchNotes(row('Cafe\u0301 cre\u0300me'), 'café')).toEqual(['n0']);
    expect(searchNotes(row('İstanbul DC'), 'istanbul')).toEqual(['n0']);
    expect(searchNotes(row('ΟΔΟΣ'), 'οδος')).toEqual(['n0']);
  });

  it('requires every term, in any order and anywhere in the note', () => {
    const notes = row('database failover was slow', 'database was fine', 'slow pager');
    expect(searchNotes(notes, 'slow database')).toEqual(['n0']);
    expect(searchNotes(notes, '  database\t  slow \n')).toEqual(['n0']);
    expect(searchNotes(notes, 'database')).toEqual(['n0', 'n1']);
    expect(searchNotes(notes, 'base')).toEqual(['n0', 'n1']);
    expect(searchNotes(notes, 'database missing')).toEqual([]);
  });

  it('matches nothing for an empty or blank query', () => {
    const notes = row('anything', '');
    expect(searchNotes(notes, '')).toEqual([]);
    expect(searchNotes(notes, '   \t\n')).toEqual([]);
    // A lone accent folds to nothing: not a term.
    expect(searchNotes(notes, '\u0301')).toEqual([]);
  });

  it('returns the matches in reading order: rows top to bottom, each left to right', () => {
    const h = NOTE_SIZE.height;
    const notes = [
      makeNote('row2-left', { text: 'dns', x: 0, y: h + 20 }),
      makeNote('row1-right', { text: 'dns', x: 900, y: 0 }),
      // Slightly lower than row1-right but within one note height: same row, read first.
      makeNote('row1-left', { text: 'dns', x: 0, y: h - 10 }),
      makeNote('row2-right', { text: 'dns', x: 700, y: h + 20 }),
      makeNote('other', { text: 'pager', x: 100, y: 0 }),
    ];
    expect(searchNotes(notes, 'DNS')).toEqual([
      'row1-left',
      'row1-right',
      'row2-left',
      'row2-right',
    ]);
  });

  it('does not depend on the order notes are given in', () => {
    const notes = [
      makeNote('c', { text: 'x', x: 0, y: 500 }),
      makeNote('b', { text: 'x', x: 300, y: 0 }),
      makeNote('a', { text: 'x', x: 300, y: 0 }),
      makeNote('d', { text: 'x', x: 0, y: 0 }),
    ];
    const expected = ['d', 'a', 'b', 'c'];
    expect(searchNotes(notes, 'x')).toEqual(expected);
    expect(searchNotes([...notes].reverse(), 'x')).toEqual(expected);
  });

  it('sees an edited note: a new record is folded again', () => {
    const before = makeNote('a', { text: 'first' });
    expect(searchNotes([before], 'first')).toEqual(['a']);
    const after = { ...before, text: 'second' };
    expect(searchNotes([after], 'first')).toEqual([]);
    expect(searchNotes([after], 'second')).toEqual(['a']);
  });
});

describe('readingOrder', () => {
  it('bands rows by the first item of each row, one note height tall', () => {
    const h = NOTE_SIZE.height;
    const items = [
      { id: 'a', x: 500, y: 0 },
      { id: 'b', x: 0, y: h - 1 }, // inside the first row's band
      { id: 'c', x: 0, y: h }, // exactly one note height lower: a new row
      { id: 'd', x: -100, y: 2 * h - 1 }, // within c's band, not a's
    ];
    expect(readingOrder(items).map((i) => i.id)).toEqual(['b', 'a', 'd', 'c']);
  });

  it('takes another band height', () => {
    const items = [
      { id: 'top-right', x: 100, y: 0 },
      { id: 'low-left', x: 0, y: 300 },
    ];
    expect(readingOrder(items).map((i) => i.id)).toEqual(['top-right', 'low-left']);
    expect(readingOrder(items, 400).map((i) => i.id)).toEqual(['low-left', 'top-right']);
  });
});

describe('matchRanges', () => {
  it('gives [start, end) ranges in the original text', () => {
    expect(matchRanges('Pager rotated too late', 'late')).toEqual([[18, 22]]);
    expect(highlighted('Überweisung fehlgeschlagen', 'uber SCHLAG')).toEqual(['Über', 'schlag']);
  });

  it('finds every occurrence of every term, sorted', () => {
    expect(matchRanges('dns, DNS and dns', 'dns')).toEqual([
      [0, 3],
      [5, 8],
      [13, 16],
    ]);
    expect(highlighted('slow database, slow pager', 'pager slow')).toEqual([
      'slow',
      'slow',
      'pager',
    ]);
  });

  it('highlights the terms that occur even when others do not', () => {
    expect(highlighted('database was fine', 'database missing')).toEqual(['database']);
  });

  it('merges overlapping and touching occurrences', () => {
    expect(matchRanges('failover', 'fail over')).toEqual([[0, 8]]);
    expect(matchRanges('aaaa', 'aa aaa')).toEqual([[0, 4]]);
    expect(matchRanges('ab cd', 'ab cd')).toEqual([
      [0, 2],
      [3, 5],
    ]);
  });

  it('keeps accents with their letter and counts astral characters as two units', () => {
    // Decomposed: the combining acute after "e" belongs to the highlighted word.
    expect(highlighted('Cafe\u0301 open', 'cafe')).toEqual(['Cafe\u0301']);
    expect(matchRanges('🔥 outage', 'outage')).toEqual([[3, 9]]);
    expect(highlighted('İstanbul', 'ist')).toEqual(['İst']);
    expect(highlighted('ΟΔΟΣ ΟΔΟΣ', 'οδος')).toEqual(['ΟΔΟΣ', 'ΟΔΟΣ']);
  });

  it('gives nothing for an empty or blank query or text', () => {
    expect(matchRanges('anything', '')).toEqual([]);
    expect(matchRanges('anything', '  \n ')).toEqual([]);
    expect(matchRanges('', 'anything')).toEqual([]);
    expect(matchRanges('nothing', 'else')).toEqual([]);
  });

  it('agrees with searchNotes on any text: a term is found exactly when it is highlighted', () => {
    const unit = fc.constantFrom(
      ...['a', 'A', 'e', 'é', 'E\u0301', '\u0301', 'ü', 'Ü', 'u', 'İ', 'i', 'Σ', 'σ', 'ς'],
      ...[' ', '🔥', 'ß', 'ǅ', 'x'],
    );
    fc.assert(
      fc.property(
        fc.string({ unit, maxLength: 12 }),
        fc.string({ unit, minLength: 1, maxLength: 3 }),
        (text, term) => {
          const note = makeNote('n', { text });
          for (const single of searchTerms(term)) {
            const found = searchNotes([note], single).length === 1;
            const ranges = matchRanges(text, single);
            expect(ranges.length > 0).toBe(found);
            for (const [start, end] of ranges) {
              expect(foldText(text.slice(start, end))).toContain(single);
            }
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
