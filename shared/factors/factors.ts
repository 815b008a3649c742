/**
 * The contributing-factors feature. A factor is created with its first
 * placements (marking a why-node or a component as a factor), placed on more
 * objects, edited, and deleted with its placements. Removing an object a
 * factor sits on drops that placement (undo puts it back); the factor itself
 * stays in the list, since other evidence may still support it.
 */
import { z } from 'zod';
import type { Draft } from '../base/draft.js';
import { bodyFor } from '../base/feature.js';
import { reject, requireUnique, type AnyBody } from '../base/operation.js';
import { defineFeature, type Workshop } from '../workshop/workshop.js';
import {
  FACTOR_LIMITS,
  FactorIdSchema,
  FactorLinkIdSchema,
  FactorLinkSchema,
  FactorSchema,
  factorLinks,
  factors,
  placementOf,
  type FactorLink,
  type PlacementField,
} from './records.js';

const links = z.array(FactorLinkSchema).max(FACTOR_LIMITS.links);

const operations = {
  /** Creates a factor, optionally already placed (a why-node marked as a factor). */
  'factor.add': z.object({ factor: FactorSchema, links }),
  'factor.update': z.object({
    factorId: FactorIdSchema,
    changes: FactorSchema.pick({ title: true, category: true, description: true }).partial(),
  }),
  /** Deletes a factor and every placement of it. */
  'factor.delete': z.object({ factorId: FactorIdSchema }),
  'factor.place': z.object({ links: links.min(1) }),
  'factor.unplace': z.object({
    linkIds: z.array(FactorLinkIdSchema).min(1).max(FACTOR_LIMITS.links),
  }),
};
const body = bodyFor<typeof operations>();

type FactorsDraft = Draft<Workshop>;

const DUPLICATE_PLACEMENT = 'That factor is already there.';

/** The placements of the same factor on the same object as `link` (itself included, if stored). */
function samePlacements(d: FactorsDraft, link: FactorLink): FactorLink[] {
  const { field, id } = placementOf(link);
  return d.where(factorLinks, field, id).filter((l) => l.factorId === link.factorId);
}

/** Refuses placements that exist or repeat one (the same factor twice on one object). */
function placeAll(d: FactorsDraft, list: readonly FactorLink[]): void {
  requireUnique(
    list.map((l) => l.id),
    'factor placement',
  );
  const seen = new Set<string>();
  for (const link of list) {
    if (d.has(factorLinks, link.id)) {
      reject('conflict', `The factor placement ${link.id} already exists.`);
    }
    const { field, id } = placementOf(link);
    const key = JSON.stringify([link.factorId, field, id]);
    if (samePlacements(d, link).length > 0 || seen.has(key)) {
      reject('conflict', DUPLICATE_PLACEMENT);
    }
    seen.add(key);
    d.put(factorLinks, link);
  }
}

/** Drops the placements on removed records; undo places them again. */
const dropPlacements =
  (field: PlacementField) =>
  (d: FactorsDraft, removedIds: readonly string[]): AnyBody[] => {
    const dropped = removedIds.flatMap((id) => d.where(factorLinks, field, id));
    for (const link of dropped) d.remove(factorLinks, link.id);
    return dropped.length ? [body('factor.place', { links: dropped })] : [];
  };

export const factorsFeature = defineFeature({
  name: 'factors',
  collections: [factors, factorLinks],
  operations,
  handlers: {
    'factor.add': (d, { factor, links: placed }) => {
      if (d.has(factors, factor.id)) reject('conflict', `The factor ${factor.id} already exists.`);
      d.put(factors, factor);
      if (placed.some((l) => l.factorId !== factor.id)) {
        reject('invalid', 'A new factor can only be placed as itself.');
      }
      placeAll(d, placed);
      return [body('factor.delete', { factorId: factor.id })];
    },

    'factor.update': (d, { factorId, changes }) => {
      const before = d.require(factors, factorId);
      d.put(factors, { ...before, ...changes });
      const previous: typeof changes = {};
      if (changes.title !== undefined) previous.title = before.title;
      if (changes.category !== undefined) previous.category = before.category;
      if (changes.description !== undefined) previous.description = before.description;
      return [body('factor.update', { factorId, changes: previous })];
    },

    'factor.delete': (d, { factorId }) => {
      const factor = d.require(factors, factorId);
      const placed = d.where(factorLinks, 'factorId', factorId);
      for (const link of placed) d.remove(factorLinks, link.id);
      d.remove(factors, factorId);
      return [body('factor.add', { factor, links: placed })];
    },

    'factor.place': (d, { links: placed }) => {
      placeAll(d, placed);
      return [body('factor.unplace', { linkIds: placed.map((l) => l.id) })];
    },

    'factor.unplace': (d, { linkIds }) => {
      requireUnique(linkIds, 'factor placement');
      const removed = linkIds.map((id) => d.require(factorLinks, id));
      for (const link of removed) d.remove(factorLinks, link.id);
      return [body('factor.place', { links: removed })];
    },
  },
  cascades: [
    { target: 'notes', apply: dropPlacements('noteId') },
    { target: 'clusters', apply: dropPlacements('clusterId') },
    { target: 'whyNodes', apply: dropPlacements('whyId') },
    { target: 'components', apply: dropPlacements('componentId') },
    { target: 'interactions', apply: dropPlacements('interactionId') },
  ],
  invariants: [
    {
      // The safety net behind placeAll: whatever wrote them (a new workshop's records, a
      // file), a factor sits on an object once, so removing the object can be undone.
      name: 'a factor sits on an object once',
      watches: ['factorLinks'],
      check: (d, changes) => {
        for (const record of changes.put('factorLinks')) {
          if (samePlacements(d, record as FactorLink).length > 1) {
            return { code: 'conflict', message: DUPLICATE_PLACEMENT };
          }
        }
        return null;
      },
    },
  ],
});
