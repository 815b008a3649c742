import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  decodeTextString,
  parsePdfDate,
  PdfReader,
  PdfSyntaxError,
  readIndirectObject,
  readXrefSection,
  valuesEqual,
  type PdfValue,
} from '../../../../electron/services/signing/pdfSyntax.js';
import { verifyPdfSignatures } from '../../../../electron/services/signing/verifyPdf.js';

function value(text: string): PdfValue {
  return new PdfReader(Buffer.from(text, 'latin1'), 0).readValue();
}

function plain(v: PdfValue): unknown {
  switch (v.kind) {
    case 'dict':
      return Object.fromEntries([...v.entries].map(([k, item]) => [k, plain(item)]));
    case 'array':
      return v.items.map(plain);
    case 'string':
      return v.bytes.toString('latin1');
    case 'ref':
      return `${v.num} ${v.gen} R`;
    case 'null':
      return null;
    default:
      return v.value;
  }
}

describe('PdfReader', () => {
  it('reads the value kinds', () => {
    expect(
      plain(
        value(
          '<< /Type /Sig /A [1 -2.5 .5 +3] /R 12 0 R /S (a\\(b\\)c \\101\\n(nested)) /H <48 65 6c6C 6> /N /A#20B /T true /F false /Z null % comment\n>>',
        ),
      ),
    ).toEqual({
      Type: 'Sig',
      A: [1, -2.5, 0.5, 3],
      R: '12 0 R',
      S: 'a(b)c A\n(nested)',
      H: 'Hell`',
      N: 'A B',
      T: true,
      F: false,
      Z: null,
    });
  });

  it('keeps key and value offsets', () => {
    const text = '<< /ByteRange [0 1 2 3] /Contents <00> >>';
    const v = value(text);
    expect(v.kind).toBe('dict');
    if (v.kind !== 'dict') return;
    expect(v.keyOffsets.get('ByteRange')).toBe(text.indexOf('/ByteRange'));
    const start = text.indexOf('<00>');
    expect(v.entries.get('Contents')).toMatchObject({ start, end: start + 4, hex: true });
  });

  it('refuses malformed and hostile input with PdfSyntaxError', () => {
    const bad = [
      '<< /A 1 /A 2 >>', // duplicate keys (two /Contents would be ambiguous)
      '<< /A 1',
      '[1 2',
      '(unterminated',
      '<12 zz>',
      '<< 1 2 >>',
      '/A#zz',
      '1e5',
      '['.repeat(100) + ']'.repeat(100),
      '<<'.repeat(100),
      `[${'0 '.repeat(300_000)}]`,
    ];
    for (const text of bad) expect(() => value(text), text.slice(0, 20)).toThrow(PdfSyntaxError);
  });

  it('reads indirect objects and skips stream data by /Length', () => {
    const data = 'endstream endobj junk';
    const text = `7 0 obj\n<< /Length ${data.length} >>\nstream\n${data}\nendstream\nendobj\n`;
    const object = readIndirectObject(Buffer.from(text), 0);
    const start = text.indexOf('stream\n') + 'stream\n'.length;
    expect(object).toMatchObject({ num: 7, gen: 0, stream: { start, end: start + data.length } });
    expect(object.end).toBe(text.length - 1);
    expect(() => readIndirectObject(Buffer.from('7 0 obj << >> stream\nabc'), 0)).toThrow(
      PdfSyntaxError,
    );
  });

  it('reads classic cross-reference sections', () => {
    const text =
      'xref\n0 2\n0000000000 65535 f \n0000000015 00000 n \n5 1\n0000000099 00002 n\r\ntrailer\n<< /Size 6 /Root 1 0 R >>';
    const section = readXrefSection(Buffer.from(text), 0);
    expect([...section.entries]).toEqual([
      [0, { type: 'f', offset: 0, gen: 65535 }],
      [1, { type: 'n', offset: 15, gen: 0 }],
      [5, { type: 'n', offset: 99, gen: 2 }],
    ]);
    expect(() => readXrefSection(Buffer.from('12 0 obj << /Type /XRef >>'), 0)).toThrow(
      /cross-reference stream/,
    );
    expect(() => readXrefSection(Buffer.from('xref\n0 99999999\n'), 0)).toThrow(PdfSyntaxError);
  });

  it('decodes text strings and dates', () => {
    expect(decodeTextString(Buffer.from('feff004a00fc0072', 'hex'))).toBe('Jür');
    expect(decodeTextString(Buffer.from('efbbbf4ac3bc72', 'hex'))).toBe('Jür');
    expect(decodeTextString(Buffer.from('Plain'))).toBe('Plain');
    expect(parsePdfDate('D:20260314101530Z')?.toISOString()).toBe('2026-03-14T10:15:30.000Z');
    expect(parsePdfDate("D:20260314121530+02'00'")?.toISOString()).toBe('2026-03-14T10:15:30.000Z');
    expect(parsePdfDate('D:2026')?.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(parsePdfDate('yesterday')).toBeUndefined();
    expect(parsePdfDate('D:2026'.padEnd(5000, '9'))).toBeUndefined();
  });

  it('compares values structurally', () => {
    expect(valuesEqual(value('<< /A [1 2 0 R] /B (x) >>'), value('<</B<78>/A[1.0 2 0 R]>>'))).toBe(
      true,
    );
    expect(valuesEqual(value('<< /A 1 >>'), value('<< /A 1 /B 2 >>'))).toBe(false);
    expect(valuesEqual(value('[1 0 R]'), value('[1 1 R]'))).toBe(false);
  });
});

describe('verifyPdfSignatures on hostile files', () => {
  const header = Buffer.from('%PDF-1.7\n');

  async function quick(bytes: Buffer, limitMs: number): Promise<void> {
    const started = performance.now();
    const result = await verifyPdfSignatures(bytes, []);
    const elapsed = performance.now() - started;
    expect(result.ok).toBe(false);
    expect(result.checks.some((check) => !check.ok)).toBe(true);
    expect(elapsed).toBeLessThan(limitMs);
  }

  it('stays fast on 50 MB of random bytes with /ByteRange keys sprinkled in', async () => {
    const bytes = Buffer.concat([header, randomBytes(50 * 1024 * 1024)]);
    for (let i = 1; i <= 40; i += 1) bytes.write('/ByteRange [0 1 2 3]', i * 1_200_000, 'latin1');
    await quick(bytes, 3000);
  });

  it('stays fast on repeated tokens that could make a naive parser quadratic', async () => {
    const size = 8 * 1024 * 1024;
    const patterns = [
      '/ByteRange [',
      '1 0 obj << /ByteRange ',
      '(',
      '<',
      '<<',
      ' obj',
      'endobj ',
      '%%EOF\n',
    ];
    for (const pattern of patterns) {
      const body = Buffer.alloc(size, pattern, 'latin1');
      await quick(Buffer.concat([header, body, Buffer.from('\n%%EOF\n')]), 2000);
    }
  });

  it('reports malformed signature dictionaries instead of throwing', async () => {
    const cases = [
      '1 0 obj\n<< /ByteRange [0 /********** /********** /**********] /Contents <00> >>\nendobj\n',
      '1 0 obj\n<< /ByteRange [0 10 20 30] /Contents (not hex) >>\nendobj\n',
      '1 0 obj\n<< /ByteRange [0 10 20 30] /ByteRange [1] >>\nendobj\n',
      '1 0 obj\n<< /X << /ByteRange [0 1 2 3] >> >>\nendobj\n',
      '/ByteRange [0 1 2 3]\n',
      '1 0 obj\n<< /ByteRange [0 9 12 99999999999] /Contents <00> /M (D:2020) >>\nendobj\n',
    ];
    for (const text of cases) {
      const result = await verifyPdfSignatures(Buffer.from(`%PDF-1.7\n${text}%%EOF\n`), []);
      expect(result.ok, text).toBe(false);
      expect(result.checks.some((check) => !check.ok && check.message.length > 0)).toBe(true);
    }
  });
});
