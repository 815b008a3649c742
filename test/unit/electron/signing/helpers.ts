/**
 * Shared helpers of the signing tests: the Chromium fixture, the external verifiers
 * (pdfsig, mutool, qpdf, openssl, certutil: Debian's poppler-utils, mupdf-tools, qpdf,
 * openssl and libnss3-tools), and hand-written incremental updates for the tamper corpus.
 * A missing tool fails the test that needs it, naming the package to install.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURE_PDF = fileURLToPath(
  new URL('../../../fixtures/signing/unsigned-report.pdf', import.meta.url),
);

export function unsignedReport(): Buffer {
  return readFileSync(FIXTURE_PDF);
}

const PACKAGES: Record<string, string> = {
  pdfsig: 'poppler-utils',
  mutool: 'mupdf-tools',
  qpdf: 'qpdf',
  openssl: 'openssl',
  certutil: 'libnss3-tools',
};

export interface ToolResult {
  status: number | null;
  stdout: string;
  stderr: string;
  output: string;
}

export function run(tool: string, args: string[], options: { cwd?: string } = {}): ToolResult {
  const result = spawnSync(tool, args, { encoding: 'utf8', timeout: 30_000, ...options });
  if (result.error && 'code' in result.error && result.error.code === 'ENOENT') {
    throw new Error(
      `${tool} is not installed: apt-get install -y ${PACKAGES[tool] ?? tool} (see .ci/run)`,
    );
  }
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    output: `${result.stdout}\n${result.stderr}`,
  };
}

/** A temporary folder for one test file; `cleanup` removes it. */
export function tempDir(prefix: string): {
  dir: string;
  file: (name: string) => string;
  cleanup: () => void;
} {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return {
    dir,
    file: (name) => path.join(dir, name),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export function writeTemp(dir: string, name: string, bytes: Uint8Array | string): string {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

export function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

/**
 * pdfsig's report; it exits 0 even when a signature is invalid, so callers read the text.
 * With an NSS database, `-no-ocsp` is left out: poppler 22.12 (Debian 12) then reports
 * "Unknown issue with Certificate or corrupted data." for every chain, even an openssl-made
 * one. Our certificates name no OCSP responder or CA issuers URL, so nothing is fetched.
 */
export function pdfsig(file: string, nssDir?: string): ToolResult {
  return run('pdfsig', nssDir ? ['-nssdir', `sql:${nssDir}`, file] : ['-no-ocsp', file]);
}

export function mutoolVerify(file: string): ToolResult {
  return run('mutool', ['sign', '-v', file]);
}

/** An NSS database in `dir` trusting the given CA certificates (files). */
export function nssDatabase(dir: string, caFiles: string[]): void {
  const created = run('certutil', ['-N', '-d', `sql:${dir}`, '--empty-password']);
  if (created.status !== 0) throw new Error(`certutil -N failed: ${created.output}`);
  caFiles.forEach((file, i) => {
    const added = run('certutil', [
      '-A',
      '-d',
      `sql:${dir}`,
      '-n',
      `ca${i + 1}`,
      '-t',
      'CT,C,C',
      '-i',
      file,
    ]);
    if (added.status !== 0) throw new Error(`certutil -A failed: ${added.output}`);
  });
}

// ---------------------------------------------------------------------------------------------
// Reading and changing PDFs by hand (deliberately independent of the code under test)

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('latin1');
}

/** The last trailer's values and the last startxref. */
export function lastTrailer(pdf: Uint8Array): {
  size: number;
  root: string;
  info: string | undefined;
  startxref: number;
} {
  const text = latin1(pdf);
  const trailerAt = text.lastIndexOf('trailer');
  const tail = text.slice(trailerAt);
  const size = /\/Size\s+(\d+)/.exec(tail)?.[1];
  const root = /\/Root\s+(\d+\s+\d+\s+R)/.exec(tail)?.[1];
  const info = /\/Info\s+(\d+\s+\d+\s+R)/.exec(tail)?.[1];
  const startxref = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(text.slice(-200))?.[1];
  if (!size || !root || !startxref) throw new Error('no classic trailer at the end');
  return { size: Number(size), root, info, startxref: Number(startxref) };
}

/** The text between `N 0 obj` and `endobj` of the newest definition of object `num`. */
export function objectBody(pdf: Uint8Array, num: number): string {
  const text = latin1(pdf);
  const re = new RegExp(`(?:^|[\\r\\n])${num} 0 obj\\s*`, 'g');
  let last: RegExpExecArray | null = null;
  for (let match = re.exec(text); match; match = re.exec(text)) last = match;
  if (!last) throw new Error(`object ${num} not found`);
  const start = last.index + last[0].length;
  const end = text.indexOf('endobj', start);
  return text.slice(start, end).trim();
}

/** Object numbers of the pages, in order (flat /Kids as Chromium writes them). */
export function pageNumbers(pdf: Uint8Array): number[] {
  const root = lastTrailer(pdf).root.split(/\s+/)[0] ?? '';
  const pagesRef = /\/Pages\s+(\d+)\s+0\s+R/.exec(objectBody(pdf, Number(root)))?.[1];
  const kids = /\/Kids\s*\[([^\]]*)\]/.exec(objectBody(pdf, Number(pagesRef)))?.[1] ?? '';
  return [...kids.matchAll(/(\d+)\s+0\s+R/g)].map((match) => Number(match[1]));
}

export interface NewObject {
  num: number;
  /** Everything between `N 0 obj` and `endobj`. */
  body: string | Buffer;
}

/**
 * Appends a classic incremental update (objects, xref, trailer with /Prev) as an editor
 * or an attacker would.
 */
export function appendUpdate(pdf: Uint8Array, objects: NewObject[]): Buffer {
  const trailer = lastTrailer(pdf);
  const parts: Buffer[] = [Buffer.from(pdf)];
  let length = pdf.length;
  const push = (chunk: Buffer | string): void => {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk;
    parts.push(bytes);
    length += bytes.length;
  };
  if (pdf[pdf.length - 1] !== 0x0a) push('\n');
  const offsets: { num: number; offset: number }[] = [];
  for (const object of objects) {
    offsets.push({ num: object.num, offset: length });
    push(`${object.num} 0 obj\n`);
    push(object.body);
    push('\nendobj\n');
  }
  const xref = length;
  push('xref\n0 1\n0000000000 65535 f \n');
  for (const { num, offset } of offsets) {
    push(`${num} 1\n${String(offset).padStart(10, '0')} 00000 n \n`);
  }
  const size = Math.max(trailer.size, ...objects.map((object) => object.num + 1));
  push(
    `trailer\n<< /Size ${size} /Root ${trailer.root}${trailer.info ? ` /Info ${trailer.info}` : ''} /Prev ${trailer.startxref} >>\nstartxref\n${xref}\n%%EOF\n`,
  );
  return Buffer.concat(parts);
}

/** A content stream object body that draws `text` on a page. */
export function contentStream(text: string): string {
  const data = `BT /F4 36 Tf 72 400 Td (${text}) Tj ET`;
  return `<< /Length ${data.length} >>\nstream\n${data}\nendstream`;
}

/** A copy of `pdf` with the byte at `at` replaced by `value`. */
export function withByte(pdf: Uint8Array, at: number, value: number): Buffer {
  const copy = Buffer.from(pdf);
  if (copy[at] === value) throw new Error(`byte ${at} already is ${value}`);
  copy[at] = value;
  return copy;
}

/** Offset of the `index`-th (0-based) signature's /ByteRange values, read by hand. */
export function byteRanges(pdf: Uint8Array): [number, number, number, number][] {
  const text = latin1(pdf);
  return [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)].map(
    (match) => [Number(match[1]), Number(match[2]), Number(match[3]), Number(match[4])],
  );
}

/** The DER CMS of each signature (from /Contents, padding removed by the DER length). */
export function signatureContents(pdf: Uint8Array): Buffer[] {
  return byteRanges(pdf).map(([, b, c]) => {
    const hex = latin1(pdf.subarray(b + 1, c - 1));
    const bytes = Buffer.from(hex, 'hex');
    // DER length of the outer SEQUENCE.
    const first = bytes[1] ?? 0;
    const lengthBytes = first & 0x80 ? first & 0x7f : 0;
    let length = lengthBytes ? 0 : first;
    for (let i = 0; i < lengthBytes; i += 1) length = length * 256 + (bytes[2 + i] ?? 0);
    return bytes.subarray(0, 2 + lengthBytes + length);
  });
}
