/**
 * The exported figures (shared/figures): escaping and wrapping, and the two
 * figures drawn from records. Every figure is read back with the strict XML
 * reader below (no XML library is installed, and a regex would accept what a
 * parser refuses), so "it parses" means well-formed XML 1.0, and the checks
 * look at elements, attributes and decoded text rather than at substrings.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { asWorkshopId } from '../../../shared/base/ids.js';
import {
  asFactorId,
  asFactorLinkId,
  CATEGORY_LABELS,
  type Factor,
  type FactorCategory,
  type FactorLink,
} from '../../../shared/factors/records.js';
import { bytesToBase64 } from '../../../shared/figures/base64.js';
import {
  cleanXmlText,
  escapeAttr,
  escapeText,
  FIGURE_FONT_FAMILY,
  INK,
  num,
  svgDocument,
  textWidth,
  wrapText,
} from '../../../shared/figures/svg.js';
import {
  INTERACTION_LINE,
  PATH_EXTRA_WIDTH,
  systemsFigure,
  type SystemsFigureInput,
} from '../../../shared/figures/systemsFigure.js';
import { whysFigure, type WhysFigureInput } from '../../../shared/figures/whysFigure.js';
import { COMPONENT_BOX } from '../../../shared/systems/layout.js';
import {
  asComponentId,
  asInteractionId,
  asZoneId,
  COMPONENT_KIND_LABELS,
  INTERACTION_KIND_LABELS,
  INTERACTION_KINDS,
  type Component,
  type Interaction,
  type Zone,
} from '../../../shared/systems/records.js';
import { WHY_BOX } from '../../../shared/whys/layout.js';
import { asWhyId, type WhyNode } from '../../../shared/whys/records.js';

// ---------------------------------------------------------------------------
// A strict reader for the XML the figures emit: elements, attributes, text and
// character references. Anything else (comments, CDATA, a DOCTYPE, a stray `<`
// or `&`, an unclosed or misnested tag, a duplicate attribute, a character XML
// 1.0 forbids) is an error, as it would be for a real parser.
// ---------------------------------------------------------------------------

interface XmlElement {
  readonly name: string;
  readonly attrs: ReadonlyMap<string, string>;
  readonly children: readonly (XmlElement | string)[];
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
};

function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

function isNameStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || c === ':';
}

function isNameChar(c: string): boolean {
  return isNameStart(c) || (c >= '0' && c <= '9') || c === '-' || c === '.';
}

function parseXml(source: string): XmlElement {
  // Characters first: iterating by code point leaves a lone surrogate as itself.
  for (const char of source) {
    const code = char.codePointAt(0) ?? 0;
    if (!isXmlChar(code)) throw new Error(`character U+${code.toString(16)} is not allowed in XML`);
  }
  let i = 0;
  const fail = (message: string): never => {
    throw new Error(`${message} at ${i}: ${JSON.stringify(source.slice(i, i + 40))}`);
  };
  const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r';
  const skipSpace = () => {
    while (isSpace(source[i])) i += 1;
  };
  const name = (): string => {
    const start = i;
    if (!isNameStart(source[i] ?? '')) fail('expected a name');
    while (isNameChar(source[i] ?? '')) i += 1;
    return source.slice(start, i);
  };
  const decode = (raw: string, inAttribute: boolean): string => {
    let out = '';
    for (let j = 0; j < raw.length; j += 1) {
      const c = raw[j]!;
      if (c === '<') fail('a raw "<" in text');
      if (c === '&') {
        const end = raw.indexOf(';', j);
        if (end < 0) fail('an "&" that starts no reference');
        const ref = raw.slice(j + 1, end);
        if (ref.startsWith('#x')) {
          if (!/^#x[0-9a-fA-F]+$/.test(ref)) fail(`a bad reference &${ref};`);
          const code = parseInt(ref.slice(2), 16);
          if (!isXmlChar(code)) fail(`a reference to a forbidden character &${ref};`);
          out += String.fromCodePoint(code);
        } else if (ref.startsWith('#')) {
          if (!/^#[0-9]+$/.test(ref)) fail(`a bad reference &${ref};`);
          const code = parseInt(ref.slice(1), 10);
          if (!isXmlChar(code)) fail(`a reference to a forbidden character &${ref};`);
          out += String.fromCodePoint(code);
        } else {
          out += NAMED_ENTITIES[ref] ?? fail(`an unknown entity &${ref};`);
        }
        j = end;
        continue;
      }
      // Attribute-value normalisation: a literal tab or newline reads as a space.
      out += inAttribute && (c === '\t' || c === '\n' || c === '\r') ? ' ' : c;
    }
    return out;
  };
  const element = (): XmlElement => {
    if (source[i] !== '<') fail('expected "<"');
    i += 1;
    const tag = name();
    const attrs = new Map<string, string>();
    for (;;) {
      const hadSpace = isSpace(source[i]);
      skipSpace();
      const c = source[i];
      if (c === '/' || c === '>') break;
      if (!hadSpace) fail('attributes must be separated by white space');
      const attr = name();
      skipSpace();
      if (source[i] !== '=') fail('expected "="');
      i += 1;
      skipSpace();
      const quote = source[i];
      if (quote !== '"' && quote !== "'") fail('attribute values must be quoted');
      const end = source.indexOf(quote!, i + 1);
      if (end < 0) fail('an unterminated attribute value');
      if (attrs.has(attr)) fail(`a duplicate attribute ${attr}`);
      attrs.set(attr, decode(source.slice(i + 1, end), true));
      i = end + 1;
    }
    if (source.startsWith('/>', i)) {
      i += 2;
      return { name: tag, attrs, children: [] };
    }
    i += 1; // '>'
    const children: (XmlElement | string)[] = [];
    for (;;) {
      if (i >= source.length) fail(`<${tag}> is never closed`);
      if (source.startsWith('</', i)) {
        i += 2;
        const closing = name();
        if (closing !== tag) fail(`</${closing}> closes <${tag}>`);
        skipSpace();
        if (source[i] !== '>') fail('expected ">"');
        i += 1;
        return { name: tag, attrs, children };
      }
      if (source.startsWith('<!', i) || source.startsWith('<?', i)) fail('unexpected markup');
      if (source[i] === '<') {
        children.push(element());
        continue;
      }
      const next = source.indexOf('<', i);
      const raw = source.slice(i, next < 0 ? source.length : next);
      if (raw.includes(']]>')) fail('"]]>" in text');
      children.push(decode(raw, false));
      i += raw.length;
    }
  };
  skipSpace();
  const root = element();
  skipSpace();
  if (i !== source.length) fail('content after the root element');
  return root;
}

function descendants(el: XmlElement, name?: string): XmlElement[] {
  const out: XmlElement[] = [];
  const visit = (e: XmlElement) => {
    for (const child of e.children) {
      if (typeof child === 'string') continue;
      if (name === undefined || child.name === name) out.push(child);
      visit(child);
    }
  };
  visit(el);
  return out;
}

function textContent(el: XmlElement): string {
  return el.children.map((c) => (typeof c === 'string' ? c : textContent(c))).join('');
}

/** The lines of a `<text>`, one per `<tspan>`. */
function linesOf(text: XmlElement): string[] {
  return descendants(text, 'tspan').map(textContent);
}

/** All drawn text (not `<title>`/`<desc>`), each `<text>`'s lines joined by spaces. */
function drawnTexts(root: XmlElement): string[] {
  return descendants(root, 'text').map((t) => linesOf(t).join(' '));
}

/** The text of each innermost `<g>` (a box, a label), its lines joined by spaces. */
function groupTexts(root: XmlElement): string[] {
  return descendants(root, 'g')
    .filter((g) => descendants(g, 'g').length === 0)
    .map((g) => descendants(g, 'tspan').map(textContent).join(' '));
}

const attr = (el: XmlElement, name: string): string | undefined => el.attrs.get(name);
const numAttr = (el: XmlElement, name: string): number => Number(el.attrs.get(name));

function child(el: XmlElement, name: string): XmlElement {
  const found = el.children.find((c): c is XmlElement => typeof c !== 'string' && c.name === name);
  if (!found) throw new Error(`<${el.name}> has no <${name}>`);
  return found;
}

// ---------------------------------------------------------------------------
// Records
// ---------------------------------------------------------------------------

const T0 = 1_767_225_600_000;
const WS = asWorkshopId('ws-figures');
const HOSTILE = `<script>alert("x")</script> & 'quotes' ]]> \u0000\u0007\u001b\uFFFE \uD800lone`;

function why(id: string, parentId: string | null, text: string, order = 0): WhyNode {
  return {
    id: asWhyId(id),
    workshopId: WS,
    parentId: parentId === null ? null : asWhyId(parentId),
    text,
    order,
    createdAt: T0,
  };
}

function factor(id: string, title: string, category: FactorCategory): Factor {
  return { id: asFactorId(id), workshopId: WS, title, category, description: '', createdAt: T0 };
}

function placement(
  id: string,
  factorId: string,
  on: { whyId?: string; componentId?: string; interactionId?: string },
): FactorLink {
  return {
    id: asFactorLinkId(id),
    workshopId: WS,
    factorId: asFactorId(factorId),
    noteId: null,
    clusterId: null,
    whyId: on.whyId === undefined ? null : asWhyId(on.whyId),
    componentId: on.componentId === undefined ? null : asComponentId(on.componentId),
    interactionId: on.interactionId === undefined ? null : asInteractionId(on.interactionId),
    createdAt: T0,
  };
}

const FACTORS = [
  factor('f-process', 'Release checklist skipped under time pressure', 'process'),
  factor('f-tech', 'Pool size not monitored', 'technical'),
  factor('f-ext', 'Vendor SDK retry defaults', 'external'),
];

const WHYS: WhysFigureInput = {
  whyNodes: [
    why('p', null, 'Checkout failed for 42 minutes'),
    why('a', 'p', 'The payments service ran out of database connections', 0),
    why('b', 'p', 'Retries from the mobile app multiplied the load', 1),
    why('c', 'a', 'The pool size was reduced in a config change on Friday'),
    why('d', 'c', 'The change was not reviewed because the release checklist was skipped'),
    why('e', 'b', 'x'.repeat(120)),
    why('h', 'b', HOSTILE, 2),
  ],
  factors: FACTORS,
  factorLinks: [
    placement('l1', 'f-process', { whyId: 'd' }),
    placement('l2', 'f-tech', { whyId: 'c' }),
    placement('l3', 'f-ext', { whyId: 'c' }),
  ],
  title: 'Checkout outage – 5 whys',
};

function component(
  id: string,
  name: string,
  x: number,
  y: number,
  extra: Partial<Component> = {},
): Component {
  return {
    id: asComponentId(id),
    workshopId: WS,
    kind: 'service',
    name,
    x,
    y,
    pinned: false,
    zoneId: null,
    failureMode: '',
    annotation: '',
    guardrails: [],
    onPath: false,
    createdAt: T0,
    ...extra,
  };
}

function interaction(
  id: string,
  sourceId: string,
  targetId: string,
  kind: Interaction['kind'],
  label: string,
  extra: Partial<Interaction> = {},
): Interaction {
  return {
    id: asInteractionId(id),
    workshopId: WS,
    sourceId: asComponentId(sourceId),
    targetId: asComponentId(targetId),
    kind,
    label,
    failureMode: '',
    annotation: '',
    guardrails: [],
    onPath: false,
    createdAt: T0,
    ...extra,
  };
}

const ZONE: Zone = {
  id: asZoneId('z-core'),
  workshopId: WS,
  name: 'Core banking',
  x: 286,
  y: 12,
  width: 558,
  height: 364,
  createdAt: T0,
};

const COMPONENTS = [
  component('app', 'Mobile app', 0, 60, { kind: 'external', onPath: true }),
  component('api', 'Payments API', 310, 60, {
    onPath: true,
    zoneId: ZONE.id,
    guardrails: ['timeout'],
    failureMode: 'Thread pool exhausted',
  }),
  component('db', 'Payments database', 620, 60, {
    kind: 'datastore',
    onPath: true,
    zoneId: ZONE.id,
    failureMode: 'Connection limit reached',
  }),
  component('cfg', 'Connection pool size', 620, 260, { kind: 'config', zoneId: ZONE.id }),
  component('ops', HOSTILE.slice(0, 60), 310, 260, { kind: 'team' }),
  component('mon', 'Latency alert', 0, 260, { kind: 'monitoring' }),
];

const INTERACTIONS = [
  interaction('i1', 'app', 'api', 'request', 'POST /checkout', { onPath: true }),
  interaction('i2', 'app', 'api', 'feedback', 'Retries x3'),
  interaction('i3', 'api', 'db', 'data', 'Queries', { onPath: true }),
  interaction('i4', 'cfg', 'db', 'control', 'Sets pool size'),
  interaction('i5', 'mon', 'ops', 'feedback', 'Pages'),
  interaction('i6', 'api', 'cfg', 'dependency', 'Reads'),
];

const SYSTEMS: SystemsFigureInput = {
  components: COMPONENTS,
  interactions: INTERACTIONS,
  zones: [ZONE],
  factors: FACTORS,
  factorLinks: [
    placement('l4', 'f-tech', { componentId: 'db' }),
    placement('l5', 'f-ext', { interactionId: 'i2' }),
  ],
  title: 'Checkout outage – systems diagram',
};

const reversed = <T>(items: Iterable<T>): T[] => [...items].reverse();

// ---------------------------------------------------------------------------
// svg.ts
// ---------------------------------------------------------------------------

describe('escaping', () => {
  it('keeps hostile text as text: it parses back to itself, with no element made of it', () => {
    const text = `<script>alert("x")</script> & 'a' "b" ]]> <!-- --> <![CDATA[`;
    const root = parseXml(
      `<r a="${escapeAttr(text)}" b='${escapeAttr(text)}'>${escapeText(text)}</r>`,
    );
    expect(textContent(root)).toBe(text);
    expect(attr(root, 'a')).toBe(text);
    expect(attr(root, 'b')).toBe(text);
    expect(root.children.every((c) => typeof c === 'string')).toBe(true);
  });

  it('writes tab and newline in attributes as references, so they survive normalisation', () => {
    const root = parseXml(`<r a="${escapeAttr('a\tb\nc')}"/>`);
    expect(attr(root, 'a')).toBe('a\tb\nc');
  });

  it('drops characters XML cannot hold: C0 controls but tab and newline, U+FFFE/F, lone surrogates', () => {
    const controls = Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i)).join('');
    expect(cleanXmlText(`a${controls}b`)).toBe('a\t\nb');
    expect(cleanXmlText('x\uFFFEy\uFFFFz')).toBe('xyz');
    expect(cleanXmlText('high\uD800 low\uDC00 reversed\uDC00\uD800 end\uD83D')).toBe(
      'high low reversed end',
    );
    // A real pair stays.
    expect(cleanXmlText('ok 😀 ✓')).toBe('ok 😀 ✓');
    expect(cleanXmlText('plain')).toBe('plain');
    // And what is left is well-formed.
    expect(() =>
      parseXml(`<r a="${escapeAttr(HOSTILE)}">${escapeText(HOSTILE)}</r>`),
    ).not.toThrow();
  });
});

describe('num', () => {
  it('writes two decimals at most, and never -0', () => {
    expect(num(1 / 3)).toBe('0.33');
    expect(num(-0)).toBe('0');
    expect(num(-0.001)).toBe('0');
    expect(num(120)).toBe('120');
    expect(num(Number.NaN)).toBe('0');
  });
});

describe('wrapText', () => {
  const style = { fontSize: 16 };

  it('breaks at spaces, every line within the width, every word kept in order', () => {
    const text = 'The change was not reviewed because the release checklist was skipped';
    const lines = wrapText(text, 200, style);
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(textWidth(line, style)).toBeLessThanOrEqual(200);
    expect(lines.join(' ')).toBe(text);
  });

  it('fills lines greedily: a shorter text takes no more lines than it needs', () => {
    expect(wrapText('short text', 200, style)).toEqual(['short text']);
  });

  it('breaks a word longer than the width, keeping every character', () => {
    const word = 'https://payments.internal.example/checkout/v2/very/long/path';
    const lines = wrapText(word, 120, style);
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(textWidth(line, style)).toBeLessThanOrEqual(120);
    expect(lines.join('')).toBe(word);
  });

  it('never splits a surrogate pair or a letter from its combining mark', () => {
    const lines = wrapText('😀'.repeat(12) + 'e\u0301'.repeat(30), 50, style);
    for (const line of lines) {
      expect(cleanXmlText(line)).toBe(line);
      expect(line.startsWith('\u0301')).toBe(false);
    }
    expect(lines.join('')).toBe('😀'.repeat(12) + 'e\u0301'.repeat(30));
  });

  it('counts wide characters as wider', () => {
    expect(textWidth('支付', style)).toBeGreaterThan(textWidth('ab', style));
  });

  it('starts a line at each newline and keeps empty paragraphs; empty text is one empty line', () => {
    expect(wrapText('one\n\ntwo', 500, style)).toEqual(['one', '', 'two']);
    expect(wrapText('', 500, style)).toEqual(['']);
  });

  it('cuts to maxLines with an ellipsis that still fits', () => {
    const lines = wrapText('word '.repeat(60), 120, { ...style, maxLines: 2 });
    expect(lines).toHaveLength(2);
    expect(lines[1]!.endsWith('…')).toBe(true);
    expect(textWidth(lines[1]!, style)).toBeLessThanOrEqual(120);
  });

  it('drops characters XML cannot hold before measuring', () => {
    expect(wrapText('a\u0000b\u0007c', 500, style)).toEqual(['abc']);
  });
});

describe('svgDocument', () => {
  it('is a standalone SVG with size, viewBox, title, description and the font stack', () => {
    const root = parseXml(
      svgDocument({ width: 100.4, height: 50, title: 'T <&>', description: 'D', body: '' }),
    );
    expect(root.name).toBe('svg');
    expect(attr(root, 'xmlns')).toBe('http://www.w3.org/2000/svg');
    expect(attr(root, 'width')).toBe('101');
    expect(attr(root, 'height')).toBe('50');
    expect(attr(root, 'viewBox')).toBe('0 0 101 50');
    expect(attr(root, 'font-family')).toBe(FIGURE_FONT_FAMILY);
    expect(textContent(child(root, 'title'))).toBe('T <&>');
    expect(textContent(child(root, 'desc'))).toBe('D');
  });
});

describe('bytesToBase64', () => {
  it('matches Node’s encoder for every length of padding, and for all byte values', () => {
    for (let length = 0; length <= 9; length += 1) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 97 + 13) % 256);
      expect(bytesToBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
    }
    const all = Uint8Array.from({ length: 200_003 }, (_, i) => (i * 31 + (i >> 8)) % 256);
    expect(bytesToBase64(all)).toBe(Buffer.from(all).toString('base64'));
  });
});

// ---------------------------------------------------------------------------
// The 5-whys figure
// ---------------------------------------------------------------------------

describe('whysFigure', () => {
  const svg = whysFigure(WHYS);
  // Parsed in beforeAll, so a figure that is not well-formed fails each test, not the file.
  let root: XmlElement;
  let texts: string[];
  beforeAll(() => {
    root = parseXml(svg);
    texts = drawnTexts(root);
  });

  it('is a well-formed standalone SVG titled after the input', () => {
    expect(root.name).toBe('svg');
    expect(attr(root, 'viewBox')).toBe(`0 0 ${attr(root, 'width')!} ${attr(root, 'height')!}`);
    expect(textContent(child(root, 'title'))).toBe('Checkout outage – 5 whys');
    expect(textContent(child(root, 'desc'))).toContain('7 statements');
    expect(texts).toContain('Checkout outage – 5 whys');
  });

  it('shows every node’s text, each with its depth label', () => {
    for (const node of WHYS.whyNodes) {
      if (node.id === 'e' || node.id === 'h') continue;
      expect(texts).toContain(node.text);
    }
    // The long word is broken across lines, not lost.
    const long = descendants(root, 'text').find((t) => linesOf(t).join('') === 'x'.repeat(120));
    expect(long).toBeDefined();
    expect(linesOf(long!).length).toBeGreaterThan(1);
    expect(texts.filter((t) => t === 'Problem')).toHaveLength(1);
    expect(texts.filter((t) => t === 'Why 1')).toHaveLength(2);
    expect(texts.filter((t) => t === 'Why 2')).toHaveLength(3);
    expect(texts.filter((t) => t === 'Why 3')).toHaveLength(1);
  });

  it('keeps hostile text as text', () => {
    expect(descendants(root, 'script')).toEqual([]);
    const squash = (t: string) => t.replace(/\s+/g, ' ').trim();
    expect(texts.map(squash)).toContain(squash(cleanXmlText(HOSTILE)));
  });

  it('wraps each node’s text inside its box', () => {
    const inner = WHY_BOX.width - 2 * WHY_BOX.padding;
    const bodies = descendants(root, 'text').filter((t) => attr(t, 'font-size') === '16');
    expect(bodies).toHaveLength(7);
    for (const body of bodies) {
      for (const line of linesOf(body)) {
        expect(textWidth(line, { fontSize: 16 })).toBeLessThanOrEqual(inner);
      }
    }
  });

  it('tags a node with each factor on it, category in words, and gives it a heavy border and a pattern', () => {
    expect(texts).toContain('Factor · Process: Release checklist skipped under time pressure');
    expect(texts).toContain('Factor · Technical: Pool size not monitored');
    expect(texts).toContain('Factor · External: Vendor SDK retry defaults');
    const boxes = descendants(root, 'g')
      .map((g) => g.children[0])
      .filter((c): c is XmlElement => typeof c !== 'string' && c?.name === 'rect');
    expect(boxes).toHaveLength(7);
    expect(boxes.filter((b) => attr(b, 'stroke-width') === '3')).toHaveLength(2);
    expect(boxes.filter((b) => attr(b, 'stroke-width') === '1.25')).toHaveLength(5);
    const patterns = descendants(root, 'pattern').map((p) => attr(p, 'id'));
    expect(patterns).toEqual([
      'debrief-factor-technical',
      'debrief-factor-process',
      'debrief-factor-external',
    ]);
    const fills = descendants(root, 'rect').map((r) => attr(r, 'fill'));
    for (const id of patterns) expect(fills).toContain(`url(#${id!})`);
    expect(texts).toContain('Factor categories:');
  });

  it('has no factor markings where no factor is placed', () => {
    const plain = parseXml(whysFigure({ ...WHYS, factorLinks: [] }));
    expect(drawnTexts(plain).some((t) => t.startsWith('Factor'))).toBe(false);
    expect(descendants(plain, 'pattern')).toEqual([]);
  });

  it('connects every child to its parent with an elbow from right edge to left edge', () => {
    // Drawn paths only: the factor patterns in <defs> are paths too.
    const connectors = descendants(root, 'path').filter(
      (p) => !descendants(child(root, 'defs'), 'path').includes(p),
    );
    expect(connectors).toHaveLength(6);
    for (const path of connectors)
      expect(attr(path, 'd')).toMatch(/^M[\d.]+ [\d.]+ H[\d.]+ V[\d.]+ H[\d.]+$/);
  });

  it('is the same document for the same records in any order', () => {
    expect(
      whysFigure({
        ...WHYS,
        whyNodes: reversed(WHYS.whyNodes),
        factors: reversed(WHYS.factors),
        factorLinks: reversed(WHYS.factorLinks),
      }),
    ).toBe(svg);
    expect(whysFigure(WHYS)).toBe(svg);
  });

  it('says so when there is nothing yet', () => {
    const empty = parseXml(whysFigure({ whyNodes: [], factors: [], factorLinks: [] }));
    expect(drawnTexts(empty)).toEqual(['No 5-whys yet']);
    expect(numAttr(empty, 'width')).toBeLessThanOrEqual(400);
    expect(textContent(child(empty, 'title'))).toBe('5 whys');
  });
});

// ---------------------------------------------------------------------------
// The systems figure
// ---------------------------------------------------------------------------

/** The drawn interaction lines (those with an arrowhead; the legend's samples last). */
function interactionPaths(root: XmlElement): XmlElement[] {
  return descendants(root, 'path').filter((p) => attr(p, 'marker-end') !== undefined);
}

function translation(root: XmlElement): { x: number; y: number } {
  const g = descendants(root, 'g').find((e) => attr(e, 'transform')?.startsWith('translate('));
  const [x, y] = /translate\(([-\d.]+) ([-\d.]+)\)/.exec(attr(g!, 'transform')!)!.slice(1);
  return { x: Number(x), y: Number(y) };
}

describe('systemsFigure', () => {
  const svg = systemsFigure(SYSTEMS);
  // Parsed in beforeAll, so a figure that is not well-formed fails each test, not the file.
  let root: XmlElement;
  let texts: string[];
  beforeAll(() => {
    root = parseXml(svg);
    texts = drawnTexts(root);
  });

  it('is a well-formed standalone SVG titled after the input', () => {
    expect(root.name).toBe('svg');
    expect(textContent(child(root, 'title'))).toBe('Checkout outage – systems diagram');
    expect(textContent(child(root, 'desc'))).toBe(
      'Systems diagram: 6 components, 6 interactions, 1 zone.',
    );
  });

  it('shows every component with its kind, name, failure mode and guardrails', () => {
    for (const c of COMPONENTS) {
      expect(texts).toContain(COMPONENT_KIND_LABELS[c.kind]);
      if (c.id !== 'ops') expect(texts).toContain(c.name);
    }
    expect(texts).toContain('⚠ Failure: Thread pool exhausted');
    expect(texts).toContain('⚠ Failure: Connection limit reached');
    expect(texts).toContain('Timeout');
    expect(descendants(root, 'script')).toEqual([]);
  });

  it('shows every interaction’s label, and each as a line with an arrowhead', () => {
    const groups = groupTexts(root);
    for (const i of INTERACTIONS) expect(groups.some((t) => t.startsWith(i.label))).toBe(true);
    const lines = interactionPaths(root);
    expect(lines).toHaveLength(INTERACTIONS.length + INTERACTION_KINDS.length);
    const markers = descendants(root, 'marker').map((m) => attr(m, 'id'));
    for (const line of lines) {
      expect(markers).toContain(/^url\(#(.+)\)$/.exec(attr(line, 'marker-end')!)![1]);
    }
  });

  it('draws each kind of interaction with its own dash pattern and width', () => {
    const styles = interactionPaths(root)
      .slice(0, INTERACTIONS.length)
      .map((p) => [attr(p, 'stroke-dasharray') ?? 'solid', attr(p, 'stroke-width')]);
    const expected = INTERACTIONS.map((i) => [
      INTERACTION_LINE[i.kind].dash ?? 'solid',
      num(INTERACTION_LINE[i.kind].width),
    ]);
    expect(styles).toEqual(expected);
    expect(new Set(INTERACTION_KINDS.map((k) => JSON.stringify(INTERACTION_LINE[k]))).size).toBe(
      INTERACTION_KINDS.length,
    );
    for (const kind of INTERACTION_KINDS) expect(texts).toContain(INTERACTION_KIND_LABELS[kind]);
  });

  it('starts and ends each line on its boxes’ borders', () => {
    const rect = (id: string) => COMPONENTS.find((c) => c.id === id)!;
    const onBorder = (p: { x: number; y: number }, c: Component, slack: number) => {
      const inX = p.x >= c.x - slack && p.x <= c.x + COMPONENT_BOX.width + slack;
      const inY = p.y >= c.y - slack && p.y <= c.y + COMPONENT_BOX.height + slack;
      const edgeX =
        Math.abs(p.x - c.x) <= slack || Math.abs(p.x - c.x - COMPONENT_BOX.width) <= slack;
      const edgeY =
        Math.abs(p.y - c.y) <= slack || Math.abs(p.y - c.y - COMPONENT_BOX.height) <= slack;
      return inX && inY && (edgeX || edgeY);
    };
    const paths = interactionPaths(root).slice(0, INTERACTIONS.length);
    // Coordinates inside the figure's translated group are the records' own.
    expect(translation(root)).toEqual({ x: 34, y: 58 });
    paths.forEach((path, index) => {
      const [x1, y1, x2, y2] = /^M([-\d.]+) ([-\d.]+) L([-\d.]+) ([-\d.]+)$/
        .exec(attr(path, 'd')!)!
        .slice(1)
        .map(Number) as [number, number, number, number];
      const i = INTERACTIONS[index]!;
      expect(onBorder({ x: x1, y: y1 }, rect(i.sourceId), 0.02)).toBe(true);
      // The end stops short of the border by the arrowhead's inset.
      expect(onBorder({ x: x2, y: y2 }, rect(i.targetId), 0.02)).toBe(false);
      expect(onBorder({ x: x2, y: y2 }, rect(i.targetId), 6.05)).toBe(true);
    });
  });

  it('draws zones as labelled dashed rectangles', () => {
    const zone = descendants(root, 'rect').find((r) => attr(r, 'stroke-dasharray') === '6 4');
    expect(zone && numAttr(zone, 'width')).toBe(ZONE.width);
    expect(texts).toContain('Core banking');
  });

  it('marks factors on components and interactions, in words and with a pattern', () => {
    expect(texts.some((t) => t.startsWith('Factor · Technical: Pool'))).toBe(true);
    expect(texts.some((t) => t.startsWith('Factor · External'))).toBe(true);
    expect(descendants(root, 'pattern').map((p) => attr(p, 'id'))).toEqual([
      'debrief-factor-technical',
      'debrief-factor-external',
    ]);
    const titles = descendants(root, 'title').map(textContent);
    expect(titles.some((t) => t.includes('Factor · Technical: Pool size not monitored'))).toBe(
      true,
    );
  });

  it('highlights the incident path: heavier on top, everything else light grey', () => {
    const plain = interactionPaths(root).slice(0, INTERACTIONS.length);
    expect(plain.every((p) => attr(p, 'stroke') === INK.stroke)).toBe(true);
    expect(svg).not.toContain(INK.muted);

    const lit = parseXml(systemsFigure({ ...SYSTEMS, highlightPath: true }));
    const paths = interactionPaths(lit).slice(0, INTERACTIONS.length);
    // The path's lines (i1, i3) come after the others in the document: drawn on top.
    const others = paths.slice(0, 4);
    const onPath = paths.slice(4);
    expect(onPath.map((p) => numAttr(p, 'stroke-width'))).toEqual([
      INTERACTION_LINE.request.width + PATH_EXTRA_WIDTH,
      INTERACTION_LINE.data.width + PATH_EXTRA_WIDTH,
    ]);
    expect(onPath.every((p) => attr(p, 'stroke') === INK.text)).toBe(true);
    expect(others.every((p) => attr(p, 'stroke') === INK.muted)).toBe(true);
    const boxStrokes = descendants(lit, 'rect')
      .filter((r) => numAttr(r, 'width') === COMPONENT_BOX.width)
      .map((r) => [attr(r, 'stroke'), attr(r, 'stroke-width')]);
    expect(boxStrokes.filter(([, w]) => w === '4')).toHaveLength(3);
    expect(boxStrokes.filter(([s]) => s === INK.muted)).toHaveLength(3);
    expect(drawnTexts(lit)).toContain('Incident path');
    expect(textContent(child(lit, 'desc'))).toContain('incident path (5 items) is highlighted');
  });

  it('keeps every component’s text inside its box', () => {
    const boxes = descendants(root, 'g').filter((g) => {
      const first = g.children[1];
      return (
        typeof first !== 'string' &&
        first?.name === 'rect' &&
        numAttr(first, 'width') === COMPONENT_BOX.width
      );
    });
    expect(boxes).toHaveLength(COMPONENTS.length);
    for (const box of boxes) {
      const inner = descendants(box, 'text').filter((t) => attr(t, 'text-anchor') === undefined);
      for (const text of inner.slice(0, 3)) {
        const size = {
          fontSize: numAttr(text, 'font-size'),
          bold: attr(text, 'font-weight') === '700',
        };
        for (const line of linesOf(text)) {
          expect(textWidth(line, size)).toBeLessThanOrEqual(COMPONENT_BOX.width - 20);
        }
      }
    }
  });

  it('is the same document for the same records in any order', () => {
    expect(
      systemsFigure({
        ...SYSTEMS,
        components: reversed(SYSTEMS.components),
        interactions: reversed(SYSTEMS.interactions),
        factors: reversed(SYSTEMS.factors),
        factorLinks: reversed(SYSTEMS.factorLinks),
      }),
    ).toBe(svg);
  });

  it('skips an interaction whose component is missing instead of failing', () => {
    const broken = systemsFigure({
      ...SYSTEMS,
      interactions: [...INTERACTIONS, interaction('i9', 'app', 'gone', 'request', 'Dangling')],
    });
    expect(broken).toBe(svg);
  });

  it('says so when there are no components yet', () => {
    const empty = parseXml(
      systemsFigure({
        components: [],
        interactions: [],
        zones: [ZONE],
        factors: [],
        factorLinks: [],
      }),
    );
    expect(drawnTexts(empty)).toEqual(['No components yet']);
    expect(textContent(child(empty, 'title'))).toBe('Systems diagram');
  });

  it('names each category in the legend only when a factor of it is shown', () => {
    const plain = drawnTexts(parseXml(systemsFigure({ ...SYSTEMS, factorLinks: [] })));
    expect(plain).not.toContain('Factor categories:');
    expect(texts).toContain('Factor categories:');
    expect(texts).toContain(CATEGORY_LABELS.technical);
  });
});
