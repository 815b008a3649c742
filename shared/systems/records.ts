/**
 * The systems-interaction diagram: typed components (services, datastores,
 * teams, controls…), typed interactions between them, and zones that group
 * components ("core banking", "third parties"). Failure modes, annotations,
 * guardrails and the incident path sit on components and interactions.
 */
import { z } from 'zod';
import { defineCollection } from '../base/collection.js';
import { idSchema, WorkshopIdSchema } from '../base/ids.js';
import { TimestampSchema } from '../base/time.js';
import { CoordinateSchema } from '../wall/records.js';

export const ComponentIdSchema = idSchema<'ComponentId'>();
export const InteractionIdSchema = idSchema<'InteractionId'>();
export const ZoneIdSchema = idSchema<'ZoneId'>();
export type ComponentId = z.infer<typeof ComponentIdSchema>;
export type InteractionId = z.infer<typeof InteractionIdSchema>;
export type ZoneId = z.infer<typeof ZoneIdSchema>;
export const asComponentId = (raw: string): ComponentId => raw as ComponentId;
export const asInteractionId = (raw: string): InteractionId => raw as InteractionId;
export const asZoneId = (raw: string): ZoneId => raw as ZoneId;

export const SYSTEMS_LIMITS = {
  nameLength: 120,
  labelLength: 120,
  textLength: 2_000,
  zoneSizeMin: 80,
  zoneSizeMax: 100_000,
} as const;

export const COMPONENT_KINDS = [
  'service',
  'datastore',
  'queue',
  'external',
  'team',
  'process',
  'config',
  'monitoring',
] as const;
export const ComponentKindSchema = z.enum(COMPONENT_KINDS);
export type ComponentKind = z.infer<typeof ComponentKindSchema>;

export const COMPONENT_KIND_LABELS: Record<ComponentKind, string> = {
  service: 'Service',
  datastore: 'Datastore',
  queue: 'Queue',
  external: 'External dependency',
  team: 'Team or role',
  process: 'Process or control',
  config: 'Configuration setting',
  monitoring: 'Monitoring / alerting',
};

export const INTERACTION_KINDS = ['request', 'data', 'control', 'feedback', 'dependency'] as const;
export const InteractionKindSchema = z.enum(INTERACTION_KINDS);
export type InteractionKind = z.infer<typeof InteractionKindSchema>;

export const INTERACTION_KIND_LABELS: Record<InteractionKind, string> = {
  request: 'Request / call',
  data: 'Data flow',
  control: 'Control action',
  feedback: 'Feedback',
  dependency: 'Dependency',
};

/** Protections that were (or were not) in place: drawn as their own markers. */
export const GUARDRAILS = [
  'circuit_breaker',
  'rate_limit',
  'change_gate',
  'timeout',
  'retry_budget',
  'failover',
] as const;
export const GuardrailSchema = z.enum(GUARDRAILS);
export type Guardrail = z.infer<typeof GuardrailSchema>;

export const GUARDRAIL_LABELS: Record<Guardrail, string> = {
  circuit_breaker: 'Circuit breaker',
  rate_limit: 'Rate limit',
  change_gate: 'Change gate',
  timeout: 'Timeout',
  retry_budget: 'Retry budget',
  failover: 'Failover',
};

const guardrails = z
  .array(GuardrailSchema)
  .max(GUARDRAILS.length)
  .refine((list) => new Set(list).size === list.length, 'Each guardrail is listed once');

const name = z.string().trim().min(1, 'A name is required').max(SYSTEMS_LIMITS.nameLength);
const text = z.string().max(SYSTEMS_LIMITS.textLength);

export const ZoneSchema = z.object({
  id: ZoneIdSchema,
  workshopId: WorkshopIdSchema,
  name,
  x: CoordinateSchema,
  y: CoordinateSchema,
  width: z.number().min(SYSTEMS_LIMITS.zoneSizeMin).max(SYSTEMS_LIMITS.zoneSizeMax),
  height: z.number().min(SYSTEMS_LIMITS.zoneSizeMin).max(SYSTEMS_LIMITS.zoneSizeMax),
  createdAt: TimestampSchema,
});
export type Zone = z.infer<typeof ZoneSchema>;

export const ComponentSchema = z.object({
  id: ComponentIdSchema,
  workshopId: WorkshopIdSchema,
  kind: ComponentKindSchema,
  name,
  /** Absolute diagram coordinates of the top-left corner, in a zone or not. */
  x: CoordinateSchema,
  y: CoordinateSchema,
  /** Placed by hand: auto-layout keeps it where it is. */
  pinned: z.boolean(),
  zoneId: ZoneIdSchema.nullable(),
  failureMode: text,
  annotation: text,
  guardrails,
  /** Part of the incident path (drawn on top when the path is highlighted). */
  onPath: z.boolean(),
  createdAt: TimestampSchema,
});
export type Component = z.infer<typeof ComponentSchema>;

export const InteractionSchema = z
  .object({
    id: InteractionIdSchema,
    workshopId: WorkshopIdSchema,
    sourceId: ComponentIdSchema,
    targetId: ComponentIdSchema,
    kind: InteractionKindSchema,
    label: z.string().trim().max(SYSTEMS_LIMITS.labelLength),
    failureMode: text,
    annotation: text,
    guardrails,
    onPath: z.boolean(),
    createdAt: TimestampSchema,
  })
  .refine((i) => i.sourceId !== i.targetId, {
    error: 'An interaction connects two different components',
  });
export type Interaction = z.infer<typeof InteractionSchema>;

/** What an update may change on a component (position has its own operation). */
export const ComponentChangesSchema = z
  .object({
    kind: ComponentKindSchema,
    name,
    failureMode: text,
    annotation: text,
    guardrails,
    onPath: z.boolean(),
  })
  .partial();
export type ComponentChanges = z.infer<typeof ComponentChangesSchema>;

export const InteractionChangesSchema = z
  .object({
    kind: InteractionKindSchema,
    label: z.string().trim().max(SYSTEMS_LIMITS.labelLength),
    failureMode: text,
    annotation: text,
    guardrails,
    onPath: z.boolean(),
  })
  .partial();
export type InteractionChanges = z.infer<typeof InteractionChangesSchema>;

export const zones = defineCollection({ name: 'zones', noun: 'zone', schema: ZoneSchema });

export const components = defineCollection({
  name: 'components',
  noun: 'component',
  schema: ComponentSchema,
  references: [{ field: 'zoneId', target: 'zones' }],
});

export const interactions = defineCollection({
  name: 'interactions',
  noun: 'interaction',
  schema: InteractionSchema,
  references: [
    { field: 'sourceId', target: 'components' },
    { field: 'targetId', target: 'components' },
  ],
});
