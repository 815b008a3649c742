/**
 * The tamper corpus: every case must fail our verifier (with the right check), never throw,
 * and, where pdfsig and mutool can see the change, fail there too.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createLocalIdentity,
  type SignerIdentity,
} from '../../../../electron/services/signing/identity.js';
import { signPdf } from '../../../../electron/services/signing/pades.js';
import {
  verifyPdfSignatures,
  type PdfVerification,
} from '../../../../electron/services/signing/verifyPdf.js';
import {
  appendUpdate,
  byteRanges,
  contentStream,
  count,
  lastTrailer,
  mutoolVerify,
  objectBody,
  pageNumbers,
  pdfsig,
  tempDir,
  unsignedReport,
  withByte,
  writeTemp,
} from './helpers.js';

const temp = tempDir('debrief-tamper-');
let facilitator: { identity: SignerIdentity; caCertificatePem: string };
let approver: { identity: SignerIdentity; caCertificatePem: string };
let anchors: string[];
let pins: string[];
let once: Buffer;
let twice: Buffer;
const created = new Date(Date.now() - 24 * 3600_000);
const signedAt = new Date(Math.floor(Date.now() / 1000) * 1000 - 3600_000);

beforeAll(async () => {
  facilitator = createLocalIdentity(
    { name: 'Jane Doe', role: 'Facilitator', organisation: 'Acme' },
    { now: created },
  );
  approver = createLocalIdentity(
    { name: 'Jürgen Müller', role: 'Approver', organisation: 'Acme' },
    { now: created },
  );
  anchors = [facilitator.caCertificatePem, approver.caCertificatePem];
  pins = [facilitator.identity.fingerprint, approver.identity.fingerprint];
  once = Buffer.from(
    await signPdf(unsignedReport(), facilitator.identity, {
      name: 'Jane Doe',
      reason: 'Facilitator sign-off',
      signingTime: signedAt,
    }),
  );
  twice = Buffer.from(await approve(once));
});

afterAll(() => temp.cleanup());

function approve(pdf: Uint8Array): Promise<Uint8Array> {
  return signPdf(pdf, approver.identity, {
    name: 'Jürgen Müller',
    reason: 'Approved',
    signingTime: new Date(signedAt.getTime() + 60_000),
  });
}

function verify(pdf: Uint8Array, pinned = true): Promise<PdfVerification> {
  return verifyPdfSignatures(pdf, anchors, pinned ? { pinnedFingerprints: pins } : {});
}

function failedIds(result: PdfVerification): string[] {
  return result.checks.filter((check) => !check.ok).map((check) => check.id);
}

function message(result: PdfVerification, id: string): string {
  return result.checks.find((check) => check.id === id)?.message ?? '';
}

/** pdfsig's and mutool's opinions of a file. */
function external(
  name: string,
  pdf: Uint8Array,
): { valid: number; mismatch: number; mutoolDigestErrors: number; mutool: string; pdfsig: string } {
  const file = writeTemp(temp.dir, name, pdf);
  const poppler = pdfsig(file).output;
  const mupdf = mutoolVerify(file).output;
  return {
    valid: count(poppler, 'Signature is Valid.'),
    mismatch: count(poppler, 'Digest Mismatch.'),
    mutoolDigestErrors: count(mupdf, 'Digest error'),
    mutool: mupdf,
    pdfsig: poppler,
  };
}

/** Offset of `needle` (latin1) in `pdf` after `from`; fails when absent. */
function find(pdf: Uint8Array, needle: string, from = 0): number {
  const at = Buffer.from(pdf).indexOf(needle, from, 'latin1');
  expect(at, `"${needle}" in the PDF`).toBeGreaterThanOrEqual(0);
  return at;
}

describe('the untampered files', () => {
  it('verify (the control for every case below)', async () => {
    expect(failedIds(await verify(once))).toEqual([]);
    expect(failedIds(await verify(twice))).toEqual([]);
    const tools = external('control.pdf', twice);
    expect(tools.valid).toBe(2);
    expect(tools.mutoolDigestErrors).toBe(0);
  });
});

describe('a changed byte inside a signed range', () => {
  it('in the first range of signature 1 (the original report) breaks both signatures', async () => {
    const [first] = byteRanges(twice);
    const at = find(twice, '/Producer (') + '/Producer ('.length;
    expect(at).toBeLessThan(first![1]);
    const tampered = withByte(twice, at, twice[at]! ^ 0x20);
    const result = await verify(tampered);
    expect(result.ok).toBe(false);
    expect(failedIds(result)).toEqual(['sig1.digest', 'sig2.digest']);
    expect(message(result, 'sig1.digest')).toMatch(
      /^Signature 1 \(Jane Doe\): the digest does not match/,
    );
    const tools = external('base.pdf', tampered);
    expect(tools.valid).toBe(0);
    expect(tools.mismatch).toBe(2);
    expect(tools.mutoolDigestErrors).toBe(2);
  });

  it('in the second range of signature 1 (after its /Contents) breaks both signatures', async () => {
    const [first] = byteRanges(twice);
    const at = find(twice, '(Facilitator sign-off)', first![2]) + 1;
    expect(at).toBeLessThan(first![2] + first![3]);
    const tampered = withByte(twice, at, 'G'.charCodeAt(0));
    const result = await verify(tampered);
    expect(failedIds(result)).toEqual(['sig1.digest', 'sig2.digest']);
    const tools = external('sig1-tail.pdf', tampered);
    expect(tools.valid).toBe(0);
    expect(tools.mutoolDigestErrors).toBe(2);
  });

  it("in signature 2's update before its /Contents breaks only signature 2", async () => {
    const [first, second] = byteRanges(twice);
    const firstEnd = first![2] + first![3];
    // A padding space after signature 2's /ByteRange becomes a newline: still valid syntax.
    const at = find(twice, ']  ', firstEnd) + 2;
    expect(at).toBeGreaterThan(firstEnd);
    expect(at).toBeLessThan(second![1]);
    const tampered = withByte(twice, at, 0x0a);
    const result = await verify(tampered);
    expect(failedIds(result)).toEqual(['sig2.digest']);
    const tools = external('sig2-head.pdf', tampered);
    expect(tools.valid).toBe(1);
    expect(tools.mismatch).toBe(1);
    expect(tools.mutoolDigestErrors).toBe(1);
  });

  it("in signature 2's update after its /Contents breaks only signature 2", async () => {
    const [, second] = byteRanges(twice);
    const at = find(twice, '(Signature2)', second![2]) + '(Signature'.length;
    const tampered = withByte(twice, at, '7'.charCodeAt(0));
    const result = await verify(tampered);
    expect(failedIds(result)).toEqual(['sig2.digest']);
    const tools = external('sig2-tail.pdf', tampered);
    expect(tools.valid).toBe(1);
    expect(tools.mutoolDigestErrors).toBe(1);
  });
});

describe('a changed embedded signer certificate', () => {
  // The role (certificate title) appears only in the signer's own certificate, hex-encoded in
  // /Contents, which no digest covers: pdfsig still calls such a signature valid.
  function tamperRole(pdf: Buffer, role: string, signature: number): Buffer {
    const range = byteRanges(pdf)[signature]!;
    const at = find(pdf, Buffer.from(role).toString('hex'), range[1]);
    expect(at).toBeLessThan(range[2]);
    return withByte(pdf, at + 1, pdf[at + 1] === 0x31 ? 0x32 : 0x31);
  }

  it('is caught by the pinned fingerprints, signing-certificate-v2 and the chain', async () => {
    const tampered = tamperRole(twice, 'Approver', 1);
    const pinned = await verify(tampered);
    expect(failedIds(pinned)).toEqual(['sig2.signing-certificate', 'sig2.chain', 'sig2.pinned']);
    expect(message(pinned, 'sig2.pinned')).toContain('is not one of the expected ones');
    const unpinned = await verify(tampered, false);
    expect(failedIds(unpinned)).toEqual(['sig2.signing-certificate', 'sig2.chain']);
    expect(pinned.signatures[1]?.fingerprint).not.toBe(approver.identity.fingerprint);
  });

  it('in signature 1 also breaks signature 2, which covers it', async () => {
    const result = await verify(tamperRole(twice, 'Facilitator', 0));
    expect(failedIds(result)).toEqual([
      'sig1.signing-certificate',
      'sig1.chain',
      'sig1.pinned',
      'sig2.digest',
    ]);
  });
});

describe('an incremental update after the last signature (shadow attack)', () => {
  it('that draws new content on a page fails the coverage check', async () => {
    const page = pageNumbers(twice)[0]!;
    const size = lastTrailer(twice).size;
    const body = objectBody(twice, page).replace(
      /\/Contents\s+(\d+) 0 R/,
      `/Contents [$1 0 R ${size} 0 R]`,
    );
    expect(body).toContain(`${size} 0 R]`);
    const tampered = appendUpdate(twice, [
      { num: size, body: contentStream('PAID IN FULL') },
      { num: page, body },
    ]);
    const result = await verify(tampered);
    expect(failedIds(result)).toEqual(['document.coverage']);
    expect(message(result, 'document.coverage')).toMatch(/bytes after the last signature/);
    const tools = external('after.pdf', tampered);
    expect(tools.pdfsig).toMatch(/Signature #2:[\s\S]*Not total document signed/);
    expect(count(tools.mutool, 'there have been edits since signing')).toBe(2);
  });

  it('even an empty one fails; trailing blank lines do not', async () => {
    expect(failedIds(await verify(appendUpdate(twice, [])))).toEqual(['document.coverage']);
    expect(failedIds(await verify(Buffer.concat([twice, Buffer.from('\r\n\n  \n')])))).toEqual([]);
    expect(failedIds(await verify(Buffer.concat([twice, Buffer.from('\n%%EOF\n')])))).toEqual([
      'document.coverage',
    ]);
  });
});

describe('an incremental update between the signatures', () => {
  async function between(objects: { num: number; body: string }[]): Promise<PdfVerification> {
    const edited = appendUpdate(once, objects);
    const signed = await approve(edited);
    return verify(signed);
  }

  it('that changes a page fails, although both digests and pdfsig are happy', async () => {
    const page = pageNumbers(once)[1]!;
    const size = lastTrailer(once).size;
    const body = objectBody(once, page).replace(
      /\/Contents\s+(\d+) 0 R/,
      `/Contents [$1 0 R ${size} 0 R]`,
    );
    const edited = appendUpdate(once, [
      { num: size, body: contentStream('APPROVED WITHOUT CHANGES') },
      { num: page, body },
    ]);
    const signed = await approve(edited);
    const result = await verify(signed);
    expect(failedIds(result)).toEqual(['document.update-1-2']);
    expect(message(result, 'document.update-1-2')).toMatch(
      /^Between signature 1 \(Jane Doe\) and signature 2 \(Jürgen Müller\): .*stream/,
    );
    expect(message(result, 'document.update-1-2')).toContain(
      "could change what signature 1's signer saw",
    );
    // Exactly what pdfsig cannot see.
    expect(external('between-page.pdf', signed).valid).toBe(2);
  });

  it("that changes a page's size fails", async () => {
    const page = pageNumbers(once)[2]!;
    const body = objectBody(once, page).replace(
      /\/MediaBox\s*\[[^\]]*\]/,
      '/MediaBox [0 0 300 300]',
    );
    const result = await between([{ num: page, body }]);
    expect(failedIds(result)).toEqual(['document.update-1-2']);
    expect(message(result, 'document.update-1-2')).toContain(
      `changes /MediaBox of page object ${page}`,
    );
  });

  it('that adds an unused font or stream fails', async () => {
    const size = lastTrailer(once).size;
    const font = await between([
      { num: size, body: '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>' },
    ]);
    expect(message(font, 'document.update-1-2')).toContain('adds a /Font /Type1');
    const stream = await between([{ num: size, body: contentStream('hidden') }]);
    expect(message(stream, 'document.update-1-2')).toContain('adds a stream');
  });

  it("that removes a page's link annotation fails", async () => {
    const page = pageNumbers(once)[0]!;
    const body = objectBody(once, page).replace(/\/Annots\s*\[\s*(\d+) 0 R/, '/Annots [');
    expect(body).not.toBe(objectBody(once, page));
    const result = await between([{ num: page, body }]);
    expect(message(result, 'document.update-1-2')).toContain(
      `removes an annotation from page object ${page}`,
    );
  });

  it('that changes the catalog or adds a page fails', async () => {
    const root = Number(lastTrailer(once).root.split(' ')[0]);
    const catalog = objectBody(once, root).replace(
      />>\s*$/,
      '/OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>',
    );
    const result = await between([{ num: root, body: catalog }]);
    expect(message(result, 'document.update-1-2')).toContain(
      'changes /OpenAction in the document catalog',
    );
    const size = lastTrailer(once).size;
    const pageBody = objectBody(once, pageNumbers(once)[0]!);
    const added = await between([{ num: size, body: pageBody }]);
    expect(message(added, 'document.update-1-2')).toContain('adds page object');
  });

  it('that points a cross-reference entry back into the signed revision fails', async () => {
    const pages = pageNumbers(once);
    // Object `pages[1]` is redefined by an xref entry that points at page 1's old bytes.
    const edited = appendUpdate(once, []);
    const text = edited.toString('latin1');
    const oldOffset = text.indexOf(`\n${pages[0]} 0 obj`) + 1;
    const xrefAt = text.lastIndexOf('xref\n0 1\n');
    const patched = Buffer.from(
      text.slice(0, xrefAt) +
        text
          .slice(xrefAt)
          .replace(
            '0000000000 65535 f \n',
            `0000000000 65535 f \n${pages[1]} 1\n${String(oldOffset).padStart(10, '0')} 00000 n \n`,
          ),
      'latin1',
    );
    const result = await verify(await approve(patched));
    expect(message(result, 'document.update-1-2')).toMatch(
      /points object \d+ back into an earlier revision/,
    );
  });

  it('that deletes an object fails', async () => {
    const edited = appendUpdate(once, []).toString('latin1');
    const patched = Buffer.from(
      edited.replace(
        /(xref\n0 1\n0000000000 65535 f \n)(?![\s\S]*xref\n0 1\n)/,
        '$17 1\n0000000000 00001 f \n',
      ),
      'latin1',
    );
    expect(patched.toString('latin1')).toContain('7 1\n0000000000 00001 f');
    const result = await verify(await approve(patched));
    expect(message(result, 'document.update-1-2')).toContain('deletes object 7');
  });

  it('that re-saves a page unchanged is accepted (the checks are not blind refusals)', async () => {
    const page = pageNumbers(once)[1]!;
    const result = await between([{ num: page, body: objectBody(once, page) }]);
    expect(failedIds(result)).toEqual([]);
    expect(result.ok).toBe(true);
  });
});

describe('files that are not signed PDFs', () => {
  it('a truncated file', async () => {
    const cut = twice.subarray(0, twice.length - 300);
    const result = await verify(cut);
    expect(result.ok).toBe(false);
    expect(failedIds(result)).toContain('document.end');
    expect(message(result, 'sig2.byte-range')).toContain('beyond the end of the file');
    const half = await verify(twice.subarray(0, Math.floor(twice.length / 2)));
    expect(half.ok).toBe(false);
    expect(failedIds(half)).toEqual(['document.end', 'document.signatures']);
    const inContents = byteRanges(twice)[1]![1] + 100;
    const cutContents = await verify(twice.subarray(0, inContents));
    expect(cutContents.ok).toBe(false);
    expect(failedIds(cutContents)).toContain('document.end');
  });

  it('an unsigned PDF', async () => {
    const result = await verify(unsignedReport());
    expect(result).toEqual({
      ok: false,
      signatures: [],
      checks: [
        { id: 'document.format', ok: true, message: 'The file is a PDF.' },
        { id: 'document.signatures', ok: false, message: 'The PDF has no signatures.' },
      ],
    });
  });

  it('random bytes, with and without a PDF header, and an empty file', async () => {
    const random = await verify(randomBytes(1024 * 1024));
    expect(random.ok).toBe(false);
    expect(random.checks).toEqual([
      { id: 'document.format', ok: false, message: 'This file is not a PDF.' },
    ]);
    const headed = await verify(
      Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(1024 * 1024)]),
    );
    expect(headed.ok).toBe(false);
    expect(failedIds(headed)).toContain('document.signatures');
    const empty = await verify(new Uint8Array());
    expect(empty.checks).toEqual([
      { id: 'document.format', ok: false, message: 'The file is empty.' },
    ]);
  });

  it('garbage in the signature itself', async () => {
    const [, second] = byteRanges(twice);
    const zeroed = Buffer.from(twice);
    zeroed.fill('0', second![1] + 1, second![2] - 1);
    const result = await verify(zeroed);
    expect(message(result, 'sig2.structure')).toMatch(/^Signature 2: the signature is not/);
    const junk = Buffer.from(twice);
    junk.write('ffff', second![1] + 1, 'latin1');
    expect((await verify(junk)).ok).toBe(false);
  });
});

describe('signatures that are intact but not acceptable', () => {
  it('an expired certificate, a future signing time, an unknown signer', async () => {
    const old = createLocalIdentity(
      { name: 'Old Signer', role: 'R', organisation: 'O' },
      { now: new Date('2015-01-01T00:00:00Z') },
    );
    const expired = await signPdf(once, old.identity, {
      name: 'Old',
      reason: 'x',
      signingTime: new Date(),
    });
    const expiredResult = await verifyPdfSignatures(expired, [...anchors, old.caCertificatePem]);
    expect(failedIds(expiredResult)).toEqual(['sig2.chain']);
    expect(message(expiredResult, 'sig2.chain')).toContain('is not valid at');
    // The same certificate, signing while it was valid (a claim: PAdES B-B has no trusted time).
    const backThen = await signPdf(once, old.identity, {
      name: 'Old',
      reason: 'x',
      signingTime: new Date('2016-06-01T00:00:00Z'),
    });
    expect(
      failedIds(await verifyPdfSignatures(backThen, [...anchors, old.caCertificatePem])),
    ).toEqual([]);

    const future = await signPdf(once, approver.identity, {
      name: 'x',
      reason: 'x',
      signingTime: new Date(Date.now() + 2 * 24 * 3600_000),
    });
    expect(failedIds(await verifyPdfSignatures(future, anchors))).toEqual(['sig2.time']);

    const stranger = createLocalIdentity({ name: 'Mallory', role: 'R', organisation: 'O' });
    const unknown = await signPdf(once, stranger.identity, {
      name: 'Mallory',
      reason: 'x',
      signingTime: new Date(),
    });
    const pinned = await verify(unknown);
    expect(failedIds(pinned)).toEqual(['sig2.chain', 'sig2.pinned']);
    expect(message(pinned, 'sig2.chain')).toContain('untrusted');
  });
});
