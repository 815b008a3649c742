/**
 * A small, strict and bounded reader of PDF syntax (ISO 32000-1 §7.2–7.5) for the
 * signature verifier: tokens, direct objects, indirect objects and classic cross-reference
 * sections. It never uses regular expressions on file data, every loop advances or stops,
 * nesting depth and the number of values per object are capped, and every problem is a
 * `PdfSyntaxError` (never an out-of-bounds read): a 50 MB random file costs one linear scan
 * at most.
 */

export class PdfSyntaxError extends Error {
  readonly offset: number;
  constructor(message: string, offset: number) {
    super(`${message} (at byte ${offset})`);
    this.name = 'PdfSyntaxError';
    this.offset = offset;
  }
}

interface Span {
  start: number;
  end: number;
}

export type PdfValue =
  | ({ kind: 'null' } & Span)
  | ({ kind: 'bool'; value: boolean } & Span)
  | ({ kind: 'number'; value: number; integer: boolean } & Span)
  | ({ kind: 'name'; value: string } & Span)
  | ({ kind: 'string'; bytes: Buffer; hex: boolean } & Span)
  | ({ kind: 'array'; items: PdfValue[] } & Span)
  | ({ kind: 'dict'; entries: Map<string, PdfValue>; keyOffsets: Map<string, number> } & Span)
  | ({ kind: 'ref'; num: number; gen: number } & Span);

export type PdfDict = Extract<PdfValue, { kind: 'dict' }>;

const MAX_DEPTH = 48;
const MAX_VALUES_PER_OBJECT = 200_000;
const MAX_STRING_BYTES = 4 * 1024 * 1024;

export function isWhite(byte: number | undefined): boolean {
  return (
    byte === 0x20 ||
    byte === 0x0a ||
    byte === 0x0d ||
    byte === 0x09 ||
    byte === 0x0c ||
    byte === 0x00
  );
}

function isDelimiter(byte: number | undefined): boolean {
  return (
    byte === 0x28 || // (
    byte === 0x29 || // )
    byte === 0x3c || // <
    byte === 0x3e || // >
    byte === 0x5b || // [
    byte === 0x5d || // ]
    byte === 0x7b || // {
    byte === 0x7d || // }
    byte === 0x2f || // /
    byte === 0x25 // %
  );
}

function isRegular(byte: number | undefined): boolean {
  return byte !== undefined && !isWhite(byte) && !isDelimiter(byte);
}

function isDigit(byte: number | undefined): boolean {
  return byte !== undefined && byte >= 0x30 && byte <= 0x39;
}

function hexValue(byte: number | undefined): number {
  if (byte === undefined) return -1;
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  if (byte >= 0x41 && byte <= 0x46) return byte - 0x37;
  if (byte >= 0x61 && byte <= 0x66) return byte - 0x57;
  return -1;
}

export function isHexDigit(byte: number | undefined): boolean {
  return hexValue(byte) >= 0;
}

/** A cursor over `buf[pos, limit)`. */
export class PdfReader {
  readonly buf: Buffer;
  pos: number;
  readonly limit: number;
  #budget = MAX_VALUES_PER_OBJECT;

  constructor(buf: Buffer, pos: number, limit = buf.length) {
    this.buf = buf;
    this.pos = pos;
    this.limit = Math.min(limit, buf.length);
  }

  error(message: string, at = this.pos): PdfSyntaxError {
    return new PdfSyntaxError(message, at);
  }

  peek(offset = 0): number | undefined {
    const at = this.pos + offset;
    return at < this.limit ? this.buf[at] : undefined;
  }

  atEnd(): boolean {
    return this.pos >= this.limit;
  }

  /** Skips whitespace and, unless `comments` is false, comments. */
  skipWhite(comments = true): void {
    while (this.pos < this.limit) {
      const byte = this.buf[this.pos];
      if (isWhite(byte)) {
        this.pos += 1;
      } else if (byte === 0x25 && comments) {
        while (
          this.pos < this.limit &&
          this.buf[this.pos] !== 0x0a &&
          this.buf[this.pos] !== 0x0d
        ) {
          this.pos += 1;
        }
      } else {
        return;
      }
    }
  }

  /** True when `text` (ASCII) is next, followed by a delimiter, whitespace or the end. */
  lookingAtKeyword(text: string): boolean {
    if (this.pos + text.length > this.limit) return false;
    for (let i = 0; i < text.length; i += 1) {
      if (this.buf[this.pos + i] !== text.charCodeAt(i)) return false;
    }
    return !isRegular(this.peek(text.length));
  }

  expectKeyword(text: string): void {
    this.skipWhite();
    if (!this.lookingAtKeyword(text)) throw this.error(`expected "${text}"`);
    this.pos += text.length;
  }

  /** A non-negative integer token (digits only). */
  readInteger(): number {
    this.skipWhite();
    const start = this.pos;
    while (isDigit(this.peek()) && this.pos - start < 16) this.pos += 1;
    if (this.pos === start || isRegular(this.peek()))
      throw this.error('expected an integer', start);
    const value = Number(this.buf.toString('latin1', start, this.pos));
    if (!Number.isSafeInteger(value)) throw this.error('integer too large', start);
    return value;
  }

  #spend(): void {
    this.#budget -= 1;
    if (this.#budget < 0) throw this.error('object too complex');
  }

  /** One direct object (a reference `n g R` counts as one). */
  readValue(depth = 0): PdfValue {
    if (depth > MAX_DEPTH) throw this.error('objects nested too deeply');
    this.#spend();
    this.skipWhite();
    const start = this.pos;
    const byte = this.peek();
    if (byte === undefined) throw this.error('unexpected end of data');
    if (byte === 0x3c && this.peek(1) === 0x3c) return this.#readDict(depth);
    if (byte === 0x3c) return this.#readHexString();
    if (byte === 0x28) return this.#readLiteralString();
    if (byte === 0x5b) {
      this.pos += 1;
      const items: PdfValue[] = [];
      for (;;) {
        this.skipWhite();
        if (this.peek() === 0x5d) {
          this.pos += 1;
          return { kind: 'array', items, start, end: this.pos };
        }
        if (this.atEnd()) throw this.error('unterminated array', start);
        items.push(this.readValue(depth + 1));
      }
    }
    if (byte === 0x2f) return this.#readName();
    if (isDigit(byte) || byte === 0x2b || byte === 0x2d || byte === 0x2e) {
      return this.#readNumberOrRef();
    }
    if (this.lookingAtKeyword('true')) {
      this.pos += 4;
      return { kind: 'bool', value: true, start, end: this.pos };
    }
    if (this.lookingAtKeyword('false')) {
      this.pos += 5;
      return { kind: 'bool', value: false, start, end: this.pos };
    }
    if (this.lookingAtKeyword('null')) {
      this.pos += 4;
      return { kind: 'null', start, end: this.pos };
    }
    throw this.error('unexpected token');
  }

  #readDict(depth: number): PdfDict {
    const start = this.pos;
    this.pos += 2;
    const entries = new Map<string, PdfValue>();
    const keyOffsets = new Map<string, number>();
    for (;;) {
      this.skipWhite();
      if (this.peek() === 0x3e && this.peek(1) === 0x3e) {
        this.pos += 2;
        return { kind: 'dict', entries, keyOffsets, start, end: this.pos };
      }
      if (this.atEnd()) throw this.error('unterminated dictionary', start);
      const keyStart = this.pos;
      if (this.peek() !== 0x2f) throw this.error('expected a name as dictionary key');
      const key = this.#readName().value;
      if (entries.has(key)) throw this.error(`duplicate dictionary key /${key}`, keyStart);
      entries.set(key, this.readValue(depth + 1));
      keyOffsets.set(key, keyStart);
    }
  }

  #readName(): Extract<PdfValue, { kind: 'name' }> {
    const start = this.pos;
    this.pos += 1; // '/'
    const bytes: number[] = [];
    while (isRegular(this.peek())) {
      const byte = this.buf[this.pos] ?? 0;
      if (byte === 0x23) {
        const high = hexValue(this.peek(1));
        const low = hexValue(this.peek(2));
        if (high < 0 || low < 0) throw this.error('bad #-escape in a name');
        bytes.push(high * 16 + low);
        this.pos += 3;
      } else {
        bytes.push(byte);
        this.pos += 1;
      }
      if (bytes.length > 1024) throw this.error('name too long', start);
    }
    return { kind: 'name', value: Buffer.from(bytes).toString('latin1'), start, end: this.pos };
  }

  #readHexString(): Extract<PdfValue, { kind: 'string' }> {
    const start = this.pos;
    let digits = 0;
    let at = start + 1;
    for (; ; at += 1) {
      if (at >= this.limit) throw this.error('unterminated hex string', start);
      const byte = this.buf[at];
      if (byte === 0x3e) break;
      if (isWhite(byte)) continue;
      if (hexValue(byte) < 0) throw this.error('bad character in a hex string', at);
      digits += 1;
      if (digits > 2 * MAX_STRING_BYTES) throw this.error('hex string too long', start);
    }
    const close = at;
    const bytes = Buffer.alloc(Math.ceil(digits / 2));
    let index = 0;
    for (let i = start + 1; i < close; i += 1) {
      const value = hexValue(this.buf[i]);
      if (value < 0) continue;
      const target = index >> 1;
      bytes[target] = (bytes[target] ?? 0) | (index % 2 === 0 ? value << 4 : value);
      index += 1;
    }
    this.pos = close + 1;
    return { kind: 'string', bytes, hex: true, start, end: this.pos };
  }

  #readLiteralString(): Extract<PdfValue, { kind: 'string' }> {
    const start = this.pos;
    this.pos += 1;
    const out: number[] = [];
    let depth = 1;
    for (;;) {
      if (this.atEnd()) throw this.error('unterminated string', start);
      if (out.length > MAX_STRING_BYTES) throw this.error('string too long', start);
      const byte = this.buf[this.pos] ?? 0;
      this.pos += 1;
      if (byte === 0x28) {
        depth += 1;
        out.push(byte);
      } else if (byte === 0x29) {
        depth -= 1;
        if (depth === 0) break;
        out.push(byte);
      } else if (byte === 0x5c) {
        const next = this.peek();
        if (next === undefined) throw this.error('unterminated string', start);
        this.pos += 1;
        const simple: Record<number, number> = {
          0x6e: 0x0a,
          0x72: 0x0d,
          0x74: 0x09,
          0x62: 0x08,
          0x66: 0x0c,
          0x28: 0x28,
          0x29: 0x29,
          0x5c: 0x5c,
        };
        if (simple[next] !== undefined) {
          out.push(simple[next]);
        } else if (next >= 0x30 && next <= 0x37) {
          let value = next - 0x30;
          for (let i = 0; i < 2; i += 1) {
            const digit = this.peek();
            if (digit === undefined || digit < 0x30 || digit > 0x37) break;
            value = value * 8 + (digit - 0x30);
            this.pos += 1;
          }
          out.push(value & 0xff);
        } else if (next === 0x0d) {
          if (this.peek() === 0x0a) this.pos += 1;
        } else if (next !== 0x0a) {
          out.push(next);
        }
      } else {
        out.push(byte);
      }
    }
    return { kind: 'string', bytes: Buffer.from(out), hex: false, start, end: this.pos };
  }

  #readNumberOrRef(): PdfValue {
    const start = this.pos;
    while (isRegular(this.peek()) && this.pos - start < 40) this.pos += 1;
    const text = this.buf.toString('latin1', start, this.pos);
    if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(text)) throw this.error('bad number', start);
    const value = Number(text);
    const integer = /^\d+$/.test(text);
    if (integer && Number.isSafeInteger(value)) {
      // `n g R`?
      const after = this.pos;
      this.skipWhite();
      const genStart = this.pos;
      while (isDigit(this.peek()) && this.pos - genStart < 6) this.pos += 1;
      if (this.pos > genStart && !isRegular(this.peek())) {
        const gen = Number(this.buf.toString('latin1', genStart, this.pos));
        this.skipWhite();
        if (this.lookingAtKeyword('R')) {
          this.pos += 1;
          return { kind: 'ref', num: value, gen, start, end: this.pos };
        }
      }
      this.pos = after;
    }
    return { kind: 'number', value, integer, start, end: this.pos };
  }
}

export interface IndirectObject {
  num: number;
  gen: number;
  value: PdfValue;
  /** The stream data, when the object is a stream. */
  stream?: Span;
  /** Offset of the object number. */
  start: number;
  /** Just after `endobj`. */
  end: number;
}

/** The header and value of the indirect object at `offset`, and whether a stream follows. */
export function readObjectHead(
  buf: Buffer,
  offset: number,
  limit = buf.length,
): { num: number; gen: number; value: PdfValue; stream: boolean; reader: PdfReader } {
  const reader = new PdfReader(buf, offset, limit);
  if (!isDigit(reader.peek())) throw reader.error('expected an object header');
  const num = reader.readInteger();
  const gen = reader.readInteger();
  reader.expectKeyword('obj');
  const value = reader.readValue();
  reader.skipWhite();
  return { num, gen, value, stream: reader.lookingAtKeyword('stream'), reader };
}

/** `n g obj … endobj` starting exactly at `offset` (a stream's data is skipped by /Length). */
export function readIndirectObject(
  buf: Buffer,
  offset: number,
  limit = buf.length,
): IndirectObject {
  const { num, gen, value, reader } = readObjectHead(buf, offset, limit);
  let stream: Span | undefined;
  if (reader.lookingAtKeyword('stream')) {
    if (value.kind !== 'dict') throw reader.error('stream without a dictionary');
    reader.pos += 6;
    if (reader.peek() === 0x0d) reader.pos += 1;
    if (reader.peek() !== 0x0a) throw reader.error('"stream" must end its line');
    reader.pos += 1;
    const dataStart = reader.pos;
    const length = value.entries.get('Length');
    let dataEnd = -1;
    if (length?.kind === 'number' && length.integer) {
      const candidate = dataStart + length.value;
      if (candidate <= reader.limit) {
        const after = new PdfReader(buf, candidate, limit);
        after.skipWhite(false);
        if (after.lookingAtKeyword('endstream')) {
          dataEnd = candidate;
          reader.pos = after.pos;
        }
      }
    }
    if (dataEnd < 0) {
      // Indirect or wrong /Length: the first "endstream" ends the data.
      const at = buf.indexOf('endstream', dataStart, 'latin1');
      if (at < 0 || at >= reader.limit) throw reader.error('unterminated stream', dataStart);
      dataEnd = at;
      reader.pos = at;
    }
    stream = { start: dataStart, end: dataEnd };
    reader.expectKeyword('endstream');
  }
  reader.expectKeyword('endobj');
  return stream
    ? { num, gen, value, stream, start: offset, end: reader.pos }
    : { num, gen, value, start: offset, end: reader.pos };
}

export interface XrefEntry {
  type: 'n' | 'f';
  offset: number;
  gen: number;
}

export interface XrefSection {
  /** Offset of the `xref` keyword. */
  offset: number;
  entries: Map<number, XrefEntry>;
  trailer: PdfDict;
  /** Just after the trailer dictionary. */
  end: number;
}

const MAX_XREF_ENTRIES = 2_000_000;

/** A classic cross-reference section (`xref`, subsections, `trailer << … >>`) at `offset`. */
export function readXrefSection(buf: Buffer, offset: number, limit = buf.length): XrefSection {
  const reader = new PdfReader(buf, offset, limit);
  if (!reader.lookingAtKeyword('xref')) {
    throw reader.error(
      reader.lookingAtKeyword('obj') || isDigit(reader.peek())
        ? 'a cross-reference stream, which this verifier does not read'
        : 'expected "xref"',
    );
  }
  reader.pos += 4;
  const entries = new Map<number, XrefEntry>();
  let total = 0;
  for (;;) {
    reader.skipWhite();
    if (reader.lookingAtKeyword('trailer')) break;
    const first = reader.readInteger();
    const count = reader.readInteger();
    total += count;
    if (total > MAX_XREF_ENTRIES || count * 18 > reader.limit - reader.pos) {
      throw reader.error('cross-reference section too large');
    }
    for (let i = 0; i < count; i += 1) {
      const entryOffset = reader.readInteger();
      const gen = reader.readInteger();
      reader.skipWhite();
      const type = reader.peek();
      if ((type !== 0x6e && type !== 0x66) || isRegular(reader.peek(1))) {
        throw reader.error('bad cross-reference entry');
      }
      reader.pos += 1;
      const num = first + i;
      if (entries.has(num)) throw reader.error(`object ${num} listed twice in one section`);
      entries.set(num, { type: type === 0x6e ? 'n' : 'f', offset: entryOffset, gen });
    }
  }
  reader.pos += 'trailer'.length;
  const trailer = reader.readValue();
  if (trailer.kind !== 'dict') throw reader.error('the trailer is not a dictionary');
  return { offset, entries, trailer, end: reader.pos };
}

/**
 * Where a revision that ends at `end` (just after `%%EOF`, perhaps plus an end-of-line)
 * keeps its cross-reference section: the number after its last `startxref`.
 */
export function startXrefBefore(buf: Buffer, end: number): { xref: number; keyword: number } {
  let eof = end;
  while (eof > 0 && (buf[eof - 1] === 0x0a || buf[eof - 1] === 0x0d) && end - eof < 2) eof -= 1;
  if (eof < 5 || buf.toString('latin1', eof - 5, eof) !== '%%EOF') {
    throw new PdfSyntaxError('the revision does not end with %%EOF', end);
  }
  const from = Math.max(0, eof - 64);
  const keyword = buf.lastIndexOf('startxref', eof, 'latin1');
  if (keyword < from) throw new PdfSyntaxError('no startxref before %%EOF', eof);
  const reader = new PdfReader(buf, keyword + 'startxref'.length, eof - 5);
  const xref = reader.readInteger();
  reader.skipWhite(false);
  if (reader.pos !== eof - 5)
    throw new PdfSyntaxError('unexpected bytes after startxref', reader.pos);
  return { xref, keyword };
}

/** A PDF text string (PDFDocEncoding, UTF-16BE or UTF-8 with BOM) as a JS string. */
export function decodeTextString(bytes: Buffer): string {
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    const body = Buffer.from(bytes.subarray(2, bytes.length - (bytes.length % 2)));
    return body.swap16().toString('utf16le');
  }
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return bytes.subarray(3).toString('utf8');
  }
  // PDFDocEncoding matches Latin-1 for the printable ranges that matter here.
  return bytes.toString('latin1');
}

/** A PDF date `D:YYYYMMDDHHmmSSOHH'mm'` (ISO 32000-1 §7.9.4), or undefined. */
export function parsePdfDate(text: string): Date | undefined {
  if (text.length > 40) return undefined;
  const match =
    /^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:([Zz+-])(?:(\d{2})'?(\d{2})?'?)?)?$/.exec(
      text.trim(),
    );
  if (!match) return undefined;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', zone, zh = '00', zm = '00'] =
    match;
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const sign = zone === '+' ? 1 : zone === '-' ? -1 : 0;
  const date = new Date(utc - sign * (Number(zh) * 60 + Number(zm)) * 60 * 1000);
  return Number.isFinite(date.getTime()) ? date : undefined;
}

/** Structural equality of two values (offsets ignored). */
export function valuesEqual(a: PdfValue | undefined, b: PdfValue | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  switch (a.kind) {
    case 'null':
      return b.kind === 'null';
    case 'bool':
      return b.kind === 'bool' && a.value === b.value;
    case 'number':
      return b.kind === 'number' && a.value === b.value;
    case 'name':
      return b.kind === 'name' && a.value === b.value;
    case 'string':
      return b.kind === 'string' && a.bytes.equals(b.bytes);
    case 'ref':
      return b.kind === 'ref' && a.num === b.num && a.gen === b.gen;
    case 'array':
      return (
        b.kind === 'array' &&
        a.items.length === b.items.length &&
        a.items.every((item, i) => valuesEqual(item, b.items[i]))
      );
    case 'dict':
      if (b.kind !== 'dict' || a.entries.size !== b.entries.size) return false;
      for (const [key, value] of a.entries) {
        if (!valuesEqual(value, b.entries.get(key))) return false;
      }
      return true;
  }
}

export function nameOf(value: PdfValue | undefined): string | undefined {
  return value?.kind === 'name' ? value.value : undefined;
}
