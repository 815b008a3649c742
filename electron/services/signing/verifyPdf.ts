/**
 * Verifies every signature of a PDF signed by `signPdf` (PAdES B-B), and the document
 * around them. For each signature:
 *
 * - its /ByteRange starts at 0, leaves out exactly its own /Contents `<…>` and ends at the
 *   end of a revision (`%%EOF`);
 * - /SubFilter is ETSI.CAdES.detached;
 * - the CMS is detached SignedData with one signer, its messageDigest equals the SHA-256 of
 *   the covered bytes, its signature over the signed attributes verifies with the signer
 *   certificate, its signing-certificate-v2 names that certificate, and it has no
 *   signing-time attribute;
 * - the certificate chain leads to one of the trust anchors and every certificate on it is
 *   valid at the signing time the signer claims in /M (which must not be in the future:
 *   PAdES B-B has no trusted time, so that claim is all there is);
 * - with `pinnedFingerprints`, the signer certificate is one of them (this catches a
 *   certificate swapped inside the signature, which pdfsig does not notice).
 *
 * And for the document: the last signature covers the whole file (only whitespace may
 * follow its %%EOF), and the updates between two signatures only add the later signature
 * (pdfSignatures.ts says exactly what may change), so nothing signed earlier was altered
 * or overlaid afterwards.
 *
 * It never throws: a file that is empty, not a PDF, truncated or random gives a failed
 * check with a plain sentence. It reads the file with a few linear searches and hashes
 * each signed range once.
 */
import { createHash } from 'node:crypto';
import { parseAnchors } from './certificates.js';
import { describeError, fail, pass, type Check } from './checks.js';
import { certificatesToPem, verifyDetachedCms } from './cmsCore.js';
import {
  checkByteRange,
  checkUpdatesBetween,
  findSignatureDictionaries,
  readRevisionState,
  type RevisionState,
  type SignatureDictionary,
} from './pdfSignatures.js';

export type { Check } from './checks.js';

export interface PdfSignatureReport {
  /** 1-based, in signing order. */
  index: number;
  signerName: string;
  /** SHA-256 (lowercase hex) of the signer certificate; '' when there is none. */
  fingerprint: string;
  certificatesPem: string[];
  byteRange: [number, number, number, number];
  reason?: string;
  /** ISO 8601, from /M (the signer's claim). */
  signingTime?: string;
  subFilter: string;
}

export interface PdfVerification {
  signatures: PdfSignatureReport[];
  checks: Check[];
  ok: boolean;
}

const PADES_SUBFILTER = 'ETSI.CAdES.detached';
/** How far a signing time may be ahead of `now` (clock skew between machines). */
const FUTURE_SLACK_MS = 10 * 60 * 1000;

function normaliseFingerprint(text: string): string {
  return text.toLowerCase().replace(/[^0-9a-f]/g, '');
}

function trailingIsWhitespace(buf: Buffer, from: number): boolean {
  for (let at = from; at < buf.length; at += 1) {
    const byte = buf[at];
    if (byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09) return false;
  }
  return true;
}

function endsWithEof(buf: Buffer): boolean {
  let end = buf.length;
  while (end > 0 && end > buf.length - 64 && trailingIsWhitespace(buf, end - 1)) end -= 1;
  return end >= 5 && buf.toString('latin1', end - 5, end) === '%%EOF';
}

interface Verified {
  dictionary: SignatureDictionary;
  name: string;
  rangeProblem: string | undefined;
  end: number;
}

/**
 * Verifies every signature in `pdf` against `trustAnchorsPem` (see the module comment).
 */
export async function verifyPdfSignatures(
  pdf: Uint8Array,
  trustAnchorsPem: string[],
  options: { now?: Date; pinnedFingerprints?: string[] } = {},
): Promise<PdfVerification> {
  try {
    return await Promise.resolve(verify(pdf, trustAnchorsPem, options));
  } catch (error) {
    return {
      signatures: [],
      checks: [
        fail('document.internal', `The PDF could not be checked (${describeError(error)}).`),
      ],
      ok: false,
    };
  }
}

function verify(
  pdf: Uint8Array,
  trustAnchorsPem: string[],
  options: { now?: Date; pinnedFingerprints?: string[] },
): PdfVerification {
  const buf = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  const checks: Check[] = [];
  const done = (signatures: PdfSignatureReport[]): PdfVerification => ({
    signatures,
    checks,
    ok: signatures.length > 0 && checks.every((check) => check.ok),
  });
  if (buf.length === 0) {
    checks.push(fail('document.format', 'The file is empty.'));
    return done([]);
  }
  if (buf.subarray(0, 1024).indexOf('%PDF-', 0, 'latin1') < 0) {
    checks.push(fail('document.format', 'This file is not a PDF.'));
    return done([]);
  }
  checks.push(pass('document.format', 'The file is a PDF.'));
  if (!endsWithEof(buf)) {
    checks.push(
      fail('document.end', 'The file does not end with %%EOF: it is truncated or damaged.'),
    );
  }

  const now = options.now ?? new Date();
  const anchors = parseAnchors(trustAnchorsPem);
  const pinned = options.pinnedFingerprints
    ? new Set(options.pinnedFingerprints.map(normaliseFingerprint))
    : undefined;
  const found = findSignatureDictionaries(buf);
  for (const problem of found.problems) {
    checks.push(fail('document.signature-dictionaries', `The PDF is malformed: ${problem}.`));
  }
  if (found.signatures.length === 0) {
    checks.push(fail('document.signatures', 'The PDF has no signatures.'));
    return done([]);
  }

  // Signing order: by where each signature's covered bytes end.
  const ordered = found.signatures
    .map((dictionary) => ({
      dictionary,
      end: dictionary.byteRange ? dictionary.byteRange[2] + dictionary.byteRange[3] : Infinity,
    }))
    .sort((a, b) => a.end - b.end || a.dictionary.objectStart - b.dictionary.objectStart);

  const reports: PdfSignatureReport[] = [];
  const verified: Verified[] = [];
  ordered.forEach(({ dictionary, end }, position) => {
    const index = position + 1;
    const label = `Signature ${index}`;
    const id = (name: string): string => `sig${index}.${name}`;
    const rangeProblem = checkByteRange(buf, dictionary);
    const signingTime = dictionary.signingTime;
    const cms = verifyDetachedCms({
      cms: dictionary.contents ?? new Uint8Array(),
      allowZeroPadding: true,
      digestOf: (algorithm) => {
        if (rangeProblem || !dictionary.byteRange) throw new Error('the byte range is invalid');
        const [, b, c, d] = dictionary.byteRange;
        return createHash(algorithm)
          .update(buf.subarray(0, b))
          .update(buf.subarray(c, c + d))
          .digest();
      },
      trustAnchors: anchors,
      validationTime: signingTime ?? now,
      pinnedFingerprints: pinned,
      label,
      idPrefix: `sig${index}`,
      forbidSigningTime: true,
    });
    const name = cms.signerName ?? dictionary.name ?? 'unknown signer';
    const prefix = `${label} (${name})`;
    checks.push(
      rangeProblem
        ? fail(id('byte-range'), `${prefix}: ${rangeProblem}`)
        : pass(
            id('byte-range'),
            `${prefix}: the byte range covers its whole revision except its own signature value`,
          ),
    );
    checks.push(
      dictionary.subFilter === PADES_SUBFILTER
        ? pass(id('sub-filter'), `${prefix}: PAdES signature (${PADES_SUBFILTER})`)
        : fail(
            id('sub-filter'),
            `${prefix}: its SubFilter is ${dictionary.subFilter || '(missing)'}, not ${PADES_SUBFILTER}`,
          ),
    );
    checks.push(...cms.checks);
    if (!signingTime) {
      checks.push(
        fail(
          id('time'),
          dictionary.signingTimeText === undefined
            ? `${prefix}: the signature has no signing time (/M)`
            : `${prefix}: the signing time (/M) is not a PDF date`,
        ),
      );
    } else if (signingTime.getTime() > now.getTime() + FUTURE_SLACK_MS) {
      checks.push(
        fail(
          id('time'),
          `${prefix}: the signing time ${signingTime.toISOString()} is in the future`,
        ),
      );
    } else {
      checks.push(
        pass(
          id('time'),
          `${prefix}: signed at ${signingTime.toISOString()} (as the signer's computer claims)`,
        ),
      );
    }
    const report: PdfSignatureReport = {
      index,
      signerName: name,
      fingerprint: cms.signer?.fingerprint ?? '',
      certificatesPem: certificatesToPem(cms.certificates),
      byteRange: dictionary.byteRange ?? [0, 0, 0, 0],
      subFilter: dictionary.subFilter,
    };
    if (dictionary.reason !== undefined) report.reason = dictionary.reason;
    if (signingTime) report.signingTime = signingTime.toISOString();
    reports.push(report);
    verified.push({ dictionary, name, rangeProblem, end });
  });

  checkDocument(buf, verified, checks);
  return done(reports);
}

/** The last signature covers the file; updates between signatures only add the next one. */
function checkDocument(buf: Buffer, verified: Verified[], checks: Check[]): void {
  const last = verified[verified.length - 1];
  if (!last) return;
  const lastLabel = `Signature ${verified.length} (${last.name})`;
  if (last.rangeProblem) {
    checks.push(
      fail(
        'document.coverage',
        `${lastLabel} has an invalid byte range, so the file's end cannot be checked.`,
      ),
    );
  } else if (!trailingIsWhitespace(buf, last.end)) {
    checks.push(
      fail(
        'document.coverage',
        `The file has ${buf.length - last.end} bytes after the last signature (${lastLabel}): an unsigned update that could change what the document shows.`,
      ),
    );
  } else {
    checks.push(
      pass('document.coverage', `The last signature (${lastLabel}) covers the whole file.`),
    );
  }
  if (verified.some((item, i) => i > 0 && item.end === verified[i - 1]?.end)) {
    checks.push(fail('document.updates', 'Two signatures claim to cover the same revision.'));
    return;
  }

  let state: RevisionState | undefined;
  for (let k = 0; k + 1 < verified.length; k += 1) {
    const earlier = verified[k];
    const later = verified[k + 1];
    if (!earlier || !later) break;
    const id = `document.update-${k + 1}-${k + 2}`;
    const between = `Between signature ${k + 1} (${earlier.name}) and signature ${k + 2} (${later.name})`;
    if (earlier.rangeProblem || later.rangeProblem) {
      checks.push(
        fail(id, `${between}: the updates cannot be checked because a byte range is invalid.`),
      );
      state = undefined;
      continue;
    }
    try {
      state ??= readRevisionState(buf, earlier.end);
    } catch (error) {
      checks.push(
        fail(
          id,
          `${between}: the revision of signature ${k + 1} cannot be read (${describeError(error)}).`,
        ),
      );
      state = undefined;
      continue;
    }
    const problems = checkUpdatesBetween(buf, earlier.end, later.end, state, {
      num: later.dictionary.objectNum,
      start: later.dictionary.objectStart,
    });
    if (problems.length === 0) {
      checks.push(pass(id, `${between}: the update only adds signature ${k + 2}.`));
    } else {
      checks.push(
        fail(
          id,
          `${between}: ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? ` (and ${problems.length - 3} more)` : ''}. This could change what signature ${k + 1}'s signer saw.`,
        ),
      );
      state = undefined;
    }
  }
}
