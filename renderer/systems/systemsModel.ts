/**
 * What the systems diagram's gestures mean, as pure functions of the workshop
 * state: accessible names, where new things go without covering anything,
 * which zone a dropped component lands in, and the operation bodies of a drop,
 * an auto-layout, a template or a removal. No React, no store, no DOM, so
 * they are unit-tested in Node; systemsActions.ts performs what they return.
 */
import {
  COMPONENT_BOX,
  componentRect,
  layoutSystems,
  zoneAround,
  type Rect,
} from '../../shared/systems/layout';
import {
  COMPONENT_KIND_LABELS,
  GUARDRAIL_LABELS,
  INTERACTION_KIND_LABELS,
  type Component,
  type ComponentId,
  type Guardrail,
  type Interaction,
  type InteractionId,
  type Zone,
  type ZoneId,
} from '../../shared/systems/records';
import { bankTemplate } from '../../shared/systems/template';
import type { OperationBody, WorkshopState } from '../../shared/registry';
import { readingOrder } from '../../shared/wall/search';
import { freeSpotNear, unionOf, type Point } from '../wall/wallGeometry';

export type { Point, Rect };

/** Air between a new zone or template and what is already on the diagram. */
const BESIDE_GAP = 120;
/** A new zone holds two components side by side, one row. */
export const NEW_ZONE_SIZE = {
  width: 2 * 24 + 2 * COMPONENT_BOX.width + 40,
  height: 48 + 24 + COMPONENT_BOX.height,
} as const;

// ------------------------------------------------------------------ names

/** "Service: API gateway, in Edge": what a screen reader says for a component. */
export function componentLabel(
  component: Pick<Component, 'kind' | 'name' | 'onPath'>,
  zoneName: string | null,
): string {
  const where = zoneName === null ? '' : `, in ${zoneName || 'an unnamed zone'}`;
  const path = component.onPath ? ', on the incident path' : '';
  return `${COMPONENT_KIND_LABELS[component.kind]}: ${component.name}${where}${path}`;
}

/** "Request / call from Mobile app to API gateway: API calls". */
export function interactionLabel(
  interaction: Pick<Interaction, 'kind' | 'label' | 'onPath'>,
  sourceName: string,
  targetName: string,
): string {
  const label = interaction.label.trim() ? `: ${interaction.label.trim()}` : '';
  const path = interaction.onPath ? ', on the incident path' : '';
  return `${INTERACTION_KIND_LABELS[interaction.kind]} from ${sourceName} to ${targetName}${label}${path}`;
}

export const zoneLabel = (zone: Pick<Zone, 'name'>): string =>
  `Zone: ${zone.name || 'Unnamed zone'}`;

/** Two letters per guardrail, for the shield badges (the full label is their accessible text). */
export const GUARDRAIL_SHORT: Record<Guardrail, string> = {
  circuit_breaker: 'CB',
  rate_limit: 'RL',
  change_gate: 'CG',
  timeout: 'TO',
  retry_budget: 'RB',
  failover: 'FO',
};

export const guardrailList = (guardrails: readonly Guardrail[]): string =>
  guardrails.map((g) => GUARDRAIL_LABELS[g]).join(', ');

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "1 component", "2 components and 1 interaction": what a removal removed. */
export function describeCount(counts: {
  readonly zones: number;
  readonly components: number;
  readonly interactions: number;
}): string {
  const parts = [
    counts.components ? plural(counts.components, 'component') : '',
    counts.interactions ? plural(counts.interactions, 'interaction') : '',
    counts.zones ? plural(counts.zones, 'zone') : '',
  ].filter(Boolean);
  if (parts.length <= 1) return parts[0] ?? 'nothing';
  return `${parts.slice(0, -1).join(', ')} and ${parts.at(-1) ?? ''}`;
}

// --------------------------------------------------------------- geometry

const centerOf = (r: Rect): Point => ({ x: r.x + r.width / 2, y: r.y + r.height / 2 });
const contains = (r: Rect, p: Point): boolean =>
  p.x >= r.x && p.x <= r.x + r.width && p.y >= r.y && p.y <= r.y + r.height;

/**
 * The zone a component dropped as `box` belongs to: the smallest zone that
 * contains the box's centre (zones do not nest, but they may overlap), or null.
 */
export function zoneAt(
  box: Rect,
  zones: Iterable<Zone>,
  exclude: ReadonlySet<string> = new Set(),
): Zone | null {
  const center = centerOf(box);
  let best: Zone | null = null;
  for (const zone of zones) {
    if (exclude.has(zone.id) || !contains(zone, center)) continue;
    if (!best || zone.width * zone.height < best.width * best.height) best = zone;
  }
  return best;
}

/** Everything on the diagram, in diagram units (null when it is empty). */
export function contentBounds(
  components: Iterable<Pick<Component, 'x' | 'y'>>,
  zones: Iterable<Zone>,
): Rect | null {
  return unionOf([...[...components].map(componentRect), ...zones]);
}

/** The top-left corner for a new component asked for around `center`: covering no component or zone. */
export function newComponentSpot(
  center: Point,
  components: Iterable<Pick<Component, 'x' | 'y'>>,
  zones: Iterable<Zone>,
): Point {
  const wanted = { x: center.x - COMPONENT_BOX.width / 2, y: center.y - COMPONENT_BOX.height / 2 };
  const obstacles = [...[...components].map(componentRect), ...zones];
  const spot = freeSpotNear(wanted, COMPONENT_BOX, obstacles);
  return { x: Math.round(spot.x), y: Math.round(spot.y) };
}

/** The top-left corner of a new zone asked for around `center`: covering nothing. */
export function newZoneSpot(
  center: Point,
  components: Iterable<Pick<Component, 'x' | 'y'>>,
  zones: Iterable<Zone>,
): Point {
  const size = NEW_ZONE_SIZE;
  const wanted = { x: center.x - size.width / 2, y: center.y - size.height / 2 };
  const obstacles = [...[...components].map(componentRect), ...zones];
  const step = { x: size.width / 2, y: size.height / 2 };
  const spot = freeSpotNear(wanted, size, obstacles, step, 30);
  return { x: Math.round(spot.x), y: Math.round(spot.y) };
}

/** Where the bank template goes: at the origin on an empty diagram, else right of the content. */
export function templateOrigin(
  components: Iterable<Pick<Component, 'x' | 'y'>>,
  zones: Iterable<Zone>,
): Point {
  const bounds = contentBounds(components, zones);
  if (!bounds) return { x: 0, y: 0 };
  return { x: Math.round(bounds.x + bounds.width + BESIDE_GAP), y: Math.round(bounds.y) };
}

/**
 * Tab and screen-reader order: each zone (in reading order) followed by its
 * members in reading order, then the components outside any zone. Parents
 * before their children is also what React Flow needs.
 */
export function readingGroups(
  components: Iterable<Component>,
  zones: Iterable<Zone>,
): { zone: Zone | null; members: Component[] }[] {
  const zoneList = readingOrder([...zones], 48);
  const known = new Set(zoneList.map((z) => z.id));
  const byZone = new Map<string | null, Component[]>();
  for (const c of components) {
    const key = c.zoneId !== null && known.has(c.zoneId) ? c.zoneId : null;
    const list = byZone.get(key);
    if (list) list.push(c);
    else byZone.set(key, [c]);
  }
  const band = COMPONENT_BOX.height;
  return [
    ...zoneList.map((zone) => ({
      zone,
      members: readingOrder(byZone.get(zone.id) ?? [], band),
    })),
    { zone: null, members: readingOrder(byZone.get(null) ?? [], band) },
  ];
}

// ------------------------------------------------------------- operations

export interface DroppedItem {
  readonly id: string;
  readonly kind: 'component' | 'zone';
  /** Absolute diagram position of its top-left corner where it was dropped. */
  readonly position: Point;
}

const sameRect = (a: Rect, b: Rect) =>
  a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;

/**
 * One drop (a drag or an arrow key) of components and zones. Zones move and
 * carry their members; components move and are pinned there (auto-layout
 * leaves them), join the zone under their centre or leave theirs, and a zone
 * too small for a member dropped at its edge grows to hold it.
 */
export function dropBodies(state: WorkshopState, dropped: readonly DroppedItem[]): OperationBody[] {
  const { zones, components } = state.records;
  const bodies: OperationBody[] = [];
  const movedZones = new Set<string>();
  for (const d of dropped) {
    if (d.kind !== 'zone') continue;
    const zone = zones.get(d.id);
    if (!zone) continue;
    movedZones.add(zone.id);
    const x = Math.round(d.position.x);
    const y = Math.round(d.position.y);
    if (zone.x !== x || zone.y !== y) {
      bodies.push({ type: 'zone.move', payload: { zoneId: zone.id, x, y } });
    }
  }
  const moves: { componentId: ComponentId; x: number; y: number; pinned: boolean }[] = [];
  const joining = new Map<ZoneId | null, ComponentId[]>();
  const landed = new Map<ZoneId, Rect[]>();
  for (const d of dropped) {
    if (d.kind !== 'component') continue;
    const component = components.get(d.id);
    // Members of a zone dragged with it move with the zone (zone.move).
    if (!component || (component.zoneId !== null && movedZones.has(component.zoneId))) continue;
    const box = componentRect({ x: Math.round(d.position.x), y: Math.round(d.position.y) });
    if (component.x !== box.x || component.y !== box.y || !component.pinned) {
      moves.push({ componentId: component.id, x: box.x, y: box.y, pinned: true });
    }
    const target = zoneAt(box, zones.values(), movedZones);
    const zoneId = target?.id ?? null;
    if (zoneId !== component.zoneId)
      joining.set(zoneId, [...(joining.get(zoneId) ?? []), component.id]);
    if (target) landed.set(target.id, [...(landed.get(target.id) ?? []), box]);
  }
  if (moves.length) bodies.push({ type: 'component.move', payload: { moves } });
  for (const [zoneId, componentIds] of joining) {
    bodies.push({ type: 'component.zone', payload: { componentIds, zoneId } });
  }
  for (const [zoneId, boxes] of landed) {
    const zone = zones.get(zoneId);
    const needed = zoneAround(boxes);
    if (!zone || !needed) continue;
    const grown = unionOf([zone, needed]) ?? zone;
    const rect = {
      x: Math.round(grown.x),
      y: Math.round(grown.y),
      width: Math.round(grown.width),
      height: Math.round(grown.height),
    };
    if (!sameRect(rect, zone)) bodies.push({ type: 'zone.resize', payload: { zoneId, ...rect } });
  }
  return bodies;
}

/**
 * Auto-layout as one batch: the components nobody placed by hand move (and
 * stay unpinned), zones fit around their members; pinned components stay.
 * Empty when everything is already where the layout would put it.
 */
export function autoLayoutBodies(state: WorkshopState): OperationBody[] {
  const components = [...state.records.components.values()];
  const zones = [...state.records.zones.values()];
  const layout = layoutSystems(components, [...state.records.interactions.values()], zones);
  const moves = components.flatMap((c) => {
    const to = layout.moves.get(c.id);
    if (!to || c.pinned || (to.x === c.x && to.y === c.y)) return [];
    return [{ componentId: c.id, x: Math.round(to.x), y: Math.round(to.y), pinned: false }];
  });
  const bodies: OperationBody[] = [];
  if (moves.length) bodies.push({ type: 'component.move', payload: { moves } });
  for (const zone of zones) {
    const fitted = layout.zones.get(zone.id);
    if (!fitted) continue;
    const rect = {
      x: Math.round(fitted.x),
      y: Math.round(fitted.y),
      width: Math.round(fitted.width),
      height: Math.round(fitted.height),
    };
    if (!sameRect(rect, zone)) {
      bodies.push({ type: 'zone.resize', payload: { zoneId: zone.id, ...rect } });
    }
  }
  return bodies;
}

/** The bank template as one systems.insert, at the origin or beside what is there. */
export function templateBody(
  state: WorkshopState,
  now: number,
  newId: () => string,
): { body: OperationBody; bounds: Rect } {
  const origin = templateOrigin(state.records.components.values(), state.records.zones.values());
  const content = bankTemplate(state.workshop.id, now, newId, origin);
  const bounds = contentBounds(content.components, content.zones) ?? {
    ...origin,
    width: 0,
    height: 0,
  };
  return {
    body: {
      type: 'systems.insert',
      payload: {
        zones: [...content.zones],
        components: [...content.components],
        interactions: [...content.interactions],
        members: [],
      },
    },
    bounds,
  };
}

export interface SystemsSelection {
  readonly zones: readonly ZoneId[];
  readonly components: readonly ComponentId[];
  readonly interactions: readonly InteractionId[];
}

/**
 * The removal of a selection as one systems.remove (the interactions of
 * removed components go with them), and what to tell the user it removed.
 * Null when none of it is on the diagram any more.
 */
export function removeBody(
  state: WorkshopState,
  selection: SystemsSelection,
): { body: OperationBody; message: string } | null {
  const { zones, components, interactions } = state.records;
  const zoneIds = selection.zones.filter((id) => zones.has(id));
  const componentIds = selection.components.filter((id) => components.has(id));
  const interactionIds = selection.interactions.filter((id) => interactions.has(id));
  if (zoneIds.length + componentIds.length + interactionIds.length === 0) return null;
  const what = describeCount({
    zones: zoneIds.length,
    components: componentIds.length,
    interactions: interactionIds.length,
  });
  return {
    body: { type: 'systems.remove', payload: { zoneIds, componentIds, interactionIds } },
    message: `Deleted ${what}.`,
  };
}

/** Offsets that keep several interactions between the same two components apart. */
const PARALLEL_GAP = 46;
/** How far a feedback loop bows out from the straight line ("curved back"). */
export const FEEDBACK_BEND = 56;

/**
 * How far each interaction's line bows to the left of its direction (0 is
 * straight). Interactions between the same two components, either way round,
 * are spread apart so none hides another; feedback always curves.
 */
export function bendsOf(interactions: Iterable<Interaction>): Map<string, number> {
  const pairs = new Map<string, Interaction[]>();
  for (const i of interactions) {
    const key =
      i.sourceId < i.targetId ? `${i.sourceId}|${i.targetId}` : `${i.targetId}|${i.sourceId}`;
    const list = pairs.get(key);
    if (list) list.push(i);
    else pairs.set(key, [i]);
  }
  const bends = new Map<string, number>();
  for (const list of pairs.values()) {
    // A stable order: by creation, then id, so bends do not jump when records change.
    list.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const n = list.length;
    list.forEach((i, index) => {
      // Offsets are measured on the pair's own side (from the smaller id to the larger):
      // an interaction running the other way bows to its left, the pair's right, so flip it.
      const forward = i.sourceId < i.targetId ? 1 : -1;
      let offset = (index - (n - 1) / 2) * PARALLEL_GAP;
      if (i.kind === 'feedback') {
        offset =
          offset === 0 ? FEEDBACK_BEND * forward : offset + Math.sign(offset) * FEEDBACK_BEND;
      }
      bends.set(i.id, offset * forward);
    });
  }
  return bends;
}
