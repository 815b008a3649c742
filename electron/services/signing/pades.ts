/**
 * PDF signatures, PAdES baseline B-B (ETSI EN 319 142-1).
 *
 * `signPdf` appends an incremental update with @signpdf/placeholder-plain (the signature
 * dictionary with SubFilter ETSI.CAdES.detached, an invisible signature widget on the first
 * page, the AcroForm, and the catalog when it had no AcroForm yet), then @signpdf/signpdf
 * fills the placeholder through `CadesSigner`, which makes our CMS (cmsCore.ts): detached,
 * SHA-256, signed attributes contentType + messageDigest + signing-certificate-v2 and no
 * signing-time (the time is the dictionary's /M), with the signer certificate and its chain.
 *
 * The bytes that were there stay untouched, so signing an already-signed PDF adds a second
 * signature in a new revision and leaves the first one valid. Input must use a classic
 * cross-reference table (Chromium's output does; object streams do not work with
 * placeholder-plain).
 *
 * placeholder-plain writes text strings through `Buffer.from(string)`, which garbles
 * anything that is not ASCII, and inserts any value containing "<<" unquoted. Such text is
 * therefore written as a same-length placeholder and replaced afterwards by a UTF-16BE hex
 * string, so names like "Jürgen Müller" come out right and nothing can inject PDF syntax.
 */
import { createHash, randomInt } from 'node:crypto';
import { plainAddPlaceholder } from '@signpdf/placeholder-plain';
import { SignPdf } from '@signpdf/signpdf';
import { Signer, SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import { certificateDer } from './certificates.js';
import { createDetachedCms, signingMaterial, type SigningMaterial } from './cmsCore.js';
import type { SignerIdentity } from './identity.js';
import { readXrefSection, startXrefBefore } from './pdfSyntax.js';

export interface SignatureInfo {
  /** Shown as the signature's /Name, usually the signer's name. */
  name: string;
  reason: string;
  location?: string;
  contactInfo?: string;
  /** Written as /M (the signer's claim; PAdES B-B has no trusted time). */
  signingTime: Date;
}

/** The PDF cannot be signed; `message` is user-facing. */
export class SigningError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SigningError';
  }
}

const MAX_TEXT = 500;
const MIN_PLACEHOLDER_BYTES = 8192;

/** Produces our CAdES CMS for the bytes @signpdf/signpdf hands over (the byte range). */
class CadesSigner extends Signer {
  readonly #material: SigningMaterial;

  constructor(material: SigningMaterial) {
    super();
    this.#material = material;
  }

  override sign(pdfBuffer: Buffer): Promise<Buffer> {
    const digest = createHash('sha256').update(pdfBuffer).digest();
    return Promise.resolve(createDetachedCms(digest, this.#material));
  }
}

interface TextField {
  /** What placeholder-plain is given. */
  input: string;
  /** `(marker)` to replace afterwards by `replacement` (same length), when not plain ASCII. */
  marker?: string;
  replacement?: string;
}

function utf16Hex(text: string): string {
  const bytes = Buffer.from(`\ufeff${text}`, 'utf16le').swap16();
  return `<${bytes.toString('hex').toUpperCase()}>`;
}

function textField(value: string | undefined, label: string): TextField {
  const text = (value ?? '').normalize('NFC');
  if (Array.from(text).length > MAX_TEXT) {
    throw new SigningError(
      `The signature's ${label} is too long (at most ${MAX_TEXT} characters).`,
    );
  }
  if (/^[\x20-\x7e]*$/.test(text) && !text.includes('<<')) return { input: text };
  const replacement = utf16Hex(text);
  const markerLength = replacement.length - 2;
  let marker = '';
  for (let i = 0; i < markerLength; i += 1) marker += String.fromCharCode(65 + randomInt(26));
  return { input: marker, marker: `(${marker})`, replacement };
}

function replaceMarkers(pdf: Buffer, from: number, fields: TextField[]): void {
  for (const field of fields) {
    if (!field.marker || !field.replacement) continue;
    const marker = Buffer.from(field.marker, 'latin1');
    const at = pdf.indexOf(marker, from);
    if (at < 0 || pdf.indexOf(marker, at + 1) >= 0 || field.replacement.length !== marker.length) {
      throw new SigningError('The signature text could not be written into the PDF.');
    }
    pdf.write(field.replacement, at, 'latin1');
  }
}

/**
 * Two blemishes of placeholder-plain's update that `qpdf --check` warns about, fixed before
 * the signature covers them: startxref points at the newline before `xref`, and /Size counts
 * an object number it never used when the AcroForm is rewritten. Both sit after every object
 * offset, so fixing them moves nothing that the cross-reference table points to.
 */
function tidyUpdate(pdf: Buffer): Buffer {
  try {
    let out = pdf;
    const { xref } = startXrefBefore(out, out.length);
    if (out[xref] === 0x0a && out.toString('latin1', xref + 1, xref + 5) === 'xref') {
      out = Buffer.concat([out.subarray(0, xref), out.subarray(xref + 1)]);
    }
    const section = readXrefSection(out, xref);
    const size = section.trailer.entries.get('Size');
    const prev = section.trailer.entries.get('Prev');
    if (size?.kind !== 'number' || prev?.kind !== 'number') return out;
    const previous = readXrefSection(out, prev.value).trailer.entries.get('Size');
    const highest = Math.max(-1, ...section.entries.keys());
    const wanted = Math.max(previous?.kind === 'number' ? previous.value : 0, highest + 1);
    if (wanted !== size.value) {
      out = Buffer.concat([
        out.subarray(0, size.start),
        Buffer.from(String(wanted), 'latin1'),
        out.subarray(size.end),
      ]);
    }
    return out;
  } catch {
    return pdf; // Leave it as placeholder-plain wrote it: still a valid update.
  }
}

function materialOf(identity: SignerIdentity): SigningMaterial {
  try {
    return signingMaterial({
      certificateDer: certificateDer(identity.certificatePem),
      chainDer: identity.chainPem.map((pem) => certificateDer(pem)),
      privateKeyPem: identity.privateKeyPem,
    });
  } catch (error) {
    throw new SigningError('The signer identity cannot be used to sign.', { cause: error });
  }
}

/**
 * Signs `pdf` (PAdES B-B, ETSI.CAdES.detached) in a new incremental update and returns the
 * whole signed file. Throws SigningError when the PDF or the identity cannot be used.
 */
export async function signPdf(
  pdf: Uint8Array,
  identity: SignerIdentity,
  info: SignatureInfo,
): Promise<Uint8Array> {
  const input = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  if (input.subarray(0, 1024).indexOf('%PDF-') < 0) {
    throw new SigningError('This file is not a PDF.');
  }
  if (!(info.signingTime instanceof Date) || !Number.isFinite(info.signingTime.getTime())) {
    throw new SigningError('The signing time is not a valid date.');
  }
  const material = materialOf(identity);
  const fields = [
    textField(info.name, 'name'),
    textField(info.reason, 'reason'),
    textField(info.location, 'location'),
    textField(info.contactInfo, 'contact information'),
  ];
  const [name, reason, location, contactInfo] = fields.map((field) => field.input);
  // The exact CMS size for this identity (RSA signatures have a fixed size, ECDSA varies by a
  // few bytes), with room to spare; /Contents holds twice as many hex digits.
  const cmsBytes = createDetachedCms(Buffer.alloc(32), material).length;
  const signatureLength = Math.max(MIN_PLACEHOLDER_BYTES, cmsBytes + 1024);

  let withPlaceholder: Buffer;
  try {
    withPlaceholder = plainAddPlaceholder({
      pdfBuffer: input,
      reason: reason ?? '',
      contactInfo: contactInfo ?? '',
      name: name ?? '',
      location: location ?? '',
      signingTime: info.signingTime,
      signatureLength,
      subFilter: SUBFILTER_ETSI_CADES_DETACHED,
      appName: 'Debrief',
    });
  } catch (error) {
    throw new SigningError(
      `This PDF cannot be signed (${error instanceof Error ? error.message : String(error)}).`,
      { cause: error },
    );
  }
  // The update starts after the original bytes (minus at most a trailing EOL).
  replaceMarkers(withPlaceholder, Math.max(0, input.length - 2), fields);
  const prepared = tidyUpdate(withPlaceholder);
  try {
    const signed = await new SignPdf().sign(prepared, new CadesSigner(material));
    return new Uint8Array(signed.buffer, signed.byteOffset, signed.byteLength);
  } catch (error) {
    throw new SigningError(
      `The PDF could not be signed (${error instanceof Error ? error.message : String(error)}).`,
      { cause: error },
    );
  }
}
