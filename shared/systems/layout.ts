/**
 * Auto-layout of the systems diagram, on demand: @dagrejs/dagre's layered
 * (Sugiyama) layout, left to right in the direction requests and data flow,
 * with zones as compound clusters so their members stay together. Components
 * the team placed by hand (`pinned`) keep their place: the layered result is
 * moved so the pinned components' layout positions sit, on average, where they
 * are, and the other components are placed around them without overlapping.
 * Returns the operation bodies' data, not operations, so it stays a pure
 * function the renderer, the benchmark and the report share.
 */
import dagreModule from '@dagrejs/dagre';
import type { Component, Interaction, Zone } from './records.js';

/**
 * The part of dagre's API used here. Its bundled .d.ts files import each other
 * without file extensions, which NodeNext resolution cannot follow, so the
 * package's own types arrive unresolved; this states the calls we make.
 */
interface DagreGraph {
  setGraph(label: Record<string, unknown>): void;
  setDefaultEdgeLabel(label: () => Record<string, unknown>): void;
  setNode(id: string, label: Record<string, unknown>): void;
  setParent(id: string, parent: string): void;
  setEdge(source: string, target: string, label: Record<string, unknown>, name: string): void;
  children(id: string): string[] | undefined;
  removeNode(id: string): void;
  node(id: string): { x: number; y: number } | undefined;
}
interface Dagre {
  graphlib: { Graph: new (options: { compound: boolean; multigraph: boolean }) => DagreGraph };
  layout(graph: DagreGraph): void;
}
const dagre = dagreModule as unknown as Dagre;

export const COMPONENT_BOX = { width: 200, height: 92 } as const;
export const ZONE_PADDING = { side: 24, top: 48 } as const;
const GAP = { node: 40, rank: 110 } as const;

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface SystemsLayout {
  /** New top-left corners of the components that are not pinned. */
  readonly moves: ReadonlyMap<string, { readonly x: number; readonly y: number }>;
  /** Zones fitted around their members after the move. */
  readonly zones: ReadonlyMap<string, Rect>;
}

export const componentRect = (c: { readonly x: number; readonly y: number }): Rect => ({
  x: c.x,
  y: c.y,
  width: COMPONENT_BOX.width,
  height: COMPONENT_BOX.height,
});

const overlaps = (a: Rect, b: Rect, gap = 0): boolean =>
  a.x < b.x + b.width + gap &&
  b.x < a.x + a.width + gap &&
  a.y < b.y + b.height + gap &&
  b.y < a.y + a.height + gap;

/** The rectangle a zone needs around its members' boxes (null when it has none). */
export function zoneAround(
  members: readonly { readonly x: number; readonly y: number }[],
): Rect | null {
  if (members.length === 0) return null;
  const xs = members.map((m) => m.x);
  const ys = members.map((m) => m.y);
  const x = Math.min(...xs) - ZONE_PADDING.side;
  const y = Math.min(...ys) - ZONE_PADDING.top;
  return {
    x,
    y,
    width: Math.max(...xs) + COMPONENT_BOX.width + ZONE_PADDING.side - x,
    height: Math.max(...ys) + COMPONENT_BOX.height + ZONE_PADDING.side - y,
  };
}

interface Sized {
  readonly id: string;
  readonly width: number;
  readonly height: number;
}

/** One dagre layout, left to right: top-left corners by id. */
function layered(
  nodes: readonly Sized[],
  edges: readonly {
    readonly id: string;
    readonly from: string;
    readonly to: string;
    readonly weight: number;
  }[],
): Map<string, { x: number; y: number }> {
  const g = new dagre.graphlib.Graph({ compound: false, multigraph: true });
  g.setGraph({ rankdir: 'LR', nodesep: GAP.node, ranksep: GAP.rank, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes) g.setNode(n.id, { width: n.width, height: n.height });
  for (const e of edges) g.setEdge(e.from, e.to, { weight: e.weight }, e.id);
  dagre.layout(g);
  const out = new Map<string, { x: number; y: number }>();
  for (const n of nodes) {
    const at = g.node(n.id);
    if (at) out.set(n.id, { x: at.x - n.width / 2, y: at.y - n.height / 2 });
  }
  return out;
}

/**
 * Zones are laid out in two levels rather than as dagre compound clusters
 * (whose edge routing throws on some graphs with edges between clusters):
 * each zone's members first, among themselves; then the zones, as boxes of
 * that size, together with the components outside any zone. Zones never
 * overlap, and members stay inside their zone.
 */
export function layoutSystems(
  components: readonly Component[],
  interactions: readonly Interaction[],
  zones: readonly Zone[],
): SystemsLayout {
  const zoneIds = new Set(zones.map((z) => z.id));
  const zoneOf = (c: Component): string | null =>
    c.zoneId !== null && zoneIds.has(c.zoneId) ? c.zoneId : null;
  const byId = new Map<string, Component>(components.map((c) => [c.id, c]));
  const box = (c: Component): Sized => ({ id: c.id, ...COMPONENT_BOX });
  // Feedback flows back against the main direction: it should not decide the layers.
  const weight = (i: Interaction) => (i.kind === 'feedback' ? 0 : 1);

  const inner = new Map<string, Map<string, { x: number; y: number }>>();
  const zoneBoxes: Sized[] = [];
  for (const zone of zones) {
    const members = components.filter((c) => zoneOf(c) === zone.id);
    if (members.length === 0) continue;
    const inside = new Set(members.map((m) => m.id));
    const edges = interactions
      .filter((i) => inside.has(i.sourceId) && inside.has(i.targetId))
      .map((i) => ({ id: i.id, from: i.sourceId, to: i.targetId, weight: weight(i) }));
    const laid = layered(members.map(box), edges);
    const rect = zoneAround([...laid.values()]) as Rect;
    // Relative to the zone's top-left corner.
    const relative = new Map<string, { x: number; y: number }>();
    for (const [id, at] of laid) relative.set(id, { x: at.x - rect.x, y: at.y - rect.y });
    inner.set(zone.id, relative);
    zoneBoxes.push({ id: `zone:${zone.id}`, width: rect.width, height: rect.height });
  }

  const nodeOf = (componentId: string): string | null => {
    const c = byId.get(componentId);
    if (!c) return null;
    const zone = zoneOf(c);
    return zone === null ? c.id : `zone:${zone}`;
  };
  const topEdges = interactions.flatMap((i) => {
    const from = nodeOf(i.sourceId);
    const to = nodeOf(i.targetId);
    return from && to && from !== to ? [{ id: i.id, from, to, weight: weight(i) }] : [];
  });
  const top = layered(
    [...zoneBoxes, ...components.filter((c) => zoneOf(c) === null).map(box)],
    topEdges,
  );

  const laid = new Map<string, { x: number; y: number }>();
  for (const c of components) {
    const zone = zoneOf(c);
    if (zone === null) {
      const at = top.get(c.id);
      if (at) laid.set(c.id, at);
      continue;
    }
    const origin = top.get(`zone:${zone}`);
    const rel = inner.get(zone)?.get(c.id);
    if (origin && rel) laid.set(c.id, { x: origin.x + rel.x, y: origin.y + rel.y });
  }

  const pinned = components.filter((c) => c.pinned);
  let dx = 0;
  let dy = 0;
  if (pinned.length > 0) {
    for (const c of pinned) {
      const at = laid.get(c.id);
      if (at) {
        dx += c.x - at.x;
        dy += c.y - at.y;
      }
    }
    dx /= pinned.length;
    dy /= pinned.length;
  } else if (components.length > 0) {
    // Nothing pinned: keep the diagram's top-left corner where it was.
    dx = Math.min(...components.map((c) => c.x));
    dy = Math.min(...components.map((c) => c.y));
  }

  const fixed: Rect[] = pinned.map(componentRect);
  const moves = new Map<string, { x: number; y: number }>();
  for (const c of components) {
    if (c.pinned) continue;
    const at = laid.get(c.id) ?? { x: c.x, y: c.y };
    let spot = { x: Math.round(at.x + dx), y: Math.round(at.y + dy) };
    // Step down past any pinned component in the way.
    for (let tries = 0; tries < fixed.length + 1; tries += 1) {
      const hit = fixed.find((r) => overlaps(r, componentRect(spot), GAP.node / 2));
      if (!hit) break;
      spot = { x: spot.x, y: hit.y + hit.height + GAP.node };
    }
    moves.set(c.id, spot);
  }

  const fitted = new Map<string, Rect>();
  for (const zone of zones) {
    const members = components
      .filter((c) => c.zoneId === zone.id)
      .map((c) => moves.get(c.id) ?? { x: c.x, y: c.y });
    const rect = zoneAround(members);
    if (rect) fitted.set(zone.id, rect);
  }
  return { moves, zones: fitted };
}
