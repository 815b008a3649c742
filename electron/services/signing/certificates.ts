/**
 * Certificates for the signing services: PEM/DER conversion, fingerprints, the subject
 * fields a person recognises (name, organisation, role, email) and chain validation up to a
 * trust anchor.
 *
 * Chain validation uses node:crypto's X509Certificate (`checkIssued` compares names, key
 * identifiers and the issuer's keyUsage; `verify` checks the issuer's signature). It knows no
 * revocation (no CRL or OCSP: Debrief is offline) and only what the verifier was told to
 * trust: a certificate is trusted when it is a trust anchor or is issued, through CA
 * certificates taken from the signature, by one.
 */
import { createHash, X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;

/** Every PEM block of one kind in `text`, as DER. */
export function pemBlocks(text: string, label: string): Buffer[] {
  // Bounded input: identities, trust anchors and PKCS#12 contents are small.
  if (text.length > 4 * 1024 * 1024) return [];
  const out: Buffer[] = [];
  for (const match of text.matchAll(PEM_BLOCK)) {
    if (match[1] === label && match[2] !== undefined) {
      out.push(Buffer.from(match[2].replace(/[^A-Za-z0-9+/=]/g, ''), 'base64'));
    }
  }
  return out;
}

export function derToPem(der: Uint8Array, label: string): string {
  const base64 = Buffer.from(der).toString('base64');
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** The DER of the single certificate in `pem`; throws when there is not exactly one. */
export function certificateDer(pem: string): Buffer {
  const blocks = pemBlocks(pem, 'CERTIFICATE');
  if (blocks.length !== 1 || blocks[0] === undefined) {
    throw new Error(`expected one PEM certificate, found ${blocks.length}`);
  }
  return blocks[0];
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** SHA-256 (lowercase hex) of a certificate's DER. */
export function fingerprintOfDer(der: Uint8Array): string {
  return sha256Hex(der);
}

/** A parsed certificate with the views the services need. */
export interface ParsedCertificate {
  der: Buffer;
  x509: X509Certificate;
  pki: pkijs.Certificate;
  fingerprint: string;
}

export function parseCertificateDer(der: Uint8Array): ParsedCertificate {
  const bytes = Buffer.from(der);
  const x509 = new X509Certificate(bytes);
  const pki = pkijs.Certificate.fromBER(bytes);
  return { der: bytes, x509, pki, fingerprint: fingerprintOfDer(bytes) };
}

export function parseCertificatePem(pem: string): ParsedCertificate {
  return parseCertificateDer(certificateDer(pem));
}

const SUBJECT_OIDS = {
  commonName: '2.5.4.3',
  organisation: '2.5.4.10',
  organisationalUnit: '2.5.4.11',
  title: '2.5.4.12',
  email: '1.2.840.113549.1.9.1',
} as const;

function attributeText(value: unknown): string | undefined {
  // asn1js string types (Utf8String, PrintableString, BmpString, IA5String...) keep the
  // decoded text in valueBlock.value.
  if (value !== null && typeof value === 'object' && 'valueBlock' in value) {
    const block = value.valueBlock;
    if (block !== null && typeof block === 'object' && 'value' in block) {
      const text = block.value;
      if (typeof text === 'string') return text;
    }
  }
  return undefined;
}

function nameField(names: pkijs.RelativeDistinguishedNames, oid: string): string | undefined {
  for (const entry of names.typesAndValues) {
    if (entry.type === oid) {
      const text = attributeText(entry.value);
      if (text !== undefined) return text;
    }
  }
  return undefined;
}

export interface SubjectFields {
  commonName?: string;
  organisation?: string;
  role?: string;
  email?: string;
}

/** The person-facing subject fields; role is the title, else the organisational unit. */
export function subjectFields(cert: pkijs.Certificate): SubjectFields {
  const subject = cert.subject;
  const fields: SubjectFields = {};
  const commonName = nameField(subject, SUBJECT_OIDS.commonName);
  if (commonName !== undefined) fields.commonName = commonName;
  const organisation = nameField(subject, SUBJECT_OIDS.organisation);
  if (organisation !== undefined) fields.organisation = organisation;
  const role =
    nameField(subject, SUBJECT_OIDS.title) ?? nameField(subject, SUBJECT_OIDS.organisationalUnit);
  if (role !== undefined) fields.role = role;
  const email = nameField(subject, SUBJECT_OIDS.email) ?? subjectAltEmail(cert);
  if (email !== undefined) fields.email = email;
  return fields;
}

function subjectAltEmail(cert: pkijs.Certificate): string | undefined {
  const extension = cert.extensions?.find((e) => e.extnID === '2.5.29.17');
  const parsed: unknown = extension?.parsedValue;
  if (!(parsed instanceof pkijs.AltName)) return undefined;
  for (const name of parsed.altNames) {
    if (name.type === 1 && typeof name.value === 'string') return name.value;
  }
  return undefined;
}

/** The name to show for a certificate: its common name, else its whole subject. */
export function displayName(cert: ParsedCertificate): string {
  return subjectFields(cert.pki).commonName ?? cert.x509.subject.replace(/\n/g, ', ');
}

/** keyUsage bits (RFC 5280 order: bit 0 = digitalSignature) or undefined without the extension. */
export function keyUsageBits(cert: pkijs.Certificate): Set<number> | undefined {
  const extension = cert.extensions?.find((e) => e.extnID === '2.5.29.15');
  if (!extension) return undefined;
  const parsed: unknown = extension.parsedValue;
  if (!(parsed instanceof asn1js.BitString)) return new Set();
  const bytes = new Uint8Array(parsed.valueBlock.valueHexView);
  const bits = new Set<number>();
  for (let i = 0; i < bytes.length * 8; i += 1) {
    const byte = bytes[i >> 3] ?? 0;
    if (byte & (0x80 >> (i & 7))) bits.add(i);
  }
  return bits;
}

export const KEY_USAGE = { digitalSignature: 0, nonRepudiation: 1, keyCertSign: 5 } as const;

/** A short reason why the public key is too weak to trust, or undefined when it is fine. */
export function weakKeyReason(x509: X509Certificate): string | undefined {
  const key = x509.publicKey;
  const details = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType === 'rsa' || key.asymmetricKeyType === 'rsa-pss') {
    const bits = details?.modulusLength ?? 0;
    return bits < 2048 ? `its RSA key has only ${bits} bits` : undefined;
  }
  if (key.asymmetricKeyType === 'ec') {
    const curve = details?.namedCurve ?? '';
    return ['prime256v1', 'secp384r1', 'secp521r1'].includes(curve)
      ? undefined
      : `its elliptic curve ${curve || '(unknown)'} is not supported`;
  }
  if (key.asymmetricKeyType === 'ed25519') return undefined;
  return `its key type ${key.asymmetricKeyType ?? '(unknown)'} is not supported`;
}

function validAt(x509: X509Certificate, at: Date): boolean {
  const from = Date.parse(x509.validFrom);
  const to = Date.parse(x509.validTo);
  const time = at.getTime();
  return Number.isFinite(from) && Number.isFinite(to) && time >= from && time <= to;
}

function shortName(x509: X509Certificate): string {
  const cn = /(?:^|\n)CN=([^\n]*)/.exec(x509.subject);
  return cn?.[1] ?? x509.subject.replace(/\n/g, ', ');
}

export interface ChainResult {
  ok: boolean;
  /** One human sentence: "issued by trusted authority X" or why not. */
  message: string;
  /** Leaf first; ends with the trust anchor when ok. */
  path: X509Certificate[];
}

function issuedBy(child: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return child.checkIssued(issuer) && child.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

/**
 * Validates `leaf` up to one of `anchors`, using `pool` (the certificates a signature carries)
 * for intermediate CAs. Every certificate on the path must be valid at `at`, and every issuer
 * must be a CA.
 */
export function validateChain(
  leaf: X509Certificate,
  pool: readonly X509Certificate[],
  anchors: readonly X509Certificate[],
  at: Date,
): ChainResult {
  const path: X509Certificate[] = [leaf];
  const when = Number.isFinite(at.getTime()) ? at.toISOString() : String(at);
  let current = leaf;
  for (let depth = 0; depth < 8; depth += 1) {
    if (!validAt(current, at)) {
      return {
        ok: false,
        message: `the certificate of ${shortName(current)} is not valid at ${when} (valid from ${current.validFrom} to ${current.validTo})`,
        path,
      };
    }
    if (anchors.some((anchor) => anchor.fingerprint256 === current.fingerprint256)) {
      return { ok: true, message: `${shortName(current)} is a trusted certificate`, path };
    }
    const anchor = anchors.find((candidate) => candidate.ca && issuedBy(current, candidate));
    if (anchor) {
      path.push(anchor);
      if (!validAt(anchor, at)) {
        return {
          ok: false,
          message: `the trusted authority ${shortName(anchor)} is not valid at ${when}`,
          path,
        };
      }
      return {
        ok: true,
        message: `the certificate chain leads to the trusted authority ${shortName(anchor)}`,
        path,
      };
    }
    const next = pool.find(
      (candidate) =>
        candidate.ca &&
        !path.some((seen) => seen.fingerprint256 === candidate.fingerprint256) &&
        issuedBy(current, candidate),
    );
    if (!next) {
      const issuer = /(?:^|\n)CN=([^\n]*)/.exec(current.issuer)?.[1] ?? current.issuer;
      return {
        ok: false,
        message: `untrusted: the certificate chain does not lead to a trusted authority (issuer "${issuer}" is not among the trust anchors)`,
        path,
      };
    }
    path.push(next);
    current = next;
  }
  return { ok: false, message: 'untrusted: the certificate chain is too long', path };
}

/** A trust anchor list in PEM, parsed; entries that are not certificates are skipped. */
export function parseAnchors(pems: readonly string[]): X509Certificate[] {
  const out: X509Certificate[] = [];
  for (const pem of pems) {
    for (const der of pemBlocks(pem, 'CERTIFICATE')) {
      try {
        out.push(new X509Certificate(der));
      } catch {
        // Not a certificate: it cannot anchor anything.
      }
    }
  }
  return out;
}
