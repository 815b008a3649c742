import { createHash, createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { existsSync, promises as fs, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signDetached, verifyDetached } from '../../../../electron/services/signing/cms.js';
import {
  certificateFingerprint,
  createLocalIdentity,
  exportPkcs12,
  IdentityError,
  IdentityStore,
  importPkcs12,
  osProtector,
  passphraseProtector,
  type IdentityErrorCode,
  type SignerIdentity,
} from '../../../../electron/services/signing/identity.js';
import { run, tempDir } from './helpers.js';

let jane: { identity: SignerIdentity; caCertificatePem: string };
let juergen: { identity: SignerIdentity; caCertificatePem: string };
const temp = tempDir('debrief-identity-');

beforeAll(() => {
  jane = createLocalIdentity({
    name: 'Jane Doe',
    role: 'Facilitator',
    organisation: 'Acme Reliability',
    email: 'jane@example.org',
  });
  juergen = createLocalIdentity({
    name: 'Jürgen Müller',
    role: 'Approver',
    organisation: 'Acme Öl GmbH',
  });
});

afterAll(() => temp.cleanup());

async function rejectsWith(
  promise: Promise<unknown>,
  code: IdentityErrorCode,
): Promise<IdentityError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(IdentityError);
  expect((error as IdentityError).code).toBe(code);
  return error as IdentityError;
}

function throwsWith(action: () => unknown, code: IdentityErrorCode): IdentityError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(IdentityError);
    expect((error as IdentityError).code).toBe(code);
    return error as IdentityError;
  }
  throw new Error(`expected IdentityError ${code}`);
}

function opensslText(pem: string): string {
  const file = path.join(temp.dir, `cert-${Math.random().toString(36).slice(2)}.pem`);
  writeFileSync(file, pem);
  const result = run('openssl', [
    'x509',
    '-in',
    file,
    '-noout',
    '-text',
    '-nameopt',
    'utf8,sep_comma_plus_space',
  ]);
  expect(result.status).toBe(0);
  return result.stdout;
}

describe('createLocalIdentity', () => {
  it('issues the signer certificate from a local CA named after the person', () => {
    const leaf = new X509Certificate(jane.identity.certificatePem);
    const ca = new X509Certificate(jane.caCertificatePem);
    expect(leaf.subject).toContain('CN=Jane Doe');
    expect(leaf.subject).toContain('O=Acme Reliability');
    expect(leaf.subject).toContain('title=Facilitator');
    expect(leaf.subject).toContain('emailAddress=jane@example.org');
    expect(leaf.subjectAltName).toBe('email:jane@example.org');
    expect(ca.subject).toContain('CN=Debrief local CA – Jane Doe');
    expect(leaf.issuer).toBe(ca.subject);
    expect(leaf.checkIssued(ca)).toBe(true);
    expect(leaf.verify(ca.publicKey)).toBe(true);
    expect(ca.ca).toBe(true);
    expect(leaf.ca).toBe(false);
    expect(jane.identity.chainPem).toEqual([jane.caCertificatePem]);
    expect(jane.identity.source).toBe('local');
  });

  it('sets key usage, basic constraints and about three years of validity', () => {
    const leafText = opensslText(jane.identity.certificatePem);
    expect(leafText).toMatch(/Key Usage: critical\s+Digital Signature, Non Repudiation/);
    expect(leafText).toMatch(/Basic Constraints: critical\s+CA:FALSE/);
    expect(leafText).toContain('Public-Key: (2048 bit)');
    expect(leafText).toContain('sha256WithRSAEncryption');
    const caText = opensslText(jane.caCertificatePem);
    expect(caText).toMatch(/Basic Constraints: critical\s+CA:TRUE/);
    expect(caText).toMatch(/Key Usage: critical\s+Certificate Sign, CRL Sign/);
    const leaf = new X509Certificate(jane.identity.certificatePem);
    const years = (Date.parse(leaf.validTo) - Date.parse(leaf.validFrom)) / (365.25 * 86400_000);
    expect(years).toBeGreaterThan(2.99);
    expect(years).toBeLessThan(3.01);
  });

  it('writes non-ASCII names as UTF-8', () => {
    const leaf = new X509Certificate(juergen.identity.certificatePem);
    expect(leaf.subject).toContain('CN=Jürgen Müller');
    expect(leaf.subject).toContain('O=Acme Öl GmbH');
    expect(opensslText(juergen.identity.certificatePem)).toContain('CN=Jürgen Müller');
    expect(juergen.identity.profile).toEqual({
      name: 'Jürgen Müller',
      role: 'Approver',
      organisation: 'Acme Öl GmbH',
    });
  });

  it('returns only the signer key: the CA key is gone', () => {
    const text = JSON.stringify(jane);
    expect(text.match(/BEGIN PRIVATE KEY/g)).toHaveLength(1);
    const key = createPrivateKey(jane.identity.privateKeyPem);
    const leaf = new X509Certificate(jane.identity.certificatePem);
    const ca = new X509Certificate(jane.caCertificatePem);
    const spki = (k: ReturnType<typeof createPublicKey>): Buffer =>
      k.export({ format: 'der', type: 'spki' });
    expect(spki(createPublicKey(key)).equals(spki(leaf.publicKey))).toBe(true);
    expect(spki(createPublicKey(key)).equals(spki(ca.publicKey))).toBe(false);
  });

  it('fingerprints the leaf DER with SHA-256', () => {
    const der = new X509Certificate(jane.identity.certificatePem).raw;
    const expected = createHash('sha256').update(der).digest('hex');
    expect(jane.identity.fingerprint).toBe(expected);
    expect(certificateFingerprint(jane.identity.certificatePem)).toBe(expected);
    expect(jane.identity.id).toBe(expected.slice(0, 32));
    throwsWith(() => certificateFingerprint('not a certificate'), 'invalid-certificate');
  });

  it('refuses profiles that cannot go into a certificate', () => {
    const base = { name: 'A', role: 'B', organisation: 'C' };
    throwsWith(() => createLocalIdentity({ ...base, name: '  ' }), 'invalid-profile');
    throwsWith(() => createLocalIdentity({ ...base, role: '' }), 'invalid-profile');
    throwsWith(() => createLocalIdentity({ ...base, name: 'x'.repeat(65) }), 'invalid-profile');
    throwsWith(() => createLocalIdentity({ ...base, name: 'Jane\nDoe' }), 'invalid-profile');
    throwsWith(() => createLocalIdentity({ ...base, email: 'not an email' }), 'invalid-profile');
    throwsWith(() => createLocalIdentity(base, { keyBits: 1024 }), 'unsupported-key');
  });
});

describe('key protectors', () => {
  const secret = Buffer.from('-----BEGIN PRIVATE KEY-----\nsecret\n-----END PRIVATE KEY-----\n');

  it('seals with a passphrase and opens only with the same one', async () => {
    const protector = passphraseProtector('correct horse battery staple');
    const sealed = await protector.seal(secret);
    expect(Buffer.from(sealed).includes(Buffer.from('secret'))).toBe(false);
    const again = await protector.seal(secret);
    expect(Buffer.from(again).equals(Buffer.from(sealed))).toBe(false); // random salt and IV
    expect(Buffer.from(await protector.open(sealed)).equals(secret)).toBe(true);
    const error = await rejectsWith(passphraseProtector('wrong').open(sealed), 'wrong-passphrase');
    expect(error.message).toMatch(/^The passphrase is wrong/);
  });

  it('detects a changed or damaged sealed key', async () => {
    const protector = passphraseProtector('pw');
    const sealed = Buffer.from(await protector.seal(secret));
    const flipped = Buffer.from(sealed);
    flipped[flipped.length - 20] = (flipped[flipped.length - 20] ?? 0) ^ 1;
    await rejectsWith(protector.open(flipped), 'wrong-passphrase');
    await rejectsWith(protector.open(sealed.subarray(0, 20)), 'damaged');
    const hugeCost = Buffer.from(sealed);
    hugeCost[4] = 40; // scrypt N = 2^40 would never finish
    await rejectsWith(protector.open(hugeCost), 'damaged');
    await rejectsWith(passphraseProtector('').seal(secret), 'wrong-passphrase');
  });

  it('seals with the OS keychain functions it is given', async () => {
    const xor = (b: Buffer): Buffer => Buffer.from(b.map((byte) => byte ^ 0x5a));
    const protector = osProtector(
      (plain) => Buffer.concat([Buffer.from('fake:'), xor(plain)]),
      (sealed) => {
        if (!sealed.subarray(0, 5).equals(Buffer.from('fake:'))) throw new Error('not mine');
        return xor(sealed.subarray(5));
      },
    );
    expect(protector.kind).toBe('os');
    const sealed = await protector.seal(secret);
    expect(Buffer.from(sealed).includes(Buffer.from('secret'))).toBe(false);
    expect(Buffer.from(await protector.open(sealed)).equals(secret)).toBe(true);
    const failing = osProtector(
      () => {
        throw new Error('keychain locked');
      },
      () => {
        throw new Error('keychain locked');
      },
    );
    await rejectsWith(failing.seal(secret), 'os-protection');
    await rejectsWith(failing.open(sealed), 'os-protection');
    await rejectsWith(protector.open(Buffer.from('garbage')), 'damaged');
  });
});

describe('PKCS#12', () => {
  it('exports and imports an identity unchanged', () => {
    const bytes = exportPkcs12(jane.identity, 'export pass');
    const back = importPkcs12(bytes, 'export pass');
    expect(back.fingerprint).toBe(jane.identity.fingerprint);
    expect(back.id).toBe(jane.identity.id);
    expect(back.certificatePem).toBe(jane.identity.certificatePem);
    expect(back.chainPem).toEqual([jane.caCertificatePem]);
    expect(back.profile).toEqual(jane.identity.profile);
    expect(back.source).toBe('imported');
    const key = createPrivateKey(back.privateKeyPem).export({ format: 'der', type: 'pkcs8' });
    const original = createPrivateKey(jane.identity.privateKeyPem).export({
      format: 'der',
      type: 'pkcs8',
    });
    expect(key.equals(original)).toBe(true);
  });

  it('writes files that OpenSSL reads', () => {
    const file = path.join(temp.dir, 'jane.p12');
    writeFileSync(file, exportPkcs12(juergen.identity, 'pw'));
    const info = run('openssl', ['pkcs12', '-in', file, '-passin', 'pass:pw', '-nokeys', '-info']);
    expect(info.status).toBe(0);
    expect(info.output).toContain('AES-256-CBC');
    expect(info.output).toContain('Debrief local CA');
    const key = run('openssl', ['pkcs12', '-in', file, '-passin', 'pass:pw', '-nocerts', '-nodes']);
    expect(key.status).toBe(0);
    expect(key.stdout).toContain('BEGIN PRIVATE KEY');
  });

  it("imports OpenSSL 3's default PKCS#12 (AES-256, SHA-256 MAC) with its chain", () => {
    const key = path.join(temp.dir, 'o-key.pem');
    const cert = path.join(temp.dir, 'o-cert.pem');
    const ca = path.join(temp.dir, 'o-ca.pem');
    const out = path.join(temp.dir, 'openssl.p12');
    writeFileSync(key, jane.identity.privateKeyPem);
    writeFileSync(cert, jane.identity.certificatePem);
    writeFileSync(ca, jane.caCertificatePem);
    const made = run('openssl', [
      'pkcs12',
      '-export',
      '-inkey',
      key,
      '-in',
      cert,
      '-certfile',
      ca,
      '-passout',
      'pass:bank pass',
      '-out',
      out,
    ]);
    expect(made.status).toBe(0);
    const imported = importPkcs12(readFileSync(out), 'bank pass');
    expect(imported.fingerprint).toBe(jane.identity.fingerprint);
    expect(imported.chainPem.map(certificateFingerprint)).toEqual([
      certificateFingerprint(jane.caCertificatePem),
    ]);
  });

  it('imports an elliptic-curve identity that signs and verifies', async () => {
    const key = path.join(temp.dir, 'ec-key.pem');
    const cert = path.join(temp.dir, 'ec-cert.pem');
    const out = path.join(temp.dir, 'ec.p12');
    const req = run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-subj',
      '/CN=Erika Beispiel/O=Example Bank/title=Auditor',
      '-days',
      '30',
      '-keyout',
      key,
      '-out',
      cert,
    ]);
    expect(req.status).toBe(0);
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
        out,
      ]).status,
    ).toBe(0);
    const identity = importPkcs12(readFileSync(out), 'pw');
    expect(identity.profile).toEqual({
      name: 'Erika Beispiel',
      role: 'Auditor',
      organisation: 'Example Bank',
    });
    expect(createPrivateKey(identity.privateKeyPem).asymmetricKeyType).toBe('ec');
    const data = Buffer.from('{"evidence":true}');
    const signature = await signDetached(data, identity);
    const result = await verifyDetached(data, signature, [identity.certificatePem]);
    expect(result.checks.filter((check) => !check.ok)).toEqual([]);
    expect(result.ok).toBe(true);
    throwsWith(() => exportPkcs12(identity, 'pw'), 'unsupported-key');
  });

  it('explains every import problem', () => {
    const bytes = exportPkcs12(jane.identity, 'right');
    const wrong = throwsWith(() => importPkcs12(bytes, 'wrong'), 'wrong-passphrase');
    expect(wrong.message).toMatch(/passphrase is wrong/);
    throwsWith(() => importPkcs12(new Uint8Array(), 'x'), 'not-pkcs12');
    throwsWith(() => importPkcs12(Buffer.from(jane.identity.certificatePem), 'x'), 'not-pkcs12');
    throwsWith(
      () => importPkcs12(Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 37) % 256)), 'x'),
      'not-pkcs12',
    );
    throwsWith(() => importPkcs12(readFileSync(new URL(import.meta.url)), 'x'), 'not-pkcs12');

    const key = path.join(temp.dir, 'e-key.pem');
    const cert = path.join(temp.dir, 'e-cert.pem');
    writeFileSync(key, jane.identity.privateKeyPem);
    writeFileSync(cert, jane.identity.certificatePem);
    const certsOnly = path.join(temp.dir, 'certs-only.p12');
    expect(
      run('openssl', [
        'pkcs12',
        '-export',
        '-nokeys',
        '-in',
        cert,
        '-passout',
        'pass:pw',
        '-out',
        certsOnly,
      ]).status,
    ).toBe(0);
    throwsWith(() => importPkcs12(readFileSync(certsOnly), 'pw'), 'no-private-key');
    const keyOnly = path.join(temp.dir, 'key-only.p12');
    expect(
      run('openssl', [
        'pkcs12',
        '-export',
        '-nocerts',
        '-inkey',
        key,
        '-passout',
        'pass:pw',
        '-out',
        keyOnly,
      ]).status,
    ).toBe(0);
    throwsWith(() => importPkcs12(readFileSync(keyOnly), 'pw'), 'no-certificate');

    // Juergen's key with Jane's certificate (OpenSSL refuses to write this; forge does not).
    const mismatched = forge.pkcs12.toPkcs12Asn1(
      forge.pki.privateKeyFromPem(juergen.identity.privateKeyPem),
      [forge.pki.certificateFromPem(jane.identity.certificatePem)],
      'pw',
      { algorithm: 'aes256' },
    );
    const mismatchedBytes = Buffer.from(forge.asn1.toDer(mismatched).getBytes(), 'binary');
    throwsWith(() => importPkcs12(mismatchedBytes, 'pw'), 'key-mismatch');
  });

  it('refuses certificates that are expired or not yet valid', () => {
    const old = createLocalIdentity(
      { name: 'Old Signer', role: 'R', organisation: 'O' },
      { now: new Date('2015-01-01T00:00:00Z') },
    );
    const expired = throwsWith(
      () => importPkcs12(exportPkcs12(old.identity, 'pw'), 'pw'),
      'expired',
    );
    expect(expired.message).toBe('This certificate expired on 2018-01-01.');
    const future = createLocalIdentity(
      { name: 'Future Signer', role: 'R', organisation: 'O' },
      { now: new Date('2090-06-01T00:00:00Z') },
    );
    const early = throwsWith(
      () => importPkcs12(exportPkcs12(future.identity, 'pw'), 'pw'),
      'not-yet-valid',
    );
    expect(early.message).toMatch(/only valid from 2090-0[56]-/);
    // With an explicit time, the same file is fine.
    expect(
      importPkcs12(exportPkcs12(old.identity, 'pw'), 'pw', { now: new Date('2016-01-01') })
        .fingerprint,
    ).toBe(old.identity.fingerprint);
  });
});

describe('IdentityStore', () => {
  const fakeOs = osProtector(
    (plain) => Buffer.from(plain.map((byte) => byte ^ 0xa5)),
    (sealed) => Buffer.from(sealed.map((byte) => byte ^ 0xa5)),
  );

  it('adds, lists without keys, unlocks and removes identities', async () => {
    const dir = path.join(temp.dir, 'store-basic');
    const store = new IdentityStore(dir);
    expect(await store.list()).toEqual([]);
    expect(await store.trustAnchors()).toEqual([]);
    const added = await store.add(jane.identity, passphraseProtector('jane pass'));
    expect(added.protection).toBe('passphrase');
    await store.add(juergen.identity, fakeOs);

    const listed = await store.list();
    expect(listed.map((entry) => entry.id).sort()).toEqual(
      [jane.identity.id, juergen.identity.id].sort(),
    );
    const janeEntry = listed.find((entry) => entry.id === jane.identity.id);
    expect(janeEntry).toMatchObject({
      profile: jane.identity.profile,
      fingerprint: jane.identity.fingerprint,
      certificatePem: jane.identity.certificatePem,
      chainPem: jane.identity.chainPem,
      source: 'local',
      protection: 'passphrase',
    });
    expect(Number.isFinite(Date.parse(janeEntry?.createdAt ?? ''))).toBe(true);
    const listedText = JSON.stringify(listed);
    expect(listedText).not.toContain('PRIVATE KEY');
    expect(listedText).not.toContain('sealedKey');
    expect(Object.keys(janeEntry ?? {}).sort()).toEqual([
      'certificatePem',
      'chainPem',
      'createdAt',
      'fingerprint',
      'id',
      'profile',
      'protection',
      'source',
    ]);

    // Nothing on disk holds a readable key; files are private.
    for (const name of await fs.readdir(dir)) {
      const file = path.join(dir, name);
      expect(readFileSync(file, 'utf8')).not.toContain('PRIVATE KEY');
      if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    }
    expect((await fs.readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);

    const unlocked = await store.unlock(jane.identity.id, passphraseProtector('jane pass'));
    expect(unlocked).toEqual(jane.identity);
    expect(await store.unlock(juergen.identity.id, fakeOs)).toEqual(juergen.identity);
    await rejectsWith(
      store.unlock(jane.identity.id, passphraseProtector('nope')),
      'wrong-passphrase',
    );
    await rejectsWith(store.unlock(jane.identity.id, fakeOs), 'wrong-protection');
    await rejectsWith(store.add(jane.identity, fakeOs), 'already-stored');

    // Both local CAs are trust anchors, and stay so after the identity is removed.
    const anchors = await store.trustAnchors();
    expect(anchors.map(certificateFingerprint).sort()).toEqual(
      [jane.caCertificatePem, juergen.caCertificatePem].map(certificateFingerprint).sort(),
    );
    await store.remove(jane.identity.id);
    expect((await store.list()).map((entry) => entry.id)).toEqual([juergen.identity.id]);
    expect(await store.trustAnchors()).toHaveLength(2);
    await rejectsWith(store.remove(jane.identity.id), 'unknown-identity');
    await rejectsWith(store.unlock(jane.identity.id, fakeOs), 'unknown-identity');
  });

  it('keeps imported anchors, once each', async () => {
    const store = new IdentityStore(path.join(temp.dir, 'store-anchors'));
    await store.addTrustAnchor(jane.caCertificatePem);
    await store.addTrustAnchor(jane.caCertificatePem);
    await Promise.all([
      store.addTrustAnchor(juergen.caCertificatePem),
      store.add(
        createLocalIdentity({ name: 'Third', role: 'R', organisation: 'O' }).identity,
        fakeOs,
      ),
    ]);
    expect(await store.trustAnchors()).toHaveLength(3);
    await rejectsWith(
      store.addTrustAnchor('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'),
      'invalid-certificate',
    );
    await rejectsWith(store.addTrustAnchor('hello'), 'invalid-certificate');
    // An imported identity's chain is not trusted implicitly.
    const imported = importPkcs12(exportPkcs12(juergen.identity, 'pw'), 'pw');
    const other = new IdentityStore(path.join(temp.dir, 'store-imported'));
    await other.add(imported, fakeOs);
    expect(await other.trustAnchors()).toEqual([]);
  });

  it('refuses ids that could leave the folder, harmlessly', async () => {
    const dir = path.join(temp.dir, 'store-ids');
    const store = new IdentityStore(dir);
    await store.add(jane.identity, fakeOs);
    const bad = [
      '../x',
      '..',
      '..\\x',
      'a/b',
      '/etc/passwd',
      '',
      'A'.repeat(65),
      'UPPER',
      'x\u0000y',
    ];
    for (const id of bad) {
      await rejectsWith(store.unlock(id, fakeOs), 'invalid-id');
      await rejectsWith(store.remove(id), 'invalid-id');
    }
    for (const id of ['__proto__', 'constructor', 'con', 'toString']) {
      const error = await store.unlock(id, fakeOs).then(
        () => undefined,
        (reason: unknown) => reason,
      );
      expect(error).toBeInstanceOf(IdentityError);
      await expect(store.remove(id)).rejects.toBeInstanceOf(IdentityError);
    }
    const evil = { ...jane.identity, id: '../../escape' };
    await rejectsWith(store.add(evil, fakeOs), 'invalid-id');
    expect(existsSync(path.join(temp.dir, 'escape.json'))).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(await store.list()).toHaveLength(1);
  });

  it('turns damaged files into IdentityError, never a crash', async () => {
    const dir = path.join(temp.dir, 'store-damaged');
    const store = new IdentityStore(dir);
    await store.add(jane.identity, passphraseProtector('pw'));
    await store.add(juergen.identity, fakeOs);
    const janeFile = path.join(dir, `identity-${jane.identity.id}.json`);
    const juergenFile = path.join(dir, `identity-${juergen.identity.id}.json`);

    // A changed sealed key: authenticated encryption notices.
    const stored = JSON.parse(readFileSync(janeFile, 'utf8')) as { sealedKey: string };
    const sealed = Buffer.from(stored.sealedKey, 'base64');
    sealed[60] = (sealed[60] ?? 0) ^ 0xff;
    writeFileSync(janeFile, JSON.stringify({ ...stored, sealedKey: sealed.toString('base64') }));
    await rejectsWith(
      store.unlock(jane.identity.id, passphraseProtector('pw')),
      'wrong-passphrase',
    );

    // A certificate that no longer matches its fingerprint.
    writeFileSync(
      janeFile,
      JSON.stringify({ ...stored, certificatePem: juergen.identity.certificatePem }),
    );
    await rejectsWith(store.unlock(jane.identity.id, passphraseProtector('pw')), 'damaged');

    // Garbage, an empty file, a JSON array, a key that does not match the certificate.
    for (const text of ['{{{', '', '[]', 'null', JSON.stringify({ ...stored, version: 2 })]) {
      writeFileSync(janeFile, text);
      await rejectsWith(store.unlock(jane.identity.id, passphraseProtector('pw')), 'damaged');
      expect((await store.list()).map((entry) => entry.id)).toEqual([juergen.identity.id]);
      expect((await store.damaged()).map((entry) => entry.id)).toEqual([jane.identity.id]);
    }
    const juergenStored = JSON.parse(readFileSync(juergenFile, 'utf8')) as { sealedKey: string };
    const otherKey = await fakeOs.seal(Buffer.from(jane.identity.privateKeyPem));
    writeFileSync(
      juergenFile,
      JSON.stringify({ ...juergenStored, sealedKey: Buffer.from(otherKey).toString('base64') }),
    );
    await rejectsWith(store.unlock(juergen.identity.id, fakeOs), 'damaged');

    writeFileSync(path.join(dir, 'trust-anchors.json'), '{"format":"debrief-trust-anchors"');
    await rejectsWith(store.trustAnchors(), 'damaged');
    writeFileSync(
      path.join(dir, 'trust-anchors.json'),
      JSON.stringify({
        format: 'debrief-trust-anchors',
        version: 1,
        anchors: [{ pem: 'x', fingerprint: 'y', origin: 'added', addedAt: 'z' }],
      }),
    );
    await rejectsWith(store.trustAnchors(), 'damaged');
  });
});
