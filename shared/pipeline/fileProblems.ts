/**
 * What is wrong with a file someone tried to import, for the person who chose it.
 *
 * `readWorkshopFile` refuses a file with a `FileProblem`: a kind (what a facilitator needs
 * to know: the file ends early, is not a Debrief file, is from a newer Debrief, was edited)
 * and a technical detail (zod paths, the JSON parser's words, which audit entry broke) for
 * whoever debugs it later. `explainFileProblem` turns the kind into the plain sentence the
 * app shows; the detail goes behind a "Technical details" disclosure.
 *
 * `classifyUnreadableText` tells apart the ways a text can fail to be JSON (binary, another
 * text encoding, cut short, damaged in the middle, some other format), without relying on
 * the wording of a JavaScript engine's JSON.parse errors, which differs between engines.
 *
 * Pure and dependency-free, so the desktop shell can use the same sentences.
 */

export type FileProblem =
  | { readonly kind: 'empty'; readonly detail: string }
  | {
      readonly kind: 'too-large';
      readonly bytes: number;
      readonly maxBytes: number;
      readonly detail: string;
    }
  /** Bytes that are not text at all: a picture, a document, an archive. */
  | { readonly kind: 'not-text'; readonly detail: string }
  /** Text, but in an encoding other than UTF-8 (UTF-16, Windows-1252…). */
  | { readonly kind: 'encoding'; readonly detail: string }
  /** The beginning of a JSON document whose end is missing. */
  | { readonly kind: 'truncated'; readonly detail: string }
  /** Valid text or JSON that is something other than a Debrief workshop. */
  | { readonly kind: 'not-workshop'; readonly detail: string }
  | {
      readonly kind: 'newer-format';
      readonly version: number;
      readonly supported: number;
      readonly detail: string;
    }
  | {
      readonly kind: 'too-many-records';
      /** Records the file lists, or null when only replaying its audit trail went over. */
      readonly count: number | null;
      readonly limit: number;
      readonly detail: string;
    }
  /** A Debrief file whose contents are missing or malformed. */
  | { readonly kind: 'damaged'; readonly detail: string }
  /** The audit trail is broken, or does not produce the records the file lists. */
  | { readonly kind: 'tampered'; readonly detail: string };

export type FileProblemKind = FileProblem['kind'];

const EXPORT_AGAIN = 'Export it again from the original computer.';
const CHOOSE_EXPORT =
  'Choose a file saved with “Export workshop” (its name ends in .debrief.json).';

const thousands = (n: number) => n.toLocaleString('en');
const megabytes = (bytes: number) => `${Math.ceil(bytes / 1024 / 1024).toLocaleString('en')} MB`;

/** The sentence shown to the facilitator: what is wrong, and what to do about it. */
export function explainFileProblem(problem: FileProblem): string {
  switch (problem.kind) {
    case 'empty':
      return `The file is empty; it may not have finished copying or downloading. ${EXPORT_AGAIN}`;
    case 'too-large':
      return `The file is too large to be a Debrief workshop: it is ${megabytes(problem.bytes)}, and workshop files are at most ${megabytes(problem.maxBytes)}. ${CHOOSE_EXPORT}`;
    case 'not-text':
      return `This is not a Debrief workshop file: it is not text (it may be a picture, a document or an archive). ${CHOOSE_EXPORT}`;
    case 'encoding':
      return `The file’s text was saved in an encoding Debrief does not read; another program may have re-saved it. ${EXPORT_AGAIN}`;
    case 'truncated':
      return `The file ends early; it may be incomplete. ${EXPORT_AGAIN}`;
    case 'not-workshop':
      return `This is not a Debrief workshop file. ${CHOOSE_EXPORT}`;
    case 'newer-format':
      return 'This file was made by a newer version of Debrief. Update Debrief on this computer, then import it again.';
    case 'too-many-records':
      return problem.count === null
        ? `This workshop is too big to import: its audit trail adds up to more than a workshop can hold (at most ${thousands(problem.limit)} records).`
        : `This workshop is too big to import: the file holds ${thousands(problem.count)} records, and a workshop holds at most ${thousands(problem.limit)}.`;
    case 'damaged':
      return `The file is damaged: some of its contents are missing or not in the form Debrief writes. ${EXPORT_AGAIN}`;
    case 'tampered':
      return `The file’s audit trail does not match its contents (it may have been edited by hand). Use the original export, or ${EXPORT_AGAIN.charAt(0).toLowerCase()}${EXPORT_AGAIN.slice(1)}`;
  }
}

/** Details are for people too: a bounded length, whatever the file or the parser said. */
const MAX_DETAIL = 800;
export const boundedDetail = (detail: string): string =>
  detail.length <= MAX_DETAIL ? detail : `${detail.slice(0, MAX_DETAIL - 1)}…`;

const REPLACEMENT = 0xfffd;

/**
 * Whether a text is UTF-16 read as UTF-8. A workshop file is JSON, mostly ASCII: in UTF-16
 * every such character comes with a zero byte, which UTF-8 reads as a NUL at every other
 * position (odd ones for little-endian, even for big-endian). The byte-order mark, if any,
 * was read as one or two replacement characters first.
 */
function looksLikeUtf16(text: string): boolean {
  let start = 0;
  while (start < 2 && text.charCodeAt(start) === REPLACEMENT) start += 1;
  const sample = Math.min(text.length - start, 2048);
  if (sample < 8) return false;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < sample; i += 1) {
    if (text.charCodeAt(start + i) !== 0) continue;
    if (i % 2 === 0) even += 1;
    else odd += 1;
  }
  const half = sample / 2;
  return (odd >= half * 0.9 && even <= half * 0.1) || (even >= half * 0.9 && odd <= half * 0.1);
}

/** Where a text departs from plain UTF-8 text, if it does. */
function textTrouble(text: string): FileProblem | null {
  // A file cut in the middle of a multi-byte character ends in replacement characters:
  // that is a truncation (found later), not an encoding problem.
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === REPLACEMENT) end -= 1;

  let nuls = 0;
  let controls = 0;
  let firstControl = -1;
  let replacements = 0;
  let firstReplacement = -1;
  for (let i = 0; i < end; i += 1) {
    const c = text.charCodeAt(i);
    if (c === REPLACEMENT) {
      replacements += 1;
      if (firstReplacement < 0) firstReplacement = i;
    } else if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) {
      // JSON allows no raw control characters (inside strings they are escaped): only
      // binary data, or UTF-16 read as UTF-8 (every other byte a NUL), has them.
      controls += 1;
      if (c === 0) nuls += 1;
      if (firstControl < 0) firstControl = i;
    }
  }
  if (nuls > 0 && looksLikeUtf16(text)) {
    return {
      kind: 'encoding',
      detail:
        'The file looks like UTF-16 text (every other byte is zero); Debrief workshop files are UTF-8.',
    };
  }
  if (controls > 0) {
    return {
      kind: 'not-text',
      detail: `The file contains ${thousands(controls)} control bytes that text never has, the first at character ${thousands(firstControl)}.`,
    };
  }
  if (replacements > 0) {
    return {
      kind: 'encoding',
      detail: `The file contains ${thousands(replacements)} bytes that are not valid UTF-8, the first at character ${thousands(firstReplacement)}; it may have been re-saved as Windows-1252 or Latin-1.`,
    };
  }
  return null;
}

/** Whether JSON text stops inside a string or with lists and objects left open. */
function structureOf(
  text: string,
): { readonly open: 'string' | 'nesting'; readonly depth: number } | 'closed' | 'broken' {
  const closers: number[] = [];
  let inString = false;
  let escaped = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (escaped) escaped = false;
      else if (c === 0x5c /* \ */) escaped = true;
      else if (c === 0x22 /* " */) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b /* { */) closers.push(0x7d);
    else if (c === 0x5b /* [ */) closers.push(0x5d);
    else if (c === 0x7d || c === 0x5d) {
      // A bracket that closes the wrong thing is damage, not truncation.
      if (closers.pop() !== c) return 'broken';
    }
  }
  if (inString) return { open: 'string', depth: closers.length };
  if (closers.length > 0) return { open: 'nesting', depth: closers.length };
  return 'closed';
}

/**
 * Classifies a text that JSON.parse refused (`parseError` is what the parser said):
 * binary data, another encoding, a document cut short, one damaged inside, or another format.
 */
export function classifyUnreadableText(text: string, parseError: string): FileProblem {
  const parser = `JSON.parse: ${parseError}`;
  const trouble = textTrouble(text);
  if (trouble) return { ...trouble, detail: boundedDetail(`${trouble.detail} ${parser}`) };

  const first = text.trimStart().charAt(0);
  if (first !== '{' && first !== '[') {
    return {
      kind: 'not-workshop',
      detail: boundedDetail(`The file is not JSON (a workshop file starts with “{”). ${parser}`),
    };
  }
  const structure = structureOf(text);
  if (typeof structure === 'object') {
    const where =
      structure.open === 'string'
        ? 'inside a text value'
        : `with ${thousands(structure.depth)} lists or objects still open`;
    return {
      kind: 'truncated',
      detail: boundedDetail(
        `The file stops after ${thousands(text.length)} characters, ${where}. ${parser}`,
      ),
    };
  }
  return { kind: 'damaged', detail: boundedDetail(`The file is not valid JSON. ${parser}`) };
}

/**
 * A file that JSON.parse read but that failed a later check may still have lost characters
 * to a wrong encoding (a browser decodes invalid UTF-8 as U+FFFD, which JSON accepts inside
 * strings, and then the hashes no longer match): say so rather than "edited by hand".
 */
export function refineForEncoding(problem: FileProblem, text: string): FileProblem {
  if (problem.kind !== 'tampered' && problem.kind !== 'damaged') return problem;
  const trouble = textTrouble(text);
  if (trouble?.kind !== 'encoding') return problem;
  return { kind: 'encoding', detail: boundedDetail(`${trouble.detail} ${problem.detail}`) };
}
