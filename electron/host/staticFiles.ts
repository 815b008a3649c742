/**
 * Decides how to answer a request for the built renderer (dist/renderer): path
 * safety, single-page-app fallback, content types and headers. Both the local
 * Node host (HTTP) and Electron's app:// protocol use it, so the two ways of
 * running Debrief serve exactly the same files with the same headers.
 * It only decides; callers send the bytes. It must never resolve a path outside
 * the root and never answer anything but GET and HEAD.
 */
// `promises` from 'node:fs' (not the 'node:fs/promises' namespace) because
// Electron patches that object to read inside app.asar; a namespace import may
// hold the unpatched functions.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { SECURITY_HEADERS } from './contentSecurityPolicy.js';

export const INDEX_FILE = 'index.html';

/**
 * NAME_MAX on Linux and macOS, in bytes. NTFS counts UTF-16 units instead and
 * could hold a longer non-ASCII name, but the built renderer's names are short ASCII.
 */
const MAX_NAME_BYTES = 255;

const CONTENT_TYPES: ReadonlyMap<string, string> = new Map([
  ['.html', 'text/html; charset=utf-8'],
  ['.js', 'text/javascript; charset=utf-8'],
  ['.mjs', 'text/javascript; charset=utf-8'],
  ['.css', 'text/css; charset=utf-8'],
  ['.svg', 'image/svg+xml'],
  ['.png', 'image/png'],
  ['.json', 'application/json; charset=utf-8'],
  ['.webmanifest', 'application/manifest+json; charset=utf-8'],
  ['.woff2', 'font/woff2'],
  ['.ico', 'image/x-icon'],
  ['.txt', 'text/plain; charset=utf-8'],
]);

/** Unknown types are sent as opaque bytes; with `nosniff` the browser will not guess. */
export function contentTypeFor(filePath: string): string {
  return CONTENT_TYPES.get(path.extname(filePath).toLowerCase()) ?? 'application/octet-stream';
}

export type ErrorStatus = 400 | 403 | 404 | 405 | 500;

export type StaticResult =
  | {
      readonly kind: 'file';
      readonly status: 200;
      readonly headers: Readonly<Record<string, string>>;
      readonly filePath: string;
      readonly size: number;
    }
  | {
      readonly kind: 'error';
      readonly status: ErrorStatus;
      readonly headers: Readonly<Record<string, string>>;
      readonly body: string;
    };

export type ParsedRequestPath =
  | { readonly kind: 'ok'; readonly segments: readonly string[]; readonly isDirectory: boolean }
  | { readonly kind: 'rejected'; readonly status: 400 | 403 | 404; readonly reason: string };

/**
 * Turns the raw request target (still percent-encoded, possibly with a query)
 * into path segments, or rejects it. Decoding happens exactly once, and the
 * checks run on the decoded text, so `%2e%2e`, `..%2f` and `%5c` are caught
 * the same as their plain forms, while a double-encoded `%252e` stays a
 * harmless literal file name.
 */
export function parseRequestPath(rawPath: string): ParsedRequestPath {
  const end = rawPath.search(/[?#]/);
  const encoded = end === -1 ? rawPath : rawPath.slice(0, end);
  if (!encoded.startsWith('/')) {
    return { kind: 'rejected', status: 400, reason: 'The request path must start with "/".' };
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(encoded);
  } catch {
    return {
      kind: 'rejected',
      status: 400,
      reason: 'The request path is not valid percent-encoding.',
    };
  }
  if (decoded.includes('\0')) {
    return { kind: 'rejected', status: 400, reason: 'The request path contains a null byte.' };
  }
  // Backslashes are separators on Windows and colons introduce drive letters
  // and NTFS streams; neither appears in a built renderer, so refuse both.
  if (decoded.includes('\\') || decoded.includes(':')) {
    return {
      kind: 'rejected',
      status: 403,
      reason: 'The request path contains a forbidden character.',
    };
  }
  const segments = decoded.split('/').filter((segment) => segment !== '');
  for (const segment of segments) {
    if (segment === '.' || segment === '..') {
      return { kind: 'rejected', status: 403, reason: 'The request path leaves the app folder.' };
    }
    // Hidden files (.DS_Store, .env, …) are never part of the app; answer as if absent.
    if (segment.startsWith('.')) {
      return { kind: 'rejected', status: 404, reason: 'Not found.' };
    }
    // No common file system stores a longer name, so nothing can be there;
    // deciding here gives the same 404 on every platform.
    if (Buffer.byteLength(segment) > MAX_NAME_BYTES) {
      return { kind: 'rejected', status: 404, reason: 'Not found.' };
    }
    // Windows drops trailing dots and spaces when it opens a file, so there
    // `app.js.map.` would open `app.js.map` and slip past the *.map rule.
    if (segment.endsWith('.') || segment.endsWith(' ')) {
      return { kind: 'rejected', status: 404, reason: 'Not found.' };
    }
  }
  return { kind: 'ok', segments, isDirectory: decoded.endsWith('/') };
}

/**
 * Source maps would hand out the original sources. Production builds emit
 * none (vite.config.ts), and this keeps one that was left in the folder unserved.
 */
function isSourceMap(segments: readonly string[]): boolean {
  return /\.map$/i.test(segments.at(-1) ?? '');
}

/** True when `candidate` is `root` itself or lies below it. */
export function isInsideRoot(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return !relative.startsWith('..') && !path.isAbsolute(relative);
}

function textResponse(
  status: ErrorStatus,
  message: string,
  extra: Record<string, string> = {},
): StaticResult {
  return {
    kind: 'error',
    status,
    headers: {
      ...SECURITY_HEADERS,
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Length': String(Buffer.byteLength(message)),
      'Cache-Control': 'no-store',
      ...extra,
    },
    body: message,
  };
}

function fileResponse(filePath: string, size: number): StaticResult {
  return {
    kind: 'file',
    status: 200,
    headers: {
      ...SECURITY_HEADERS,
      'Content-Type': contentTypeFor(filePath),
      'Content-Length': String(size),
      // Revalidate everything: the files are local, so a refetch costs nothing,
      // and index.html must never outlive the hashed assets it names.
      'Cache-Control': 'no-cache',
    },
    filePath,
    size,
  };
}

type Lookup =
  | { readonly kind: 'file'; readonly filePath: string; readonly size: number }
  | { readonly kind: 'missing' }
  | { readonly kind: 'forbidden' };

/**
 * File-system errors that only mean "there is no such file here": a missing
 * entry, a file where a folder was expected or the other way round, a name or
 * path too long to exist, a symbolic-link loop. They answer 404, not 500.
 */
const NOT_THERE_CODES: ReadonlySet<string> = new Set([
  'ENOENT',
  'ENOTDIR',
  'ENAMETOOLONG',
  'ELOOP',
  'EISDIR',
]);

export function isNotThereError(error: unknown): boolean {
  return isErrnoException(error) && error.code !== undefined && NOT_THERE_CODES.has(error.code);
}

function isErrnoException(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && 'code' in error;
}

/**
 * Finds a regular file at `candidate`. The real path is checked against the
 * root as well, so a symbolic link inside the root cannot lead out of it.
 */
async function lookUp(realRoot: string, candidate: string): Promise<Lookup> {
  if (!isInsideRoot(realRoot, candidate)) return { kind: 'forbidden' };
  try {
    const stats = await fs.stat(candidate);
    if (!stats.isFile()) return { kind: 'missing' };
    const realPath = await fs.realpath(candidate);
    if (!isInsideRoot(realRoot, realPath)) return { kind: 'forbidden' };
    return { kind: 'file', filePath: realPath, size: stats.size };
  } catch (error) {
    if (isNotThereError(error)) return { kind: 'missing' };
    if (isErrnoException(error) && (error.code === 'EACCES' || error.code === 'EPERM')) {
      return { kind: 'forbidden' };
    }
    throw error;
  }
}

/** Client-side routes look like `/workshops/abc`: no file extension in the last segment. */
function isAppRoute(segments: readonly string[]): boolean {
  const last = segments.at(-1);
  return last === undefined || path.extname(last) === '';
}

export interface StaticSite {
  readonly root: string;
  /** `rawPath` is the request target as received: percent-encoded, query allowed. */
  resolve(method: string, rawPath: string): Promise<StaticResult>;
}

export function createStaticSite(root: string): StaticSite {
  const absoluteRoot = path.resolve(root);
  let realRoot: Promise<string> | undefined;
  // Cache the root's real path, but not a failure: the renderer may be built
  // after the app started.
  const getRealRoot = (): Promise<string> =>
    (realRoot ??= fs.realpath(absoluteRoot).catch((error: unknown) => {
      realRoot = undefined;
      throw error;
    }));

  async function resolveSafely(method: string, rawPath: string): Promise<StaticResult> {
    if (method !== 'GET' && method !== 'HEAD') {
      return textResponse(405, 'Method not allowed.', { Allow: 'GET, HEAD' });
    }
    const parsed = parseRequestPath(rawPath);
    if (parsed.kind === 'rejected') {
      return textResponse(parsed.status, parsed.status === 404 ? 'Not found.' : parsed.reason);
    }
    if (isSourceMap(parsed.segments)) return textResponse(404, 'Not found.');
    const rootPath = await getRealRoot();
    const wanted = parsed.isDirectory ? [...parsed.segments, INDEX_FILE] : parsed.segments;
    const found = await lookUp(
      rootPath,
      path.join(rootPath, ...(wanted.length > 0 ? wanted : [INDEX_FILE])),
    );
    if (found.kind === 'file') return fileResponse(found.filePath, found.size);
    if (found.kind === 'forbidden') return textResponse(403, 'Forbidden.');

    if (isAppRoute(parsed.segments)) {
      const index = await lookUp(rootPath, path.join(rootPath, INDEX_FILE));
      if (index.kind === 'file') return fileResponse(index.filePath, index.size);
    }
    return textResponse(404, 'Not found.');
  }

  return {
    root: absoluteRoot,
    async resolve(method, rawPath) {
      try {
        return await resolveSafely(method, rawPath);
      } catch {
        // The cause (a file-system error) may name local paths; keep it out of the response.
        return textResponse(500, 'The file could not be read.');
      }
    },
  };
}
