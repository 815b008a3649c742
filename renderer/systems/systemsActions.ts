/**
 * The systems diagram's gestures as operation batches: each function turns
 * one gesture into one `perform` call (one undo step, one audited
 * transaction). What a gesture means is worked out in systemsModel.ts; no
 * function here writes state directly.
 */
import type { OperationBody, WorkshopState } from '../../shared/registry';
import type { Rect } from '../../shared/systems/layout';
import {
  asComponentId,
  asInteractionId,
  asZoneId,
  type Component,
  type ComponentChanges,
  type ComponentId,
  type Interaction,
  type InteractionChanges,
  type InteractionId,
  type InteractionKind,
  type ZoneId,
} from '../../shared/systems/records';
import { getAppStore } from '../store/useAppStore';
import {
  autoLayoutBodies,
  dropBodies,
  NEW_ZONE_SIZE,
  removeBody,
  templateBody,
  type DroppedItem,
  type Point,
  type SystemsSelection,
} from './systemsModel';
import type { PendingComponent } from './systemsViewStore';

const newId = () => crypto.randomUUID();

function current(): { state: WorkshopState; now: number } | null {
  const open = getAppStore().getState().open;
  return open ? { state: open.state, now: Date.now() } : null;
}

const perform = (bodies: OperationBody[]): boolean => getAppStore().getState().perform(bodies);

/** Only the fields that really change (an update that changes nothing is not an undo step). */
function changed<T extends object>(before: T, changes: Partial<T>): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(changes) as (keyof T)[]) {
    const next = changes[key];
    const was = before[key];
    const equal =
      Array.isArray(next) && Array.isArray(was)
        ? next.length === was.length && next.every((v, i) => v === was[i])
        : next === was;
    if (!equal) out[key] = next;
  }
  return out;
}

/** Adds the component that was being named; its name is committed with it (one step). */
export function addComponent(pending: PendingComponent, name: string): boolean {
  const c = current();
  if (!c) return false;
  const component: Component = {
    id: pending.id,
    workshopId: c.state.workshop.id,
    kind: pending.kind,
    name: name.trim(),
    x: Math.round(pending.x),
    y: Math.round(pending.y),
    // Put at a free spot, not placed by hand: auto-layout may arrange it.
    pinned: false,
    zoneId: null,
    failureMode: '',
    annotation: '',
    guardrails: [],
    onPath: false,
    createdAt: c.now,
  };
  return perform([{ type: 'component.add', payload: { component } }]);
}

/** Changes a component's fields; true when saved or when there was nothing to change. */
export function updateComponent(componentId: ComponentId, changes: ComponentChanges): boolean {
  const c = current();
  const before = c?.state.records.components.get(componentId);
  if (!c || !before) return true;
  const real = changed(before, changes);
  if (Object.keys(real).length === 0) return true;
  return perform([{ type: 'component.update', payload: { componentId, changes: real } }]);
}

/** Pins a component where it is, or lets auto-layout move it again. */
export function setPinned(componentId: ComponentId, pinned: boolean): boolean {
  const component = current()?.state.records.components.get(componentId);
  if (!component || component.pinned === pinned) return true;
  return perform([
    {
      type: 'component.move',
      payload: { moves: [{ componentId, x: component.x, y: component.y, pinned }] },
    },
  ]);
}

export function updateInteraction(
  interactionId: InteractionId,
  changes: InteractionChanges,
): boolean {
  const c = current();
  const before = c?.state.records.interactions.get(interactionId);
  if (!c || !before) return true;
  const real = changed(before, changes);
  if (Object.keys(real).length === 0) return true;
  return perform([{ type: 'interaction.update', payload: { interactionId, changes: real } }]);
}

/** A new interaction from one component to another (a drag between handles). */
export function connect(
  sourceId: string,
  targetId: string,
  kind: InteractionKind = 'request',
): InteractionId | null {
  const c = current();
  const { components } = c?.state.records ?? {};
  if (!c || !components?.has(sourceId) || !components.has(targetId) || sourceId === targetId) {
    return null;
  }
  const interaction: Interaction = {
    id: asInteractionId(newId()),
    workshopId: c.state.workshop.id,
    sourceId: asComponentId(sourceId),
    targetId: asComponentId(targetId),
    kind,
    label: '',
    failureMode: '',
    annotation: '',
    guardrails: [],
    onPath: false,
    createdAt: c.now,
  };
  return perform([{ type: 'interaction.add', payload: { interaction } }]) ? interaction.id : null;
}

export function addZone(topLeft: Point, name = 'New zone'): ZoneId | null {
  const c = current();
  if (!c) return null;
  const zone = {
    id: asZoneId(newId()),
    workshopId: c.state.workshop.id,
    name,
    x: Math.round(topLeft.x),
    y: Math.round(topLeft.y),
    ...NEW_ZONE_SIZE,
    createdAt: c.now,
  };
  return perform([{ type: 'zone.add', payload: { zone } }]) ? zone.id : null;
}

export function renameZone(zoneId: ZoneId, name: string): boolean {
  const zone = current()?.state.records.zones.get(zoneId);
  const trimmed = name.trim();
  if (!zone || trimmed === '' || zone.name === trimmed) return true;
  return perform([{ type: 'zone.rename', payload: { zoneId, name: trimmed } }]);
}

export function resizeZone(zoneId: ZoneId, rect: Rect): boolean {
  const zone = current()?.state.records.zones.get(zoneId);
  if (!zone) return false;
  const next = {
    x: Math.round(rect.x),
    y: Math.round(rect.y),
    width: Math.round(rect.width),
    height: Math.round(rect.height),
  };
  if (
    next.x === zone.x &&
    next.y === zone.y &&
    next.width === zone.width &&
    next.height === zone.height
  ) {
    return true;
  }
  return perform([{ type: 'zone.resize', payload: { zoneId, ...next } }]);
}

/** One drop (a drag, or one press of an arrow key). */
export function drop(dropped: readonly DroppedItem[]): boolean {
  const c = current();
  if (!c) return false;
  const bodies = dropBodies(c.state, dropped);
  return bodies.length === 0 || perform(bodies);
}

/** Auto-layout as one step; 'unchanged' when everything is already where it would go. */
export function autoLayout(): 'moved' | 'unchanged' | 'failed' {
  const c = current();
  if (!c) return 'failed';
  const bodies = autoLayoutBodies(c.state);
  if (bodies.length === 0) return 'unchanged';
  return perform(bodies) ? 'moved' : 'failed';
}

/** Inserts the bank template (beside what is there); returns where it went. */
export function insertTemplate(): Rect | null {
  const c = current();
  if (!c) return null;
  const { body, bounds } = templateBody(c.state, c.now, newId);
  return perform([body]) ? bounds : null;
}

/** Removes a selection as one step; returns the notice's message (null if nothing went). */
export function removeSelection(selection: SystemsSelection): string | null {
  const c = current();
  if (!c) return null;
  const removal = removeBody(c.state, selection);
  if (!removal || !perform([removal.body])) return null;
  return removal.message;
}
