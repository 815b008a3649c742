/**
 * The 5-whys canvas's view of the domain, as pure functions: node heights
 * from their text, the layout with a why being written (not yet an
 * operation), where a new child or sibling goes among its siblings, and
 * which node an arrow key moves to.
 */
import { blamelessPrompt } from '../../shared/blameless/blameless';
import { WHY_BOX, childrenByParent, layoutWhys, type WhyLayout } from '../../shared/whys/layout';
import { WHYS_LIMITS, type WhyId, type WhyNode } from '../../shared/whys/records';
import { textMeasure, wrappedLines, type Measure } from '../wall/noteLayout';
import type { WhyFlowNode } from './WhyNodeView';

let measure: Measure | null = null;
const heights = new Map<string, number>();

/** The "ends at a person" line under a flagged why's text. */
export const WHY_FLAG_LINE = 20;
const flags = new Map<string, boolean>();

/** Whether the blameless check flags `text` (cached: the layout asks for every why). */
export function whyFlagged(text: string, people: readonly string[] = []): boolean {
  const key = `${people.join('\u0000')}\u0001${text}`;
  let flagged = flags.get(key);
  if (flagged === undefined) {
    flagged = blamelessPrompt(text, { people }) !== null;
    if (flags.size > 5_000) flags.clear();
    flags.set(key, flagged);
  }
  return flagged;
}

/**
 * Height of a why box showing `text`, measured as CSS will wrap it, with room
 * for the blameless prompt's line when the text is flagged; cached per text.
 */
export function whyHeight(text: string, people: readonly string[] = []): number {
  return whyTextHeight(text) + (whyFlagged(text, people) ? WHY_FLAG_LINE : 0);
}

/** Height of a why box for its text alone (while typing, the prompt shows below the box). */
export function whyTextHeight(text: string): number {
  const cached = heights.get(text);
  if (cached !== undefined) return cached;
  measure ??= textMeasure(WHY_BOX.fontSize);
  // A little narrower than the real text width, so a rounding difference never clips.
  const lines = wrappedLines(text || ' ', WHY_BOX.width - 2 * WHY_BOX.padding - 4, measure);
  const height = Math.max(WHY_BOX.minHeight, WHY_BOX.chrome + lines * WHY_BOX.lineHeight);
  if (heights.size > 5_000) heights.clear();
  heights.set(text, height);
  return height;
}

/** A why being written: in the view only until its text is committed as one why.add. */
export interface PendingWhy {
  readonly id: WhyId;
  readonly parentId: WhyId | null;
  readonly order: number;
}

export function layoutWithPending(
  nodes: ReadonlyMap<string, WhyNode>,
  pending: PendingWhy | null,
  pendingText: string,
  collapsed: ReadonlySet<string>,
  /** Heights of boxes being typed into, which follow the text as it is typed. */
  typing: ReadonlyMap<string, number> = new Map(),
  /** Names the blameless check treats as people (a flagged why has one more line). */
  people: readonly string[] = [],
): WhyLayout {
  const all: WhyNode[] = [...nodes.values()];
  if (pending && (pending.parentId === null || nodes.has(pending.parentId))) {
    all.push({
      id: pending.id,
      workshopId: '' as WhyNode['workshopId'],
      parentId: pending.parentId,
      text: pendingText,
      order: pending.order,
      createdAt: 0,
    });
  }
  // A collapsed branch opens while a new why is written inside it.
  const folded = new Set(collapsed);
  if (pending?.parentId) folded.delete(pending.parentId);
  return layoutWhys(all, {
    measure: (n) => typing.get(n.id) ?? whyHeight(n.text, people),
    collapsed: folded,
  });
}

/** The order for a new child at the end of `parentId`'s children. */
export function orderForChild(nodes: ReadonlyMap<string, WhyNode>, parentId: WhyId | null): number {
  const siblings = childrenByParent(nodes.values()).get(parentId) ?? [];
  const last = siblings.at(-1);
  return last ? Math.min(last.order + 1, WHYS_LIMITS.order) : 0;
}

/** The order for a new sibling right after `node` (between it and the next one). */
export function orderAfter(nodes: ReadonlyMap<string, WhyNode>, node: WhyNode): number {
  const siblings = childrenByParent(nodes.values()).get(node.parentId) ?? [];
  const index = siblings.findIndex((s) => s.id === node.id);
  const next = siblings[index + 1];
  if (!next) return Math.min(node.order + 1, WHYS_LIMITS.order);
  const between = (node.order + next.order) / 2;
  // Orders that are too close to split: go after the last one instead.
  return between > node.order && between < next.order
    ? between
    : orderForChild(nodes, node.parentId);
}

export type Direction = 'left' | 'right' | 'up' | 'down';

/**
 * Where an arrow key goes from `id`: left to the parent, right to the first
 * (visible) child, up and down to the nearest node in the same column.
 */
export function neighbour(
  layout: WhyLayout,
  nodes: ReadonlyMap<string, WhyNode>,
  id: string,
  direction: Direction,
): string | null {
  const here = layout.boxes.get(id);
  if (!here) return null;
  if (direction === 'left') {
    const parentId = nodes.get(id)?.parentId ?? null;
    return parentId !== null && layout.boxes.has(parentId) ? parentId : null;
  }
  if (direction === 'right') {
    const children = [...layout.boxes.values()].filter((b) => nodes.get(b.id)?.parentId === id);
    children.sort((a, b) => a.y - b.y);
    if (children.length === 0) return null;
    // The child nearest the parent's middle, so Right then Left is a round trip.
    const middle = here.y + here.height / 2;
    return children.reduce((best, c) =>
      Math.abs(c.y + c.height / 2 - middle) < Math.abs(best.y + best.height / 2 - middle)
        ? c
        : best,
    ).id;
  }
  const column = [...layout.boxes.values()].filter((b) => b.depth === here.depth);
  column.sort((a, b) => a.y - b.y);
  const index = column.findIndex((b) => b.id === id);
  const next = column[direction === 'up' ? index - 1 : index + 1];
  return next?.id ?? null;
}

/** React Flow nodes for the laid-out tree, in reading order (what Tab and a screen reader follow). */
export function whyFlowNodes(
  layout: WhyLayout,
  nodes: ReadonlyMap<string, WhyNode>,
  pendingId: string | null,
): WhyFlowNode[] {
  const children = new Map<string, number>();
  for (const n of nodes.values()) {
    if (n.parentId !== null) children.set(n.parentId, (children.get(n.parentId) ?? 0) + 1);
  }
  return layout.order.flatMap((id) => {
    const box = layout.boxes.get(id);
    if (!box) return [];
    return [
      {
        id,
        type: 'why' as const,
        position: { x: box.x, y: box.y },
        width: box.width,
        height: box.height,
        data: {
          depth: box.depth,
          hidden: box.hidden,
          childCount: children.get(id) ?? 0,
          pending: pendingId === id,
        },
        draggable: false,
        connectable: false,
        domAttributes: { 'aria-labelledby': `why-label-${id}` },
      },
    ];
  });
}
