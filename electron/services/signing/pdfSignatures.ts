/**
 * Finding the signatures of a PDF and checking the revisions between them.
 *
 * - `findSignatureDictionaries` locates every `/ByteRange` key (one linear search), reads
 *   the indirect object around it and returns the signature dictionaries: byte range,
 *   /Contents (with its exact position), /SubFilter, /M, /Reason, /Name…
 * - `checkByteRange` checks that a signature covers its whole revision except exactly its
 *   own /Contents hex string.
 * - `checkUpdatesBetween` reads, strictly, the incremental updates between two signatures
 *   and accepts only what adding a signature needs: the signature dictionary, its widget
 *   (the field), the AcroForm, the catalog gaining /AcroForm and a page gaining the widget
 *   in /Annots. Anything else (a stream, a new page, a font, another changed object, a
 *   deleted object, a cross-reference entry pointing back into an earlier revision) would
 *   let a later update change what an earlier signer saw (a "shadow attack"), so it fails.
 *
 * Only classic cross-reference tables are read (Chromium's output and every update
 * @signpdf/placeholder-plain writes use them); a cross-reference stream fails as
 * unsupported rather than being trusted.
 */
import {
  decodeTextString,
  isHexDigit,
  isWhite,
  nameOf,
  parsePdfDate,
  PdfReader,
  PdfSyntaxError,
  readIndirectObject,
  readObjectHead,
  readXrefSection,
  startXrefBefore,
  valuesEqual,
  type IndirectObject,
  type PdfDict,
  type PdfValue,
  type XrefEntry,
} from './pdfSyntax.js';

const MAX_SIGNATURES = 32;
/** How far before a /ByteRange key its object header may be (a /Contents may come first). */
const MAX_HEADER_DISTANCE = 2 * 1024 * 1024;
const MAX_CONTENTS_BYTES = 512 * 1024;

export interface SignatureDictionary {
  objectNum: number;
  objectGen: number;
  /** Offset of the object header. */
  objectStart: number;
  dict: PdfDict;
  /** Problems that make this dictionary unusable (wrong /ByteRange or /Contents…). */
  problems: string[];
  byteRange: [number, number, number, number] | null;
  /** Position of the /Contents hex string, `<` to just after `>`. */
  contentsSpan: { start: number; end: number } | null;
  /** The decoded /Contents (the CMS and its zero padding). */
  contents: Buffer | null;
  subFilter: string;
  name?: string;
  reason?: string;
  location?: string;
  contactInfo?: string;
  signingTimeText?: string;
  signingTime?: Date;
}

function textOf(value: PdfValue | undefined): string | undefined {
  return value?.kind === 'string' ? decodeTextString(value.bytes) : undefined;
}

function findObjectHeader(buf: Buffer, at: number): number | undefined {
  // Search a bounded window, so many /ByteRange keys in a huge file stay cheap.
  const windowStart = Math.max(0, at - MAX_HEADER_DISTANCE);
  const window = buf.subarray(windowStart, at);
  let searchFrom = window.length;
  for (let attempt = 0; attempt < 4096 && searchFrom >= 0; attempt += 1) {
    const found = window.lastIndexOf('obj', searchFrom, 'latin1');
    if (found < 0) return undefined;
    const keyword = windowStart + found;
    if (keyword >= 3 && buf.toString('latin1', keyword - 3, keyword) === 'end') return undefined;
    const after = buf[keyword + 3];
    if (
      keyword > 0 &&
      isWhite(buf[keyword - 1]) &&
      (after === undefined || !isRegularByte(after))
    ) {
      let p = keyword - 1;
      while (p >= 0 && isWhite(buf[p])) p -= 1;
      const genEnd = p + 1;
      while (p >= 0 && isDigitByte(buf[p])) p -= 1;
      const genStart = p + 1;
      if (genStart < genEnd && p >= 0 && isWhite(buf[p])) {
        while (p >= 0 && isWhite(buf[p])) p -= 1;
        const numEnd = p + 1;
        while (p >= 0 && isDigitByte(buf[p])) p -= 1;
        const numStart = p + 1;
        if (numStart < numEnd && (p < 0 || !isRegularByte(buf[p] ?? 0))) return numStart;
      }
    }
    searchFrom = found - 1;
  }
  return undefined;
}

function isDigitByte(byte: number | undefined): boolean {
  return byte !== undefined && byte >= 0x30 && byte <= 0x39;
}

function isRegularByte(byte: number): boolean {
  return !isWhite(byte) && !'()<>[]{}/%'.includes(String.fromCharCode(byte));
}

function readSignatureDictionary(object: IndirectObject): SignatureDictionary {
  const dict = object.value as PdfDict;
  const problems: string[] = [];
  const type = nameOf(dict.entries.get('Type'));
  if (type !== undefined && type !== 'Sig') {
    problems.push(
      type === 'DocTimeStamp'
        ? 'document time-stamps are not supported'
        : `its dictionary has /Type /${type} instead of /Sig`,
    );
  }
  let byteRange: SignatureDictionary['byteRange'] = null;
  const range = dict.entries.get('ByteRange');
  if (
    range?.kind === 'array' &&
    range.items.length === 4 &&
    range.items.every((item) => item.kind === 'number' && item.integer)
  ) {
    const [a, b, c, d] = range.items.map((item) => (item.kind === 'number' ? item.value : -1));
    byteRange = [a ?? -1, b ?? -1, c ?? -1, d ?? -1];
  } else {
    problems.push('its /ByteRange is not four whole numbers (an unfinished signature?)');
  }
  let contentsSpan: SignatureDictionary['contentsSpan'] = null;
  let contents: Buffer | null = null;
  const value = dict.entries.get('Contents');
  if (value?.kind === 'string' && value.hex) {
    contentsSpan = { start: value.start, end: value.end };
    if (value.bytes.length > MAX_CONTENTS_BYTES) problems.push('its /Contents is far too large');
    else contents = value.bytes;
  } else {
    problems.push('its /Contents is not a hex string');
  }
  const signature: SignatureDictionary = {
    objectNum: object.num,
    objectGen: object.gen,
    objectStart: object.start,
    dict,
    problems,
    byteRange,
    contentsSpan,
    contents,
    subFilter: nameOf(dict.entries.get('SubFilter')) ?? '',
  };
  const name = textOf(dict.entries.get('Name'));
  if (name !== undefined) signature.name = name;
  const reason = textOf(dict.entries.get('Reason'));
  if (reason !== undefined) signature.reason = reason;
  const location = textOf(dict.entries.get('Location'));
  if (location !== undefined) signature.location = location;
  const contactInfo = textOf(dict.entries.get('ContactInfo'));
  if (contactInfo !== undefined) signature.contactInfo = contactInfo;
  const m = dict.entries.get('M');
  if (m?.kind === 'string') {
    signature.signingTimeText = m.bytes.toString('latin1');
    const date = parsePdfDate(signature.signingTimeText);
    if (date) signature.signingTime = date;
  }
  return signature;
}

/**
 * Every signature dictionary in the file, in file order, and problems with `/ByteRange` keys
 * that are not in one (outside stream data, which is ignored).
 */
export function findSignatureDictionaries(buf: Buffer): {
  signatures: SignatureDictionary[];
  problems: string[];
} {
  const signatures: SignatureDictionary[] = [];
  const problems: string[] = [];
  const parsed = new Map<number, ReturnType<typeof readObjectHead> | PdfSyntaxError>();
  const needle = Buffer.from('/ByteRange', 'latin1');
  let from = 0;
  let seen = 0;
  for (;;) {
    const at = buf.indexOf(needle, from);
    if (at < 0) break;
    from = at + needle.length;
    const next = buf[at + needle.length];
    if (next !== undefined && isRegularByte(next)) continue; // another name, e.g. /ByteRanges
    seen += 1;
    if (seen > MAX_SIGNATURES) {
      problems.push(`the file has more than ${MAX_SIGNATURES} /ByteRange entries`);
      break;
    }
    const header = findObjectHeader(buf, at);
    if (header === undefined) {
      problems.push(`a /ByteRange at byte ${at} is not inside any object`);
      continue;
    }
    let head = parsed.get(header);
    if (head === undefined) {
      try {
        head = readObjectHead(buf, header);
      } catch (error) {
        head = error instanceof PdfSyntaxError ? error : new PdfSyntaxError(String(error), header);
      }
      parsed.set(header, head);
    }
    if (head instanceof PdfSyntaxError) {
      problems.push(`the signature dictionary at byte ${header} cannot be read: ${head.message}`);
      continue;
    }
    // After the dictionary of a stream object: inside its data, which is not our concern.
    if (head.stream && at >= head.value.end) continue;
    if (head.value.kind !== 'dict' || head.value.keyOffsets.get('ByteRange') !== at) {
      problems.push(`a /ByteRange at byte ${at} is not the key of a signature dictionary`);
      continue;
    }
    if (head.stream) {
      problems.push(`the signature dictionary at byte ${header} is a stream`);
      continue;
    }
    if (!head.reader.lookingAtKeyword('endobj')) {
      problems.push(`the signature dictionary at byte ${header} is not followed by endobj`);
      continue;
    }
    signatures.push(
      readSignatureDictionary({
        num: head.num,
        gen: head.gen,
        value: head.value,
        start: header,
        end: head.reader.pos + 'endobj'.length,
      }),
    );
  }
  return { signatures, problems };
}

/** True when `end` is just after a `%%EOF` (and at most one end-of-line). */
function revisionEndAt(buf: Buffer, end: number): boolean {
  let eof = end;
  if (buf[eof - 1] === 0x0a) eof -= 1;
  if (buf[eof - 1] === 0x0d) eof -= 1;
  return eof >= 5 && buf.toString('latin1', eof - 5, eof) === '%%EOF';
}

/**
 * Why the byte range of `signature` is wrong, or undefined when it starts at 0, leaves out
 * exactly its own /Contents string `<…>` (hex digits only) and ends right after a revision's
 * `%%EOF`.
 */
export function checkByteRange(buf: Buffer, signature: SignatureDictionary): string | undefined {
  const range = signature.byteRange;
  const span = signature.contentsSpan;
  if (!range || !span) return signature.problems[0] ?? 'the signature dictionary is incomplete';
  const [a, b, c, d] = range;
  if (a !== 0) return 'its byte range does not start at the beginning of the file';
  if (b <= 0 || c <= b || d < 0) return 'its byte range is malformed';
  if (c + d > buf.length) {
    return 'its byte range goes beyond the end of the file (the file is truncated)';
  }
  if (b !== span.start || c !== span.end) {
    return 'its byte range does not leave out exactly its own /Contents';
  }
  if (buf[b] !== 0x3c || buf[c - 1] !== 0x3e)
    return 'the gap in its byte range is not a hex string';
  for (let at = b + 1; at < c - 1; at += 1) {
    if (!isHexDigit(buf[at])) return 'the gap in its byte range holds more than hex digits';
  }
  if (!revisionEndAt(buf, c + d)) {
    return 'its byte range does not end at the end of a revision (%%EOF)';
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Revisions and the updates between signatures

/** The cross-reference state of a revision: object number -> entry, newest first. */
export interface RevisionState {
  entries: Map<number, XrefEntry>;
  trailer: PdfDict;
  /** Offset of this revision's `xref`. */
  xrefOffset: number;
  /** The end of this revision (after `%%EOF`). */
  end: number;
}

/** The state of the revision that ends at `end`, following /Prev through classic sections. */
export function readRevisionState(buf: Buffer, end: number): RevisionState {
  const { xref } = startXrefBefore(buf, end);
  const entries = new Map<number, XrefEntry>();
  const visited = new Set<number>();
  let offset: number | undefined = xref;
  let trailer: PdfDict | undefined;
  while (offset !== undefined) {
    if (visited.has(offset) || visited.size >= 256) {
      throw new PdfSyntaxError('the cross-reference chain loops', offset);
    }
    if (offset >= end)
      throw new PdfSyntaxError('a cross-reference offset points past its revision', offset);
    visited.add(offset);
    const section = readXrefSection(buf, offset, end);
    if (section.trailer.entries.has('XRefStm')) {
      throw new PdfSyntaxError(
        'a cross-reference stream, which this verifier does not read',
        offset,
      );
    }
    trailer ??= section.trailer;
    for (const [num, entry] of section.entries) {
      if (!entries.has(num)) entries.set(num, entry);
    }
    const prev = section.trailer.entries.get('Prev');
    offset = prev?.kind === 'number' && prev.integer ? prev.value : undefined;
    if (prev !== undefined && offset === undefined) {
      throw new PdfSyntaxError('a /Prev is not a byte offset', section.offset);
    }
  }
  if (!trailer) throw new PdfSyntaxError('no trailer', xref);
  return { entries, trailer, xrefOffset: xref, end };
}

const SIGNATURE_KEYS = new Set([
  'Type',
  'Filter',
  'SubFilter',
  'ByteRange',
  'Contents',
  'Reason',
  'M',
  'ContactInfo',
  'Name',
  'Location',
  'Prop_Build',
]);
const WIDGET_KEYS = new Set(['Type', 'Subtype', 'FT', 'Rect', 'V', 'T', 'TU', 'F', 'P', 'Ff']);
const NEW_ACROFORM_KEYS = new Set(['Type', 'Fields', 'SigFlags']);
const TRAILER_KEYS = new Set(['Size', 'Root', 'Info', 'Prev', 'ID']);

function describeObject(object: IndirectObject): string {
  if (object.stream) {
    const subtype =
      object.value.kind === 'dict' ? nameOf(object.value.entries.get('Subtype')) : undefined;
    return subtype
      ? `a /${subtype} stream (object ${object.num})`
      : `a stream, e.g. page content (object ${object.num})`;
  }
  if (object.value.kind === 'dict') {
    const type = nameOf(object.value.entries.get('Type'));
    const subtype = nameOf(object.value.entries.get('Subtype'));
    if (type === 'Page') return `page object ${object.num}`;
    if (type) return `a /${type}${subtype ? ` /${subtype}` : ''} (object ${object.num})`;
  }
  return `object ${object.num}`;
}

function refsOf(value: PdfValue | undefined): { num: number; gen: number }[] | undefined {
  if (value === undefined) return [];
  if (value.kind !== 'array') return undefined;
  const refs: { num: number; gen: number }[] = [];
  for (const item of value.items) {
    if (item.kind !== 'ref') return undefined;
    refs.push({ num: item.num, gen: item.gen });
  }
  return refs;
}

function sameExcept(a: PdfDict, b: PdfDict, except: ReadonlySet<string>): string | undefined {
  for (const key of new Set([...a.entries.keys(), ...b.entries.keys()])) {
    if (except.has(key)) continue;
    if (!valuesEqual(a.entries.get(key), b.entries.get(key))) return key;
  }
  return undefined;
}

interface ParsedRevision {
  start: number;
  objects: IndirectObject[];
  xrefOffset: number;
  entries: Map<number, XrefEntry>;
  trailer: PdfDict;
  end: number;
}

function readRevision(buf: Buffer, from: number, to: number): ParsedRevision {
  const reader = new PdfReader(buf, from, to);
  reader.skipWhite(false);
  const start = reader.pos;
  const objects: IndirectObject[] = [];
  for (;;) {
    reader.skipWhite(false);
    if (reader.atEnd()) throw reader.error('the update has no cross-reference section');
    if (reader.lookingAtKeyword('xref')) break;
    const object = readIndirectObject(buf, reader.pos, to);
    objects.push(object);
    reader.pos = object.end;
  }
  const xrefOffset = reader.pos;
  const section = readXrefSection(buf, xrefOffset, to);
  reader.pos = section.end;
  reader.expectKeyword('startxref');
  const startxref = reader.readInteger();
  if (startxref !== xrefOffset) throw reader.error('startxref does not point to the update’s xref');
  reader.skipWhite(false);
  if (buf.toString('latin1', reader.pos, reader.pos + 5) !== '%%EOF' || reader.pos + 5 > to) {
    throw reader.error('the update does not end with %%EOF');
  }
  return {
    start,
    objects,
    xrefOffset,
    entries: section.entries,
    trailer: section.trailer,
    end: reader.pos + 5,
  };
}

/**
 * Problems with the incremental updates in `buf[from, to)`, which follow the revision
 * `state` (signature k's) and end where signature k+1's byte range ends; `allowedSignature`
 * is the object number of signature k+1's dictionary. Updates `state` as it goes.
 */
export function checkUpdatesBetween(
  buf: Buffer,
  from: number,
  to: number,
  state: RevisionState,
  allowedSignature: { num: number; start: number },
): string[] {
  const problems: string[] = [];
  const rootRef = state.trailer.entries.get('Root');
  if (rootRef?.kind !== 'ref') return ['the earlier revision has no /Root'];
  const rootNum = rootRef.num;
  let sawSignature = false;
  let pos = from;
  for (let count = 0; count < 64; count += 1) {
    let revision: ParsedRevision;
    try {
      revision = readRevision(buf, pos, to);
    } catch (error) {
      problems.push(
        `the update cannot be read as a plain incremental update (${error instanceof Error ? error.message : String(error)})`,
      );
      return problems;
    }
    problems.push(...checkRevision(buf, revision, state, rootNum, allowedSignature));
    if (
      revision.objects.some(
        (object) => object.num === allowedSignature.num && object.start === allowedSignature.start,
      )
    ) {
      sawSignature = true;
    }
    // The revision's entries now shadow the older ones.
    const entries = new Map(revision.entries);
    for (const [num, entry] of state.entries) if (!entries.has(num)) entries.set(num, entry);
    state.entries = entries;
    state.trailer = revision.trailer;
    state.xrefOffset = revision.xrefOffset;
    state.end = revision.end;
    if (problems.length > 0) return problems;
    // The next revision, if any, starts after at most an end-of-line.
    let next = revision.end;
    if (buf[next] === 0x0d) next += 1;
    if (buf[next] === 0x0a) next += 1;
    if (revision.end === to || next === to) {
      if (!sawSignature) problems.push('the later signature is not in these updates');
      return problems;
    }
    pos = revision.end;
  }
  problems.push('there are too many updates between the signatures');
  return problems;
}

function checkRevision(
  buf: Buffer,
  revision: ParsedRevision,
  state: RevisionState,
  rootNum: number,
  allowedSignature: { num: number; start: number },
): string[] {
  const problems: string[] = [];
  const trailer = revision.trailer;
  for (const key of trailer.entries.keys()) {
    if (!TRAILER_KEYS.has(key)) problems.push(`its trailer has /${key}`);
  }
  if (!valuesEqual(trailer.entries.get('Root'), state.trailer.entries.get('Root'))) {
    problems.push('it replaces the document catalog (/Root)');
  }
  const info = trailer.entries.get('Info');
  if (info !== undefined && !valuesEqual(info, state.trailer.entries.get('Info'))) {
    problems.push('it replaces the document information (/Info)');
  }
  const prev = trailer.entries.get('Prev');
  if (prev?.kind !== 'number' || prev.value !== state.xrefOffset) {
    problems.push('its /Prev does not point to the previous cross-reference section');
  }

  // Every object is listed in the xref at its exact offset, and the xref lists nothing else.
  const byNum = new Map<number, IndirectObject>();
  for (const object of revision.objects) {
    if (byNum.has(object.num)) problems.push(`it defines object ${object.num} twice`);
    byNum.set(object.num, object);
  }
  for (const [num, entry] of revision.entries) {
    if (entry.type === 'f') {
      if (num !== 0) problems.push(`it deletes object ${num}`);
      continue;
    }
    const object = byNum.get(num);
    if (!object || object.start !== entry.offset || object.gen !== entry.gen) {
      problems.push(
        entry.offset < revision.start
          ? `its cross-reference points object ${num} back into an earlier revision`
          : `its cross-reference entry for object ${num} does not point to that object`,
      );
    }
  }
  for (const object of revision.objects) {
    const entry = revision.entries.get(object.num);
    if (!entry || entry.type !== 'n' || entry.offset !== object.start) {
      problems.push(`it contains object ${object.num}, which its cross-reference does not list`);
    }
  }
  if (problems.length > 0) return problems;

  const previous = (num: number): IndirectObject | undefined | PdfSyntaxError => {
    const entry = state.entries.get(num);
    if (!entry || entry.type === 'f') return undefined;
    if (entry.offset >= revision.start) {
      return new PdfSyntaxError(
        `the earlier cross-reference points object ${num} into this update`,
        entry.offset,
      );
    }
    try {
      const object = readIndirectObject(buf, entry.offset, revision.start);
      if (object.num !== num || object.gen !== entry.gen) {
        return new PdfSyntaxError(
          `the earlier cross-reference entry for object ${num} is wrong`,
          entry.offset,
        );
      }
      return object;
    } catch (error) {
      return error instanceof PdfSyntaxError
        ? error
        : new PdfSyntaxError(String(error), entry.offset);
    }
  };

  // 1. Signature dictionaries and their widgets are new objects.
  const signatures = new Set<number>();
  const widgets = new Set<number>();
  const rest: IndirectObject[] = [];
  for (const object of revision.objects) {
    const value = object.value;
    const isDict = value.kind === 'dict' && !object.stream;
    const type = isDict ? nameOf(value.entries.get('Type')) : undefined;
    if (isDict && (type === 'Sig' || value.entries.has('ByteRange'))) {
      if (previous(object.num) !== undefined)
        problems.push(`it replaces object ${object.num} with a signature`);
      else if (object.num !== allowedSignature.num || object.start !== allowedSignature.start) {
        problems.push(
          `it adds a signature dictionary (object ${object.num}) that is not the later signature`,
        );
      } else {
        const extra = [...value.entries.keys()].find((key) => !SIGNATURE_KEYS.has(key));
        if (extra) problems.push(`its signature dictionary has an unexpected /${extra}`);
        signatures.add(object.num);
      }
    } else {
      rest.push(object);
    }
  }
  const rest2: IndirectObject[] = [];
  for (const object of rest) {
    const value = object.value;
    if (
      value.kind === 'dict' &&
      !object.stream &&
      nameOf(value.entries.get('Subtype')) === 'Widget' &&
      nameOf(value.entries.get('FT')) === 'Sig'
    ) {
      if (previous(object.num) !== undefined) {
        problems.push(`it replaces object ${object.num} with a signature field`);
        continue;
      }
      const extra = [...value.entries.keys()].find((key) => !WIDGET_KEYS.has(key));
      const v = value.entries.get('V');
      if (extra)
        problems.push(`its signature field has an unexpected /${extra} (e.g. an appearance)`);
      else if (v?.kind !== 'ref' || !signatures.has(v.num)) {
        problems.push(
          `its signature field (object ${object.num}) does not hold this update's signature`,
        );
      } else widgets.add(object.num);
    } else {
      rest2.push(object);
    }
  }

  // 2. The catalog may gain /AcroForm; the AcroForm may gain fields; a page may gain widgets.
  const newRefsAre = (added: { num: number }[], what: string): void => {
    for (const ref of added) {
      if (!widgets.has(ref.num))
        problems.push(`it adds object ${ref.num} to ${what}, which is not a new signature field`);
    }
  };
  let acroFormNum: number | undefined;
  const catalogBefore = previous(rootNum);
  if (catalogBefore instanceof PdfSyntaxError) {
    problems.push(`the earlier catalog cannot be read (${catalogBefore.message})`);
    return problems;
  }
  const priorAcroForm =
    catalogBefore?.value.kind === 'dict' ? catalogBefore.value.entries.get('AcroForm') : undefined;
  if (priorAcroForm?.kind === 'ref') acroFormNum = priorAcroForm.num;
  for (const object of rest2) {
    const value = object.value;
    const before = previous(object.num);
    if (before instanceof PdfSyntaxError) {
      problems.push(
        `the earlier version of object ${object.num} cannot be read (${before.message})`,
      );
      continue;
    }
    if (object.stream || value.kind !== 'dict') {
      problems.push(`it ${before ? 'changes' : 'adds'} ${describeObject(object)}`);
      continue;
    }
    if (object.num === rootNum) {
      if (!before || before.value.kind !== 'dict' || before.stream) {
        problems.push('it changes the catalog in a way that cannot be compared');
        continue;
      }
      const changed = sameExcept(before.value, value, new Set(['AcroForm']));
      const acroForm = value.entries.get('AcroForm');
      if (changed) problems.push(`it changes /${changed} in the document catalog`);
      else if (acroForm?.kind !== 'ref') problems.push('its catalog /AcroForm is not a reference');
      else if (priorAcroForm !== undefined && !valuesEqual(priorAcroForm, acroForm)) {
        problems.push('it replaces the AcroForm of the catalog');
      } else acroFormNum = acroForm.num;
    }
  }
  for (const object of rest2) {
    const value = object.value;
    if (object.num === rootNum || object.stream || value.kind !== 'dict') continue;
    const before = previous(object.num);
    if (before instanceof PdfSyntaxError) continue; // reported above
    const beforeDict =
      before && !before.stream && before.value.kind === 'dict' ? before.value : undefined;
    if (object.num === acroFormNum && (before === undefined || beforeDict)) {
      const fields = refsOf(value.entries.get('Fields'));
      const oldFields = beforeDict ? refsOf(beforeDict.entries.get('Fields')) : [];
      if (!fields || !oldFields) {
        problems.push('its AcroForm /Fields is not a list of references');
        continue;
      }
      if (!oldFields.every((old) => fields.some((f) => f.num === old.num && f.gen === old.gen))) {
        problems.push('it removes a field from the AcroForm');
        continue;
      }
      newRefsAre(
        fields.filter((f) => !oldFields.some((old) => old.num === f.num)),
        'the AcroForm',
      );
      if (beforeDict) {
        const changed = [...value.entries.keys()].find(
          (key) =>
            key !== 'Fields' &&
            key !== 'SigFlags' &&
            key !== 'Type' &&
            !valuesEqual(value.entries.get(key), beforeDict.entries.get(key)),
        );
        if (changed) problems.push(`it changes /${changed} in the AcroForm`);
      } else {
        const extra = [...value.entries.keys()].find((key) => !NEW_ACROFORM_KEYS.has(key));
        if (extra) problems.push(`its new AcroForm has an unexpected /${extra}`);
      }
      continue;
    }
    if (beforeDict && nameOf(beforeDict.entries.get('Type')) === 'Page') {
      const changed = sameExcept(beforeDict, value, new Set(['Annots']));
      if (changed) {
        problems.push(`it changes /${changed} of page object ${object.num}`);
        continue;
      }
      const annots = refsOf(value.entries.get('Annots'));
      const oldAnnots = refsOf(beforeDict.entries.get('Annots'));
      if (!annots || !oldAnnots) {
        problems.push(
          `it changes the annotations of page object ${object.num} in a way that cannot be compared`,
        );
        continue;
      }
      if (!oldAnnots.every((old) => annots.some((a) => a.num === old.num && a.gen === old.gen))) {
        problems.push(`it removes an annotation from page object ${object.num}`);
        continue;
      }
      newRefsAre(
        annots.filter((a) => !oldAnnots.some((old) => old.num === a.num)),
        `page object ${object.num}`,
      );
      continue;
    }
    problems.push(
      `it ${before ? 'changes' : 'adds'} ${describeObject(object)}, which is not part of a signature`,
    );
  }
  return problems;
}
