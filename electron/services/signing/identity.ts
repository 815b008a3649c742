/**
 * Signer identities: who signs a report, with which certificate and key, and where the key
 * is kept.
 *
 * - `createLocalIdentity` makes a certificate authority for one person ("Debrief local CA –
 *   <name>") and a signing certificate issued by it. The CA's private key is generated in
 *   memory, used once to sign the person's certificate and then dropped: it is never
 *   returned, stored or written anywhere, so nobody (not even this app) can later mint
 *   another certificate in that CA's name. Trusting the CA certificate therefore means
 *   trusting exactly this one signer certificate. The signer certificate is RSA 2048 by
 *   default, valid for three years, keyUsage digitalSignature + nonRepudiation.
 * - `importPkcs12` reads a .p12/.pfx from an organisation's PKI (RSA or EC keys), checks that
 *   the key belongs to the certificate and that the certificate is valid now, and orders the
 *   remaining certificates as the chain (issuer first, root last).
 * - `IdentityStore` keeps identities in a folder, one JSON file per identity, the private
 *   key sealed by a `KeyProtector` (a passphrase, or the OS keychain through Electron's
 *   safeStorage, which the desktop shell passes in as two functions). Listing never reveals
 *   a key. Files are written atomically (temporary file + rename) with mode 0600.
 *
 * Every failure a person can cause or fix is an `IdentityError` whose message can be shown
 * as is; its `code` tells the caller which one it was.
 */
import {
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  scrypt,
  type KeyObject,
  X509Certificate,
} from 'node:crypto';
// `promises` from 'node:fs' so that Electron's asar patches apply (see workshopFiles.ts).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import forge from 'node-forge';
import {
  certificateDer,
  derToPem,
  fingerprintOfDer,
  parseCertificateDer,
  parseCertificatePem,
  subjectFields,
} from './certificates.js';

export interface SignerProfile {
  name: string;
  role: string;
  organisation: string;
  email?: string;
}

export interface SignerIdentity {
  id: string;
  profile: SignerProfile;
  certificatePem: string;
  /** Issuers of the certificate, the root CA last; may be empty. */
  chainPem: string[];
  privateKeyPem: string;
  /** SHA-256 (lowercase hex) of the signer certificate's DER. */
  fingerprint: string;
  source: 'local' | 'imported';
}

export type IdentityErrorCode =
  | 'invalid-profile'
  | 'wrong-passphrase'
  | 'not-pkcs12'
  | 'no-private-key'
  | 'no-certificate'
  | 'key-mismatch'
  | 'expired'
  | 'not-yet-valid'
  | 'unsupported-key'
  | 'os-protection'
  | 'invalid-id'
  | 'unknown-identity'
  | 'already-stored'
  | 'wrong-protection'
  | 'damaged'
  | 'invalid-certificate'
  | 'storage';

/** A problem with an identity that a person can understand; `message` is user-facing. */
export class IdentityError extends Error {
  readonly code: IdentityErrorCode;
  constructor(code: IdentityErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'IdentityError';
    this.code = code;
  }
}

const MAX_FIELD = 64;
const MAX_EMAIL = 128;
const CERTIFICATE_YEARS = 3;

function cleanField(value: unknown, label: string, required: boolean, max = MAX_FIELD): string {
  const text = typeof value === 'string' ? value.normalize('NFC').trim() : '';
  if (required && text.length === 0) {
    throw new IdentityError('invalid-profile', `Enter the signer's ${label}.`);
  }
  if (Array.from(text).length > max) {
    throw new IdentityError('invalid-profile', `The ${label} can have at most ${max} characters.`);
  }
  // Control characters would end up in certificates and PDF dictionaries.
  if (/\p{Cc}/u.test(text)) {
    throw new IdentityError('invalid-profile', `The ${label} cannot contain control characters.`);
  }
  return text;
}

function cleanProfile(profile: SignerProfile): SignerProfile {
  const cleaned: SignerProfile = {
    name: cleanField(profile.name, 'name', true),
    role: cleanField(profile.role, 'role', true),
    organisation: cleanField(profile.organisation, 'organisation', true),
  };
  const email = cleanField(profile.email, 'email address', false, MAX_EMAIL);
  if (email) {
    if (!/^[\x21-\x7e]+@[\x21-\x7e]+$/.test(email)) {
      throw new IdentityError('invalid-profile', 'The email address does not look like one.');
    }
    cleaned.email = email;
  }
  return cleaned;
}

/** SHA-256 (lowercase hex) of the DER of the certificate in `pem`. */
export function certificateFingerprint(pem: string): string {
  try {
    return fingerprintOfDer(certificateDer(pem));
  } catch (error) {
    throw new IdentityError('invalid-certificate', 'This is not a PEM certificate.', {
      cause: error,
    });
  }
}

function identityIdFor(fingerprint: string): string {
  return fingerprint.slice(0, 32);
}

// ---------------------------------------------------------------------------------------------
// Local identities (node-forge writes the certificates; node:crypto makes the keys, which is
// much faster than forge's JavaScript key generation).

const UTF8 = forge.asn1.Type.UTF8 as unknown as forge.asn1.Class;

function utf8Attribute(type: string, value: string): forge.pki.CertificateField {
  return { type, value, valueTagClass: UTF8 };
}

function randomSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f; // positive INTEGER
  bytes[0] |= 0x10; // no leading zero byte, so every serial has 16 bytes
  return bytes.toString('hex');
}

interface ForgeKeyPair {
  forgePrivate: forge.pki.rsa.PrivateKey;
  forgePublic: forge.pki.rsa.PublicKey;
  pkcs8Pem: string;
}

function rsaKeyPair(bits: number): ForgeKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  const pkcs8Pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const spkiPem = publicKey.export({ format: 'pem', type: 'spki' }).toString();
  return {
    forgePrivate: forge.pki.privateKeyFromPem(pkcs8Pem),
    forgePublic: forge.pki.publicKeyFromPem(spkiPem),
    pkcs8Pem,
  };
}

function yearsAfter(date: Date, years: number): Date {
  const out = new Date(date.getTime());
  out.setUTCFullYear(out.getUTCFullYear() + years);
  return out;
}

/**
 * Creates a signer certificate for `profile`, issued by a new single-use local CA whose
 * private key is discarded right after issuing (see the module comment).
 */
export function createLocalIdentity(
  profile: SignerProfile,
  options: { now?: Date; keyBits?: number } = {},
): { identity: SignerIdentity; caCertificatePem: string } {
  const cleaned = cleanProfile(profile);
  const now = options.now ?? new Date();
  if (!Number.isFinite(now.getTime())) {
    throw new IdentityError('invalid-profile', 'The certificate date is not a valid date.');
  }
  const keyBits = options.keyBits ?? 2048;
  if (![2048, 3072, 4096].includes(keyBits)) {
    throw new IdentityError('unsupported-key', 'RSA keys must have 2048, 3072 or 4096 bits.');
  }
  // A few minutes of slack for clocks that run behind.
  const notBefore = new Date(now.getTime() - 5 * 60 * 1000);
  const notAfter = yearsAfter(now, CERTIFICATE_YEARS);

  // The certificate authority: exists only for the duration of this function.
  const caKeys = rsaKeyPair(keyBits);
  const ca = forge.pki.createCertificate();
  ca.publicKey = caKeys.forgePublic;
  ca.serialNumber = randomSerial();
  ca.validity.notBefore = notBefore;
  ca.validity.notAfter = new Date(notAfter.getTime() + 24 * 60 * 60 * 1000);
  const caSubject = [
    utf8Attribute('2.5.4.3', `Debrief local CA – ${cleaned.name}`),
    utf8Attribute('2.5.4.10', cleaned.organisation),
  ];
  ca.setSubject(caSubject);
  ca.setIssuer(caSubject);
  ca.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  ca.sign(caKeys.forgePrivate, forge.md.sha256.create());
  const caSki = ca.generateSubjectKeyIdentifier().getBytes();

  // The person's signing certificate.
  const signerKeys = rsaKeyPair(keyBits);
  const cert = forge.pki.createCertificate();
  cert.publicKey = signerKeys.forgePublic;
  cert.serialNumber = randomSerial();
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = notAfter;
  const subject = [
    utf8Attribute('2.5.4.3', cleaned.name),
    utf8Attribute('2.5.4.10', cleaned.organisation),
    utf8Attribute('2.5.4.12', cleaned.role),
  ];
  if (cleaned.email) subject.push({ type: '1.2.840.113549.1.9.1', value: cleaned.email });
  cert.setSubject(subject);
  cert.setIssuer(caSubject);
  const extensions: unknown[] = [
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: caSki },
  ];
  if (cleaned.email) {
    extensions.push({ name: 'subjectAltName', altNames: [{ type: 1, value: cleaned.email }] });
  }
  cert.setExtensions(extensions);
  cert.sign(caKeys.forgePrivate, forge.md.sha256.create());

  const certificatePem = forgeCertificatePem(cert);
  const caCertificatePem = forgeCertificatePem(ca);
  const fingerprint = certificateFingerprint(certificatePem);
  return {
    identity: {
      id: identityIdFor(fingerprint),
      profile: cleaned,
      certificatePem,
      chainPem: [caCertificatePem],
      privateKeyPem: signerKeys.pkcs8Pem,
      fingerprint,
      source: 'local',
    },
    caCertificatePem,
  };
}

function forgeCertificatePem(cert: forge.pki.Certificate): string {
  const der = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary');
  return derToPem(der, 'CERTIFICATE');
}

// ---------------------------------------------------------------------------------------------
// PKCS#12

function publicKeyDer(key: KeyObject): Buffer {
  return createPublicKey(key).export({ format: 'der', type: 'spki' });
}

function checkValidity(x509: X509Certificate, now: Date): void {
  const from = new Date(x509.validFrom);
  const to = new Date(x509.validTo);
  const day = (date: Date): string => date.toISOString().slice(0, 10);
  if (now.getTime() > to.getTime()) {
    throw new IdentityError('expired', `This certificate expired on ${day(to)}.`);
  }
  if (now.getTime() < from.getTime()) {
    throw new IdentityError('not-yet-valid', `This certificate is only valid from ${day(from)}.`);
  }
}

/** Issuers of `leaf` among `others`, nearest first. Certificates that issue nothing are left out. */
function orderChain(leaf: X509Certificate, others: X509Certificate[]): X509Certificate[] {
  const chain: X509Certificate[] = [];
  let current = leaf;
  const remaining = [...others];
  for (let depth = 0; depth < 8 && remaining.length > 0; depth += 1) {
    if (current.checkIssued(current) && current !== leaf) break; // reached a root
    const index = remaining.findIndex((candidate) => {
      try {
        return current.checkIssued(candidate) && current.verify(candidate.publicKey);
      } catch {
        return false;
      }
    });
    if (index < 0) break;
    const [next] = remaining.splice(index, 1);
    if (!next) break;
    chain.push(next);
    current = next;
  }
  return chain;
}

function toBinaryString(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('binary');
}

function forgeDer(asn1: forge.asn1.Asn1): Buffer {
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}

/**
 * Reads a PKCS#12 file (.p12/.pfx). Throws IdentityError for a wrong passphrase, a file that
 * is not PKCS#12, a missing key or certificate, a key that is not the certificate's, or a
 * certificate that is not valid at `options.now` (default: now).
 */
export function importPkcs12(
  bytes: Uint8Array,
  passphrase: string,
  options: { now?: Date } = {},
): SignerIdentity {
  if (bytes.length === 0 || bytes.length > 1024 * 1024) {
    throw new IdentityError('not-pkcs12', 'This is not a PKCS#12 (.p12 or .pfx) file.');
  }
  let pfx: forge.pkcs12.Pkcs12Pfx;
  try {
    const asn1 = forge.asn1.fromDer(toBinaryString(bytes), false);
    pfx = forge.pkcs12.pkcs12FromAsn1(asn1, false, passphrase);
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    if (/password|MAC could not be verified|decrypt/i.test(text)) {
      throw new IdentityError('wrong-passphrase', 'The passphrase is wrong for this file.', {
        cause: error,
      });
    }
    throw new IdentityError('not-pkcs12', 'This is not a PKCS#12 (.p12 or .pfx) file.', {
      cause: error,
    });
  }

  const keyBags = [
    ...(pfx.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag ?? '' })[
      forge.pki.oids.pkcs8ShroudedKeyBag ?? ''
    ] ?? []),
    ...(pfx.getBags({ bagType: forge.pki.oids.keyBag ?? '' })[forge.pki.oids.keyBag ?? ''] ?? []),
  ];
  const certBags =
    pfx.getBags({ bagType: forge.pki.oids.certBag ?? '' })[forge.pki.oids.certBag ?? ''] ?? [];

  const keys: KeyObject[] = [];
  for (const bag of keyBags) {
    try {
      // RSA keys come back as forge keys; other types (EC) as their PrivateKeyInfo.
      const pem = bag.key ? forge.pki.privateKeyToPem(bag.key) : undefined;
      keys.push(
        pem
          ? createPrivateKey(pem)
          : createPrivateKey({ key: forgeDer(bag.asn1), format: 'der', type: 'pkcs8' }),
      );
    } catch (error) {
      throw new IdentityError('unsupported-key', 'The private key in this file cannot be used.', {
        cause: error,
      });
    }
  }
  const certificates: X509Certificate[] = [];
  for (const bag of certBags) {
    try {
      const der = bag.cert ? forgeDer(forge.pki.certificateToAsn1(bag.cert)) : forgeDer(bag.asn1);
      certificates.push(new X509Certificate(der));
    } catch (error) {
      throw new IdentityError('invalid-certificate', 'A certificate in this file cannot be read.', {
        cause: error,
      });
    }
  }
  if (keys.length === 0) {
    throw new IdentityError('no-private-key', 'This file has no private key, only certificates.');
  }
  if (certificates.length === 0) {
    throw new IdentityError('no-certificate', 'This file has a private key but no certificate.');
  }
  let match: { key: KeyObject; cert: X509Certificate } | undefined;
  for (const key of keys) {
    const keyDer = publicKeyDer(key);
    const cert = certificates.find((candidate) =>
      candidate.publicKey.export({ format: 'der', type: 'spki' }).equals(keyDer),
    );
    if (cert) {
      match = { key, cert };
      break;
    }
  }
  if (!match) {
    throw new IdentityError(
      'key-mismatch',
      'The private key in this file does not belong to its certificate.',
    );
  }
  if (match.key.asymmetricKeyType !== 'rsa' && match.key.asymmetricKeyType !== 'ec') {
    throw new IdentityError(
      'unsupported-key',
      `Keys of type ${match.key.asymmetricKeyType ?? 'unknown'} cannot sign PDF reports here.`,
    );
  }
  checkValidity(match.cert, options.now ?? new Date());

  const leaf = match.cert;
  const chain = orderChain(
    leaf,
    certificates.filter((cert) => cert !== leaf),
  );
  const certificatePem = derToPem(leaf.raw, 'CERTIFICATE');
  const parsed = parseCertificateDer(leaf.raw);
  const fields = subjectFields(parsed.pki);
  const profile: SignerProfile = {
    name: fields.commonName ?? leaf.subject.replace(/\n/g, ', '),
    role: fields.role ?? '',
    organisation: fields.organisation ?? '',
  };
  if (fields.email) profile.email = fields.email;
  return {
    id: identityIdFor(parsed.fingerprint),
    profile,
    certificatePem,
    chainPem: chain.map((cert) => derToPem(cert.raw, 'CERTIFICATE')),
    privateKeyPem: match.key.export({ format: 'pem', type: 'pkcs8' }).toString(),
    fingerprint: parsed.fingerprint,
    source: 'imported',
  };
}

/**
 * A PKCS#12 file of `identity` (key, certificate and chain), the key encrypted with
 * AES-256 (PBES2, PBKDF2), MAC SHA-1 over 2048 iterations: forge and OpenSSL 3 both read it
 * (`openssl pkcs12 -in FILE -passin pass:…`). Only RSA keys can be exported.
 */
export function exportPkcs12(identity: SignerIdentity, passphrase: string): Uint8Array {
  const key = createPrivateKey(identity.privateKeyPem);
  if (key.asymmetricKeyType !== 'rsa') {
    throw new IdentityError('unsupported-key', 'Only RSA identities can be exported as PKCS#12.');
  }
  const forgeKey = forge.pki.privateKeyFromPem(
    key.export({ format: 'pem', type: 'pkcs8' }).toString(),
  );
  const certificates = [identity.certificatePem, ...identity.chainPem].map((pem) =>
    forge.pki.certificateFromPem(pem),
  );
  const asn1 = forge.pkcs12.toPkcs12Asn1(forgeKey, certificates, passphrase, {
    algorithm: 'aes256',
    friendlyName: identity.profile.name,
    generateLocalKeyId: true,
  });
  return new Uint8Array(forgeDer(asn1));
}

// ---------------------------------------------------------------------------------------------
// Key protection

export interface KeyProtector {
  readonly kind: 'passphrase' | 'os';
  seal(plain: Uint8Array): Promise<Uint8Array>;
  open(sealed: Uint8Array): Promise<Uint8Array>;
}

const PASS_MAGIC = Buffer.from('DBK1', 'ascii');
const OS_MAGIC = Buffer.from('DBO1', 'ascii');
const SCRYPT = { log2N: 15, r: 8, p: 1 } as const;
const PASS_HEADER = PASS_MAGIC.length + 3 + 16 + 12; // magic, log2N r p, salt, iv
const TAG_BYTES = 16;

function deriveKey(
  passphrase: string,
  salt: Buffer,
  params: { log2N: number; r: number; p: number },
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const N = 2 ** params.log2N;
    scrypt(
      Buffer.from(passphrase.normalize('NFC'), 'utf8'),
      salt,
      32,
      { N, r: params.r, p: params.p, maxmem: 256 * N * params.r + 1024 * 1024 },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

/**
 * Seals keys with a passphrase: scrypt (N = 2^15, r = 8, p = 1, random 16-byte salt) derives
 * an AES-256-GCM key; the header (format, parameters, salt, IV) is authenticated too.
 */
export function passphraseProtector(passphrase: string): KeyProtector {
  return {
    kind: 'passphrase',
    async seal(plain) {
      if (passphrase.length === 0) {
        throw new IdentityError('wrong-passphrase', 'Choose a passphrase to protect the key.');
      }
      const salt = randomBytes(16);
      const iv = randomBytes(12);
      const header = Buffer.concat([
        PASS_MAGIC,
        Buffer.from([SCRYPT.log2N, SCRYPT.r, SCRYPT.p]),
        salt,
        iv,
      ]);
      const key = await deriveKey(passphrase, salt, SCRYPT);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(header);
      const body = Buffer.concat([cipher.update(plain), cipher.final()]);
      return new Uint8Array(Buffer.concat([header, body, cipher.getAuthTag()]));
    },
    async open(sealed) {
      const bytes = Buffer.from(sealed);
      if (bytes.length < PASS_HEADER + TAG_BYTES || !bytes.subarray(0, 4).equals(PASS_MAGIC)) {
        throw new IdentityError('damaged', 'The stored key is damaged.');
      }
      const log2N = bytes[4] ?? 0;
      const r = bytes[5] ?? 0;
      const p = bytes[6] ?? 0;
      // Bounded, so a crafted file cannot make scrypt take minutes or gigabytes.
      if (log2N < 14 || log2N > 20 || r < 1 || r > 16 || p < 1 || p > 4) {
        throw new IdentityError('damaged', 'The stored key is damaged.');
      }
      const header = bytes.subarray(0, PASS_HEADER);
      const salt = bytes.subarray(7, 23);
      const iv = bytes.subarray(23, PASS_HEADER);
      const body = bytes.subarray(PASS_HEADER, bytes.length - TAG_BYTES);
      const tag = bytes.subarray(bytes.length - TAG_BYTES);
      const key = await deriveKey(passphrase, salt, { log2N, r, p });
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, iv);
        decipher.setAAD(header);
        decipher.setAuthTag(tag);
        return new Uint8Array(Buffer.concat([decipher.update(body), decipher.final()]));
      } catch (error) {
        throw new IdentityError(
          'wrong-passphrase',
          'The passphrase is wrong (or the stored key was changed).',
          { cause: error },
        );
      }
    },
  };
}

/**
 * Seals keys with the operating system's keychain. The desktop shell passes Electron's
 * `safeStorage.encryptString`/`decryptString` adapted to buffers.
 */
export function osProtector(
  encrypt: (plain: Buffer) => Buffer,
  decrypt: (sealed: Buffer) => Buffer,
): KeyProtector {
  return {
    kind: 'os',
    seal(plain) {
      try {
        return Promise.resolve(
          new Uint8Array(Buffer.concat([OS_MAGIC, encrypt(Buffer.from(plain))])),
        );
      } catch (error) {
        return Promise.reject(
          new IdentityError('os-protection', 'The system keychain could not protect the key.', {
            cause: error,
          }),
        );
      }
    },
    open(sealed) {
      const bytes = Buffer.from(sealed);
      if (bytes.length <= OS_MAGIC.length || !bytes.subarray(0, 4).equals(OS_MAGIC)) {
        return Promise.reject(new IdentityError('damaged', 'The stored key is damaged.'));
      }
      try {
        return Promise.resolve(new Uint8Array(decrypt(bytes.subarray(OS_MAGIC.length))));
      } catch (error) {
        return Promise.reject(
          new IdentityError(
            'os-protection',
            'The system keychain could not unlock this key (it may belong to another user account or computer).',
            { cause: error },
          ),
        );
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The store

export interface PublicIdentity {
  id: string;
  profile: SignerProfile;
  fingerprint: string;
  certificatePem: string;
  chainPem: string[];
  source: 'local' | 'imported';
  protection: KeyProtector['kind'];
  /** ISO 8601. */
  createdAt: string;
}

interface StoredIdentity extends PublicIdentity {
  format: 'debrief-signer-identity';
  version: 1;
  /** base64 of the protector's sealed PKCS#8 PEM. */
  sealedKey: string;
}

interface StoredAnchor {
  pem: string;
  fingerprint: string;
  origin: 'local-ca' | 'added';
  addedAt: string;
}

interface StoredAnchors {
  format: 'debrief-trust-anchors';
  version: 1;
  anchors: StoredAnchor[];
}

const ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const IDENTITY_PREFIX = 'identity-';
const IDENTITY_SUFFIX = '.json';
const ANCHORS_FILE = 'trust-anchors.json';
const MAX_STORE_FILE = 1024 * 1024;

function checkId(id: unknown): string {
  if (typeof id !== 'string' || !ID_PATTERN.test(id)) {
    throw new IdentityError('invalid-id', 'There is no such signer identity.');
  }
  return id;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function parseProfile(value: unknown): SignerProfile | undefined {
  if (!isRecord(value)) return undefined;
  const { name, role, organisation, email } = value;
  if (typeof name !== 'string' || typeof role !== 'string' || typeof organisation !== 'string') {
    return undefined;
  }
  if (email !== undefined && typeof email !== 'string') return undefined;
  return email === undefined ? { name, role, organisation } : { name, role, organisation, email };
}

function parseStoredIdentity(text: string, expectedId: string): StoredIdentity {
  const damaged = (): IdentityError =>
    new IdentityError('damaged', `The stored signer identity ${expectedId} is damaged.`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw damaged();
  }
  if (!isRecord(value)) throw damaged();
  const profile = parseProfile(value.profile);
  const {
    format,
    version,
    id,
    fingerprint,
    certificatePem,
    chainPem,
    source,
    protection,
    createdAt,
    sealedKey,
  } = value;
  if (
    format !== 'debrief-signer-identity' ||
    version !== 1 ||
    id !== expectedId ||
    !profile ||
    typeof fingerprint !== 'string' ||
    typeof certificatePem !== 'string' ||
    !isStringArray(chainPem) ||
    (source !== 'local' && source !== 'imported') ||
    (protection !== 'passphrase' && protection !== 'os') ||
    typeof createdAt !== 'string' ||
    typeof sealedKey !== 'string'
  ) {
    throw damaged();
  }
  try {
    if (certificateFingerprint(certificatePem) !== fingerprint) throw damaged();
    for (const pem of chainPem) parseCertificatePem(pem);
  } catch {
    throw damaged();
  }
  return {
    format,
    version,
    id,
    profile,
    fingerprint,
    certificatePem,
    chainPem,
    source,
    protection,
    createdAt,
    sealedKey,
  };
}

function publicPart(stored: StoredIdentity): PublicIdentity {
  return {
    id: stored.id,
    profile: { ...stored.profile },
    fingerprint: stored.fingerprint,
    certificatePem: stored.certificatePem,
    chainPem: [...stored.chainPem],
    source: stored.source,
    protection: stored.protection,
    createdAt: stored.createdAt,
  };
}

function errorCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}

/** Checks that the key, certificate and fingerprint of an identity belong together. */
function checkIdentity(identity: SignerIdentity): void {
  let cert: X509Certificate;
  let key: KeyObject;
  try {
    cert = new X509Certificate(certificateDer(identity.certificatePem));
    key = createPrivateKey(identity.privateKeyPem);
    for (const pem of identity.chainPem) parseCertificatePem(pem);
  } catch (error) {
    throw new IdentityError('invalid-certificate', 'This signer identity cannot be read.', {
      cause: error,
    });
  }
  if (!publicKeyDer(key).equals(cert.publicKey.export({ format: 'der', type: 'spki' }))) {
    throw new IdentityError(
      'key-mismatch',
      'The private key does not belong to the signer certificate.',
    );
  }
  if (certificateFingerprint(identity.certificatePem) !== identity.fingerprint) {
    throw new IdentityError('invalid-certificate', 'The identity fingerprint is wrong.');
  }
  checkId(identity.id);
}

/**
 * Signer identities kept in one folder: `identity-<id>.json` per identity (the key sealed
 * by its protector) and `trust-anchors.json` (the local CAs of identities created here, and
 * certificates the user chose to trust). A damaged file never crashes a caller: `list`
 * leaves it out (`damaged()` names it), `unlock` throws IdentityError.
 */
export class IdentityStore {
  readonly #dir: string;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(dir: string) {
    this.#dir = path.resolve(dir);
  }

  /** Runs writes one after another, so read-modify-write of the anchors file is safe. */
  #serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  #identityPath(id: string): string {
    return path.join(this.#dir, `${IDENTITY_PREFIX}${checkId(id)}${IDENTITY_SUFFIX}`);
  }

  async #ensureDir(): Promise<void> {
    await fs.mkdir(this.#dir, { recursive: true, mode: 0o700 });
  }

  async #writeAtomic(file: string, text: string): Promise<void> {
    await this.#ensureDir();
    const temp = path.join(
      this.#dir,
      `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`,
    );
    try {
      const handle = await fs.open(temp, 'wx', 0o600);
      try {
        await handle.writeFile(text, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fs.rename(temp, file);
    } catch (error) {
      await fs.rm(temp, { force: true }).catch(() => undefined);
      throw new IdentityError('storage', 'The signer identity could not be saved.', {
        cause: error,
      });
    }
  }

  async #readText(file: string): Promise<string | undefined> {
    try {
      const stat = await fs.stat(file);
      if (!stat.isFile() || stat.size > MAX_STORE_FILE) return '\u0000';
      return await fs.readFile(file, 'utf8');
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return undefined;
      throw new IdentityError('storage', 'The signer identities could not be read.', {
        cause: error,
      });
    }
  }

  async #readIdentity(id: string): Promise<StoredIdentity> {
    const text = await this.#readText(this.#identityPath(id));
    if (text === undefined) {
      throw new IdentityError('unknown-identity', 'There is no such signer identity.');
    }
    return parseStoredIdentity(text, id);
  }

  async #identityIds(): Promise<string[]> {
    let names: string[];
    try {
      names = await fs.readdir(this.#dir);
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return [];
      throw new IdentityError('storage', 'The signer identities could not be read.', {
        cause: error,
      });
    }
    return names
      .filter((name) => name.startsWith(IDENTITY_PREFIX) && name.endsWith(IDENTITY_SUFFIX))
      .map((name) => name.slice(IDENTITY_PREFIX.length, -IDENTITY_SUFFIX.length))
      .filter((id) => ID_PATTERN.test(id))
      .sort();
  }

  /** Every readable identity, oldest first; never a private key. */
  async list(): Promise<PublicIdentity[]> {
    const out: PublicIdentity[] = [];
    for (const id of await this.#identityIds()) {
      try {
        out.push(publicPart(await this.#readIdentity(id)));
      } catch (error) {
        if (!(error instanceof IdentityError)) throw error;
      }
    }
    return out.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  /** Identity files that cannot be read, with the reason (so the UI can offer to remove them). */
  async damaged(): Promise<{ id: string; message: string }[]> {
    const out: { id: string; message: string }[] = [];
    for (const id of await this.#identityIds()) {
      try {
        await this.#readIdentity(id);
      } catch (error) {
        if (error instanceof IdentityError) out.push({ id, message: error.message });
        else throw error;
      }
    }
    return out;
  }

  /** Stores `identity` with its key sealed by `protector`; a local identity's CA becomes a trust anchor. */
  add(identity: SignerIdentity, protector: KeyProtector): Promise<PublicIdentity> {
    return this.#serial(async () => {
      checkIdentity(identity);
      const file = this.#identityPath(identity.id);
      if ((await this.#readText(file)) !== undefined) {
        throw new IdentityError('already-stored', 'This signer identity is already stored.');
      }
      const sealed = await protector.seal(Buffer.from(identity.privateKeyPem, 'utf8'));
      const stored: StoredIdentity = {
        format: 'debrief-signer-identity',
        version: 1,
        id: identity.id,
        profile: { ...identity.profile },
        fingerprint: identity.fingerprint,
        certificatePem: identity.certificatePem,
        chainPem: [...identity.chainPem],
        source: identity.source,
        protection: protector.kind,
        createdAt: new Date().toISOString(),
        sealedKey: Buffer.from(sealed).toString('base64'),
      };
      if (identity.source === 'local') {
        const ca = identity.chainPem[identity.chainPem.length - 1];
        if (ca !== undefined) await this.#addAnchor(ca, 'local-ca');
      }
      await this.#writeAtomic(file, `${JSON.stringify(stored, null, 2)}\n`);
      return publicPart(stored);
    });
  }

  /** The identity with its private key, opened with `protector` (which must be the kind it was sealed with). */
  async unlock(id: string, protector: KeyProtector): Promise<SignerIdentity> {
    const stored = await this.#readIdentity(id);
    if (stored.protection !== protector.kind) {
      throw new IdentityError(
        'wrong-protection',
        stored.protection === 'passphrase'
          ? 'This signer identity is protected by a passphrase.'
          : 'This signer identity is protected by the system keychain.',
      );
    }
    let sealed: Buffer;
    try {
      sealed = Buffer.from(stored.sealedKey, 'base64');
    } catch {
      throw new IdentityError('damaged', `The stored signer identity ${id} is damaged.`);
    }
    const plain = await protector.open(sealed);
    const identity: SignerIdentity = {
      id: stored.id,
      profile: { ...stored.profile },
      certificatePem: stored.certificatePem,
      chainPem: [...stored.chainPem],
      privateKeyPem: Buffer.from(plain).toString('utf8'),
      fingerprint: stored.fingerprint,
      source: stored.source,
    };
    try {
      checkIdentity(identity);
    } catch (error) {
      throw new IdentityError('damaged', `The stored signer identity ${id} is damaged.`, {
        cause: error,
      });
    }
    return identity;
  }

  /** Removes an identity (its key is gone for good). Trust anchors stay, so old signatures still verify. */
  remove(id: string): Promise<void> {
    return this.#serial(async () => {
      const file = this.#identityPath(id);
      try {
        await fs.unlink(file);
      } catch (error) {
        if (errorCode(error) === 'ENOENT') {
          throw new IdentityError('unknown-identity', 'There is no such signer identity.');
        }
        throw new IdentityError('storage', 'The signer identity could not be removed.', {
          cause: error,
        });
      }
    });
  }

  async #readAnchors(): Promise<StoredAnchors> {
    const text = await this.#readText(path.join(this.#dir, ANCHORS_FILE));
    if (text === undefined) return { format: 'debrief-trust-anchors', version: 1, anchors: [] };
    const damaged = new IdentityError('damaged', 'The list of trusted certificates is damaged.');
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw damaged;
    }
    if (
      !isRecord(value) ||
      value.format !== 'debrief-trust-anchors' ||
      value.version !== 1 ||
      !Array.isArray(value.anchors)
    ) {
      throw damaged;
    }
    const anchors: StoredAnchor[] = [];
    for (const item of value.anchors as unknown[]) {
      if (
        !isRecord(item) ||
        typeof item.pem !== 'string' ||
        typeof item.fingerprint !== 'string' ||
        (item.origin !== 'local-ca' && item.origin !== 'added') ||
        typeof item.addedAt !== 'string'
      ) {
        throw damaged;
      }
      try {
        if (certificateFingerprint(item.pem) !== item.fingerprint) throw damaged;
      } catch {
        throw damaged;
      }
      anchors.push({
        pem: item.pem,
        fingerprint: item.fingerprint,
        origin: item.origin,
        addedAt: item.addedAt,
      });
    }
    return { format: 'debrief-trust-anchors', version: 1, anchors };
  }

  async #addAnchor(pem: string, origin: StoredAnchor['origin']): Promise<void> {
    let der: Buffer;
    try {
      der = certificateDer(pem);
      new X509Certificate(der);
    } catch (error) {
      throw new IdentityError('invalid-certificate', 'This is not a PEM certificate.', {
        cause: error,
      });
    }
    const fingerprint = fingerprintOfDer(der);
    const current = await this.#readAnchors();
    if (current.anchors.some((anchor) => anchor.fingerprint === fingerprint)) return;
    current.anchors.push({
      pem: derToPem(der, 'CERTIFICATE'),
      fingerprint,
      origin,
      addedAt: new Date().toISOString(),
    });
    await this.#writeAtomic(
      path.join(this.#dir, ANCHORS_FILE),
      `${JSON.stringify(current, null, 2)}\n`,
    );
  }

  /** PEMs of the CAs this store created (for its local identities) and of the anchors added. */
  async trustAnchors(): Promise<string[]> {
    return (await this.#readAnchors()).anchors.map((anchor) => anchor.pem);
  }

  /** Trusts a certificate (usually a CA) for verification. Adding it twice changes nothing. */
  addTrustAnchor(pem: string): Promise<void> {
    return this.#serial(() => this.#addAnchor(pem, 'added'));
  }
}
