/**
 * The workshop feature: the workshop record itself (the incident header of the
 * Google SRE postmortem template, the trash marker) and the operations that
 * create, edit, trash and restore it. Every other feature's records hang off a
 * workshop; this feature knows none of them.
 */
import { z } from 'zod';
import { featureBuilder, bodyFor } from '../base/feature.js';
import { WorkshopIdSchema } from '../base/ids.js';
import { reject } from '../base/operation.js';
import { TimestampSchema } from '../base/time.js';

export const WORKSHOP_LIMITS = {
  titleLength: 200,
  fieldLength: 20_000,
  authors: 50,
  authorLength: 100,
  voteBudgetMax: 99,
  /** Records one workshop may hold, all kinds together: a real workshop has hundreds. */
  records: 100_000,
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

const longText = z.string().max(WORKSHOP_LIMITS.fieldLength);

/**
 * Where the workshop is in its flow: people write silently, cluster, vote, then
 * discuss what the votes ranked first. The wall shows vote controls only in the
 * vote phase; the live room lets the facilitator move everyone through them.
 * Absent in workshops made before phases existed, which read as `write`.
 */
export const WORKSHOP_PHASES = ['write', 'cluster', 'vote', 'discuss'] as const;
export const WorkshopPhaseSchema = z.enum(WORKSHOP_PHASES);
export type WorkshopPhase = z.infer<typeof WorkshopPhaseSchema>;
export const PHASE_LABELS: Record<WorkshopPhase, string> = {
  write: 'Write',
  cluster: 'Cluster',
  vote: 'Vote',
  discuss: 'Discuss',
};
export const phaseOf = (workshop: { readonly phase?: WorkshopPhase | undefined }): WorkshopPhase =>
  workshop.phase ?? 'write';

/** ISO calendar date (YYYY-MM-DD) between 1970 and 2099, or null while unknown. */
export const IncidentDateSchema = z.iso
  .date()
  .refine((date) => date >= '1970-01-01' && date < '2100-01-01', 'must be between 1970 and 2099')
  .nullable();

/** The incident header fields of the Google SRE postmortem template, plus wall settings. */
export const WorkshopHeaderSchema = z.object({
  title: z.string().trim().min(1, 'Title is required').max(WORKSHOP_LIMITS.titleLength),
  incidentDate: IncidentDateSchema,
  authors: z
    .array(z.string().trim().min(1).max(WORKSHOP_LIMITS.authorLength))
    .max(WORKSHOP_LIMITS.authors),
  status: WorkshopStatusSchema,
  severity: SeveritySchema,
  summary: longText,
  impact: longText,
  trigger: longText,
  detection: longText,
  resolution: longText,
  /** Dots each person may place on the wall. 0 turns voting off. */
  voteBudget: z.number().int().min(0).max(WORKSHOP_LIMITS.voteBudgetMax),
  phase: WorkshopPhaseSchema.optional(),
});
export type WorkshopHeader = z.infer<typeof WorkshopHeaderSchema>;

export const WorkshopSchema = WorkshopHeaderSchema.extend({
  id: WorkshopIdSchema,
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
  deletedAt: TimestampSchema.nullable(),
});
export type Workshop = z.infer<typeof WorkshopSchema>;

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

/** The `defineFeature` of every Debrief feature: their drafts hold a Workshop. */
export const defineFeature = featureBuilder<Workshop>();

/** The operation that starts every chain, and the one allowed while a workshop is in the trash. */
export const CREATE_OPERATION = 'workshop.create';
export const RESTORE_OPERATION = 'workshop.restore';

const operations = {
  /**
   * Creates a workshop, optionally with initial records (when duplicating or
   * importing a copy). Each record is validated by its collection's schema.
   * `notes` and `clusters` are how format-1 chains carried initial content;
   * they are read as the collections of those names, so old chains replay.
   */
  'workshop.create': z.object({
    workshop: WorkshopSchema,
    records: z
      .array(
        z.object({
          collection: z.string().min(1).max(64),
          items: z.array(z.unknown()).max(WORKSHOP_LIMITS.records),
        }),
      )
      .max(64)
      .optional(),
    notes: z.array(z.unknown()).max(WORKSHOP_LIMITS.records).optional(),
    clusters: z.array(z.unknown()).max(WORKSHOP_LIMITS.records).optional(),
  }),
  /** `phase: null` means "not set": the inverse of setting a first phase on an older workshop. */
  'workshop.update': z.object({
    changes: WorkshopHeaderSchema.partial().extend({
      phase: WorkshopPhaseSchema.nullable().optional(),
    }),
  }),
  'workshop.trash': z.object({}),
  'workshop.restore': z.object({}),
};
const body = bodyFor<typeof operations>();
type WorkshopChanges = z.infer<(typeof operations)['workshop.update']>['changes'];

export type InitialRecords = NonNullable<
  z.infer<(typeof operations)['workshop.create']>['records']
>;

export const workshopFeature = defineFeature({
  name: 'workshop',
  collections: [],
  operations,
  handlers: {
    'workshop.create': (d, payload, op) => {
      if (!d.creating) reject('conflict', 'This workshop already exists.');
      if (payload.workshop.id !== op.workshopId) {
        reject('invalid', 'The workshop id does not match the operation.');
      }
      if (payload.workshop.deletedAt !== null) {
        reject('invalid', 'A new workshop cannot start in the trash.');
      }
      const groups: InitialRecords = [
        ...(payload.clusters ? [{ collection: 'clusters', items: payload.clusters }] : []),
        ...(payload.notes ? [{ collection: 'notes', items: payload.notes }] : []),
        ...(payload.records ?? []),
      ];
      for (const group of groups) {
        const collection =
          d.collection(group.collection) ??
          reject('invalid', `Debrief does not know records of kind “${group.collection}”.`);
        for (const item of group.items) d.insert(collection, item);
      }
      return [body('workshop.trash', {})];
    },

    'workshop.update': (d, { changes }) => {
      const previous: Partial<Record<keyof WorkshopHeader, unknown>> = {};
      const current = d.workshop;
      for (const key of Object.keys(changes) as (keyof WorkshopHeader)[]) {
        // An absent phase is undone to "not set" (null), which removes it again.
        previous[key] = key === 'phase' ? (current.phase ?? null) : current[key];
      }
      const { phase, ...rest } = changes;
      const next: Workshop = { ...current, ...rest };
      if (phase === null) delete next.phase;
      else if (phase !== undefined) next.phase = phase;
      d.workshop = next;
      return [body('workshop.update', { changes: previous as WorkshopChanges })];
    },

    'workshop.trash': (d, _payload, op) => {
      d.workshop = { ...d.workshop, deletedAt: op.at };
      return [body('workshop.restore', {})];
    },

    'workshop.restore': (d) => {
      if (d.workshop.deletedAt === null) reject('conflict', 'This workshop is not in the trash.');
      d.workshop = { ...d.workshop, deletedAt: null };
      return [body('workshop.trash', {})];
    },
  },
});
