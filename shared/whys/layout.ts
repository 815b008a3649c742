/**
 * The 5-whys tree's layout: problem statements on the left, each level of
 * "because" one column further right, so five levels fit a 16:9 projector.
 * Nodes have one width and a height that follows their text, so the breadth
 * axis (down the screen) needs variable sizes. d3-hierarchy's tidy tree
 * (Reingold–Tilford, as refined by Buchheim et al.) takes a separation
 * function between neighbours of the same depth: making it half of each
 * neighbour's height plus a gap keeps every column free of overlaps, and
 * since a column holds one depth only, no other pair of nodes can collide.
 * Pure: the renderer passes its text measurement; Node (the report) uses the
 * estimate below.
 */
import { hierarchy, tree, type HierarchyPointNode } from 'd3-hierarchy';
import type { WhyNode } from './records.js';

export const WHY_BOX = {
  width: 280,
  /** Space for the depth label and controls above and below the text. */
  chrome: 58,
  minHeight: 96,
  fontSize: 18,
  lineHeight: 24,
  /** Horizontal padding inside the box. */
  padding: 14,
} as const;
export const WHY_GAP = { column: 96, row: 24, tree: 56 } as const;

export interface WhyBox {
  readonly id: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  /** 0 for the problem statement, 1 for the first "why", … */
  readonly depth: number;
  /** Descendants hidden under this node while its branch is collapsed (0 otherwise). */
  readonly hidden: number;
}

export interface WhyLayout {
  readonly boxes: ReadonlyMap<string, WhyBox>;
  /** Visible nodes in reading order: each tree depth first, children in their order. */
  readonly order: readonly string[];
  readonly bounds: {
    readonly x: number;
    readonly y: number;
    readonly width: number;
    readonly height: number;
  };
}

/** Lines a text takes at an average glyph width (no canvas: Node, tests, the report). */
export function estimateWhyHeight(text: string): number {
  const perLine = Math.floor((WHY_BOX.width - 2 * WHY_BOX.padding) / (WHY_BOX.fontSize * 0.55));
  let lines = 0;
  for (const paragraph of text.split('\n')) {
    lines += Math.max(1, Math.ceil(paragraph.length / perLine));
  }
  return Math.max(WHY_BOX.minHeight, WHY_BOX.chrome + lines * WHY_BOX.lineHeight);
}

/** Children of every node, ordered by `order` then id (so equal orders still lay out the same way). */
export function childrenByParent(nodes: Iterable<WhyNode>): Map<string | null, WhyNode[]> {
  const children = new Map<string | null, WhyNode[]>();
  for (const node of nodes) {
    const list = children.get(node.parentId);
    if (list) list.push(node);
    else children.set(node.parentId, [node]);
  }
  for (const list of children.values()) {
    list.sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
  return children;
}

interface Item {
  readonly node: WhyNode | null;
  readonly height: number;
  readonly children: Item[];
  readonly hidden: number;
}

export function layoutWhys(
  nodes: Iterable<WhyNode>,
  options: {
    readonly measure?: (node: WhyNode) => number;
    readonly collapsed?: ReadonlySet<string>;
  } = {},
): WhyLayout {
  const measure = options.measure ?? ((n: WhyNode) => estimateWhyHeight(n.text));
  const collapsed = options.collapsed ?? new Set<string>();
  const children = childrenByParent(nodes);
  const countBelow = (id: string): number =>
    (children.get(id) ?? []).reduce((sum, c) => sum + 1 + countBelow(c.id), 0);
  const build = (node: WhyNode): Item => {
    const folded = collapsed.has(node.id);
    return {
      node,
      height: measure(node),
      children: folded ? [] : (children.get(node.id) ?? []).map(build),
      hidden: folded ? countBelow(node.id) : 0,
    };
  };
  const roots = (children.get(null) ?? []).map(build);
  const forest: Item = { node: null, height: 0, children: roots, hidden: 0 };

  const boxes = new Map<string, WhyBox>();
  const order: string[] = [];
  if (roots.length === 0) return { boxes, order, bounds: { x: 0, y: 0, width: 0, height: 0 } };

  const root = hierarchy(forest, (item) => item.children);
  const layout = tree<Item>()
    .nodeSize([1, WHY_BOX.width + WHY_GAP.column])
    .separation((a, b) => {
      const between = a.parent === b.parent ? WHY_GAP.row : WHY_GAP.tree;
      return (a.data.height + b.data.height) / 2 + between;
    });
  const placed: HierarchyPointNode<Item> = layout(root);

  let minY = Infinity;
  let maxY = -Infinity;
  let maxX = 0;
  placed.eachBefore((p) => {
    const node = p.data.node;
    if (!node) return;
    const depth = p.depth - 1;
    const box: WhyBox = {
      id: node.id,
      x: depth * (WHY_BOX.width + WHY_GAP.column),
      y: p.x - p.data.height / 2,
      width: WHY_BOX.width,
      height: p.data.height,
      depth,
      hidden: p.data.hidden,
    };
    minY = Math.min(minY, box.y);
    maxY = Math.max(maxY, box.y + box.height);
    maxX = Math.max(maxX, box.x + box.width);
    order.push(node.id);
    boxes.set(node.id, box);
  });
  // Top of the first tree at y = 0, so positions do not drift as trees grow above.
  const shifted = new Map<string, WhyBox>();
  for (const [id, box] of boxes) shifted.set(id, { ...box, y: box.y - minY });
  return {
    boxes: shifted,
    order,
    bounds: { x: 0, y: 0, width: maxX, height: maxY - minY },
  };
}
