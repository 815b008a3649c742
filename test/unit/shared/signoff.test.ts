import { describe, expect, it } from 'vitest';
import { applyOperation } from '../../../shared/pipeline/reducer.js';
import type { Operation, WorkshopState } from '../../../shared/registry.js';
import { asReportId, type SignatureRecord } from '../../../shared/signoff/records.js';
import { latestReportVersion } from '../../../shared/signoff/signoff.js';
import { asNoteId } from '../../../shared/wall/records.js';
import {
  applyOk,
  createOp,
  deepFreeze,
  envelope,
  makeNote,
  makeSignature,
  makeWorkshop,
  sampleState,
  T0,
} from './builders.js';

const withoutRole = ({ role: _role, ...rest }: SignatureRecord) => rest;
const head = { seq: 3, hash: 'cd'.repeat(32) };
const facilitator = withoutRole(makeSignature('facilitator', 'a'));
const approver = withoutRole(makeSignature('approver', 'a'));

const sign = (id: string, at = T0 + 100): Operation =>
  envelope(
    {
      type: 'report.sign',
      payload: { id: asReportId(id), contentHead: head, signature: facilitator },
    },
    { at },
  );
const approve = (id: string, signature = approver): Operation =>
  envelope(
    { type: 'report.approve', payload: { id: asReportId(id), signature } },
    { at: T0 + 200 },
  );
const reopen = (id: string, reason = 'The deploy log arrived late'): Operation =>
  envelope({ type: 'report.reopen', payload: { id: asReportId(id), reason } }, { at: T0 + 300 });
const addNote = (id: string): Operation =>
  envelope(
    { type: 'note.add', payload: { note: makeNote(id, { createdAt: T0 + 400 }) } },
    { at: T0 + 400 },
  );

function refused(state: WorkshopState, op: Operation) {
  const result = applyOperation(state, op);
  if (result.ok) throw new Error(`${op.type} was applied`);
  return result.error;
}

const base = deepFreeze(sampleState());
const signed = deepFreeze(applyOk(base, sign('r1')).state);
const approved = deepFreeze(applyOk(signed, approve('r1')).state);

describe('sign-off', () => {
  it('numbers the first version 1 and puts the workshop in review', () => {
    const v1 = signed.records.reportVersions.get('r1');
    expect(v1).toMatchObject({ version: 1, supersedes: null, state: 'awaiting_approval' });
    expect(v1?.signatures.map((s) => s.role)).toEqual(['facilitator']);
    expect(signed.workshop.status).toBe('in_review');
  });

  it('keeps the workshop read-only from the facilitator’s signature on, and says why', () => {
    const error = refused(signed, addNote('n-late'));
    expect(error.code).toBe('final');
    expect(error.message).toMatch(/waiting for the approver.*Reopen/);
    expect(refused(signed, sign('r2')).code).toBe('final');
    const final = refused(approved, addNote('n-late'));
    expect(final).toMatchObject({ code: 'final' });
    expect(final.message).toMatch(/final.*Reopen/);
    // The trash still works on a locked workshop.
    expect(applyOperation(approved, envelope({ type: 'workshop.trash', payload: {} })).ok).toBe(
      true,
    );
  });

  it('makes the workshop final with a second, different signer', () => {
    const v1 = approved.records.reportVersions.get('r1');
    expect(v1?.state).toBe('approved');
    expect(v1?.signatures.map((s) => s.role)).toEqual(['facilitator', 'approver']);
    expect(approved.workshop.status).toBe('final');
    expect(refused(approved, approve('r1')).code).toBe('conflict');
  });

  it('refuses an approval by the facilitator’s own certificate', () => {
    const error = refused(
      signed,
      approve('r1', { ...approver, certificateSha256: facilitator.certificateSha256 }),
    );
    expect(error).toMatchObject({ code: 'invalid' });
    expect(error.message).toMatch(/someone other than the facilitator/);
  });

  it('reopens only with a reason, then edits apply and the next version supersedes the last', () => {
    expect(refused(approved, reopen('r1', '   ')).code).toBe('invalid');
    const reopened = applyOk(approved, reopen('r1')).state;
    const v1 = reopened.records.reportVersions.get('r1');
    expect(v1).toMatchObject({ state: 'reopened', reopenReason: 'The deploy log arrived late' });
    // Its signatures are kept as they were.
    expect(v1?.signatures).toHaveLength(2);
    const edited = applyOk(reopened, addNote('n-late')).state;
    expect(edited.records.notes.has(asNoteId('n-late'))).toBe(true);
    const v2state = applyOk(edited, sign('r2', T0 + 500)).state;
    expect(v2state.records.reportVersions.get('r2')).toMatchObject({
      version: 2,
      supersedes: 'r1',
    });
    expect(latestReportVersion(v2state.records.reportVersions.values())?.id).toBe('r2');
    // An older version cannot be approved or reopened once superseded.
    expect(refused(v2state, reopen('r1')).code).toBe('conflict');
  });

  it('undoes a signature with its inverse, which unlocks the workshop again', () => {
    const result = applyOk(base, sign('r1'));
    const [inverse] = result.inverse;
    if (!inverse) throw new Error('no inverse');
    const undone = applyOk(result.state, envelope(inverse, { at: T0 + 150 })).state;
    expect(undone.records.reportVersions.size).toBe(0);
    expect(undone.workshop.status).toBe(base.workshop.status);
    expect(applyOperation(undone, addNote('n-after')).ok).toBe(true);
  });

  it('refuses a file whose chain holds two open versions', () => {
    const open = (id: string, version: number) => ({
      id: asReportId(id),
      workshopId: makeWorkshop().id,
      version,
      supersedes: null,
      contentHead: head,
      state: 'awaiting_approval' as const,
      signatures: [makeSignature('facilitator', id)],
      reopenedAt: null,
      reopenReason: null,
      createdAt: T0,
    });
    const result = applyOperation(
      null,
      createOp(makeWorkshop(), { reportVersions: [open('x1', 1), open('x2', 2)] }),
    );
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/still open/);
    const twice = applyOperation(
      null,
      createOp(makeWorkshop(), {
        reportVersions: [
          { ...open('x1', 1), state: 'reopened' },
          { ...open('x2', 1), state: 'reopened' },
        ],
      }),
    );
    expect(twice.ok).toBe(false);
    // Found by the property test: a version awaiting approval that already holds two
    // signatures would have taken a third.
    const overSigned = applyOperation(
      null,
      createOp(makeWorkshop(), {
        reportVersions: [
          {
            ...open('x1', 1),
            signatures: [makeSignature('facilitator', 'x'), makeSignature('approver', 'x')],
          },
        ],
      }),
    );
    expect(overSigned.ok).toBe(false);
    if (!overSigned.ok) expect(overSigned.error.message).toMatch(/do not fit its state/);
  });
});
