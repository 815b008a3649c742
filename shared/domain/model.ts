/**
 * The workshop domain: records as zod schemas plus their inferred types.
 * These schemas are the single definition used by the reducer, Dexie storage,
 * file import/export and (later) LAN messages. Bump SCHEMA_VERSION and add a
 * named migration in exchange/migrations.ts whenever a stored shape changes.
 */
import { z } from 'zod';
import {
  ActorIdSchema,
  ClusterIdSchema,
  NoteIdSchema,
  VoteIdSchema,
  WorkshopIdSchema,
} from './ids.js';

/** Version of the record shapes below, written into every export. */
export const SCHEMA_VERSION = 1;

export const LIMITS = {
  titleLength: 200,
  fieldLength: 20_000,
  noteLength: 2_000,
  clusterNameLength: 120,
  authors: 50,
  authorLength: 100,
  voteBudgetMax: 99,
  /** Wall coordinates are kept finite and bounded so a bad file cannot place a note at 1e308. */
  coordinate: 1_000_000,
  clusterSizeMin: 80,
  clusterSizeMax: 100_000,
} as const;

export const WORKSHOP_STATUSES = ['draft', 'in_review', 'final'] as const;
export const WorkshopStatusSchema = z.enum(WORKSHOP_STATUSES);
export type WorkshopStatus = z.infer<typeof WorkshopStatusSchema>;

export const STATUS_LABELS: Record<WorkshopStatus, string> = {
  draft: 'Draft',
  in_review: 'In review',
  final: 'Final',
};

export const SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4', 'SEV5'] as const;
export const SeveritySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof SeveritySchema>;

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

const coordinate = z.number().min(-LIMITS.coordinate).max(LIMITS.coordinate);
const timestamp = z.number().int().nonnegative();
const longText = z.string().max(LIMITS.fieldLength);

/** ISO calendar date (YYYY-MM-DD) or null while unknown. */
export const IncidentDateSchema = z.iso.date().nullable();

/** The incident header fields of the Google SRE postmortem template, plus wall settings. */
export const WorkshopHeaderSchema = z.object({
  title: z.string().trim().min(1, 'Title is required').max(LIMITS.titleLength),
  incidentDate: IncidentDateSchema,
  authors: z.array(z.string().trim().min(1).max(LIMITS.authorLength)).max(LIMITS.authors),
  status: WorkshopStatusSchema,
  severity: SeveritySchema,
  summary: longText,
  impact: longText,
  trigger: longText,
  detection: longText,
  resolution: longText,
  /** Dots each person may place on the wall. 0 turns voting off. */
  voteBudget: z.number().int().min(0).max(LIMITS.voteBudgetMax),
});
export type WorkshopHeader = z.infer<typeof WorkshopHeaderSchema>;

export const WorkshopSchema = WorkshopHeaderSchema.extend({
  id: WorkshopIdSchema,
  createdAt: timestamp,
  updatedAt: timestamp,
  /** Set while the workshop is in the trash; null when active. */
  deletedAt: timestamp.nullable(),
});
export type Workshop = z.infer<typeof WorkshopSchema>;

export const NoteSchema = z.object({
  id: NoteIdSchema,
  workshopId: WorkshopIdSchema,
  text: z.string().max(LIMITS.noteLength),
  color: NoteColorSchema,
  /** Absolute wall coordinates of the note's top-left corner, whether clustered or not. */
  x: coordinate,
  y: coordinate,
  clusterId: ClusterIdSchema.nullable(),
  authorId: ActorIdSchema,
  createdAt: timestamp,
});
export type Note = z.infer<typeof NoteSchema>;

export const ClusterSchema = z.object({
  id: ClusterIdSchema,
  workshopId: WorkshopIdSchema,
  name: z.string().trim().max(LIMITS.clusterNameLength),
  x: coordinate,
  y: coordinate,
  width: z.number().min(LIMITS.clusterSizeMin).max(LIMITS.clusterSizeMax),
  height: z.number().min(LIMITS.clusterSizeMin).max(LIMITS.clusterSizeMax),
  createdAt: timestamp,
});
export type Cluster = z.infer<typeof ClusterSchema>;

export const VoteSchema = z.object({
  id: VoteIdSchema,
  workshopId: WorkshopIdSchema,
  noteId: NoteIdSchema,
  voterId: ActorIdSchema,
  createdAt: timestamp,
});
export type Vote = z.infer<typeof VoteSchema>;

/** Size of a note on the wall, shared by the renderer and by geometry in the reducer. */
export const NOTE_SIZE = { width: 160, height: 110 } as const;

export function defaultHeader(title: string): WorkshopHeader {
  return {
    title,
    incidentDate: null,
    authors: [],
    status: 'draft',
    severity: 'SEV3',
    summary: '',
    impact: '',
    trigger: '',
    detection: '',
    resolution: '',
    voteBudget: 5,
  };
}
