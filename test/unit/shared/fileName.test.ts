/**
 * Export file names people can find and every disk accepts: the incident date and the
 * title, `2026-11-03 Card payments outage.debrief.json`.
 */
import { describe, expect, it } from 'vitest';
import {
  localDate,
  MAX_TITLE_BYTES,
  safeFileNamePart,
  workshopFileName,
} from '../../../shared/pipeline/fileName.js';

const NOV_3_2026_NOON_UTC = Date.UTC(2026, 10, 3, 12, 0, 0);
const utf8 = (text: string) => Buffer.byteLength(text, 'utf8');

describe('workshopFileName', () => {
  it('is the incident date, a space, the title as written, and the extension', () => {
    expect(
      workshopFileName(
        { title: 'Card payments outage', incidentDate: '2026-11-03' },
        Date.UTC(2027, 0, 15),
      ),
    ).toBe('2026-11-03 Card payments outage.debrief.json');
  });

  it('falls back to the export date on this computer’s clock when the incident date is unknown', () => {
    const workshop = { title: 'Checkout 503s', incidentDate: null };
    expect(workshopFileName(workshop, NOV_3_2026_NOON_UTC, 0)).toBe(
      '2026-11-03 Checkout 503s.debrief.json',
    );
    // 23:30 on 2 November in New York (UTC-5) is already 3 November in UTC.
    const lateEvening = Date.UTC(2026, 10, 3, 4, 30);
    expect(workshopFileName(workshop, lateEvening, 300)).toBe(
      '2026-11-02 Checkout 503s.debrief.json',
    );
    // 00:30 on 4 November in Tokyo (UTC+9) is still 3 November in UTC.
    expect(workshopFileName(workshop, Date.UTC(2026, 10, 3, 15, 30), -540)).toBe(
      '2026-11-04 Checkout 503s.debrief.json',
    );
  });

  it('makes a title of nothing usable into “Workshop”', () => {
    expect(workshopFileName({ title: '???', incidentDate: '2026-11-03' }, 0)).toBe(
      '2026-11-03 Workshop.debrief.json',
    );
  });

  it('sorts a folder of exports by incident', () => {
    const names = [
      { title: 'Zebra', incidentDate: '2026-01-02' },
      { title: 'Alpha', incidentDate: '2026-11-03' },
      { title: 'Mid', incidentDate: '2026-05-20' },
    ].map((w) => workshopFileName(w, 0));
    expect([...names].sort()).toEqual([names[0], names[2], names[1]]);
  });
});

describe('safeFileNamePart', () => {
  it.each([
    [
      'characters Windows forbids',
      'Card payments: outage / EU <prod> | "503"?*',
      "Card payments outage EU prod '503'",
    ],
    ['back slashes', 'C:\\Windows\\evil', 'C Windows evil'],
    ['line breaks and tabs', 'Outage\r\nin\tEU', 'Outage in EU'],
    ['control characters', 'Out\u0000age\u0007\u009b', 'Out age'],
    ['a right-to-left override', 'Invoice\u202Efdp.exe', 'Invoice fdp.exe'],
    ['zero-width characters', 'Pay\u200Bments\uFEFF', 'Pay ments'],
    ['a leading dot (a hidden file)', '.bashrc', 'bashrc'],
    ['trailing dots and spaces (Windows drops them)', 'Outage. . .  ', 'Outage'],
    ['runs of spaces', 'Card    payments', 'Card payments'],
  ])('%s', (_what, input, expected) => {
    expect(safeFileNamePart(input)).toBe(expected);
  });

  it('keeps letters of every script, accents and emoji', () => {
    expect(safeFileNamePart('Zahlungsausfall Größe 🔥 決済障害')).toBe(
      'Zahlungsausfall Größe 🔥 決済障害',
    );
  });

  it('normalises to NFC, so the same title gives the same bytes', () => {
    const decomposed = 'Cafe\u0301';
    expect(safeFileNamePart(decomposed)).toBe('Caf\u00e9');
  });

  it.each(['CON', 'nul', 'COM1', 'lpt9', 'aux.txt'])(
    'does not give a Windows device name: %s',
    (name) => {
      expect(safeFileNamePart(name)).toBe(`${name} workshop`);
    },
  );

  it('caps the length in UTF-8 bytes, between characters and at a word if one is near', () => {
    const long = 'The payment gateway saturated after the newsletter '.repeat(6);
    const capped = safeFileNamePart(long);
    expect(utf8(capped)).toBeLessThanOrEqual(MAX_TITLE_BYTES);
    expect(long.startsWith(capped)).toBe(true);
    expect(long.charAt(capped.length)).toBe(' ');

    const japanese = '決済'.repeat(100);
    const cut = safeFileNamePart(japanese);
    expect(utf8(cut)).toBeLessThanOrEqual(MAX_TITLE_BYTES);
    expect(cut).toBe('決済'.repeat(100).slice(0, Math.floor(MAX_TITLE_BYTES / 3)));

    // Never half an emoji (a surrogate pair is one character).
    const emoji = safeFileNamePart('🔥'.repeat(60));
    expect(utf8(emoji)).toBe(100);
    expect(emoji).toBe('🔥'.repeat(25));
  });

  it('keeps a whole file name under every file system’s 255-byte limit', () => {
    const name = workshopFileName({ title: '🔥 '.repeat(200), incidentDate: '2026-11-03' }, 0);
    expect(utf8(name)).toBeLessThan(255);
    expect(name.length).toBeLessThan(200); // the desktop shell's IPC limit
    expect(name).toMatch(/^2026-11-03 🔥( 🔥)*\.debrief\.json$/);
  });
});

describe('localDate', () => {
  it('is the calendar date at the given offset from UTC', () => {
    expect(localDate(NOV_3_2026_NOON_UTC, 0)).toBe('2026-11-03');
    expect(localDate(NOV_3_2026_NOON_UTC, 13 * 60)).toBe('2026-11-02');
    expect(localDate(NOV_3_2026_NOON_UTC, -13 * 60)).toBe('2026-11-04');
  });
});
