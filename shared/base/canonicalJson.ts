/**
 * Canonical JSON (RFC 8785, JSON Canonicalization Scheme): the exact bytes that
 * are hashed for the audit chain. Anyone can recompute a hash with any JCS
 * implementation, months later, without Debrief.
 */
import canonicalizeModule from 'canonicalize';

// canonicalize is CommonJS (`module.exports = fn`) but its .d.ts declares `export default`.
// Node's ESM loader and Vite both hand us module.exports, i.e. the function itself.
const canonicalize = canonicalizeModule as unknown as (value: unknown) => string | undefined;

export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('Value cannot be represented as canonical JSON.');
  return text;
}
