/**
 * The 5-whys tree as a standalone SVG figure (for slides, and for the signed
 * report, which embeds it as a vector figure). Laid out by the board's own
 * layout (`layoutWhys`), so the figure has the board's shape: problem
 * statements on the left, each "why" one column to the right.
 *
 * Each box is at least as tall as the board's estimate, and taller when the
 * figure's own wrapping (or a factor tag) needs it, so no text is ever cut.
 */
import type { Factor, FactorLink } from '../factors/records.js';
import { estimateWhyHeight, layoutWhys, WHY_BOX } from '../whys/layout.js';
import type { WhyNode } from '../whys/records.js';
import { categoriesOf, factorsOn, factorTagText } from './factorTags.js';
import {
  categoryLegend,
  categoryPatternDefs,
  categorySwatch,
  emptyFigure,
  FIGURE_MARGIN,
  headingBlock,
  INK,
  num,
  svgDocument,
  textElement,
  wrapText,
} from './svg.js';

export interface WhysFigureInput {
  readonly whyNodes: Iterable<WhyNode>;
  readonly factors: Iterable<Factor>;
  readonly factorLinks: Iterable<FactorLink>;
  /** Drawn as a heading and used as the SVG's title; "5 whys" when absent. */
  readonly title?: string;
}

const TEXT = { fontSize: 16, lineHeight: 21 } as const;
const TAG = { fontSize: 13, lineHeight: 17, padding: 5, swatch: 11, gap: 6 } as const;
const PAD = WHY_BOX.padding;
/** Height of the band at the top of a box that holds "Problem" / "Why 2". */
const LABEL_BAND = 36;
const INNER_WIDTH = WHY_BOX.width - 2 * PAD;
const TAG_TEXT_WIDTH = INNER_WIDTH - 2 * TAG.padding - TAG.swatch - 6;

interface Tag {
  readonly factor: Factor;
  readonly lines: readonly string[];
  readonly height: number;
}

interface Prepared {
  readonly lines: readonly string[];
  readonly empty: boolean;
  readonly tags: readonly Tag[];
  readonly height: number;
}

function depthLabel(depth: number): string {
  return depth === 0 ? 'Problem' : `Why ${depth}`;
}

function prepare(node: WhyNode, factors: readonly Factor[]): Prepared {
  const empty = node.text.trim() === '';
  const lines = empty
    ? ['(no text yet)']
    : wrapText(node.text.trim(), INNER_WIDTH, { fontSize: TEXT.fontSize });
  const tags = factors.map((factor): Tag => {
    const tagLines = wrapText(factorTagText(factor), TAG_TEXT_WIDTH, {
      fontSize: TAG.fontSize,
      maxLines: 4,
    });
    return { factor, lines: tagLines, height: tagLines.length * TAG.lineHeight + 2 * TAG.padding };
  });
  const tagsHeight = tags.reduce((sum, t) => sum + t.height + TAG.gap, 0);
  const needed = LABEL_BAND + lines.length * TEXT.lineHeight + (tags.length ? 8 : 0) + tagsHeight;
  return {
    lines,
    empty,
    tags,
    height: Math.max(estimateWhyHeight(node.text), Math.ceil(needed + PAD)),
  };
}

/** The tree as an SVG document; deterministic for the same records in any order. */
export function whysFigure(input: WhysFigureInput): string {
  const nodes = [...input.whyNodes];
  const title = input.title?.trim() || '5 whys';
  if (nodes.length === 0) return emptyFigure(title, 'No 5-whys yet');

  const placed = factorsOn('whyId', input.factors, input.factorLinks);
  const prepared = new Map<string, Prepared>();
  for (const node of nodes) prepared.set(node.id, prepare(node, placed.get(node.id) ?? []));
  const layout = layoutWhys(nodes, {
    measure: (node) => prepared.get(node.id)?.height ?? estimateWhyHeight(node.text),
  });
  const byId = new Map<string, WhyNode>(nodes.map((n) => [n.id, n]));

  const connectors: string[] = [];
  const boxes: string[] = [];
  const used = categoriesOf(
    layout.order.map((id) => prepared.get(id)?.tags.map((t) => t.factor) ?? []),
  );
  let withFactors = 0;
  for (const id of layout.order) {
    const box = layout.boxes.get(id);
    const node = byId.get(id);
    const prep = prepared.get(id);
    if (!box || !node || !prep) continue;
    const parent = node.parentId === null ? undefined : layout.boxes.get(node.parentId);
    if (parent) {
      // Elbow from the parent's right edge to the child's left edge, turning halfway
      // across the gap between the columns.
      const x1 = parent.x + parent.width;
      const y1 = parent.y + parent.height / 2;
      const x2 = box.x;
      const y2 = box.y + box.height / 2;
      const xm = x1 + (x2 - x1) / 2;
      connectors.push(
        `<path d="M${num(x1)} ${num(y1)} H${num(xm)} V${num(y2)} H${num(x2)}" fill="none" stroke="${INK.stroke}" stroke-width="1.5"/>`,
      );
    }
    const hasFactor = prep.tags.length > 0;
    if (hasFactor) withFactors += 1;
    const parts: string[] = [
      // A factor's node has a heavy black border, so it stands out without colour.
      `<rect x="${num(box.x)}" y="${num(box.y)}" width="${num(box.width)}" height="${num(box.height)}" rx="10" fill="${INK.paper}" stroke="${hasFactor ? INK.text : INK.stroke}" stroke-width="${hasFactor ? 3 : 1.25}"/>`,
      textElement({
        x: box.x + PAD,
        y: box.y + 24,
        lines: [depthLabel(box.depth)],
        lineHeight: 14,
        fontSize: 12,
        bold: true,
        fill: INK.secondary,
        letterSpacing: 0.4,
      }),
      textElement({
        x: box.x + PAD,
        y: box.y + LABEL_BAND + 15,
        lines: prep.lines,
        lineHeight: TEXT.lineHeight,
        fontSize: TEXT.fontSize,
        italic: prep.empty,
        fill: prep.empty ? INK.mutedText : INK.text,
      }),
    ];
    let tagY = box.y + LABEL_BAND + prep.lines.length * TEXT.lineHeight + 8;
    for (const tag of prep.tags) {
      const x = box.x + PAD;
      parts.push(
        `<rect x="${num(x)}" y="${num(tagY)}" width="${num(INNER_WIDTH)}" height="${num(tag.height)}" rx="4" fill="${INK.paper}" stroke="${INK.text}" stroke-width="1"/>`,
        categorySwatch(tag.factor.category, x + TAG.padding, tagY + TAG.padding + 2, TAG.swatch),
        textElement({
          x: x + TAG.padding + TAG.swatch + 6,
          y: tagY + TAG.padding + 12,
          lines: tag.lines,
          lineHeight: TAG.lineHeight,
          fontSize: TAG.fontSize,
          bold: true,
        }),
      );
      tagY += tag.height + TAG.gap;
    }
    boxes.push(`<g>${parts.join('')}</g>`);
  }

  const contentWidth = Math.max(layout.bounds.width, 360);
  const heading = headingBlock(input.title, FIGURE_MARGIN, FIGURE_MARGIN, contentWidth);
  const top = FIGURE_MARGIN + heading.height;
  const legend = categoryLegend(used, FIGURE_MARGIN, top + layout.bounds.height + 24);
  const width = Math.max(contentWidth, legend.width) + 2 * FIGURE_MARGIN;
  const height =
    top + layout.bounds.height + (legend.height ? 24 + legend.height : 0) + FIGURE_MARGIN;
  const roots = nodes.filter((n) => n.parentId === null).length;

  return svgDocument({
    width,
    height,
    title,
    description:
      `5-whys analysis: ${nodes.length} ${nodes.length === 1 ? 'statement' : 'statements'} ` +
      `under ${roots} ${roots === 1 ? 'problem' : 'problems'}` +
      (withFactors ? `, ${withFactors} marked as contributing factors.` : '.'),
    defs: categoryPatternDefs(used),
    body:
      heading.markup +
      `<g transform="translate(${num(FIGURE_MARGIN)} ${num(top)})">` +
      `<g fill="none">${connectors.join('')}</g>${boxes.join('')}</g>` +
      legend.markup,
  });
}
