/**
 * Operations: every change to a workshop is one of these, as plain data.
 * Names are `noun.verb`. An operation body says what to do; the envelope says
 * who did it, when, and to which workshop. The same envelopes go to Dexie (with
 * their audit entry), into exports, and over the LAN, so they must stay
 * serialisable and self-contained: no functions, no Dates, no undefined.
 */
import { z } from 'zod';
import {
  ActorIdSchema,
  ClusterIdSchema,
  NoteIdSchema,
  OperationIdSchema,
  VoteIdSchema,
  WorkshopIdSchema,
} from '../domain/ids.js';
import {
  ClusterSchema,
  LIMITS,
  NoteColorSchema,
  NoteSchema,
  VoteSchema,
  WorkshopHeaderSchema,
  WorkshopSchema,
} from '../domain/model.js';

const coordinate = z.number().min(-LIMITS.coordinate).max(LIMITS.coordinate);
/** Batch operations are bounded so one message cannot carry an unbounded payload. */
const MAX_BATCH = 10_000;

const op = <T extends string, P extends z.ZodType>(type: T, payload: P) =>
  z.object({ type: z.literal(type), payload });

export const OperationBodySchema = z.discriminatedUnion('type', [
  /** Creates a workshop; `notes`/`clusters` carry initial content when duplicating. */
  op(
    'workshop.create',
    z.object({
      workshop: WorkshopSchema,
      notes: z.array(NoteSchema).max(MAX_BATCH),
      clusters: z.array(ClusterSchema).max(MAX_BATCH),
    }),
  ),
  op('workshop.update', z.object({ changes: WorkshopHeaderSchema.partial() })),
  op('workshop.trash', z.object({})),
  op('workshop.restore', z.object({})),

  op('note.add', z.object({ note: NoteSchema })),
  op('note.edit', z.object({ noteId: NoteIdSchema, text: NoteSchema.shape.text })),
  op(
    'note.recolor',
    z.object({ noteIds: z.array(NoteIdSchema).min(1).max(MAX_BATCH), color: NoteColorSchema }),
  ),
  op(
    'note.move',
    z.object({
      moves: z
        .array(z.object({ noteId: NoteIdSchema, x: coordinate, y: coordinate }))
        .min(1)
        .max(MAX_BATCH),
    }),
  ),
  /** Puts notes into a cluster, or takes them out of any cluster with `clusterId: null`. */
  op(
    'note.cluster',
    z.object({
      noteIds: z.array(NoteIdSchema).min(1).max(MAX_BATCH),
      clusterId: ClusterIdSchema.nullable(),
    }),
  ),
  op('note.delete', z.object({ noteIds: z.array(NoteIdSchema).min(1).max(MAX_BATCH) })),
  /** Brings deleted notes back exactly as they were, with their votes (the inverse of note.delete). */
  op(
    'note.restore',
    z.object({
      notes: z.array(NoteSchema).min(1).max(MAX_BATCH),
      votes: z.array(VoteSchema).max(MAX_BATCH),
    }),
  ),

  op('cluster.create', z.object({ cluster: ClusterSchema })),
  op('cluster.rename', z.object({ clusterId: ClusterIdSchema, name: ClusterSchema.shape.name })),
  /** Moves a cluster; its member notes move with it by the same offset. */
  op('cluster.move', z.object({ clusterId: ClusterIdSchema, x: coordinate, y: coordinate })),
  /** Sets a cluster's bounds (resizing from any edge); member notes stay where they are. */
  op(
    'cluster.resize',
    z.object({
      clusterId: ClusterIdSchema,
      x: coordinate,
      y: coordinate,
      width: ClusterSchema.shape.width,
      height: ClusterSchema.shape.height,
    }),
  ),
  /** Deletes a cluster; its notes stay on the wall, unclustered. */
  op('cluster.delete', z.object({ clusterId: ClusterIdSchema })),

  op('vote.add', z.object({ vote: VoteSchema })),
  op('vote.remove', z.object({ voteId: VoteIdSchema })),
  /** Puts back a removed vote regardless of the current budget (the inverse of vote.remove). */
  op('vote.restore', z.object({ vote: VoteSchema })),
]);

export type OperationBody = z.infer<typeof OperationBodySchema>;
export type OperationType = OperationBody['type'];
export type BodyOf<T extends OperationType> = Extract<OperationBody, { type: T }>;

export const OperationMetaSchema = z.object({
  id: OperationIdSchema,
  workshopId: WorkshopIdSchema,
  actorId: ActorIdSchema,
  /** Milliseconds since the epoch, from the actor's clock. */
  at: z.number().int().nonnegative(),
});
export type OperationMeta = z.infer<typeof OperationMetaSchema>;

export const OperationSchema = z.intersection(OperationMetaSchema, OperationBodySchema);
export type Operation = OperationMeta & OperationBody;

/** Every operation type, for exhaustive tests and docs. */
export const OPERATION_TYPES: readonly OperationType[] = OperationBodySchema.options.map(
  (o) => o.shape.type.value,
);
