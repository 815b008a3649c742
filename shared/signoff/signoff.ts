/**
 * The sign-off feature: a report version is signed by the facilitator
 * (`report.sign`), then approved by a second person (`report.approve`), which
 * makes the workshop final. From the facilitator's signature on, the workshop
 * is read-only (a guard refuses every other operation), because the approver
 * signs exactly what the facilitator signed. `report.reopen` is the explicit,
 * recorded way back to editing: it invalidates nothing already signed, and the
 * next version names the one it supersedes.
 *
 * `report.restore` puts a version back exactly as it was (or removes it) and is
 * the inverse the pipeline needs for each of these operations; the renderer
 * performs sign-off outside the undo history, so no gesture undoes a signature.
 */
import { z } from 'zod';
import { bodyFor } from '../base/feature.js';
import type { Draft } from '../base/draft.js';
import type { OperationError } from '../base/operation.js';
import { reject } from '../base/operation.js';
import {
  defineFeature,
  WorkshopStatusSchema,
  type Workshop,
  type WorkshopStatus,
} from '../workshop/workshop.js';
import {
  ChainPointSchema,
  ReportIdSchema,
  reportVersions,
  ReportVersionSchema,
  SIGNOFF_LIMITS,
  SignatureRecordSchema,
  type ReportVersion,
} from './records.js';

const operations = {
  /** The version number and the version it supersedes follow from the records: nobody can get them wrong. */
  'report.sign': z.strictObject({
    id: ReportIdSchema,
    contentHead: ChainPointSchema,
    signature: SignatureRecordSchema.omit({ role: true }),
  }),
  'report.approve': z.strictObject({
    id: ReportIdSchema,
    signature: SignatureRecordSchema.omit({ role: true }),
  }),
  'report.reopen': z.strictObject({
    id: ReportIdSchema,
    reason: z.string().max(SIGNOFF_LIMITS.reasonLength),
  }),
  'report.restore': z.strictObject({
    id: ReportIdSchema,
    previous: ReportVersionSchema.nullable(),
    status: WorkshopStatusSchema,
  }),
};
const body = bodyFor<typeof operations>();

/** The newest version (highest number), or undefined when nothing was signed. */
export function latestReportVersion(versions: Iterable<ReportVersion>): ReportVersion | undefined {
  let latest: ReportVersion | undefined;
  for (const v of versions) if (!latest || v.version > latest.version) latest = v;
  return latest;
}

/** Why the workshop cannot change now, or null while it can. */
export function lockReason(latest: ReportVersion | undefined): string | null {
  if (!latest) return null;
  if (latest.state === 'awaiting_approval') {
    return `Report version ${String(latest.version)} is signed and waiting for the approver, so the workshop cannot change. Reopen it to edit; the signed PDF stays valid.`;
  }
  if (latest.state === 'approved') {
    return `This workshop is final: report version ${String(latest.version)} is signed and approved. Reopen it to make changes; reopening is recorded in the audit trail.`;
  }
  return null;
}

/** Operations a locked workshop still takes: finishing or reopening the sign-off, and the trash. */
const ALLOWED_WHILE_LOCKED: ReadonlySet<string> = new Set([
  'report.approve',
  'report.reopen',
  'report.restore',
  'workshop.trash',
  'workshop.restore',
]);

const latestOf = (d: Draft<Workshop>) => latestReportVersion(d.values(reportVersions));

function requireLatest(d: Draft<Workshop>, id: string): ReportVersion {
  const version = d.require(reportVersions, id);
  if (latestOf(d)?.id !== version.id) {
    reject('conflict', `Report version ${String(version.version)} has been superseded.`);
  }
  return version;
}

function setStatus(d: Draft<Workshop>, status: WorkshopStatus): WorkshopStatus {
  const previous = d.workshop.status;
  if (previous !== status) d.workshop = { ...d.workshop, status };
  return previous;
}

export const signoffFeature = defineFeature({
  name: 'signoff',
  collections: [reportVersions],
  operations,
  invariants: [
    {
      name: 'one open report version, numbered once',
      watches: ['reportVersions'],
      check: (d) => {
        const seen = new Set<number>();
        const latest = latestOf(d);
        for (const v of d.values(reportVersions)) {
          if (seen.has(v.version)) {
            return {
              code: 'invalid',
              message: `Report version ${String(v.version)} exists twice.`,
            };
          }
          seen.add(v.version);
          const roles = v.signatures.map((signature) => signature.role).join(',');
          const expected =
            v.state === 'awaiting_approval'
              ? ['facilitator']
              : v.state === 'approved'
                ? ['facilitator,approver']
                : ['facilitator', 'facilitator,approver'];
          if (!expected.includes(roles)) {
            return {
              code: 'invalid',
              message: `Report version ${String(v.version)} has signatures that do not fit its state.`,
            };
          }
          if (v.state !== 'reopened' && v.id !== latest?.id) {
            return {
              code: 'invalid',
              message: `Report version ${String(v.version)} is still open although a later version exists.`,
            };
          }
        }
        return null;
      },
    },
  ],
  guards: [
    (d, op): OperationError | null => {
      if (ALLOWED_WHILE_LOCKED.has(op.type)) return null;
      const reason = lockReason(latestOf(d));
      return reason === null ? null : { code: 'final', message: reason };
    },
  ],
  handlers: {
    'report.sign': (d, payload, op) => {
      if (d.has(reportVersions, payload.id)) {
        reject('conflict', 'This report version is already signed.');
      }
      const latest = latestOf(d);
      if ((latest?.version ?? 0) >= SIGNOFF_LIMITS.versions) {
        reject('limit', 'This workshop has as many report versions as Debrief keeps.');
      }
      const record: ReportVersion = {
        id: payload.id,
        workshopId: op.workshopId,
        version: (latest?.version ?? 0) + 1,
        supersedes: latest?.id ?? null,
        contentHead: payload.contentHead,
        state: 'awaiting_approval',
        signatures: [{ ...payload.signature, role: 'facilitator' }],
        reopenedAt: null,
        reopenReason: null,
        createdAt: op.at,
      };
      d.put(reportVersions, record);
      const status = setStatus(d, 'in_review');
      return [body('report.restore', { id: payload.id, previous: null, status })];
    },

    'report.approve': (d, payload) => {
      const version = requireLatest(d, payload.id);
      if (version.state !== 'awaiting_approval') {
        reject(
          'conflict',
          `Report version ${String(version.version)} is not waiting for approval.`,
        );
      }
      if (
        version.signatures.some((s) => s.certificateSha256 === payload.signature.certificateSha256)
      ) {
        reject(
          'invalid',
          'The approver must be someone other than the facilitator: the same certificate signed both.',
        );
      }
      d.put(reportVersions, {
        ...version,
        state: 'approved',
        signatures: [...version.signatures, { ...payload.signature, role: 'approver' }],
      });
      const status = setStatus(d, 'final');
      return [body('report.restore', { id: version.id, previous: version, status })];
    },

    'report.reopen': (d, payload, op) => {
      const version = requireLatest(d, payload.id);
      if (version.state === 'reopened') {
        reject('conflict', `Report version ${String(version.version)} is already reopened.`);
      }
      const reason = payload.reason.trim();
      if (reason === '')
        reject('invalid', 'Say why the workshop is reopened: the reason is recorded.');
      d.put(reportVersions, {
        ...version,
        state: 'reopened',
        reopenedAt: op.at,
        reopenReason: reason,
      });
      const status = setStatus(d, 'draft');
      return [body('report.restore', { id: version.id, previous: version, status })];
    },

    'report.restore': (d, payload) => {
      const current = d.get(reportVersions, payload.id) ?? null;
      if (payload.previous === null) {
        if (!current) reject('not_found', 'This report version does not exist.');
        d.remove(reportVersions, payload.id);
      } else {
        if (payload.previous.id !== payload.id) {
          reject('not_found', 'The report version to restore is not the one named.');
        }
        d.put(reportVersions, payload.previous);
      }
      const status = setStatus(d, payload.status);
      return [body('report.restore', { id: payload.id, previous: current, status })];
    },
  },
});
