/**
 * How big a note is drawn: a fixed width and a height that grows with its text,
 * so nothing is cut off under the vote row. Heights are computed, not measured
 * from the DOM: React Flow can fit the view before anything is painted, and the
 * wall's geometry (tidy, free spots, drops) knows every note's box without a
 * browser layout pass. Text is measured with a canvas in the note's own font
 * and wrapped the way CSS wraps it (words, then anywhere for a long word); where
 * there is no canvas (unit tests in Node), an average character width stands in.
 *
 * The numbers here and the `.note` rules in styles.css describe the same box:
 * change them together (the e2e readability test checks no text is clipped).
 */
import { NOTE_SIZE } from '../../shared/wall/records';

/** Note type size in wall units (on screen: this times the zoom). */
export const NOTE_FONT_SIZE = 18;
export const NOTE_LINE_HEIGHT = 24;
export const NOTE_PADDING_X = 12;
export const NOTE_PADDING_TOP = 10;
/** The vote row under the text, and the space around it. */
export const NOTE_FOOTER = 38;
export const NOTE_FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";

const TEXT_WIDTH = NOTE_SIZE.width - 2 * NOTE_PADDING_X;
/** Lines are filled to a little less than the real width, so a rounding difference never clips. */
const WRAP_WIDTH = TEXT_WIDTH - 4;
const MAX_CACHE = 5_000;

export interface Size {
  readonly width: number;
  readonly height: number;
}

export type Measure = (text: string) => number;

let measure: Measure | null = null;

/** Text widths in `fontSize`px of the notes' font: a canvas, or an average glyph width without one. */
export function textMeasure(fontSize: number): Measure {
  const context =
    typeof document === 'undefined'
      ? null
      : document.createElement('canvas').getContext('2d', { willReadFrequently: false });
  if (context) {
    context.font = `${fontSize}px ${NOTE_FONT_FAMILY}`;
    return (text) => context.measureText(text).width;
  }
  // No canvas: a generous average glyph width for this font size.
  return (text) => text.length * fontSize * 0.56;
}

function measurer(): Measure {
  measure ??= textMeasure(NOTE_FONT_SIZE);
  return measure;
}

/** Lines a paragraph takes when wrapped into `width`: at spaces, or anywhere inside a long word. */
function paragraphLines(paragraph: string, width: number, widthOf: Measure): number {
  const words = paragraph.split(/ +/).filter((w) => w.length > 0);
  if (words.length === 0) return 1;
  let lines = 1;
  let line = '';
  for (const word of words) {
    const candidate = line ? `${line} ${word}` : word;
    if (widthOf(candidate) <= width) {
      line = candidate;
      continue;
    }
    if (line) lines += 1;
    // A word wider than the note breaks across lines (overflow-wrap: anywhere).
    let rest = word;
    while (widthOf(rest) > width) {
      let fit = 1;
      while (fit < rest.length && widthOf(rest.slice(0, fit + 1)) <= width) fit += 1;
      rest = rest.slice(fit);
      lines += 1;
    }
    line = rest;
  }
  return lines;
}

/** The number of lines `text` wraps to in a box `width` wide, as CSS wraps it. */
export function wrappedLines(text: string, width: number, widthOf: Measure): number {
  return text.split('\n').reduce((sum, p) => sum + paragraphLines(p, width, widthOf), 0);
}

/** The number of lines `text` wraps to in a note. */
export function noteLines(text: string, widthOf: Measure = measurer()): number {
  return wrappedLines(text, WRAP_WIDTH, widthOf);
}

const heights = new Map<string, number>();

/** Height of a note showing `text` (at least NOTE_SIZE.height). Cached per text. */
export function noteHeight(text: string): number {
  const cached = heights.get(text);
  if (cached !== undefined) return cached;
  const lines = noteLines(text);
  const height = Math.max(
    NOTE_SIZE.height,
    Math.ceil(NOTE_PADDING_TOP + lines * NOTE_LINE_HEIGHT + NOTE_FOOTER),
  );
  if (heights.size >= MAX_CACHE) heights.clear();
  heights.set(text, height);
  return height;
}

export const noteSize = (text: string): Size => ({
  width: NOTE_SIZE.width,
  height: noteHeight(text),
});
