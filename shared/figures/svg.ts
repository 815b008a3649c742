/**
 * Small building blocks for the exported figures (the 5-whys tree and the
 * systems diagram): XML escaping, text measurement by estimate, word wrapping,
 * number formatting and the document wrapper.
 *
 * The figures are drawn from the workshop's records, not from the DOM, so the
 * same input gives the same bytes in the renderer, in Node and in the signed
 * report later. That rules out canvas text measurement: text widths are
 * estimated from an average glyph width instead (see `textWidth`), and every
 * number is rounded the same way (`num`).
 */
import { CATEGORY_LABELS, FACTOR_CATEGORIES, type FactorCategory } from '../factors/records.js';

export const FIGURE_FONT_FAMILY = 'system-ui, "Segoe UI", Roboto, Helvetica, Arial, sans-serif';

/** Space around the drawing, in figure units. */
export const FIGURE_MARGIN = 32;

/**
 * Greys rather than colours: the figures must read on a black-and-white print of
 * the report. Differences that matter (factor, incident path, kind of interaction)
 * are carried by stroke width, dash pattern, fill pattern or words as well.
 */
export const INK = {
  text: '#000000',
  secondary: '#3a3a3a',
  stroke: '#333333',
  muted: '#b8b8b8',
  mutedText: '#6b6b6b',
  paper: '#ffffff',
} as const;

/**
 * Drops what XML 1.0 cannot carry at all: C0 control characters other than tab
 * and newline (a carriage return is dropped too; lines are split on newline
 * only), U+FFFE and U+FFFF, and lone surrogates. Escaping cannot help with
 * these (`&#1;` is itself ill-formed), and one of them would make the whole
 * document unreadable to an XML parser, so a stray character pasted from a
 * terminal cannot break a report.
 */
export function cleanXmlText(text: string): string {
  let out = '';
  let start = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    let drop: boolean;
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
      if (next >= 0xdc00 && next <= 0xdfff) {
        // A well-formed pair: keep both halves.
        i += 1;
        continue;
      }
      drop = true;
    } else {
      drop =
        (code >= 0xdc00 && code <= 0xdfff) ||
        (code < 0x20 && code !== 0x09 && code !== 0x0a) ||
        code === 0xfffe ||
        code === 0xffff;
    }
    if (drop) {
      out += text.slice(start, i);
      start = i + 1;
    }
  }
  return start === 0 ? text : out + text.slice(start);
}

/** Text content of an element: any user text is safe here, `<script>` included. */
export function escapeText(text: string): string {
  return cleanXmlText(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * An attribute value, for double- or single-quoted attributes alike. Tab and
 * newline are written as character references, since a parser would otherwise
 * normalise them to spaces.
 */
export function escapeAttr(text: string): string {
  return escapeText(text)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;');
}

/**
 * A coordinate as written in the SVG: two decimals at most, no `-0`, no
 * exponent for the sizes a diagram can have. Same number, same text, always.
 */
export function num(value: number): string {
  if (!Number.isFinite(value)) return '0';
  const rounded = Math.round(value * 100) / 100;
  return String(rounded === 0 ? 0 : rounded);
}

/** The average width of a narrow glyph, in ems (the 5-whys layout's own estimate is 0.55). */
const AVERAGE_EM = 0.56;
/** Bold type runs wider. */
const BOLD_FACTOR = 1.08;

/** Marks that join the character before them and take no width of their own. */
function isJoining(code: number): boolean {
  return (
    (code >= 0x0300 && code <= 0x036f) || // combining diacritics
    (code >= 0x1ab0 && code <= 0x1aff) ||
    (code >= 0x20d0 && code <= 0x20ff) ||
    (code >= 0xfe00 && code <= 0xfe0f) || // variation selectors
    (code >= 0xfe20 && code <= 0xfe2f) ||
    code === 0x200c ||
    code === 0x200d ||
    (code >= 0x1f3fb && code <= 0x1f3ff) || // skin tones
    (code >= 0xe0100 && code <= 0xe01ef)
  );
}

/** East Asian wide and fullwidth characters, and emoji: about one em each. */
function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1faff) ||
    (code >= 0x20000 && code <= 0x3fffd)
  );
}

function glyphEms(char: string): number {
  const code = char.codePointAt(0) ?? 0;
  if (isJoining(code)) return 0;
  return isWide(code) ? 1 : AVERAGE_EM;
}

export interface TextStyle {
  readonly fontSize: number;
  readonly bold?: boolean;
}

/** Estimated width of one line of `text` (no canvas, so Node and the browser agree). */
export function textWidth(text: string, style: TextStyle): number {
  let ems = 0;
  for (const char of text) ems += glyphEms(char);
  return ems * style.fontSize * (style.bold === true ? BOLD_FACTOR : 1);
}

/**
 * The characters of `text` grouped so that a combining mark, a variation
 * selector or a zero-width joiner stays with what it modifies when a long
 * word has to be broken. (Not full grapheme segmentation: Intl.Segmenter
 * follows the ICU version, and the figures must not change with it.)
 */
function clusters(text: string): string[] {
  const out: string[] = [];
  let joinNext = false;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    const last = out.pop();
    if (last === undefined) out.push(char);
    else if (joinNext || isJoining(code)) out.push(last + char);
    else out.push(last, char);
    joinNext = code === 0x200d;
  }
  return out;
}

const ELLIPSIS = '…';

/** Cuts `line` so that it and an ellipsis fit `maxWidth`. */
function withEllipsis(line: string, maxWidth: number, style: TextStyle): string {
  const parts = clusters(line.trimEnd());
  while (parts.length > 0 && textWidth(parts.join('') + ELLIPSIS, style) > maxWidth) parts.pop();
  return parts.join('').trimEnd() + ELLIPSIS;
}

export interface WrapOptions extends TextStyle {
  /** More lines than this are cut, the last one ending in an ellipsis. */
  readonly maxLines?: number;
}

/**
 * Wraps `text` into lines no wider than `maxWidth` (by the estimate above):
 * at spaces where it can, inside a word only when the word alone is too long
 * (a URL, an id, a run of CJK text). Newlines start a new line; an empty
 * paragraph stays an empty line. Characters XML cannot hold are dropped first,
 * so they take no width. Always at least one line ('' for empty text).
 */
export function wrapText(text: string, maxWidth: number, options: WrapOptions): string[] {
  const style: TextStyle = { fontSize: options.fontSize, bold: options.bold === true };
  const lines: string[] = [];
  for (const paragraph of cleanXmlText(text).replace(/\t/g, ' ').split('\n')) {
    let line = '';
    for (const word of paragraph.split(/ +/)) {
      if (word === '') continue;
      const candidate = line === '' ? word : `${line} ${word}`;
      if (textWidth(candidate, style) <= maxWidth) {
        line = candidate;
        continue;
      }
      if (line !== '') lines.push(line);
      line = '';
      if (textWidth(word, style) <= maxWidth) {
        line = word;
        continue;
      }
      // A word wider than the box: break it wherever the width runs out.
      for (const part of clusters(word)) {
        if (line !== '' && textWidth(line + part, style) > maxWidth) {
          lines.push(line);
          line = '';
        }
        line += part;
      }
    }
    lines.push(line);
  }
  const maxLines = options.maxLines;
  if (maxLines !== undefined && maxLines >= 1 && lines.length > maxLines) {
    const kept = lines.slice(0, maxLines);
    kept[maxLines - 1] = withEllipsis(kept[maxLines - 1] ?? '', maxWidth, style);
    return kept;
  }
  return lines;
}

/** One line, cut with an ellipsis when it is wider than `maxWidth`. */
export function fitLine(text: string, maxWidth: number, style: TextStyle): string {
  const flat = cleanXmlText(text).replace(/[\t\n]+/g, ' ');
  return textWidth(flat, style) <= maxWidth ? flat : withEllipsis(flat, maxWidth, style);
}

export interface TextBlock {
  readonly x: number;
  /** The first line's baseline. */
  readonly y: number;
  readonly lines: readonly string[];
  readonly lineHeight: number;
  readonly fontSize: number;
  readonly bold?: boolean;
  readonly italic?: boolean;
  readonly fill?: string;
  readonly anchor?: 'start' | 'middle' | 'end';
  readonly letterSpacing?: number;
}

/** A `<text>` with one `<tspan>` per line at an absolute position (no reflow in any viewer). */
export function textElement(block: TextBlock): string {
  const attrs = [
    `font-size="${num(block.fontSize)}"`,
    block.bold === true ? 'font-weight="700"' : '',
    block.italic === true ? 'font-style="italic"' : '',
    `fill="${escapeAttr(block.fill ?? INK.text)}"`,
    block.anchor && block.anchor !== 'start' ? `text-anchor="${block.anchor}"` : '',
    block.letterSpacing === undefined ? '' : `letter-spacing="${num(block.letterSpacing)}"`,
  ].filter((a) => a !== '');
  const spans = block.lines
    .map(
      (line, i) =>
        `<tspan x="${num(block.x)}" y="${num(block.y + i * block.lineHeight)}">${escapeText(line)}</tspan>`,
    )
    .join('');
  return `<text ${attrs.join(' ')}>${spans}</text>`;
}

/**
 * Fill patterns per factor category, so a factor's kind shows on a black and
 * white print as texture and word, never as colour only. Ids are fixed, and
 * the same in both figures, so two figures inlined in one page do not clash
 * (an id defined twice defines the same pattern).
 */
export const CATEGORY_PATTERN_ID: Record<FactorCategory, string> = {
  technical: 'debrief-factor-technical',
  process: 'debrief-factor-process',
  organizational: 'debrief-factor-organizational',
  external: 'debrief-factor-external',
};

const PATTERN_BODY: Record<FactorCategory, string> = {
  // Diagonal hatching.
  technical: `<path d="M-1 1 L1 -1 M0 6 L6 0 M5 7 L7 5" stroke="${INK.text}" stroke-width="1.2"/>`,
  // Dots.
  process: `<circle cx="3" cy="3" r="1.4" fill="${INK.text}"/>`,
  // Horizontal lines.
  organizational: `<path d="M0 3 H6" stroke="${INK.text}" stroke-width="1.4"/>`,
  // A grid.
  external: `<path d="M0 3 H6 M3 0 V6" stroke="${INK.text}" stroke-width="1"/>`,
};

/** `<pattern>` definitions for the categories used, in a fixed order. */
export function categoryPatternDefs(used: ReadonlySet<FactorCategory>): string {
  return FACTOR_CATEGORIES.filter((c) => used.has(c))
    .map(
      (c) =>
        `<pattern id="${CATEGORY_PATTERN_ID[c]}" width="6" height="6" patternUnits="userSpaceOnUse">` +
        `<rect width="6" height="6" fill="${INK.paper}"/>${PATTERN_BODY[c]}</pattern>`,
    )
    .join('');
}

/** A small square filled with a category's pattern, framed. */
export function categorySwatch(category: FactorCategory, x: number, y: number, size: number) {
  return `<rect x="${num(x)}" y="${num(y)}" width="${num(size)}" height="${num(size)}" fill="url(#${CATEGORY_PATTERN_ID[category]})" stroke="${INK.text}" stroke-width="1"/>`;
}

/**
 * A legend row of the factor categories used: swatch and name. Returns its
 * markup and width; nothing when no factor is shown.
 */
export function categoryLegend(
  used: ReadonlySet<FactorCategory>,
  x: number,
  y: number,
): { readonly markup: string; readonly width: number; readonly height: number } {
  const categories = FACTOR_CATEGORIES.filter((c) => used.has(c));
  if (categories.length === 0) return { markup: '', width: 0, height: 0 };
  const style = { fontSize: 12 };
  const heading = 'Factor categories:';
  let cursor = x + textWidth(heading, style) + 12;
  const parts = [
    textElement({ x, y: y + 11, lines: [heading], lineHeight: 14, fontSize: 12, bold: true }),
  ];
  for (const c of categories) {
    parts.push(categorySwatch(c, cursor, y, 13));
    parts.push(
      textElement({
        x: cursor + 19,
        y: y + 11,
        lines: [CATEGORY_LABELS[c]],
        lineHeight: 14,
        fontSize: 12,
      }),
    );
    cursor += 19 + textWidth(CATEGORY_LABELS[c], style) + 18;
  }
  return { markup: parts.join(''), width: cursor - x, height: 14 };
}

export interface SvgDocument {
  readonly width: number;
  readonly height: number;
  /** The figure's accessible name (and the tooltip of most viewers). */
  readonly title: string;
  /** A sentence on what the figure shows, for screen readers and the report's text layer. */
  readonly description: string;
  readonly defs?: string;
  readonly body: string;
}

/**
 * A complete standalone SVG document: namespace, pixel size, a `viewBox` of the
 * same size (so it scales in slides and in the PDF), `<title>` and `<desc>`, the
 * font stack, and a white page behind (viewers with a dark background, and the
 * PNG, show it as it prints). No XML declaration, so the same string can also
 * be inlined into the report's HTML.
 */
export function svgDocument(doc: SvgDocument): string {
  const width = num(Math.ceil(doc.width));
  const height = num(Math.ceil(doc.height));
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" font-family="${escapeAttr(FIGURE_FONT_FAMILY)}">` +
    `<title>${escapeText(doc.title)}</title>` +
    `<desc>${escapeText(doc.description)}</desc>` +
    (doc.defs !== undefined && doc.defs !== '' ? `<defs>${doc.defs}</defs>` : '') +
    `<rect width="${width}" height="${height}" fill="${INK.paper}"/>` +
    doc.body +
    `</svg>`
  );
}

/** The figure shown when a canvas has nothing on it yet: still a valid, readable SVG. */
export function emptyFigure(title: string, message: string): string {
  const width = 360;
  const height = 120;
  return svgDocument({
    width,
    height,
    title,
    description: message,
    body: textElement({
      x: width / 2,
      y: height / 2 + 6,
      lines: [message],
      lineHeight: 20,
      fontSize: 16,
      fill: INK.secondary,
      anchor: 'middle',
    }),
  });
}

/** A heading above the drawing (the workshop's title, say); returns its markup and height. */
export function headingBlock(
  title: string | undefined,
  x: number,
  y: number,
  maxWidth: number,
): { readonly markup: string; readonly height: number } {
  if (title === undefined || cleanXmlText(title).trim() === '') return { markup: '', height: 0 };
  const lines = wrapText(title.trim(), Math.max(200, maxWidth), {
    fontSize: 20,
    bold: true,
    maxLines: 2,
  });
  return {
    markup: textElement({ x, y: y + 20, lines, lineHeight: 26, fontSize: 20, bold: true }),
    height: lines.length * 26 + 12,
  };
}
