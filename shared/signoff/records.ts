/**
 * Sign-off: the signed versions of a workshop's report. A report version is
 * signed first by the facilitator and then approved by a second person (often
 * compliance); each signature names the signer and pins the SHA-256 fingerprint
 * of their certificate, and the version records the SHA-256 of the PDF as it
 * stood after each signature. The PDFs themselves live outside the workshop
 * (files the users keep); these records put the fact of signing into the audit
 * chain, which the evidence bundle then signs.
 */
import { z } from 'zod';
import { HashSchema } from '../base/auditChain.js';
import { defineCollection } from '../base/collection.js';
import { idSchema, WorkshopIdSchema } from '../base/ids.js';
import { TimestampSchema } from '../base/time.js';

export const ReportIdSchema = idSchema<'ReportId'>();
export type ReportId = z.infer<typeof ReportIdSchema>;
export const asReportId = (raw: string): ReportId => raw as ReportId;

export const SIGNOFF_LIMITS = {
  versions: 10_000,
  nameLength: 200,
  reasonLength: 2_000,
} as const;

export const SIGNER_ROLES = ['facilitator', 'approver'] as const;
export const SignerRoleSchema = z.enum(SIGNER_ROLES);
export type SignerRole = z.infer<typeof SignerRoleSchema>;
export const SIGNER_ROLE_LABELS: Record<SignerRole, string> = {
  facilitator: 'Facilitator',
  approver: 'Approver',
};

const nameText = z.string().min(1).max(SIGNOFF_LIMITS.nameLength);

/** One signature on one version: who, in which role, with which certificate, and the PDF it produced. */
export const SignatureRecordSchema = z.strictObject({
  role: SignerRoleSchema,
  name: nameText,
  /** The signer's title, e.g. "Incident manager" or "Head of operational risk". */
  title: z.string().max(SIGNOFF_LIMITS.nameLength),
  organisation: z.string().max(SIGNOFF_LIMITS.nameLength),
  /** SHA-256 of the signer certificate (DER), lowercase hex. */
  certificateSha256: HashSchema,
  /** SHA-256 of the whole PDF once this signature was added. */
  pdfSha256: HashSchema,
  signedAt: TimestampSchema,
});
export type SignatureRecord = z.infer<typeof SignatureRecordSchema>;

/**
 * Where a version is: awaiting the approver's signature, approved (the workshop
 * is final), or reopened (by a recorded decision; its signatures stay valid,
 * and the next version supersedes it).
 */
export const REPORT_STATES = ['awaiting_approval', 'approved', 'reopened'] as const;
export const ReportStateSchema = z.enum(REPORT_STATES);
export type ReportState = z.infer<typeof ReportStateSchema>;

export const ChainPointSchema = z.strictObject({
  seq: z.number().int().min(0),
  hash: HashSchema,
});
export type ChainPoint = z.infer<typeof ChainPointSchema>;

export const ReportVersionSchema = z.strictObject({
  id: ReportIdSchema,
  workshopId: WorkshopIdSchema,
  version: z.number().int().min(1).max(SIGNOFF_LIMITS.versions),
  /** The version this one replaces, or null for the first. */
  supersedes: ReportIdSchema.nullable(),
  /** The audit chain head whose state the report shows (its change-history section names it). */
  contentHead: ChainPointSchema,
  state: ReportStateSchema,
  signatures: z.array(SignatureRecordSchema).min(1).max(2),
  reopenedAt: TimestampSchema.nullable(),
  reopenReason: z.string().max(SIGNOFF_LIMITS.reasonLength).nullable(),
  createdAt: TimestampSchema,
});
export type ReportVersion = z.infer<typeof ReportVersionSchema>;

export const reportVersions = defineCollection({
  name: 'reportVersions',
  noun: 'report version',
  schema: ReportVersionSchema,
  references: [{ field: 'supersedes', target: 'reportVersions' }],
  // A duplicate is a new workshop: nobody has signed it.
  duplicated: false,
});
