/**
 * Finding notes by their text (Ctrl+F on the wall), and the wall's reading order.
 *
 * Matching ignores case and accents: text is lower-cased, decomposed (NFD) and
 * stripped of combining marks, so "uberweisung" and "UBERWEISUNG" find
 * "Überweisung" (transliterations such as "ue" for "ü" are not attempted). Every
 * whitespace-separated term of the query must occur somewhere in the note, in any
 * order. Pure functions: no DOM, no React.
 */
import { NOTE_SIZE, type Note, type NoteId } from './records.js';

/** What search and reading order need of a note. */
export type SearchableNote = Pick<Note, 'id' | 'text' | 'x' | 'y'>;

/** A half-open range `[start, end)` of UTF-16 indices into the original text. */
export type TextRange = readonly [start: number, end: number];

const COMBINING_MARKS = /\p{M}/gu;
const FINAL_SIGMA = /ς/g;
const WHITESPACE = /\s+/u;

/**
 * The form text is compared in: lower case, no accents. Greek final sigma is
 * folded to σ because lower-casing a whole word and lower-casing one letter
 * disagree about it.
 */
export function foldText(text: string): string {
  return text.toLowerCase().normalize('NFD').replace(COMBINING_MARKS, '').replace(FINAL_SIGMA, 'σ');
}

/** The query's terms, folded; terms that fold to nothing (a lone accent) are dropped. */
export function searchTerms(query: string): string[] {
  return query
    .split(WHITESPACE)
    .map(foldText)
    .filter((term) => term.length > 0);
}

/**
 * Items in the order a person reads the wall: top to bottom, left to right.
 * Items whose tops lie within `band` of the first item of a row (one note height
 * by default) form that row, so notes placed a little higher or lower than their
 * neighbours are still read with them. Ties are broken by id, so the order is
 * fully determined by the records.
 */
export function readingOrder<
  T extends { readonly id: string; readonly x: number; readonly y: number },
>(items: Iterable<T>, band: number = NOTE_SIZE.height): T[] {
  const byTop = [...items].sort((a, b) => a.y - b.y || a.x - b.x || compareIds(a.id, b.id));
  const ordered: T[] = [];
  let row: T[] = [];
  let rowTop = Number.NEGATIVE_INFINITY;
  const flush = () => {
    row.sort((a, b) => a.x - b.x || a.y - b.y || compareIds(a.id, b.id));
    ordered.push(...row);
    row = [];
  };
  for (const item of byTop) {
    if (item.y >= rowTop + band) {
      flush();
      rowTop = item.y;
    }
    row.push(item);
  }
  flush();
  return ordered;
}

/** Code-unit order, the same in every locale (localeCompare is not). */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Folded texts, computed once per note record (records are immutable; an edit makes a new one). */
const foldedTexts = new WeakMap<object, string>();

function foldedTextOf(note: SearchableNote): string {
  let folded = foldedTexts.get(note);
  if (folded === undefined) {
    folded = foldText(note.text);
    foldedTexts.set(note, folded);
  }
  return folded;
}

/**
 * The ids of the notes whose text contains every term of `query`, in reading
 * order. An empty or blank query matches nothing.
 */
export function searchNotes(notes: Iterable<SearchableNote>, query: string): NoteId[] {
  const terms = searchTerms(query);
  if (terms.length === 0) return [];
  const matches: SearchableNote[] = [];
  for (const note of notes) {
    const text = foldedTextOf(note);
    if (terms.every((term) => text.includes(term))) matches.push(note);
  }
  return readingOrder(matches).map((note) => note.id);
}

/**
 * Where the query's terms occur in `text` (the original, not folded), to
 * highlight them: sorted, non-overlapping ranges (overlapping or touching
 * occurrences are merged). A range never splits a letter from its accents.
 * Every occurrence of any term is reported, whether or not all terms occur.
 */
export function matchRanges(text: string, query: string): TextRange[] {
  const terms = searchTerms(query);
  if (terms.length === 0 || text.length === 0) return [];
  // The folded text, and for each of its code units the original code point it came from.
  let folded = '';
  const origin: number[] = [];
  const originEnd: number[] = [];
  for (let i = 0; i < text.length;) {
    const codePoint = text.codePointAt(i) ?? 0;
    const width = codePoint > 0xffff ? 2 : 1;
    const part = foldText(text.slice(i, i + width));
    for (let k = 0; k < part.length; k += 1) {
      origin.push(i);
      originEnd.push(i + width);
    }
    folded += part;
    i += width;
  }
  const found: [number, number][] = [];
  for (const term of terms) {
    for (let at = folded.indexOf(term); at !== -1; at = folded.indexOf(term, at + term.length)) {
      const start = origin[at] ?? 0;
      let end = originEnd[at + term.length - 1] ?? text.length;
      // Take the accents that follow the last letter (they fold to nothing).
      while (end < text.length) {
        const next = text.codePointAt(end) ?? 0;
        const width = next > 0xffff ? 2 : 1;
        if (foldText(text.slice(end, end + width)) !== '') break;
        end += width;
      }
      found.push([start, end]);
    }
  }
  found.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: [number, number][] = [];
  for (const range of found) {
    const last = merged[merged.length - 1];
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([range[0], range[1]]);
  }
  return merged;
}
