/**
 * The systems-interaction diagram as a standalone SVG figure, drawn from the
 * records at their stored positions (the team arranged them; the figure must
 * look like the board, not like a fresh auto-layout).
 *
 * Boxes keep the board's size (`COMPONENT_BOX`), so a figure never overlaps
 * where the board did not: a long name or failure mode is cut with an
 * ellipsis, and its full text stays in the box's `<title>` (a tooltip in
 * viewers, and read by screen readers). Guardrails and factors are badges on
 * the box's bottom and top borders.
 *
 * Black and white: interaction kinds differ by dash pattern and width (with a
 * legend), factors by a heavy border, a patterned swatch and the category in
 * words, and the incident path by weight while everything else turns light grey.
 */
import { CATEGORY_LABELS, type Factor, type FactorLink } from '../factors/records.js';
import { COMPONENT_BOX } from '../systems/layout.js';
import {
  COMPONENT_KIND_LABELS,
  GUARDRAIL_LABELS,
  GUARDRAILS,
  INTERACTION_KIND_LABELS,
  INTERACTION_KINDS,
  type Component,
  type Guardrail,
  type Interaction,
  type InteractionKind,
  type Zone,
} from '../systems/records.js';
import { categoriesOf, factorsOn, factorTagText } from './factorTags.js';
import {
  categoryLegend,
  categoryPatternDefs,
  categorySwatch,
  emptyFigure,
  escapeText,
  FIGURE_MARGIN,
  fitLine,
  headingBlock,
  INK,
  num,
  svgDocument,
  textElement,
  textWidth,
  wrapText,
} from './svg.js';

export interface SystemsFigureInput {
  readonly components: Iterable<Component>;
  readonly interactions: Iterable<Interaction>;
  readonly zones: Iterable<Zone>;
  readonly factors: Iterable<Factor>;
  readonly factorLinks: Iterable<FactorLink>;
  /** Drawn as a heading and used as the SVG's title; "Systems diagram" when absent. */
  readonly title?: string;
  /** Draws the incident path heavy and on top, and everything else light grey. */
  readonly highlightPath?: boolean;
}

interface LineStyle {
  readonly width: number;
  readonly dash?: string;
  readonly round?: boolean;
}

/** One look per kind of interaction, told apart without colour. */
export const INTERACTION_LINE: Record<InteractionKind, LineStyle> = {
  request: { width: 1.6 },
  data: { width: 3.5 },
  control: { width: 1.6, dash: '9 5' },
  feedback: { width: 2.2, dash: '1 4.5', round: true },
  dependency: { width: 1, dash: '5 4' },
};
/** How much heavier the incident path is drawn. */
export const PATH_EXTRA_WIDTH = 2.5;

type Emphasis = 'normal' | 'path' | 'muted';

const ARROW_ID: Record<Emphasis, string> = {
  normal: 'debrief-arrow',
  path: 'debrief-arrow-path',
  muted: 'debrief-arrow-muted',
};
const LINE_COLOUR: Record<Emphasis, string> = {
  normal: INK.stroke,
  path: INK.text,
  muted: INK.muted,
};
/**
 * Lines stop this far before the border and the arrowhead's tip reaches it, so
 * a heavy line's square end is hidden inside the arrowhead instead of poking
 * out beside its tip.
 */
const ARROW_INSET = 6;

const arrowMarker = (emphasis: Emphasis): string =>
  `<marker id="${ARROW_ID[emphasis]}" viewBox="0 0 10 10" refX="${10 - ARROW_INSET}" refY="5" markerWidth="10" markerHeight="10" markerUnits="userSpaceOnUse" orient="auto"><path d="M0 0 L10 5 L0 10 z" fill="${LINE_COLOUR[emphasis]}"/></marker>`;

function lineAttrs(kind: InteractionKind, emphasis: Emphasis): string {
  const style = INTERACTION_LINE[kind];
  const width = style.width + (emphasis === 'path' ? PATH_EXTRA_WIDTH : 0);
  return [
    `stroke="${LINE_COLOUR[emphasis]}"`,
    `stroke-width="${num(width)}"`,
    style.dash === undefined ? '' : `stroke-dasharray="${style.dash}"`,
    style.round === true ? 'stroke-linecap="round"' : '',
    `marker-end="url(#${ARROW_ID[emphasis]})"`,
  ]
    .filter((a) => a !== '')
    .join(' ');
}

interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

interface Point {
  readonly x: number;
  readonly y: number;
}

const compareIds = (a: { readonly id: string }, b: { readonly id: string }): number =>
  a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
/** Reading order (top to bottom, then left to right): also the order of the SVG's text. */
const byPosition = (a: Rect & { id: string }, b: Rect & { id: string }): number =>
  a.y - b.y || a.x - b.x || compareIds(a, b);

/** Where the ray from `from` (inside `rect`) towards `to` leaves `rect`. */
function exitPoint(rect: Rect, from: Point, to: Point): Point {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const tx =
    dx > 0 ? (rect.x + rect.width - from.x) / dx : dx < 0 ? (rect.x - from.x) / dx : Infinity;
  const ty =
    dy > 0 ? (rect.y + rect.height - from.y) / dy : dy < 0 ? (rect.y - from.y) / dy : Infinity;
  const t = Math.max(0, Math.min(tx, ty, 1));
  return { x: from.x + dx * t, y: from.y + dy * t };
}

const BOX = COMPONENT_BOX;
const PAD = 10;
const INNER = BOX.width - 2 * PAD;
const KIND_STYLE = { fontSize: 11 } as const;
const NAME = { fontSize: 13.5, lineHeight: 16, bold: true } as const;
const FAILURE = { fontSize: 11, lineHeight: 13 } as const;
/** The last baseline's room: the bottom badges cover the lowest pixels. */
const CONTENT_BOTTOM = BOX.height - 9;
const BADGE = { height: 16, fontSize: 10 } as const;

function guardrailBadges(rect: Rect, guardrails: readonly Guardrail[], muted: boolean): string {
  const ordered = GUARDRAILS.filter((g) => guardrails.includes(g));
  if (ordered.length === 0) return '';
  const style = { fontSize: BADGE.fontSize };
  const y = rect.y + rect.height - BADGE.height / 2;
  const limit = rect.x + rect.width - 8;
  const parts: string[] = [];
  let x = rect.x + 8;
  for (let i = 0; i < ordered.length; i += 1) {
    const label = GUARDRAIL_LABELS[ordered[i] as Guardrail];
    const width = textWidth(label, style) + 12;
    const rest = ordered.length - i - 1;
    const moreWidth = rest > 0 ? textWidth(`+${rest}`, style) + 12 + 4 : 0;
    // Not enough room for this one (and a "+n" after it): say how many are left.
    const shown = x + width + moreWidth <= limit ? label : `+${ordered.length - i}`;
    const w = shown === label ? width : textWidth(shown, style) + 12;
    parts.push(
      `<rect x="${num(x)}" y="${num(y)}" width="${num(w)}" height="${BADGE.height}" rx="8" fill="${INK.paper}" stroke="${muted ? INK.muted : INK.stroke}" stroke-width="1"/>`,
      textElement({
        x: x + w / 2,
        y: y + 11.5,
        lines: [shown],
        lineHeight: 12,
        fontSize: BADGE.fontSize,
        anchor: 'middle',
        fill: muted ? INK.mutedText : INK.text,
      }),
    );
    x += w + 4;
    if (shown !== label) break;
  }
  return parts.join('');
}

function factorBadge(rect: Rect, factors: readonly Factor[], muted: boolean): string {
  const first = factors[0];
  if (first === undefined) return '';
  const style = { fontSize: BADGE.fontSize, bold: true };
  const text =
    factors.length === 1
      ? factorTagText(first)
      : `${factors.length} factors · ${[...new Set(factors.map((f) => CATEGORY_LABELS[f.category]))].join(', ')}`;
  const maxText = rect.width - 16 - 10 - 16;
  const shown = fitLine(text, maxText, style);
  const width = textWidth(shown, style) + 10 + 16;
  const x = rect.x + rect.width - 8 - width;
  const y = rect.y - BADGE.height / 2;
  return (
    `<rect x="${num(x)}" y="${num(y)}" width="${num(width)}" height="${BADGE.height}" rx="3" fill="${INK.paper}" stroke="${muted ? INK.muted : INK.text}" stroke-width="1.5"/>` +
    categorySwatch(first.category, x + 5, y + 3.5, 9) +
    textElement({
      x: x + 19,
      y: y + 11.5,
      lines: [shown],
      lineHeight: 12,
      fontSize: BADGE.fontSize,
      bold: true,
      fill: muted ? INK.mutedText : INK.text,
    })
  );
}

function componentFullText(c: Component, factors: readonly Factor[]): string {
  return [
    `${COMPONENT_KIND_LABELS[c.kind]}: ${c.name}`,
    c.failureMode.trim() ? `Failure: ${c.failureMode.trim()}` : '',
    c.guardrails.length
      ? `Guardrails: ${GUARDRAILS.filter((g) => c.guardrails.includes(g))
          .map((g) => GUARDRAIL_LABELS[g])
          .join(', ')}`
      : '',
    ...factors.map(factorTagText),
    c.onPath ? 'On the incident path' : '',
  ]
    .filter((line) => line !== '')
    .join('\n');
}

function componentMarkup(c: Component, factors: readonly Factor[], emphasis: Emphasis): string {
  const rect: Rect = { x: c.x, y: c.y, ...BOX };
  const muted = emphasis === 'muted';
  const hasFactor = factors.length > 0;
  const strokeWidth = emphasis === 'path' ? 4 : hasFactor ? 3 : 1.25;
  const stroke = muted ? INK.muted : hasFactor || emphasis === 'path' ? INK.text : INK.stroke;
  const failure = c.failureMode.trim();
  const nameLines = wrapText(c.name, INNER, { ...NAME, maxLines: failure ? 2 : 3 });
  const nameTop = 23;
  const failureTop = nameTop + nameLines.length * NAME.lineHeight + 2;
  const failureLines = failure
    ? wrapText(`⚠ Failure: ${failure}`, INNER, {
        ...FAILURE,
        maxLines: Math.max(1, Math.floor((CONTENT_BOTTOM - failureTop) / FAILURE.lineHeight)),
      })
    : [];
  return (
    `<g><title>${escapeText(componentFullText(c, factors))}</title>` +
    `<rect x="${num(rect.x)}" y="${num(rect.y)}" width="${BOX.width}" height="${BOX.height}" rx="8" fill="${INK.paper}" stroke="${stroke}" stroke-width="${strokeWidth}"/>` +
    textElement({
      x: rect.x + PAD,
      y: rect.y + 18,
      lines: [fitLine(COMPONENT_KIND_LABELS[c.kind], INNER, KIND_STYLE)],
      lineHeight: 12,
      fontSize: KIND_STYLE.fontSize,
      fill: muted ? INK.mutedText : INK.secondary,
      letterSpacing: 0.3,
    }) +
    textElement({
      x: rect.x + PAD,
      y: rect.y + nameTop + 12,
      lines: nameLines,
      lineHeight: NAME.lineHeight,
      fontSize: NAME.fontSize,
      bold: true,
      fill: muted ? INK.mutedText : INK.text,
    }) +
    (failureLines.length
      ? textElement({
          x: rect.x + PAD,
          y: rect.y + failureTop + 10,
          lines: failureLines,
          lineHeight: FAILURE.lineHeight,
          fontSize: FAILURE.fontSize,
          fill: muted ? INK.mutedText : INK.text,
        })
      : '') +
    guardrailBadges(rect, c.guardrails, muted) +
    factorBadge(rect, factors, muted) +
    `</g>`
  );
}

interface Edge {
  readonly interaction: Interaction;
  readonly start: Point;
  readonly end: Point;
}

/**
 * Straight lines between the boxes' borders. Several interactions between the
 * same two components (both directions, or two kinds) run side by side instead
 * of on top of each other.
 */
function routeEdges(
  interactions: readonly Interaction[],
  rects: ReadonlyMap<string, Rect>,
): Edge[] {
  const groups = new Map<string, Interaction[]>();
  for (const i of interactions) {
    if (!rects.has(i.sourceId) || !rects.has(i.targetId)) continue;
    const key =
      i.sourceId < i.targetId
        ? `${i.sourceId}\u0000${i.targetId}`
        : `${i.targetId}\u0000${i.sourceId}`;
    const list = groups.get(key);
    if (list) list.push(i);
    else groups.set(key, [i]);
  }
  const edges: Edge[] = [];
  for (const list of groups.values()) {
    const first = list[0] as Interaction;
    // The same perpendicular for both directions: measured from the lower id to the higher.
    const [lowId, highId] =
      first.sourceId < first.targetId
        ? [first.sourceId, first.targetId]
        : [first.targetId, first.sourceId];
    const low = rects.get(lowId) as Rect;
    const high = rects.get(highId) as Rect;
    const a = { x: low.x + low.width / 2, y: low.y + low.height / 2 };
    const b = { x: high.x + high.width / 2, y: high.y + high.height / 2 };
    const length = Math.hypot(b.x - a.x, b.y - a.y) || 1;
    const normal = { x: -(b.y - a.y) / length, y: (b.x - a.x) / length };
    // Keep every offset line's ends inside its boxes, however many there are.
    const room = Math.min(low.height, high.height, low.width, high.width) - 12;
    const spacing = list.length > 1 ? Math.min(16, room / (list.length - 1)) : 0;
    list.forEach((interaction, index) => {
      const offset = (index - (list.length - 1) / 2) * spacing;
      const shift = (p: Point): Point => ({
        x: p.x + normal.x * offset,
        y: p.y + normal.y * offset,
      });
      const forward = interaction.sourceId === lowId;
      const from = shift(forward ? a : b);
      const to = shift(forward ? b : a);
      const source = rects.get(interaction.sourceId) as Rect;
      const target = rects.get(interaction.targetId) as Rect;
      const start = exitPoint(source, from, to);
      const border = exitPoint(target, to, from);
      const dx = border.x - start.x;
      const dy = border.y - start.y;
      const distance = Math.hypot(dx, dy);
      const inset = distance > ARROW_INSET * 2 ? ARROW_INSET / distance : 0;
      edges.push({
        interaction,
        start,
        end: { x: border.x - dx * inset, y: border.y - dy * inset },
      });
    });
  }
  return edges.sort((x, y) => compareIds(x.interaction, y.interaction));
}

const LABEL = { fontSize: 11.5, lineHeight: 14, maxWidth: 170, minWidth: 64 } as const;
const DETAIL = { fontSize: 10.5 } as const;

/** One part of a label (the label itself, the failure mode, …): one `<text>`, so it reads as one phrase. */
interface LabelPart {
  readonly lines: readonly string[];
  readonly bold: boolean;
  readonly size: number;
}

/**
 * The words of an interaction: its label, then failure mode, guardrails and
 * factors. Between two boxes side by side the label wraps to the gap, so it
 * does not cover them.
 */
function labelParts(edge: Edge, factors: readonly Factor[]): LabelPart[] {
  const i = edge.interaction;
  const dx = Math.abs(edge.end.x - edge.start.x);
  const dy = Math.abs(edge.end.y - edge.start.y);
  const width =
    dx >= dy
      ? Math.max(LABEL.minWidth, Math.min(LABEL.maxWidth, dx - 10 - ARROW_INSET))
      : LABEL.maxWidth;
  const parts: LabelPart[] = [];
  const add = (text: string, bold: boolean, size: number, maxLines: number) => {
    parts.push({ lines: wrapText(text, width, { fontSize: size, bold, maxLines }), bold, size });
  };
  if (i.label.trim()) add(i.label.trim(), true, LABEL.fontSize, 3);
  if (i.failureMode.trim()) add(`⚠ Failure: ${i.failureMode.trim()}`, false, DETAIL.fontSize, 2);
  const guardrails = GUARDRAILS.filter((g) => i.guardrails.includes(g));
  if (guardrails.length) {
    add(
      `Guardrails: ${guardrails.map((g) => GUARDRAIL_LABELS[g]).join(', ')}`,
      false,
      DETAIL.fontSize,
      2,
    );
  }
  for (const factor of factors) add(factorTagText(factor), false, DETAIL.fontSize, 2);
  return parts;
}

const overlapArea = (a: Rect, b: Rect): number =>
  Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)) *
  Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));

/**
 * Where a label goes: at the line's midpoint if that covers no box and no label
 * placed before it, else the first free spot a little along the line or just
 * beside it (parallel interactions between the same two boxes get one each),
 * else the spot that covers least. A fixed list of candidates, tried in order,
 * so the same diagram always puts its labels in the same places.
 */
function placeLabel(edge: Edge, width: number, height: number, obstacles: readonly Rect[]): Rect {
  const dx = edge.end.x - edge.start.x;
  const dy = edge.end.y - edge.start.y;
  const length = Math.hypot(dx, dy) || 1;
  const normal = { x: -dy / length, y: dx / length };
  // How far to step sideways to clear the line: half the label across the normal, plus a gap.
  const across = (Math.abs(normal.x) * width + Math.abs(normal.y) * height) / 2 + 3;
  let best: Rect | null = null;
  let bestCover = Infinity;
  for (const t of [0.5, 0.38, 0.62, 0.28, 0.72]) {
    for (const side of [0, -1, 1, -2, 2]) {
      const cx = edge.start.x + dx * t + normal.x * side * across;
      const cy = edge.start.y + dy * t + normal.y * side * across;
      const rect = { x: cx - width / 2, y: cy - height / 2, width, height };
      const cover = obstacles.reduce((sum, o) => sum + overlapArea(rect, o), 0);
      if (cover === 0) return rect;
      if (cover < bestCover) {
        best = rect;
        bestCover = cover;
      }
    }
  }
  return best as Rect;
}

interface Label {
  readonly markup: string;
  readonly rect: Rect;
}

/** The interaction's words on a white ground that hides the line behind them. */
function edgeLabel(
  edge: Edge,
  factors: readonly Factor[],
  emphasis: Emphasis,
  obstacles: readonly Rect[],
): Label | null {
  const parts = labelParts(edge, factors);
  if (parts.length === 0) return null;
  const width =
    Math.max(
      ...parts.flatMap((p) => p.lines.map((l) => textWidth(l, { fontSize: p.size, bold: p.bold }))),
    ) + 10;
  const lineCount = parts.reduce((n, p) => n + p.lines.length, 0);
  const height = lineCount * LABEL.lineHeight + 6;
  const rect = placeLabel(edge, width, height, obstacles);
  const cx = rect.x + width / 2;
  const muted = emphasis === 'muted';
  const fill = muted ? INK.mutedText : INK.text;
  let row = 0;
  const texts = parts
    .map((part) => {
      const markup = textElement({
        x: cx,
        y: rect.y + 3 + 11 + row * LABEL.lineHeight,
        lines: part.lines,
        lineHeight: LABEL.lineHeight,
        fontSize: part.size,
        bold: part.bold,
        anchor: 'middle',
        fill,
      });
      row += part.lines.length;
      return markup;
    })
    .join('');
  return {
    rect,
    markup:
      `<g><rect x="${num(rect.x)}" y="${num(rect.y)}" width="${num(width)}" height="${num(height)}" rx="3" fill="${INK.paper}"` +
      // A factor's interaction gets a frame around its label, as a box with a factor gets a heavy border.
      (factors.length ? ` stroke="${muted ? INK.muted : INK.text}" stroke-width="1.25"` : '') +
      `/>${texts}</g>`,
  };
}

function legend(x: number, y: number, highlight: boolean): { markup: string; width: number } {
  const style = { fontSize: 12 };
  const parts: string[] = [
    textElement({ x, y: y + 4, lines: ['Lines:'], lineHeight: 14, fontSize: 12, bold: true }),
  ];
  let cursor = x + textWidth('Lines:', { fontSize: 12, bold: true }) + 12;
  const sample = (attrs: string, label: string) => {
    parts.push(
      `<path d="M${num(cursor)} ${num(y)} H${num(cursor + 40)}" fill="none" ${attrs}/>`,
      textElement({ x: cursor + 48, y: y + 4, lines: [label], lineHeight: 14, fontSize: 12 }),
    );
    cursor += 48 + textWidth(label, style) + 20;
  };
  for (const kind of INTERACTION_KINDS)
    sample(lineAttrs(kind, 'normal'), INTERACTION_KIND_LABELS[kind]);
  if (highlight) {
    sample(lineAttrs('request', 'path'), 'Incident path');
    sample(lineAttrs('request', 'muted'), 'Not on the path');
  }
  return { markup: parts.join(''), width: cursor - x };
}

/** The diagram as an SVG document; deterministic for the same records in any order. */
export function systemsFigure(input: SystemsFigureInput): string {
  const title = input.title?.trim() || 'Systems diagram';
  const components = [...input.components]
    .map((c) => ({ c, id: c.id, x: c.x, y: c.y, width: BOX.width, height: BOX.height }))
    .sort(byPosition)
    .map((entry) => entry.c);
  if (components.length === 0) return emptyFigure(title, 'No components yet');

  const highlight = input.highlightPath === true;
  const emphasisOf = (onPath: boolean): Emphasis =>
    !highlight ? 'normal' : onPath ? 'path' : 'muted';
  const factorLinks = [...input.factorLinks];
  const factorList = [...input.factors];
  const onComponents = factorsOn('componentId', factorList, factorLinks);
  const onInteractions = factorsOn('interactionId', factorList, factorLinks);

  const rects = new Map<string, Rect>(components.map((c) => [c.id, { x: c.x, y: c.y, ...BOX }]));
  const interactions = [...input.interactions].sort(compareIds);
  const edges = routeEdges(interactions, rects);
  const zones = [...input.zones].sort(byPosition);

  // Extent of everything drawn, badges and labels included.
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const extend = (r: Rect) => {
    minX = Math.min(minX, r.x);
    minY = Math.min(minY, r.y);
    maxX = Math.max(maxX, r.x + r.width);
    maxY = Math.max(maxY, r.y + r.height);
  };
  for (const r of rects.values()) {
    extend({
      x: r.x - 2,
      y: r.y - BADGE.height / 2 - 1,
      width: r.width + 4,
      height: r.height + BADGE.height + 2,
    });
  }
  for (const z of zones) extend(z);

  const zoneMarkup = zones
    .map(
      (z) =>
        `<g><rect x="${num(z.x)}" y="${num(z.y)}" width="${num(z.width)}" height="${num(z.height)}" rx="12" fill="none" stroke="${INK.secondary}" stroke-width="1.25" stroke-dasharray="6 4"/>` +
        textElement({
          x: z.x + 12,
          y: z.y + 22,
          lines: [fitLine(z.name, z.width - 24, { fontSize: 13, bold: true })],
          lineHeight: 16,
          fontSize: 13,
          bold: true,
          fill: INK.secondary,
        }) +
        `</g>`,
    )
    .join('');

  const layerOf = (emphasis: Emphasis) => (emphasis === 'path' ? 'over' : 'under');
  const lines: Record<'under' | 'over', string[]> = { under: [], over: [] };
  const used = new Set<Emphasis>();
  for (const edge of edges) {
    const emphasis = emphasisOf(edge.interaction.onPath);
    used.add(emphasis);
    lines[layerOf(emphasis)].push(
      `<path d="M${num(edge.start.x)} ${num(edge.start.y)} L${num(edge.end.x)} ${num(edge.end.y)}" fill="none" ${lineAttrs(edge.interaction.kind, emphasis)}/>`,
    );
  }
  // Labels keep off the boxes (badges included) and off each other; the incident
  // path's labels are placed first, so its words get the best spots. They are then
  // written in the lines' order, so the document reads the same way in every mode.
  const obstacles: Rect[] = [...rects.values()].map((r) => ({
    x: r.x - 2,
    y: r.y - BADGE.height / 2,
    width: r.width + 4,
    height: r.height + BADGE.height,
  }));
  const placed = new Map<Edge, string>();
  const placementOrder = [...edges].sort(
    (a, b) => Number(b.interaction.onPath) - Number(a.interaction.onPath),
  );
  for (const edge of placementOrder) {
    const label = edgeLabel(
      edge,
      onInteractions.get(edge.interaction.id) ?? [],
      emphasisOf(edge.interaction.onPath),
      obstacles,
    );
    if (label) {
      placed.set(edge, label.markup);
      obstacles.push(label.rect);
      extend(label.rect);
    }
  }
  const labels: Record<'under' | 'over', string[]> = { under: [], over: [] };
  for (const edge of edges) {
    const markup = placed.get(edge);
    if (markup !== undefined) labels[layerOf(emphasisOf(edge.interaction.onPath))].push(markup);
  }
  const boxes: Record<'under' | 'over', string[]> = { under: [], over: [] };
  for (const c of components) {
    const emphasis = emphasisOf(c.onPath);
    boxes[layerOf(emphasis)].push(componentMarkup(c, onComponents.get(c.id) ?? [], emphasis));
  }
  // The legend shows the normal arrowhead; a highlighted legend shows the others too.
  used.add('normal');
  if (highlight) {
    used.add('path');
    used.add('muted');
  }

  const contentWidth = maxX - minX;
  const contentHeight = maxY - minY;
  const heading = headingBlock(input.title, FIGURE_MARGIN, FIGURE_MARGIN, contentWidth);
  const top = FIGURE_MARGIN + heading.height;
  const legendY = top + contentHeight + 32;
  const lineLegend = legend(FIGURE_MARGIN, legendY, highlight);
  const shownFactors = categoriesOf([
    ...components.map((c) => onComponents.get(c.id) ?? []),
    ...edges.map((e) => onInteractions.get(e.interaction.id) ?? []),
  ]);
  const factorLegend = categoryLegend(shownFactors, FIGURE_MARGIN, legendY + 18);
  const width = Math.max(contentWidth, lineLegend.width, factorLegend.width) + 2 * FIGURE_MARGIN;
  const height = legendY + 8 + (factorLegend.height ? 10 + factorLegend.height : 0) + FIGURE_MARGIN;

  const onPath =
    components.filter((c) => c.onPath).length + edges.filter((e) => e.interaction.onPath).length;
  const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const description =
    `Systems diagram: ${count(components.length, 'component', 'components')}, ` +
    `${count(edges.length, 'interaction', 'interactions')}, ${count(zones.length, 'zone', 'zones')}` +
    (highlight ? `; the incident path (${count(onPath, 'item', 'items')}) is highlighted.` : '.');

  return svgDocument({
    width,
    height,
    title,
    description,
    defs:
      (['normal', 'path', 'muted'] as const)
        .filter((e) => used.has(e))
        .map(arrowMarker)
        .join('') + categoryPatternDefs(shownFactors),
    body:
      heading.markup +
      `<g transform="translate(${num(FIGURE_MARGIN - minX)} ${num(top - minY)})">` +
      zoneMarkup +
      lines.under.join('') +
      boxes.under.join('') +
      lines.over.join('') +
      boxes.over.join('') +
      labels.under.join('') +
      labels.over.join('') +
      `</g>` +
      lineLegend.markup +
      factorLegend.markup,
  });
}
