import { randomBytes, X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signDetached, verifyDetached } from '../../../../electron/services/signing/cms.js';
import {
  createLocalIdentity,
  type SignerIdentity,
} from '../../../../electron/services/signing/identity.js';
import { run, tempDir, unsignedReport, writeTemp } from './helpers.js';

const temp = tempDir('debrief-cms-');
let signer: { identity: SignerIdentity; caCertificatePem: string };
let other: { identity: SignerIdentity; caCertificatePem: string };
const evidence = Buffer.from(
  `${JSON.stringify({ format: 'debrief-evidence', head: 'ab'.repeat(32), notes: ['Jürgen: 12 % «ok»'] }, null, 2)}\n`,
);
let signature: Uint8Array;

beforeAll(async () => {
  signer = createLocalIdentity({ name: 'Jane Doe', role: 'Facilitator', organisation: 'Acme' });
  other = createLocalIdentity({ name: 'Someone Else', role: 'R', organisation: 'O' });
  signature = await signDetached(evidence, signer.identity);
});

afterAll(() => temp.cleanup());

/** The command documented in cms.ts, as a person would type it. */
function opensslVerify(
  dataFile: string,
  signatureFile: string,
  caFile: string,
): ReturnType<typeof run> {
  return run('openssl', [
    'cms',
    '-verify',
    '-binary',
    '-inform',
    'DER',
    '-in',
    signatureFile,
    '-content',
    dataFile,
    '-CAfile',
    caFile,
    '-purpose',
    'any',
    '-out',
    '/dev/null',
  ]);
}

describe('signDetached / verifyDetached', () => {
  it('round-trips', async () => {
    const result = await verifyDetached(evidence, signature, [signer.caCertificatePem]);
    expect(result.checks.filter((check) => !check.ok)).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.checks.map((check) => check.id)).toEqual([
      'cms.structure',
      'cms.digest',
      'cms.signature',
      'cms.signing-certificate',
      'cms.chain',
    ]);
    expect(result.signerFingerprint).toBe(signer.identity.fingerprint);
    expect(result.certificatesPem.map((pem) => new X509Certificate(pem).fingerprint256)).toEqual([
      new X509Certificate(signer.identity.certificatePem).fingerprint256,
      new X509Certificate(signer.caCertificatePem).fingerprint256,
    ]);
  });

  it('is detached DER SignedData without the content', () => {
    const asn1 = asn1js.fromBER(new Uint8Array(signature));
    expect(asn1.offset).toBe(signature.length);
    const signed = new pkijs.SignedData({
      schema: new pkijs.ContentInfo({ schema: asn1.result }).content,
    });
    expect(signed.encapContentInfo.eContent).toBeUndefined();
    expect(Buffer.from(signature).includes(evidence.subarray(0, 40))).toBe(false);
  });

  it('fails on a changed byte of the data', async () => {
    for (const at of [0, evidence.length >> 1, evidence.length - 1]) {
      const changed = Buffer.from(evidence);
      changed[at] = (changed[at] ?? 0) ^ 0x01;
      const result = await verifyDetached(changed, signature, [signer.caCertificatePem]);
      expect(result.ok).toBe(false);
      expect(result.checks.filter((check) => !check.ok).map((check) => check.id)).toEqual([
        'cms.digest',
      ]);
    }
    const longer = await verifyDetached(Buffer.concat([evidence, Buffer.from(' ')]), signature, [
      signer.caCertificatePem,
    ]);
    expect(longer.ok).toBe(false);
  });

  it('fails "untrusted" with other trust anchors, and outside the validity period', async () => {
    const untrusted = await verifyDetached(evidence, signature, [other.caCertificatePem]);
    expect(untrusted.ok).toBe(false);
    expect(untrusted.checks.find((check) => check.id === 'cms.chain')?.message).toContain(
      'untrusted',
    );
    expect((await verifyDetached(evidence, signature, [])).ok).toBe(false);
    const later = await verifyDetached(evidence, signature, [signer.caCertificatePem], {
      now: new Date(Date.now() + 4 * 365 * 86400_000),
    });
    expect(later.checks.find((check) => check.id === 'cms.chain')?.message).toContain(
      'is not valid at',
    );
    // The signer's own certificate may be the anchor.
    expect((await verifyDetached(evidence, signature, [signer.identity.certificatePem])).ok).toBe(
      true,
    );
  });

  it('never throws on garbage', async () => {
    const anchors = [signer.caCertificatePem];
    const garbage: Uint8Array[] = [
      new Uint8Array(),
      randomBytes(2000),
      Buffer.from(signature).subarray(0, signature.length - 10),
      Buffer.concat([Buffer.from(signature), Buffer.from([0, 0])]),
      new X509Certificate(signer.identity.certificatePem).raw,
      unsignedReport(),
      Buffer.from([0x30, 0x84, 0xff, 0xff, 0xff, 0xff]),
      Buffer.alloc(2 * 1024 * 1024, 0x30),
    ];
    for (const bytes of garbage) {
      const result = await verifyDetached(evidence, bytes, anchors);
      expect(result.ok).toBe(false);
      expect(result.checks.length).toBeGreaterThan(0);
      expect(result.checks.some((check) => !check.ok)).toBe(true);
    }
    // A signature by another identity over other data.
    const foreign = await signDetached(Buffer.from('other'), other.identity);
    expect((await verifyDetached(evidence, foreign, [other.caCertificatePem])).ok).toBe(false);
  });
});

describe('openssl cms -verify', () => {
  it('accepts the signature and rejects tampering', () => {
    const data = writeTemp(temp.dir, 'evidence.json', evidence);
    const p7s = writeTemp(temp.dir, 'evidence.json.p7s', signature);
    const ca = writeTemp(temp.dir, 'ca.pem', signer.caCertificatePem);
    const good = opensslVerify(data, p7s, ca);
    expect(good.output).toContain('CMS Verification successful');
    expect(good.status).toBe(0);

    const changed = Buffer.from(evidence);
    changed[10] = (changed[10] ?? 0) ^ 0x01;
    const tampered = writeTemp(temp.dir, 'tampered.json', changed);
    const bad = opensslVerify(tampered, p7s, ca);
    expect(bad.output).toContain('CMS Verification failure');
    expect(bad.status).not.toBe(0);

    const otherCa = writeTemp(temp.dir, 'other-ca.pem', other.caCertificatePem);
    expect(opensslVerify(data, p7s, otherCa).status).not.toBe(0);

    const broken = Buffer.from(signature);
    broken[broken.length - 5] = (broken[broken.length - 5] ?? 0) ^ 0xff; // inside the RSA signature
    const brokenFile = writeTemp(temp.dir, 'broken.p7s', broken);
    expect(opensslVerify(data, brokenFile, ca).status).not.toBe(0);
  });
});
