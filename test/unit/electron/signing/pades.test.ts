import { createHash, randomBytes, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createLocalIdentity,
  importPkcs12,
  type SignerIdentity,
} from '../../../../electron/services/signing/identity.js';
import { signPdf, SigningError } from '../../../../electron/services/signing/pades.js';
import { verifyPdfSignatures } from '../../../../electron/services/signing/verifyPdf.js';
import {
  appendUpdate,
  byteRanges,
  count,
  lastTrailer,
  mutoolVerify,
  nssDatabase,
  pdfsig,
  run,
  signatureContents,
  tempDir,
  unsignedReport,
  writeTemp,
} from './helpers.js';

const OID = {
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  sha256: '2.16.840.1.101.3.4.2.1',
};

const temp = tempDir('debrief-pades-');
let facilitator: { identity: SignerIdentity; caCertificatePem: string };
let approver: { identity: SignerIdentity; caCertificatePem: string };
let unsigned: Buffer;
let once: Uint8Array;
let twice: Uint8Array;
let anchors: string[];
let onceFile: string;
let twiceFile: string;
// Whole seconds (a PDF date has no milliseconds), in the past, within the certificates' validity.
const firstTime = new Date(Math.floor(Date.now() / 1000) * 1000 - 3 * 3600_000);
const secondTime = new Date(firstTime.getTime() + 3600_000 + 5000);
const created = new Date(Date.now() - 24 * 3600_000);

beforeAll(async () => {
  facilitator = createLocalIdentity(
    {
      name: 'Jane Doe',
      role: 'Facilitator',
      organisation: 'Acme Reliability',
      email: 'jane@example.org',
    },
    { now: created },
  );
  approver = createLocalIdentity(
    { name: 'Jürgen Müller', role: 'Approver', organisation: 'Acme' },
    { now: created },
  );
  anchors = [facilitator.caCertificatePem, approver.caCertificatePem];
  unsigned = unsignedReport();
  const started = performance.now();
  once = await signPdf(unsigned, facilitator.identity, {
    name: 'Jane Doe',
    reason: 'Facilitator sign-off',
    location: 'Berlin',
    contactInfo: 'jane@example.org',
    signingTime: firstTime,
  });
  const signedOnce = performance.now();
  twice = await signPdf(once, approver.identity, {
    name: 'Jürgen Müller',
    reason: 'Freigabe (Genehmigung) <<approved>> – ok',
    signingTime: secondTime,
  });
  console.info(
    `signPdf: first ${(signedOnce - started).toFixed(0)} ms, second ${(performance.now() - signedOnce).toFixed(0)} ms`,
  );
  onceFile = writeTemp(temp.dir, 'once.pdf', once);
  twiceFile = writeTemp(temp.dir, 'twice.pdf', twice);
});

afterAll(() => temp.cleanup());

describe('signPdf', () => {
  it('appends incremental updates, leaving earlier bytes untouched', () => {
    // placeholder-plain drops the original trailing newline, nothing else.
    const original = unsigned[unsigned.length - 1] === 0x0a ? unsigned.subarray(0, -1) : unsigned;
    expect(Buffer.from(once.subarray(0, original.length)).equals(original)).toBe(true);
    expect(Buffer.from(twice.subarray(0, once.length)).equals(Buffer.from(once))).toBe(true);
    const ranges = byteRanges(twice);
    expect(ranges).toHaveLength(2);
    const end = (range: readonly number[] | undefined) => (range?.[2] ?? NaN) + (range?.[3] ?? NaN);
    expect(end(ranges[0])).toBe(once.length);
    expect(end(ranges[1])).toBe(twice.length);
  });

  it('is verified by our verifier with both CAs trusted', async () => {
    const started = performance.now();
    const result = await verifyPdfSignatures(twice, anchors, {
      pinnedFingerprints: [facilitator.identity.fingerprint, approver.identity.fingerprint],
    });
    console.info(
      `verifyPdfSignatures (2 signatures): ${(performance.now() - started).toFixed(1)} ms`,
    );
    expect(result.checks.filter((check) => !check.ok)).toEqual([]);
    expect(result.ok).toBe(true);
    const ids = result.checks.map((check) => check.id);
    for (const index of [1, 2]) {
      for (const name of [
        'byte-range',
        'sub-filter',
        'structure',
        'digest',
        'signature',
        'signing-certificate',
        'chain',
        'pinned',
        'time',
      ]) {
        expect(ids).toContain(`sig${index}.${name}`);
      }
    }
    expect(ids).toContain('document.coverage');
    expect(ids).toContain('document.update-1-2');
    expect(result.checks.find((check) => check.id === 'sig1.digest')?.message).toBe(
      'Signature 1 (Jane Doe): digest matches the signed bytes',
    );
    expect((await verifyPdfSignatures(once, anchors)).ok).toBe(true);
  });

  it('reports each signature', async () => {
    const { signatures } = await verifyPdfSignatures(twice, anchors);
    expect(signatures).toHaveLength(2);
    const [first, second] = signatures;
    expect(first).toMatchObject({
      index: 1,
      signerName: 'Jane Doe',
      fingerprint: facilitator.identity.fingerprint,
      reason: 'Facilitator sign-off',
      signingTime: firstTime.toISOString(),
      subFilter: 'ETSI.CAdES.detached',
      byteRange: byteRanges(twice)[0],
    });
    expect(second).toMatchObject({
      index: 2,
      signerName: 'Jürgen Müller',
      fingerprint: approver.identity.fingerprint,
      reason: 'Freigabe (Genehmigung) <<approved>> – ok',
      signingTime: secondTime.toISOString(),
    });
    expect(first?.certificatesPem.map((pem) => new X509Certificate(pem).subject)).toEqual([
      new X509Certificate(facilitator.identity.certificatePem).subject,
      new X509Certificate(facilitator.caCertificatePem).subject,
    ]);
  });

  it('fails "untrusted" without the CAs as trust anchors', async () => {
    const none = await verifyPdfSignatures(twice, []);
    expect(none.ok).toBe(false);
    const failed = none.checks.filter((check) => !check.ok);
    expect(failed.map((check) => check.id)).toEqual(['sig1.chain', 'sig2.chain']);
    for (const check of failed) expect(check.message).toContain('untrusted');
    const onlyFirst = await verifyPdfSignatures(twice, [facilitator.caCertificatePem]);
    expect(onlyFirst.checks.filter((check) => !check.ok).map((check) => check.id)).toEqual([
      'sig2.chain',
    ]);
    // A signer's own CA is not a CA for someone else's certificate.
    const swapped = await verifyPdfSignatures(once, [approver.caCertificatePem]);
    expect(swapped.checks.find((check) => check.id === 'sig1.chain')?.ok).toBe(false);
  });

  it('pdfsig finds both signatures valid', () => {
    const report = pdfsig(twiceFile).output;
    expect(count(report, 'Signature is Valid.')).toBe(2);
    expect(count(report, 'Signature Type: ETSI.CAdES.detached')).toBe(2);
    expect(count(report, 'Signing Hash Algorithm: SHA-256')).toBe(2);
    expect(report).toContain('Signer Certificate Common Name: Jane Doe');
    expect(report).toContain('Signer Certificate Common Name: Jürgen Müller');
    expect(report).toMatch(/Signature #2:[\s\S]*Total document signed/);
    expect(count(pdfsig(onceFile).output, 'Signature is Valid.')).toBe(1);
  });

  it('pdfsig trusts both certificates when NSS trusts both CAs', () => {
    const nss = tempDir('debrief-nss-');
    try {
      const caFiles = anchors.map((pem, i) => writeTemp(temp.dir, `ca${i + 1}.pem`, pem));
      nssDatabase(nss.dir, caFiles);
      const report = pdfsig(twiceFile, nss.dir).output;
      expect(count(report, 'Signature is Valid.')).toBe(2);
      expect(count(report, 'Certificate is Trusted.')).toBe(2);
      const onlyOne = tempDir('debrief-nss-');
      try {
        nssDatabase(onlyOne.dir, caFiles.slice(0, 1));
        const partial = pdfsig(twiceFile, onlyOne.dir).output;
        expect(count(partial, 'Certificate is Trusted.')).toBe(1);
        expect(partial).toMatch(/Signature #2:[\s\S]*Certificate issuer isn't Trusted\./);
      } finally {
        onlyOne.cleanup();
      }
    } finally {
      nss.cleanup();
    }
  });

  it('mutool verifies both signatures', () => {
    const report = mutoolVerify(twiceFile).output;
    expect(count(report, 'Verifying signature')).toBe(2);
    expect(report).toContain('The signature is valid but there have been edits since signing.');
    expect(report).toContain('The document is unchanged since signing.');
    expect(report).not.toMatch(/Digest error|invalid|Verification error/i);
    expect(mutoolVerify(onceFile).output).toContain('The document is unchanged since signing.');
  });

  it('qpdf finds no structural problems', () => {
    for (const file of [onceFile, twiceFile]) {
      const result = run('qpdf', ['--check', file]);
      expect(result.output).toContain('No syntax or stream encoding errors found');
      expect(result.output).not.toMatch(/WARNING|^qpdf:/m);
      expect(result.status).toBe(0);
    }
  });

  it('writes PAdES B-B CMS: no signing-time, signing-certificate-v2, certificates, detached', () => {
    const signers = [facilitator.identity, approver.identity];
    const contents = signatureContents(twice);
    expect(contents).toHaveLength(2);
    contents.forEach((der, i) => {
      const asn1 = asn1js.fromBER(new Uint8Array(der));
      expect(asn1.offset).not.toBe(-1);
      const info = new pkijs.ContentInfo({ schema: asn1.result });
      const signed = new pkijs.SignedData({ schema: info.content });
      expect(signed.encapContentInfo.eContent).toBeUndefined();
      expect(signed.signerInfos).toHaveLength(1);
      const signer = signed.signerInfos[0]!;
      expect(signer.digestAlgorithm.algorithmId).toBe(OID.sha256);
      const types = signer.signedAttrs?.attributes.map((attribute) => attribute.type) ?? [];
      expect(types.sort()).toEqual(
        [OID.contentType, OID.messageDigest, OID.signingCertificateV2].sort(),
      );
      expect(types).not.toContain(OID.signingTime);
      const certs = (signed.certificates ?? []).filter(
        (cert): cert is pkijs.Certificate => cert instanceof pkijs.Certificate,
      );
      expect(certs).toHaveLength(2);
      const leafDer = Buffer.from(certs[0]!.toSchema().toBER());
      expect(leafDer.equals(new X509Certificate(signers[i]!.certificatePem).raw)).toBe(true);
      // signing-certificate-v2 -> certs[0] -> ESSCertIDv2 -> certHash = SHA-256(leaf).
      const ess = signer.signedAttrs?.attributes.find((a) => a.type === OID.signingCertificateV2);
      const essCertId = (
        ((ess?.values[0] as asn1js.Sequence).valueBlock.value[0] as asn1js.Sequence).valueBlock
          .value[0] as asn1js.Sequence
      ).valueBlock.value;
      const certHash = essCertId[0] as asn1js.OctetString;
      expect(Buffer.from(certHash.valueBlock.valueHexView).toString('hex')).toBe(
        createHash('sha256').update(leafDer).digest('hex'),
      );
    });
  });

  it('refuses what it cannot sign with a SigningError', async () => {
    const info = { name: 'Jane Doe', reason: 'x', signingTime: new Date() };
    await expect(signPdf(Buffer.from('hello'), facilitator.identity, info)).rejects.toBeInstanceOf(
      SigningError,
    );
    await expect(signPdf(new Uint8Array(), facilitator.identity, info)).rejects.toBeInstanceOf(
      SigningError,
    );
    await expect(
      signPdf(unsigned, facilitator.identity, { ...info, signingTime: new Date('nope') }),
    ).rejects.toBeInstanceOf(SigningError);
    await expect(
      signPdf(unsigned, { ...facilitator.identity, privateKeyPem: 'broken' }, info),
    ).rejects.toBeInstanceOf(SigningError);
    await expect(
      signPdf(unsigned, facilitator.identity, { ...info, reason: 'x'.repeat(501) }),
    ).rejects.toBeInstanceOf(SigningError);
    // Object streams (here written by qpdf) are beyond placeholder-plain.
    const source = writeTemp(temp.dir, 'in.pdf', unsigned);
    const packed = temp.file('objstm.pdf');
    expect(run('qpdf', ['--object-streams=generate', source, packed]).status).toBe(0);
    await expect(signPdf(readFileSync(packed), facilitator.identity, info)).rejects.toBeInstanceOf(
      SigningError,
    );
  });

  it('signs with an elliptic-curve identity from a PKCS#12 file', async () => {
    const key = temp.file('ec.key');
    const cert = temp.file('ec.crt');
    const p12 = temp.file('ec.p12');
    expect(
      run('openssl', [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-subj',
        '/CN=Erika Beispiel/O=Example Bank',
        '-days',
        '30',
        '-addext',
        'keyUsage=critical,digitalSignature,nonRepudiation',
        '-keyout',
        key,
        '-out',
        cert,
      ]).status,
    ).toBe(0);
    expect(
      run('openssl', [
        'pkcs12',
        '-export',
        '-inkey',
        key,
        '-in',
        cert,
        '-passout',
        'pass:pw',
        '-out',
        p12,
      ]).status,
    ).toBe(0);
    const identity = importPkcs12(readFileSync(p12), 'pw');
    const signed = await signPdf(twice, identity, {
      name: identity.profile.name,
      reason: 'Audit',
      signingTime: new Date(),
    });
    const result = await verifyPdfSignatures(signed, [...anchors, identity.certificatePem]);
    expect(result.checks.filter((check) => !check.ok)).toEqual([]);
    expect(result.signatures.map((s) => s.signerName)).toEqual([
      'Jane Doe',
      'Jürgen Müller',
      'Erika Beispiel',
    ]);
    const file = writeTemp(temp.dir, 'three.pdf', signed);
    expect(count(pdfsig(file).output, 'Signature is Valid.')).toBe(3);
  });

  it('verifies a 5 MB PDF with two signatures quickly', async () => {
    const big = appendUpdate(unsigned, [
      {
        num: lastTrailer(unsigned).size,
        body: Buffer.concat([
          Buffer.from(`<< /Length ${5 * 1024 * 1024} >>\nstream\n`),
          randomBytes(5 * 1024 * 1024),
          Buffer.from('\nendstream'),
        ]),
      },
    ]);
    const one = await signPdf(big, facilitator.identity, {
      name: 'Jane Doe',
      reason: 'a',
      signingTime: firstTime,
    });
    const started = performance.now();
    const two = await signPdf(one, approver.identity, {
      name: 'Jürgen Müller',
      reason: 'b',
      signingTime: secondTime,
    });
    const signMs = performance.now() - started;
    await verifyPdfSignatures(two, anchors); // warm up
    const times: number[] = [];
    let ok = false;
    for (let i = 0; i < 3; i += 1) {
      const t = performance.now();
      ok = (await verifyPdfSignatures(two, anchors)).ok;
      times.push(performance.now() - t);
    }
    const best = Math.min(...times);
    console.info(
      `5 MB PDF: sign ${signMs.toFixed(0)} ms; verify 2 signatures best ${best.toFixed(1)} ms (${times.map((t) => t.toFixed(0)).join(', ')})`,
    );
    expect(ok).toBe(true);
    expect(two.length).toBeGreaterThan(5 * 1024 * 1024);
    expect(best).toBeLessThan(200);
  });
});
