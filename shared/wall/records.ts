/**
 * The sticky-note wall's records: notes, clusters (named groups of notes) and
 * dot votes. Other features may import these collections to refer to notes.
 */
import { z } from 'zod';
import { defineCollection } from '../base/collection.js';
import { ActorIdSchema, idSchema, WorkshopIdSchema } from '../base/ids.js';
import { TimestampSchema } from '../base/time.js';

export const NoteIdSchema = idSchema<'NoteId'>();
export const ClusterIdSchema = idSchema<'ClusterId'>();
export const VoteIdSchema = idSchema<'VoteId'>();
export type NoteId = z.infer<typeof NoteIdSchema>;
export type ClusterId = z.infer<typeof ClusterIdSchema>;
export type VoteId = z.infer<typeof VoteIdSchema>;
export const asNoteId = (raw: string): NoteId => raw as NoteId;
export const asClusterId = (raw: string): ClusterId => raw as ClusterId;
export const asVoteId = (raw: string): VoteId => raw as VoteId;

export const WALL_LIMITS = {
  noteLength: 2_000,
  clusterNameLength: 120,
  /** Wall coordinates are kept finite and bounded so a bad file cannot place a note at 1e308. */
  coordinate: 1_000_000,
  clusterSizeMin: 80,
  clusterSizeMax: 100_000,
} as const;

export const NOTE_COLORS = ['yellow', 'pink', 'blue', 'green', 'orange', 'purple'] as const;
export const NoteColorSchema = z.enum(NOTE_COLORS);
export type NoteColor = z.infer<typeof NoteColorSchema>;

/** The lanes a postmortem wall usually starts with (offered, never forced). */
export const DEFAULT_LANES = [
  'Contributing Factors',
  'What Went Well',
  'Where We Got Lucky',
  'Improvement Opportunities',
] as const;

/** A note's width on the wall and its smallest height (notes grow with their text: renderer/wall/noteLayout.ts). */
export const NOTE_SIZE = { width: 200, height: 120 } as const;

export const CoordinateSchema = z.number().min(-WALL_LIMITS.coordinate).max(WALL_LIMITS.coordinate);

export const NoteSchema = z.object({
  id: NoteIdSchema,
  workshopId: WorkshopIdSchema,
  text: z.string().max(WALL_LIMITS.noteLength),
  color: NoteColorSchema,
  /** Absolute wall coordinates of the note's top-left corner, whether clustered or not. */
  x: CoordinateSchema,
  y: CoordinateSchema,
  clusterId: ClusterIdSchema.nullable(),
  authorId: ActorIdSchema,
  createdAt: TimestampSchema,
});
export type Note = z.infer<typeof NoteSchema>;

export const ClusterSchema = z.object({
  id: ClusterIdSchema,
  workshopId: WorkshopIdSchema,
  name: z.string().trim().max(WALL_LIMITS.clusterNameLength),
  x: CoordinateSchema,
  y: CoordinateSchema,
  width: z.number().min(WALL_LIMITS.clusterSizeMin).max(WALL_LIMITS.clusterSizeMax),
  height: z.number().min(WALL_LIMITS.clusterSizeMin).max(WALL_LIMITS.clusterSizeMax),
  createdAt: TimestampSchema,
});
export type Cluster = z.infer<typeof ClusterSchema>;

export const VoteSchema = z.object({
  id: VoteIdSchema,
  workshopId: WorkshopIdSchema,
  noteId: NoteIdSchema,
  voterId: ActorIdSchema,
  createdAt: TimestampSchema,
});
export type Vote = z.infer<typeof VoteSchema>;

export const clusters = defineCollection({
  name: 'clusters',
  noun: 'cluster',
  schema: ClusterSchema,
});

export const notes = defineCollection({
  name: 'notes',
  noun: 'note',
  schema: NoteSchema,
  references: [{ field: 'clusterId', target: 'clusters' }],
});

export const votes = defineCollection({
  name: 'votes',
  noun: 'vote',
  schema: VoteSchema,
  duplicated: false,
  references: [{ field: 'noteId', target: 'notes' }],
});
