/**
 * CMS SignedData (RFC 5652), detached, as PAdES and the evidence bundle both use it:
 * building one for a content digest, and verifying one against the content.
 *
 * Signed attributes are exactly contentType (id-data), messageDigest and ESS
 * signing-certificate-v2 (RFC 5035, with the SHA-256 of the signer certificate and its
 * issuer/serial; SHA-256 is the default hash so the algorithm is omitted). There is no
 * signing-time attribute: PAdES baseline forbids it (the time is the PDF signature
 * dictionary's /M), and a signer's own clock proves nothing anyway.
 *
 * pkijs/asn1js build and parse the structures; node:crypto signs and verifies (RSA
 * PKCS#1 v1.5 or ECDSA), so no WebCrypto key import is needed. Signed attributes are sorted
 * by their DER encoding (a DER SET OF), which OpenSSL needs because it re-encodes them before
 * checking the signature.
 */
import {
  createHash,
  createPrivateKey,
  sign as cryptoSign,
  verify as cryptoVerify,
  type KeyObject,
  type X509Certificate,
} from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import {
  derToPem,
  displayName,
  KEY_USAGE,
  keyUsageBits,
  parseCertificateDer,
  validateChain,
  weakKeyReason,
  type ParsedCertificate,
} from './certificates.js';
import { describeError, fail, pass, type Check } from './checks.js';

export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificate: '1.2.840.113549.1.9.16.2.12',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  sha384WithRsa: '1.2.840.113549.1.1.12',
  sha512WithRsa: '1.2.840.113549.1.1.13',
  ecPublicKey: '1.2.840.10045.2.1',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  ecdsaWithSha384: '1.2.840.10045.4.3.3',
  ecdsaWithSha512: '1.2.840.10045.4.3.4',
} as const;

export type DigestName = 'sha256' | 'sha384' | 'sha512';

const DIGEST_BY_OID: ReadonlyMap<string, DigestName> = new Map([
  [OID.sha256, 'sha256'],
  [OID.sha384, 'sha384'],
  [OID.sha512, 'sha512'],
]);

/** What signing needs: the signer certificate, its issuers (CA last) and the private key. */
export interface SigningMaterial {
  certificate: ParsedCertificate;
  chain: ParsedCertificate[];
  privateKey: KeyObject;
}

export function signingMaterial(input: {
  certificateDer: Buffer;
  chainDer: Buffer[];
  privateKeyPem: string;
}): SigningMaterial {
  return {
    certificate: parseCertificateDer(input.certificateDer),
    chain: input.chainDer.map((der) => parseCertificateDer(der)),
    privateKey: createPrivateKey(input.privateKeyPem),
  };
}

function derOf(schema: { toBER(sizeOnly?: boolean): ArrayBuffer }): Buffer {
  return Buffer.from(schema.toBER(false));
}

/** ESS SigningCertificateV2 { certs: [ ESSCertIDv2 { certHash, issuerSerial } ] }. */
function signingCertificateV2(cert: ParsedCertificate): asn1js.Sequence {
  const issuerSerial = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({
        value: [new pkijs.GeneralName({ type: 4, value: cert.pki.issuer }).toSchema()],
      }),
      cert.pki.serialNumber,
    ],
  });
  const essCertId = new asn1js.Sequence({
    value: [
      new asn1js.OctetString({ valueHex: createHash('sha256').update(cert.der).digest() }),
      issuerSerial,
    ],
  });
  return new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertId] })] });
}

function signatureAlgorithmFor(key: KeyObject): { oid: string; params?: asn1js.Null } {
  if (key.asymmetricKeyType === 'rsa') return { oid: OID.rsaEncryption, params: new asn1js.Null() };
  if (key.asymmetricKeyType === 'ec') return { oid: OID.ecdsaWithSha256 };
  throw new Error(`keys of type ${key.asymmetricKeyType ?? 'unknown'} cannot sign here`);
}

/**
 * A DER ContentInfo holding a detached SignedData over content whose SHA-256 is `digest`.
 */
export function createDetachedCms(digest: Uint8Array, material: SigningMaterial): Buffer {
  const { certificate, chain, privateKey } = material;
  const attributes = [
    new pkijs.Attribute({
      type: OID.contentType,
      values: [new asn1js.ObjectIdentifier({ value: OID.data })],
    }),
    new pkijs.Attribute({
      type: OID.messageDigest,
      values: [new asn1js.OctetString({ valueHex: Buffer.from(digest) })],
    }),
    new pkijs.Attribute({
      type: OID.signingCertificateV2,
      values: [signingCertificateV2(certificate)],
    }),
  ]
    .map((attribute) => ({ attribute, der: derOf(attribute.toSchema()) }))
    .sort((a, b) => Buffer.compare(a.der, b.der))
    .map(({ attribute }) => attribute);
  const signedAttrs = new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes });
  // The signature covers the attributes as a SET (tag 0x31), not as the [0] IMPLICIT field.
  const toBeSigned = derOf(signedAttrs.toSchema());
  toBeSigned[0] = 0x31;
  const algorithm = signatureAlgorithmFor(privateKey);
  const signature = cryptoSign(
    'sha256',
    toBeSigned,
    privateKey.asymmetricKeyType === 'ec' ? { key: privateKey, dsaEncoding: 'der' } : privateKey,
  );
  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({
      issuer: certificate.pki.issuer,
      serialNumber: certificate.pki.serialNumber,
    }),
    digestAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 }),
    signedAttrs,
    signatureAlgorithm: new pkijs.AlgorithmIdentifier(
      algorithm.params
        ? { algorithmId: algorithm.oid, algorithmParams: algorithm.params }
        : { algorithmId: algorithm.oid },
    ),
    signature: new asn1js.OctetString({ valueHex: signature }),
  });
  const signedData = new pkijs.SignedData({
    version: 1,
    digestAlgorithms: [new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 })],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
    certificates: [certificate, ...chain].map((cert) => cert.pki),
    signerInfos: [signerInfo],
  });
  const contentInfo = new pkijs.ContentInfo({
    contentType: OID.signedData,
    content: signedData.toSchema(true),
  });
  return derOf(contentInfo.toSchema());
}

// ---------------------------------------------------------------------------------------------
// Verification

export interface CmsVerifyRequest {
  cms: Uint8Array;
  /** PDF /Contents carry zero padding after the DER; a .p7s file must not. */
  allowZeroPadding: boolean;
  /** The digest of the signed content with the algorithm the signer names. */
  digestOf: (algorithm: DigestName) => Buffer;
  trustAnchors: readonly X509Certificate[];
  /** When the certificates must be valid. */
  validationTime: Date;
  pinnedFingerprints?: ReadonlySet<string> | undefined;
  /** "Signature 1" or "The evidence signature": starts every message. */
  label: string;
  /** Check id prefix, e.g. "sig1" or "cms". */
  idPrefix: string;
  /** PAdES: the signing-time attribute must be absent. */
  forbidSigningTime: boolean;
}

export interface CmsVerifyResult {
  ok: boolean;
  checks: Check[];
  signer: ParsedCertificate | null;
  signerName: string | null;
  certificates: ParsedCertificate[];
}

class CmsProblem extends Error {}

interface ParsedSignedData {
  signedData: pkijs.SignedData;
  signerInfo: pkijs.SignerInfo;
  certificates: ParsedCertificate[];
}

function parseSignedData(bytes: Uint8Array, allowZeroPadding: boolean): ParsedSignedData {
  if (bytes.length === 0) throw new CmsProblem('the signature is empty');
  const view = new Uint8Array(bytes);
  const asn1 = asn1js.fromBER(view);
  if (asn1.offset === -1) throw new CmsProblem('the signature is not valid DER');
  const rest = view.subarray(asn1.offset);
  if (rest.length > 0 && !(allowZeroPadding && rest.every((byte) => byte === 0))) {
    throw new CmsProblem('the signature has unexpected bytes after its end');
  }
  let contentInfo: pkijs.ContentInfo;
  let signedData: pkijs.SignedData;
  try {
    contentInfo = new pkijs.ContentInfo({ schema: asn1.result });
  } catch {
    throw new CmsProblem('the signature is not a CMS ContentInfo');
  }
  if (contentInfo.contentType !== OID.signedData) {
    throw new CmsProblem('the signature is not CMS SignedData');
  }
  try {
    signedData = new pkijs.SignedData({ schema: contentInfo.content });
  } catch {
    throw new CmsProblem('the CMS SignedData is malformed');
  }
  if (signedData.signerInfos.length !== 1) {
    throw new CmsProblem(`the CMS has ${signedData.signerInfos.length} signers instead of one`);
  }
  if (signedData.encapContentInfo.eContentType !== OID.data) {
    throw new CmsProblem('the CMS does not sign plain data');
  }
  if (signedData.encapContentInfo.eContent !== undefined) {
    throw new CmsProblem('the CMS is not detached (it embeds content)');
  }
  const certificates: ParsedCertificate[] = [];
  for (const item of signedData.certificates ?? []) {
    if (item instanceof pkijs.Certificate) {
      try {
        certificates.push(parseCertificateDer(derOf(item.toSchema())));
      } catch {
        throw new CmsProblem('a certificate in the signature is malformed');
      }
    }
  }
  const signerInfo = signedData.signerInfos[0];
  if (!signerInfo) throw new CmsProblem('the CMS has no signer');
  return { signedData, signerInfo, certificates };
}

function findSigner(
  signerInfo: pkijs.SignerInfo,
  certificates: readonly ParsedCertificate[],
): ParsedCertificate | undefined {
  const sid: unknown = signerInfo.sid;
  if (sid instanceof pkijs.IssuerAndSerialNumber) {
    return certificates.find(
      (cert) =>
        cert.pki.issuer.isEqual(sid.issuer) && cert.pki.serialNumber.isEqual(sid.serialNumber),
    );
  }
  // subjectKeyIdentifier [0]: compare with the certificates' SKI extension.
  if (sid instanceof asn1js.Constructed || sid instanceof asn1js.Primitive) {
    const wanted = Buffer.from(
      sid instanceof asn1js.Primitive
        ? sid.valueBlock.valueHexView
        : ((sid.valueBlock.value[0] as asn1js.OctetString | undefined)?.valueBlock.valueHexView ??
            new Uint8Array()),
    );
    return certificates.find((cert) => {
      const ski: unknown = cert.pki.extensions?.find((e) => e.extnID === '2.5.29.14')?.parsedValue;
      return (
        ski instanceof asn1js.OctetString &&
        wanted.length > 0 &&
        Buffer.from(ski.valueBlock.valueHexView).equals(wanted)
      );
    });
  }
  return undefined;
}

function attributesOf(signerInfo: pkijs.SignerInfo): Map<string, pkijs.Attribute[]> {
  const map = new Map<string, pkijs.Attribute[]>();
  for (const attribute of signerInfo.signedAttrs?.attributes ?? []) {
    const list = map.get(attribute.type) ?? [];
    list.push(attribute);
    map.set(attribute.type, list);
  }
  return map;
}

/** The only value of the only attribute of a type, or a reason why there is not one. */
function singleValue(
  attributes: Map<string, pkijs.Attribute[]>,
  oid: string,
  name: string,
): { value?: unknown; problem?: string } {
  const list = attributes.get(oid);
  if (!list || list.length === 0) return { problem: `the ${name} attribute is missing` };
  if (list.length > 1) return { problem: `the ${name} attribute appears ${list.length} times` };
  const values = list[0]?.values ?? [];
  if (values.length !== 1) return { problem: `the ${name} attribute has ${values.length} values` };
  return { value: values[0] };
}

function verifySignatureValue(
  signerInfo: pkijs.SignerInfo,
  signer: ParsedCertificate,
  digest: DigestName,
): string | undefined {
  const encoded = signerInfo.signedAttrs?.encodedValue;
  if (!encoded || encoded.byteLength === 0) return 'the signed attributes are missing';
  const toBeSigned = Buffer.from(encoded); // pkijs already set its first byte to SET (0x31).
  const signature = Buffer.from(signerInfo.signature.valueBlock.valueHexView);
  const oid = signerInfo.signatureAlgorithm.algorithmId;
  const key = signer.x509.publicKey;
  const rsaHashes: Record<string, DigestName> = {
    [OID.rsaEncryption]: digest,
    [OID.sha256WithRsa]: 'sha256',
    [OID.sha384WithRsa]: 'sha384',
    [OID.sha512WithRsa]: 'sha512',
  };
  const ecHashes: Record<string, DigestName> = {
    [OID.ecPublicKey]: digest,
    [OID.ecdsaWithSha256]: 'sha256',
    [OID.ecdsaWithSha384]: 'sha384',
    [OID.ecdsaWithSha512]: 'sha512',
  };
  const weak = weakKeyReason(signer.x509);
  if (weak) return `the signer certificate cannot be trusted: ${weak}`;
  try {
    if (key.asymmetricKeyType === 'rsa' && rsaHashes[oid]) {
      return cryptoVerify(rsaHashes[oid], toBeSigned, key, signature)
        ? undefined
        : 'the signature does not verify with the signer certificate';
    }
    if (key.asymmetricKeyType === 'ec' && ecHashes[oid]) {
      return cryptoVerify(ecHashes[oid], toBeSigned, { key, dsaEncoding: 'der' }, signature)
        ? undefined
        : 'the signature does not verify with the signer certificate';
    }
  } catch (error) {
    return `the signature could not be checked (${describeError(error)})`;
  }
  return `the signature algorithm ${oid} is not supported for a ${key.asymmetricKeyType ?? 'unknown'} key`;
}

function checkSigningCertificateV2(value: unknown, signer: ParsedCertificate): string | undefined {
  if (!(value instanceof asn1js.Sequence))
    return 'the signing-certificate-v2 attribute is malformed';
  const certs = value.valueBlock.value[0];
  if (!(certs instanceof asn1js.Sequence) || certs.valueBlock.value.length === 0) {
    return 'the signing-certificate-v2 attribute names no certificate';
  }
  const first = certs.valueBlock.value[0];
  if (!(first instanceof asn1js.Sequence))
    return 'the signing-certificate-v2 attribute is malformed';
  const parts = [...first.valueBlock.value];
  let hashName: DigestName = 'sha256';
  if (parts[0] instanceof asn1js.Sequence) {
    let algorithm: pkijs.AlgorithmIdentifier;
    try {
      algorithm = new pkijs.AlgorithmIdentifier({ schema: parts[0] });
    } catch {
      return 'the signing-certificate-v2 hash algorithm is malformed';
    }
    const named = DIGEST_BY_OID.get(algorithm.algorithmId);
    if (!named)
      return `the signing-certificate-v2 hash algorithm ${algorithm.algorithmId} is not supported`;
    hashName = named;
    parts.shift();
  }
  const certHash = parts[0];
  if (!(certHash instanceof asn1js.OctetString)) {
    return 'the signing-certificate-v2 attribute has no certificate hash';
  }
  const expected = createHash(hashName).update(signer.der).digest();
  if (!Buffer.from(certHash.valueBlock.valueHexView).equals(expected)) {
    return 'the signing-certificate-v2 hash does not match the signer certificate';
  }
  const issuerSerial = parts[1];
  if (issuerSerial !== undefined) {
    if (!(issuerSerial instanceof asn1js.Sequence))
      return 'the signing-certificate-v2 issuerSerial is malformed';
    const [names, serial] = issuerSerial.valueBlock.value;
    if (!(serial instanceof asn1js.Integer) || !signer.pki.serialNumber.isEqual(serial)) {
      return 'the signing-certificate-v2 serial number does not match the signer certificate';
    }
    const directory =
      names instanceof asn1js.Sequence
        ? names.valueBlock.value.find(
            (name) => name.idBlock.tagClass === 3 && name.idBlock.tagNumber === 4,
          )
        : undefined;
    const issuerName =
      directory instanceof asn1js.Constructed ? directory.valueBlock.value[0] : undefined;
    let issuer: pkijs.RelativeDistinguishedNames | undefined;
    try {
      issuer = issuerName
        ? new pkijs.RelativeDistinguishedNames({ schema: issuerName })
        : undefined;
    } catch {
      issuer = undefined;
    }
    if (!issuer || !signer.pki.issuer.isEqual(issuer)) {
      return 'the signing-certificate-v2 issuer does not match the signer certificate';
    }
  }
  return undefined;
}

/**
 * Verifies a detached CMS SignedData. Never throws: every problem is a failed check.
 */
export function verifyDetachedCms(request: CmsVerifyRequest): CmsVerifyResult {
  const { label, idPrefix } = request;
  const id = (name: string): string => `${idPrefix}.${name}`;
  const checks: Check[] = [];
  let parsed: ParsedSignedData;
  try {
    parsed = parseSignedData(request.cms, request.allowZeroPadding);
  } catch (error) {
    const reason =
      error instanceof CmsProblem
        ? error.message
        : `the signature could not be read (${describeError(error)})`;
    checks.push(fail(id('structure'), `${label}: ${reason}`));
    return { ok: false, checks, signer: null, signerName: null, certificates: [] };
  }
  const { signerInfo, certificates } = parsed;
  const signer = findSigner(signerInfo, certificates);
  if (!signer) {
    checks.push(fail(id('structure'), `${label}: the signer certificate is not in the signature`));
    return { ok: false, checks, signer: null, signerName: null, certificates };
  }
  const signerName = displayName(signer);
  const prefix = `${label} (${signerName})`;
  const attributes = attributesOf(signerInfo);

  // Structure: detached data with the attributes a CAdES signature needs.
  const digestName = DIGEST_BY_OID.get(signerInfo.digestAlgorithm.algorithmId);
  const contentType = singleValue(attributes, OID.contentType, 'content-type');
  const structureProblem = !signerInfo.signedAttrs
    ? 'the signature has no signed attributes'
    : !digestName
      ? `the digest algorithm ${signerInfo.digestAlgorithm.algorithmId} is not supported`
      : (contentType.problem ??
        (contentType.value instanceof asn1js.ObjectIdentifier &&
        contentType.value.valueBlock.toString() === OID.data
          ? undefined
          : 'the content-type attribute is not id-data'));
  const signingTimeProblem =
    request.forbidSigningTime && attributes.has(OID.signingTime)
      ? 'it carries a signing-time attribute, which PAdES forbids (the time belongs in /M)'
      : undefined;
  const problem = structureProblem ?? signingTimeProblem;
  checks.push(
    problem
      ? fail(id('structure'), `${prefix}: ${problem}`)
      : pass(id('structure'), `${prefix}: detached CMS signature with the required attributes`),
  );
  if (!digestName) {
    return { ok: false, checks, signer, signerName, certificates };
  }

  // The digest of the content.
  const messageDigest = singleValue(attributes, OID.messageDigest, 'message-digest');
  let digestProblem = messageDigest.problem;
  if (!digestProblem) {
    if (!(messageDigest.value instanceof asn1js.OctetString)) {
      digestProblem = 'the message-digest attribute is malformed';
    } else {
      let actual: Buffer | undefined;
      try {
        actual = request.digestOf(digestName);
      } catch (error) {
        digestProblem = `the signed bytes could not be read (${describeError(error)})`;
      }
      if (actual && !Buffer.from(messageDigest.value.valueBlock.valueHexView).equals(actual)) {
        digestProblem =
          'the digest does not match the signed bytes: they were changed after signing';
      }
    }
  }
  checks.push(
    digestProblem
      ? fail(id('digest'), `${prefix}: ${digestProblem}`)
      : pass(id('digest'), `${prefix}: digest matches the signed bytes`),
  );

  // The signature over the signed attributes.
  const signatureProblem = verifySignatureValue(signerInfo, signer, digestName);
  checks.push(
    signatureProblem
      ? fail(id('signature'), `${prefix}: ${signatureProblem}`)
      : pass(id('signature'), `${prefix}: the signature verifies with the signer certificate`),
  );

  // ESS signing-certificate-v2 binds the signer certificate into the signed attributes.
  const essValue = singleValue(attributes, OID.signingCertificateV2, 'signing-certificate-v2');
  const essProblem = essValue.problem ?? checkSigningCertificateV2(essValue.value, signer);
  checks.push(
    essProblem
      ? fail(id('signing-certificate'), `${prefix}: ${essProblem}`)
      : pass(
          id('signing-certificate'),
          `${prefix}: signing-certificate-v2 matches the signer certificate`,
        ),
  );

  // The certificate: meant for signing, and issued by a trusted authority.
  const usage = keyUsageBits(signer.pki);
  const usageOk =
    usage === undefined ||
    usage.has(KEY_USAGE.digitalSignature) ||
    usage.has(KEY_USAGE.nonRepudiation);
  const chain = validateChain(
    signer.x509,
    certificates.filter((cert) => cert !== signer).map((cert) => cert.x509),
    request.trustAnchors,
    request.validationTime,
  );
  checks.push(
    !usageOk
      ? fail(
          id('chain'),
          `${prefix}: the signer certificate is not meant for signatures (key usage)`,
        )
      : chain.ok
        ? pass(id('chain'), `${prefix}: ${chain.message}`)
        : fail(id('chain'), `${prefix}: ${chain.message}`),
  );

  if (request.pinnedFingerprints) {
    checks.push(
      request.pinnedFingerprints.has(signer.fingerprint)
        ? pass(id('pinned'), `${prefix}: the signer certificate is one of the expected ones`)
        : fail(
            id('pinned'),
            `${prefix}: the signer certificate (SHA-256 ${signer.fingerprint.slice(0, 16)}…) is not one of the expected ones`,
          ),
    );
  }
  return { ok: checks.every((check) => check.ok), checks, signer, signerName, certificates };
}

export function certificatesToPem(certificates: readonly ParsedCertificate[]): string[] {
  return certificates.map((cert) => derToPem(cert.der, 'CERTIFICATE'));
}
