/**
 * The name an exported workshop file is offered under: the incident's date and the
 * workshop's title as people wrote them ("2026-11-03 Card payments outage.debrief.json"),
 * so a folder of exports sorts by incident and reads like a list of postmortems.
 *
 * The same rules run in the renderer (the suggested name, and the browser's download
 * name) and in the desktop shell (the save dialog's default), so a name is safe on every
 * system Debrief runs on: Windows, macOS and Linux.
 */
import { WORKSHOP_FILE_EXTENSION } from './workshopFile.js';

/**
 * Most file systems allow 255 bytes per name (ext4, APFS) or 255 UTF-16 units (NTFS).
 * The title part stays well inside that, counted in UTF-8 bytes, so a title in Japanese
 * or with emoji is not cut by the disk instead.
 */
export const MAX_TITLE_BYTES = 100;

/** Reserved device names on Windows, with or without an extension (`CON.txt` too). */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;

const utf8Bytes = (code: number): number =>
  code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;

/**
 * Characters a file name must not carry: C0 and C1 controls and DEL, and the invisible
 * zero-width and bidirectional formatting marks (a right-to-left override could make
 * `exe.json` display as `nosj.exe`), and the byte-order mark.
 */
const invisible = (code: number): boolean =>
  code < 0x20 ||
  (code >= 0x7f && code <= 0x9f) ||
  (code >= 0x200b && code <= 0x200f) ||
  (code >= 0x202a && code <= 0x202e) ||
  (code >= 0x2066 && code <= 0x2069) ||
  code === 0xfeff;

/** Cuts `text` to at most `maxBytes` of UTF-8, between characters, at a word if one is near. */
function capBytes(text: string, maxBytes: number): string {
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    bytes += utf8Bytes(char.codePointAt(0) ?? 0);
    if (bytes > maxBytes) break;
    end += char.length;
  }
  if (end === text.length) return text;
  const kept = text.slice(0, end);
  // Prefer ending at a word boundary, unless that would throw away much of what fits.
  const space = kept.lastIndexOf(' ');
  return space > kept.length * 0.6 ? kept.slice(0, space) : kept;
}

/**
 * A piece of text made safe as (part of) a file name on Windows, macOS and Linux:
 * - characters Windows forbids (`< > : " / \ | ? *`) become spaces (`"` becomes `'`);
 * - control characters and invisible formatting marks are removed (see `invisible`);
 * - runs of spaces become one space, and leading or trailing spaces and dots are removed
 *   (Windows drops trailing ones, a leading dot hides a file on macOS and Linux);
 * - a Windows device name (`CON`, `NUL`, `COM1`…) gets a word added;
 * - it is normalised to NFC (as most people's titles already are), and cut to `maxBytes`
 *   of UTF-8.
 * Returns '' when nothing usable is left.
 */
export function safeFileNamePart(text: string, maxBytes = MAX_TITLE_BYTES): string {
  const visible = Array.from(text.normalize('NFC'), (char) =>
    invisible(char.codePointAt(0) ?? 0) ? ' ' : char,
  ).join('');
  const cleaned = visible
    .replace(/"/g, "'")
    .replace(/[<>:/\\|?*]/g, ' ')
    .replace(/\s+/g, ' ');
  const trim = (s: string) => s.replace(/^[\s.]+|[\s.]+$/g, '');
  const capped = trim(capBytes(trim(cleaned), maxBytes));
  return WINDOWS_RESERVED.test(capped) ? `${capped} workshop` : capped;
}

/** The calendar date of `at` on this computer's clock, as YYYY-MM-DD. */
export function localDate(at: number, offsetMinutes = new Date(at).getTimezoneOffset()): string {
  return new Date(at - offsetMinutes * 60_000).toISOString().slice(0, 10);
}

/**
 * The file name an export of `workshop` is offered under: `<date> <title>.debrief.json`,
 * where the date is the incident date, or the export's date when it is not known yet.
 */
export function workshopFileName(
  workshop: { readonly title: string; readonly incidentDate: string | null },
  exportedAt: number,
  offsetMinutes?: number,
): string {
  const date = workshop.incidentDate ?? localDate(exportedAt, offsetMinutes);
  const title = safeFileNamePart(workshop.title) || 'Workshop';
  return `${date} ${title}${WORKSHOP_FILE_EXTENSION}`;
}
