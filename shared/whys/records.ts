/**
 * The branching 5-whys: a tree of why-nodes under a problem statement (a node
 * with no parent), each holding a "because" statement, and links from a node to
 * the wall's notes and clusters it rests on. Any node may have several
 * children, so the analysis branches instead of following one chain.
 */
import { z } from 'zod';
import { defineCollection } from '../base/collection.js';
import { idSchema, WorkshopIdSchema } from '../base/ids.js';
import { TimestampSchema } from '../base/time.js';
import { ClusterIdSchema, NoteIdSchema } from '../wall/records.js';

export const WhyIdSchema = idSchema<'WhyId'>();
export const WhyLinkIdSchema = idSchema<'WhyLinkId'>();
export type WhyId = z.infer<typeof WhyIdSchema>;
export type WhyLinkId = z.infer<typeof WhyLinkIdSchema>;
export const asWhyId = (raw: string): WhyId => raw as WhyId;
export const asWhyLinkId = (raw: string): WhyLinkId => raw as WhyLinkId;

export const WHYS_LIMITS = {
  textLength: 1_000,
  /** Deep enough for any real analysis; bounded so a crafted file cannot make a chain of 100,000. */
  depth: 100,
  /** Sibling order is a finite number; new siblings go between or after existing ones. */
  order: 1e12,
} as const;

export const WhyNodeSchema = z.object({
  id: WhyIdSchema,
  workshopId: WorkshopIdSchema,
  /** null for a problem statement, the root of a tree. */
  parentId: WhyIdSchema.nullable(),
  text: z.string().max(WHYS_LIMITS.textLength),
  /** Position among its siblings, ascending. */
  order: z.number().min(-WHYS_LIMITS.order).max(WHYS_LIMITS.order),
  createdAt: TimestampSchema,
});
export type WhyNode = z.infer<typeof WhyNodeSchema>;

/** A why-node resting on a note or a cluster of the wall (exactly one of the two). */
export const WhyLinkSchema = z
  .object({
    id: WhyLinkIdSchema,
    workshopId: WorkshopIdSchema,
    whyId: WhyIdSchema,
    noteId: NoteIdSchema.nullable(),
    clusterId: ClusterIdSchema.nullable(),
    createdAt: TimestampSchema,
  })
  .refine((l) => (l.noteId === null) !== (l.clusterId === null), {
    error: 'A link points at exactly one note or cluster',
  });
export type WhyLink = z.infer<typeof WhyLinkSchema>;

export const whyNodes = defineCollection({
  name: 'whyNodes',
  noun: 'why',
  schema: WhyNodeSchema,
  references: [{ field: 'parentId', target: 'whyNodes' }],
});

export const whyLinks = defineCollection({
  name: 'whyLinks',
  noun: 'why link',
  schema: WhyLinkSchema,
  references: [
    { field: 'whyId', target: 'whyNodes' },
    { field: 'noteId', target: 'notes' },
    { field: 'clusterId', target: 'clusters' },
  ],
});
