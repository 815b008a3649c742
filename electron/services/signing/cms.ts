/**
 * Detached CMS signatures of the evidence bundle (a JSON file): `evidence.json.p7s` next to
 * `evidence.json`.
 *
 * The signature is DER CMS SignedData (RFC 5652), detached, SHA-256, signed attributes
 * contentType + messageDigest + ESS signing-certificate-v2, carrying the signer certificate
 * and its chain. Anyone can check it with OpenSSL, given the signer's CA certificate:
 *
 *   openssl cms -verify -binary -inform DER -in evidence.json.p7s -content evidence.json -CAfile ca.pem -purpose any -out /dev/null
 *
 * It prints "CMS Verification successful" and exits 0, or prints "CMS Verification failure"
 * and exits non-zero (`-out /dev/null` only stops it from echoing the JSON; on Windows use
 * `-out NUL`). `-purpose any` skips OpenSSL's S/MIME purpose check: Debrief's own
 * certificates pass it anyway (they carry no extended key usage), but a certificate from an
 * organisation's PKI may be restricted to document signing.
 */
import { createHash } from 'node:crypto';
import { parseAnchors } from './certificates.js';
import type { Check } from './checks.js';
import {
  certificatesToPem,
  createDetachedCms,
  signingMaterial,
  verifyDetachedCms,
} from './cmsCore.js';
import { certificateDer } from './certificates.js';
import type { SignerIdentity } from './identity.js';

export type { Check } from './checks.js';

/** Largest content `verifyDetached` hashes (the evidence bundle is far smaller). */
const MAX_SIGNATURE_BYTES = 1024 * 1024;

function materialOf(identity: SignerIdentity): ReturnType<typeof signingMaterial> {
  return signingMaterial({
    certificateDer: certificateDer(identity.certificatePem),
    chainDer: identity.chainPem.map((pem) => certificateDer(pem)),
    privateKeyPem: identity.privateKeyPem,
  });
}

/** A DER CMS SignedData over `data`, detached (the data is not inside). */
export function signDetached(data: Uint8Array, identity: SignerIdentity): Promise<Uint8Array> {
  try {
    const digest = createHash('sha256').update(data).digest();
    return Promise.resolve(new Uint8Array(createDetachedCms(digest, materialOf(identity))));
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

export interface DetachedVerification {
  ok: boolean;
  checks: Check[];
  /** SHA-256 (lowercase hex) of the signer certificate, when the signature names one. */
  signerFingerprint: string | null;
  /** Every certificate the signature carries, signer first as written. */
  certificatesPem: string[];
}

/**
 * Verifies a detached CMS signature of `data` against `trustAnchorsPem`; the certificates
 * must be valid at `options.now` (default: now). Never throws: garbage gives a failed check.
 */
export function verifyDetached(
  data: Uint8Array,
  cmsDer: Uint8Array,
  trustAnchorsPem: string[],
  options: { now?: Date } = {},
): Promise<DetachedVerification> {
  try {
    if (cmsDer.length > MAX_SIGNATURE_BYTES) {
      return Promise.resolve({
        ok: false,
        checks: [
          {
            id: 'cms.structure',
            ok: false,
            message: 'The evidence signature: the signature file is far too large to be one',
          },
        ],
        signerFingerprint: null,
        certificatesPem: [],
      });
    }
    const result = verifyDetachedCms({
      cms: cmsDer,
      allowZeroPadding: false,
      digestOf: (algorithm) => createHash(algorithm).update(data).digest(),
      trustAnchors: parseAnchors(trustAnchorsPem),
      validationTime: options.now ?? new Date(),
      label: 'The evidence signature',
      idPrefix: 'cms',
      forbidSigningTime: false,
    });
    return Promise.resolve({
      ok: result.ok,
      checks: result.checks,
      signerFingerprint: result.signer?.fingerprint ?? null,
      certificatesPem: certificatesToPem(result.certificates),
    });
  } catch (error) {
    return Promise.resolve({
      ok: false,
      checks: [
        {
          id: 'cms.structure',
          ok: false,
          message: `The evidence signature could not be checked (${error instanceof Error ? error.message : String(error)})`,
        },
      ],
      signerFingerprint: null,
      certificatesPem: [],
    });
  }
}
