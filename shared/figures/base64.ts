/**
 * Base64 of a byte array, for sending a PNG figure to the desktop shell (the IPC
 * contract carries figure data as a string). Written out rather than built on
 * `btoa(String.fromCharCode(...bytes))`, which needs a DOM global shared/ does
 * not have and overflows the call stack on a multi-megabyte image.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function bytesToBase64(bytes: Uint8Array): string {
  const out: string[] = [];
  let chunk = '';
  const full = bytes.length - (bytes.length % 3);
  for (let i = 0; i < full; i += 3) {
    const n = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    chunk +=
      ALPHABET.charAt(n >>> 18) +
      ALPHABET.charAt((n >>> 12) & 63) +
      ALPHABET.charAt((n >>> 6) & 63) +
      ALPHABET.charAt(n & 63);
    // Joined in pieces: one string grown by millions of concatenations costs more.
    if (chunk.length >= 65_536) {
      out.push(chunk);
      chunk = '';
    }
  }
  const rest = bytes.length - full;
  if (rest > 0) {
    const n = ((bytes[full] ?? 0) << 16) | (rest === 2 ? (bytes[full + 1] ?? 0) << 8 : 0);
    chunk +=
      ALPHABET.charAt(n >>> 18) +
      ALPHABET.charAt((n >>> 12) & 63) +
      (rest === 2 ? ALPHABET.charAt((n >>> 6) & 63) : '=') +
      '=';
  }
  out.push(chunk);
  return out.join('');
}
