/**
 * The systems-interaction diagram feature. Components, interactions and zones
 * are added one at a time or inserted together (a template, a paste, the undo
 * of a removal); `systems.remove` deletes any mix of them, taking along the
 * interactions of removed components and leaving a removed zone's components
 * in place, outside any zone.
 */
import { z } from 'zod';
import type { Draft } from '../base/draft.js';
import { bodyFor } from '../base/feature.js';
import { reject, requireUnique, type AnyBody } from '../base/operation.js';
import { CoordinateSchema, WALL_LIMITS } from '../wall/records.js';
import { defineFeature, type Workshop } from '../workshop/workshop.js';
import {
  ComponentChangesSchema,
  ComponentIdSchema,
  ComponentSchema,
  InteractionChangesSchema,
  InteractionIdSchema,
  InteractionSchema,
  ZoneIdSchema,
  ZoneSchema,
  components,
  interactions,
  zones,
  type Component,
  type Interaction,
  type Zone,
} from './records.js';

const MAX_BATCH = 10_000;
const componentIds = z.array(ComponentIdSchema).max(MAX_BATCH);

const operations = {
  'component.add': z.object({ component: ComponentSchema }),
  'component.update': z.object({ componentId: ComponentIdSchema, changes: ComponentChangesSchema }),
  /** Moves components; `pinned` says whether auto-layout keeps them there. */
  'component.move': z.object({
    moves: z
      .array(
        z.object({
          componentId: ComponentIdSchema,
          x: CoordinateSchema,
          y: CoordinateSchema,
          pinned: z.boolean(),
        }),
      )
      .min(1)
      .max(MAX_BATCH),
  }),
  /** Puts components into a zone, or out of any with `zoneId: null`. */
  'component.zone': z.object({
    componentIds: componentIds.min(1),
    zoneId: ZoneIdSchema.nullable(),
  }),
  'interaction.add': z.object({ interaction: InteractionSchema }),
  'interaction.update': z.object({
    interactionId: InteractionIdSchema,
    changes: InteractionChangesSchema,
  }),
  'zone.add': z.object({ zone: ZoneSchema }),
  'zone.rename': z.object({ zoneId: ZoneIdSchema, name: ZoneSchema.shape.name }),
  /** Moves a zone; its components move with it by the same offset. */
  'zone.move': z.object({ zoneId: ZoneIdSchema, x: CoordinateSchema, y: CoordinateSchema }),
  'zone.resize': z.object({
    zoneId: ZoneIdSchema,
    x: CoordinateSchema,
    y: CoordinateSchema,
    width: ZoneSchema.shape.width,
    height: ZoneSchema.shape.height,
  }),
  /** Adds zones, components and interactions together (a template; the undo of a removal). */
  'systems.insert': z.object({
    zones: z.array(ZoneSchema).max(MAX_BATCH),
    components: z.array(ComponentSchema).max(MAX_BATCH),
    interactions: z.array(InteractionSchema).max(MAX_BATCH),
    /** Components already on the diagram that the inserted zones take back (undo of a zone's removal). */
    members: z
      .array(z.object({ componentId: ComponentIdSchema, zoneId: ZoneIdSchema }))
      .max(MAX_BATCH),
  }),
  'systems.remove': z.object({
    zoneIds: z.array(ZoneIdSchema).max(MAX_BATCH),
    componentIds,
    interactionIds: z.array(InteractionIdSchema).max(MAX_BATCH),
  }),
};
const body = bodyFor<typeof operations>();

type SystemsDraft = Draft<Workshop>;

/** The fields of `changes` as they were on `before`, for the inverse of an update. */
function previous<T extends object>(before: T, changes: Partial<T>): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(changes) as (keyof T)[]) out[key] = before[key];
  return out;
}

function insertAll(
  d: SystemsDraft,
  payload: {
    readonly zones: readonly Zone[];
    readonly components: readonly Component[];
    readonly interactions: readonly Interaction[];
  },
): void {
  requireUnique(
    payload.zones.map((z) => z.id),
    'zone',
  );
  requireUnique(
    payload.components.map((c) => c.id),
    'component',
  );
  requireUnique(
    payload.interactions.map((i) => i.id),
    'interaction',
  );
  for (const zone of payload.zones) {
    if (d.has(zones, zone.id)) reject('conflict', `The zone ${zone.id} already exists.`);
    d.put(zones, zone);
  }
  for (const component of payload.components) {
    if (d.has(components, component.id)) {
      reject('conflict', `The component ${component.id} already exists.`);
    }
    d.put(components, component);
  }
  for (const interaction of payload.interactions) {
    if (d.has(interactions, interaction.id)) {
      reject('conflict', `The interaction ${interaction.id} already exists.`);
    }
    d.put(interactions, interaction);
  }
}

export const systemsFeature = defineFeature({
  name: 'systems',
  collections: [zones, components, interactions],
  operations,
  handlers: {
    'component.add': (d, { component }) => {
      insertAll(d, { zones: [], components: [component], interactions: [] });
      return [
        body('systems.remove', { zoneIds: [], componentIds: [component.id], interactionIds: [] }),
      ];
    },

    'component.update': (d, { componentId, changes }) => {
      const before = d.require(components, componentId);
      d.put(components, { ...before, ...changes });
      return [body('component.update', { componentId, changes: previous(before, changes) })];
    },

    'component.move': (d, { moves }) => {
      requireUnique(
        moves.map((m) => m.componentId),
        'component',
      );
      const before = moves.map((m) => {
        const component = d.require(components, m.componentId);
        d.put(components, { ...component, x: m.x, y: m.y, pinned: m.pinned });
        return component;
      });
      return [
        body('component.move', {
          moves: before.map((c) => ({ componentId: c.id, x: c.x, y: c.y, pinned: c.pinned })),
        }),
      ];
    },

    'component.zone': (d, { componentIds: ids, zoneId }) => {
      requireUnique(ids, 'component');
      if (zoneId !== null) d.require(zones, zoneId);
      const before = ids.map((id) => d.require(components, id));
      for (const component of before) d.put(components, { ...component, zoneId });
      const byZone = new Map<string | null, Component[]>();
      for (const c of before) byZone.set(c.zoneId, [...(byZone.get(c.zoneId) ?? []), c]);
      return [...byZone.values()].map((group) =>
        body('component.zone', {
          componentIds: group.map((c) => c.id),
          zoneId: (group[0] as Component).zoneId,
        }),
      );
    },

    'interaction.add': (d, { interaction }) => {
      insertAll(d, { zones: [], components: [], interactions: [interaction] });
      return [
        body('systems.remove', { zoneIds: [], componentIds: [], interactionIds: [interaction.id] }),
      ];
    },

    'interaction.update': (d, { interactionId, changes }) => {
      const before = d.require(interactions, interactionId);
      d.put(interactions, { ...before, ...changes });
      return [body('interaction.update', { interactionId, changes: previous(before, changes) })];
    },

    'zone.add': (d, { zone }) => {
      insertAll(d, { zones: [zone], components: [], interactions: [] });
      return [body('systems.remove', { zoneIds: [zone.id], componentIds: [], interactionIds: [] })];
    },

    'zone.rename': (d, { zoneId, name }) => {
      const zone = d.require(zones, zoneId);
      d.put(zones, { ...zone, name });
      return [body('zone.rename', { zoneId, name: zone.name })];
    },

    'zone.move': (d, { zoneId, x, y }) => {
      const zone = d.require(zones, zoneId);
      const dx = x - zone.x;
      const dy = y - zone.y;
      const members = d.where(components, 'zoneId', zoneId);
      const onCanvas = (v: number) => Math.abs(v) <= WALL_LIMITS.coordinate;
      if (!members.every((c) => onCanvas(c.x + dx) && onCanvas(c.y + dy))) {
        reject('invalid', 'Moving the zone there would push its components off the diagram.');
      }
      d.put(zones, { ...zone, x, y });
      for (const c of members) d.put(components, { ...c, x: c.x + dx, y: c.y + dy });
      const inverse: AnyBody[] = [body('zone.move', { zoneId, x: zone.x, y: zone.y })];
      // Exact coordinates back: (x + dx) - dx is not always x in floating point.
      if (members.length > 0) {
        inverse.push(
          body('component.move', {
            moves: members.map((c) => ({ componentId: c.id, x: c.x, y: c.y, pinned: c.pinned })),
          }),
        );
      }
      return inverse;
    },

    'zone.resize': (d, { zoneId, x, y, width, height }) => {
      const zone = d.require(zones, zoneId);
      d.put(zones, { ...zone, x, y, width, height });
      return [
        body('zone.resize', {
          zoneId,
          x: zone.x,
          y: zone.y,
          width: zone.width,
          height: zone.height,
        }),
      ];
    },

    'systems.insert': (d, payload) => {
      if (payload.zones.length + payload.components.length + payload.interactions.length === 0) {
        reject('invalid', 'Nothing to insert.');
      }
      insertAll(d, payload);
      requireUnique(
        payload.members.map((m) => m.componentId),
        'component',
      );
      const inserted = new Set(payload.zones.map((z) => z.id));
      for (const m of payload.members) {
        if (!inserted.has(m.zoneId)) reject('invalid', 'Members must join a zone inserted here.');
        const component = d.require(components, m.componentId);
        // Taken back only from outside any zone: one moved into another zone since stays there.
        if (component.zoneId !== null) {
          reject('conflict', `The component ${component.name} is in another zone now.`);
        }
        d.put(components, { ...component, zoneId: m.zoneId });
      }
      return [
        body('systems.remove', {
          zoneIds: payload.zones.map((z) => z.id),
          componentIds: payload.components.map((c) => c.id),
          interactionIds: payload.interactions.map((i) => i.id),
        }),
      ];
    },

    'systems.remove': (d, payload) => {
      requireUnique(payload.zoneIds, 'zone');
      requireUnique(payload.componentIds, 'component');
      requireUnique(payload.interactionIds, 'interaction');
      if (
        payload.zoneIds.length + payload.componentIds.length + payload.interactionIds.length ===
        0
      ) {
        reject('invalid', 'Nothing to remove.');
      }
      const removedZones = payload.zoneIds.map((id) => d.require(zones, id));
      const removedComponents = payload.componentIds.map((id) => d.require(components, id));
      const removedIds = new Set<string>(payload.componentIds);
      // The interactions of removed components go with them.
      const removedInteractions = new Map<string, Interaction>();
      for (const id of payload.interactionIds) {
        removedInteractions.set(id, d.require(interactions, id));
      }
      for (const c of removedComponents) {
        for (const i of d.where(interactions, 'sourceId', c.id)) removedInteractions.set(i.id, i);
        for (const i of d.where(interactions, 'targetId', c.id)) removedInteractions.set(i.id, i);
      }
      // Components of a removed zone that stay on the diagram leave the zone.
      const members = removedZones
        .flatMap((z) => d.where(components, 'zoneId', z.id))
        .filter((c) => !removedIds.has(c.id));
      for (const c of members) d.put(components, { ...c, zoneId: null });
      for (const id of removedInteractions.keys()) d.remove(interactions, id);
      for (const c of removedComponents) d.remove(components, c.id);
      for (const z of removedZones) d.remove(zones, z.id);
      return [
        body('systems.insert', {
          zones: removedZones,
          components: removedComponents,
          interactions: [...removedInteractions.values()],
          members: members.flatMap((c) =>
            c.zoneId ? [{ componentId: c.id, zoneId: c.zoneId }] : [],
          ),
        }),
      ];
    },
  },
});
