/**
 * Contributing factors: one record per factor, with a category, and its
 * placements: the notes, clusters, why-nodes, components and interactions it
 * appears on. A factor is one object wherever it shows, so editing it anywhere
 * edits it everywhere; the report and the action items are built from it.
 */
import { z } from 'zod';
import { defineCollection } from '../base/collection.js';
import { idSchema, WorkshopIdSchema } from '../base/ids.js';
import { TimestampSchema } from '../base/time.js';
import { ComponentIdSchema, InteractionIdSchema } from '../systems/records.js';
import { ClusterIdSchema, NoteIdSchema } from '../wall/records.js';
import { WhyIdSchema } from '../whys/records.js';

export const FactorIdSchema = idSchema<'FactorId'>();
export const FactorLinkIdSchema = idSchema<'FactorLinkId'>();
export type FactorId = z.infer<typeof FactorIdSchema>;
export type FactorLinkId = z.infer<typeof FactorLinkIdSchema>;
export const asFactorId = (raw: string): FactorId => raw as FactorId;
export const asFactorLinkId = (raw: string): FactorLinkId => raw as FactorLinkId;

export const FACTOR_LIMITS = { titleLength: 500, descriptionLength: 4_000, links: 1_000 } as const;

export const FACTOR_CATEGORIES = ['technical', 'process', 'organizational', 'external'] as const;
export const FactorCategorySchema = z.enum(FACTOR_CATEGORIES);
export type FactorCategory = z.infer<typeof FactorCategorySchema>;
export const CATEGORY_LABELS: Record<FactorCategory, string> = {
  technical: 'Technical',
  process: 'Process',
  organizational: 'Organizational',
  external: 'External',
};

export const FactorSchema = z.object({
  id: FactorIdSchema,
  workshopId: WorkshopIdSchema,
  title: z.string().trim().min(1, 'A factor needs a title').max(FACTOR_LIMITS.titleLength),
  category: FactorCategorySchema,
  description: z.string().max(FACTOR_LIMITS.descriptionLength),
  createdAt: TimestampSchema,
});
export type Factor = z.infer<typeof FactorSchema>;

/** The kinds of object a factor can sit on, each the field of a placement that names it. */
export const PLACEMENT_FIELDS = [
  'noteId',
  'clusterId',
  'whyId',
  'componentId',
  'interactionId',
] as const;
export type PlacementField = (typeof PLACEMENT_FIELDS)[number];

export const FactorLinkSchema = z
  .object({
    id: FactorLinkIdSchema,
    workshopId: WorkshopIdSchema,
    factorId: FactorIdSchema,
    noteId: NoteIdSchema.nullable(),
    clusterId: ClusterIdSchema.nullable(),
    whyId: WhyIdSchema.nullable(),
    componentId: ComponentIdSchema.nullable(),
    interactionId: InteractionIdSchema.nullable(),
    createdAt: TimestampSchema,
  })
  .refine((l) => PLACEMENT_FIELDS.filter((f) => l[f] !== null).length === 1, {
    error: 'A placement names exactly one note, cluster, why, component or interaction',
  });
export type FactorLink = z.infer<typeof FactorLinkSchema>;

/** Where a placement puts its factor. */
export function placementOf(link: FactorLink): { field: PlacementField; id: string } {
  for (const field of PLACEMENT_FIELDS) {
    const id = link[field];
    if (id !== null) return { field, id };
  }
  throw new Error('A placement names nothing.');
}

export const factors = defineCollection({ name: 'factors', noun: 'factor', schema: FactorSchema });

export const factorLinks = defineCollection({
  name: 'factorLinks',
  noun: 'factor placement',
  schema: FactorLinkSchema,
  references: [
    { field: 'factorId', target: 'factors' },
    { field: 'noteId', target: 'notes' },
    { field: 'clusterId', target: 'clusters' },
    { field: 'whyId', target: 'whyNodes' },
    { field: 'componentId', target: 'components' },
    { field: 'interactionId', target: 'interactions' },
  ],
});
