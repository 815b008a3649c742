import { lstat } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../electron/host/contentSecurityPolicy.js';
import {
  isLoopbackHostHeader,
  startLocalHost,
  type LocalHost,
} from '../../../electron/host/localHost.js';
import {
  createSiteFixture,
  INDEX_HTML,
  LONGEST_NAME,
  SECRET,
  SOURCE_MAP,
  type SiteFixture,
} from './fixtures.js';

interface RawResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** Sends the path exactly as given: fetch() would normalise `..` away before sending. */
function rawRequest(
  port: number,
  method: string,
  requestPath: string,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: '127.0.0.1', port, method, path: requestPath, headers, agent: false },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end();
  });
}

/**
 * Tests that need a port of their own take the first free one from this
 * range: Chromium accepts all of them, and e2e's 4317 is not among them.
 */
const TEST_PORTS = { first: 4800, last: 4849 } as const;

function errorCode(error: unknown): unknown {
  return error instanceof Error && 'code' in error ? error.code : undefined;
}

/** Only a port already in use moves on to the next one; any other error fails the caller. */
async function onFreeTestPort<T>(listen: (port: number) => Promise<T>): Promise<T> {
  for (let port: number = TEST_PORTS.first; port <= TEST_PORTS.last; port += 1) {
    try {
      return await listen(port);
    } catch (error) {
      if (errorCode(error) !== 'EADDRINUSE') throw error;
    }
  }
  throw new Error(`No free port from ${TEST_PORTS.first} to ${TEST_PORTS.last}.`);
}

/** What listening on [::1] fails with where the machine has no IPv6 loopback. */
const NO_IPV6_LOOPBACK = ['EADDRNOTAVAIL', 'EAFNOSUPPORT'];

/**
 * Decided once, before any test runs, with a plain socket: the ::1 tests then
 * test what this machine has, never pass without testing.
 */
async function detectIpv6Loopback(): Promise<boolean> {
  try {
    const probe = await onFreeTestPort(
      (port) =>
        new Promise<net.Server>((resolve, reject) => {
          const server = net.createServer();
          server.once('error', reject);
          server.listen(port, '::1', () => resolve(server));
        }),
    );
    await new Promise((resolve) => probe.close(resolve));
    return true;
  } catch (error) {
    if (NO_IPV6_LOOPBACK.includes(String(errorCode(error)))) return false;
    throw error;
  }
}

const hasIpv6Loopback = await detectIpv6Loopback();

let site: SiteFixture;
let host: LocalHost;

beforeAll(async () => {
  site = await createSiteFixture();
  host = await startLocalHost({ root: site.root, port: 0 });
});

afterAll(async () => {
  await host.close();
  await site.cleanup();
});

describe('startLocalHost', () => {
  it('listens on 127.0.0.1 on a free port when asked for port 0', () => {
    expect(host.port).toBeGreaterThan(0);
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/`);
  });

  it('serves index.html with the CSP, security headers and no-cache', async () => {
    const response = await fetch(host.url);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(INDEX_HTML);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(response.headers.get('cache-control')).toBe('no-cache');
  });

  it('uses a strict CSP that allows inline styles but never inline scripts', () => {
    const directives = new Map(
      CONTENT_SECURITY_POLICY.split(';').map((directive) => {
        const [name = '', ...values] = directive.trim().split(/\s+/);
        return [name, values.join(' ')] as const;
      }),
    );
    expect(directives.get('default-src')).toBe("'self'");
    expect(directives.get('script-src')).toBe("'self'");
    expect(directives.get('style-src')).toBe("'self' 'unsafe-inline'");
    expect(directives.get('img-src')).toBe("'self' data: blob:");
    expect(directives.get('font-src')).toBe("'self'");
    expect(directives.get('connect-src')).toBe("'self'");
    expect(directives.get('object-src')).toBe("'none'");
    expect(directives.get('base-uri')).toBe("'none'");
    expect(directives.get('frame-ancestors')).toBe("'none'");
    expect(directives.get('form-action')).toBe("'none'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
  });

  it.each([
    ['/index.html', 'text/html; charset=utf-8'],
    ['/assets/app-1234.js', 'text/javascript; charset=utf-8'],
    ['/assets/style-1234.css', 'text/css; charset=utf-8'],
    ['/assets/font.woff2', 'font/woff2'],
    ['/icon.svg', 'image/svg+xml'],
    ['/logo.png', 'image/png'],
    ['/favicon.ico', 'image/x-icon'],
    ['/manifest.json', 'application/json; charset=utf-8'],
    ['/blob.xyz', 'application/octet-stream'],
  ])('serves %s as %s, with the security headers', async (requestPath, contentType) => {
    const response = await fetch(new URL(requestPath, host.url));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(contentType);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves the asset bytes unchanged', async () => {
    const response = await fetch(new URL('/assets/app-1234.js', host.url));
    expect(await response.text()).toBe('console.log("app");');
    expect(response.headers.get('content-length')).toBe(String('console.log("app");'.length));
  });

  it('falls back to index.html for client-side routes without an extension', async () => {
    for (const route of ['/workshops/abc', '/settings', '/assets', '/a/b/c/']) {
      const response = await rawRequest(host.port, 'GET', route);
      expect(response.status, route).toBe(200);
      expect(response.body, route).toBe(INDEX_HTML);
      expect(response.headers['cache-control'], route).toBe('no-cache');
    }
  });

  it('answers 404 for missing files that have an extension', async () => {
    const response = await rawRequest(host.port, 'GET', '/assets/missing.js');
    expect(response.status).toBe(404);
    expect(response.body).not.toContain('<!doctype html>');
    expect(response.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  });

  it.each([
    '/../package.json',
    '/../../package.json',
    '/%2e%2e/package.json',
    '/%2E%2E/package.json',
    '/assets/..%2f..%2fpackage.json',
    '/..%5cpackage.json',
    '/%2e%2e%2fsecret.txt',
    '/assets/../../secret.txt',
    '/./../secret.txt',
    '/escape.txt',
    '/.env',
    '/index.html%00.png',
    '/%00',
    '/C:/Windows/win.ini',
    '/%',
  ])('never leaks a file outside the root: %s', async (requestPath) => {
    const response = await rawRequest(host.port, 'GET', requestPath);
    expect([400, 403, 404]).toContain(response.status);
    expect(response.body).not.toContain(SECRET);
    expect(response.body).not.toContain(INDEX_HTML);
    expect(response.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  });

  it('rejects traversal with 403 rather than treating it as a route', async () => {
    expect((await rawRequest(host.port, 'GET', '/../package.json')).status).toBe(403);
    expect((await rawRequest(host.port, 'GET', '/%2e%2e/package.json')).status).toBe(403);
  });

  it.each(['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'])('answers %s with 405', async (method) => {
    const response = await rawRequest(host.port, method, '/index.html');
    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe('GET, HEAD');
    expect(response.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(response.body).not.toContain(INDEX_HTML);
  });

  it('answers HEAD with the headers and no body', async () => {
    const response = await rawRequest(host.port, 'HEAD', '/index.html');
    expect(response.status).toBe(200);
    expect(response.body).toBe('');
    expect(response.headers['content-length']).toBe(String(Buffer.byteLength(INDEX_HTML)));
    expect(response.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  });

  it('ignores the query string', async () => {
    const response = await rawRequest(host.port, 'GET', '/assets/app-1234.js?v=2#x');
    expect(response.status).toBe(200);
    expect(response.body).toBe('console.log("app");');
  });

  it('refuses requests whose Host header is not loopback (DNS rebinding)', async () => {
    const response = await rawRequest(host.port, 'GET', '/index.html', {
      Host: `evil.example:${host.port}`,
    });
    expect(response.status).toBe(403);
    expect(response.body).not.toContain(INDEX_HTML);
  });

  it('accepts localhost as the Host header', async () => {
    const response = await rawRequest(host.port, 'GET', '/index.html', {
      Host: `localhost:${host.port}`,
    });
    expect(response.status).toBe(200);
  });
});

describe('source maps', () => {
  it('the fixture really holds maps, so the 404s below are the host refusing them', async () => {
    for (const name of ['app-1234.js.map', 'APP-5678.JS.MAP']) {
      expect((await lstat(path.join(site.root, 'assets', name))).isFile(), name).toBe(true);
    }
  });

  it.each([
    '/assets/app-1234.js.map',
    '/assets/APP-5678.JS.MAP',
    '/assets/app-1234.js%2emap',
    '/assets/app-1234.js.map?v=1',
    // On Windows these open app-1234.js.map itself.
    '/assets/app-1234.js.map.',
    '/assets/app-1234.js.map%20',
    '/assets/app-1234.js.map...',
  ])('answers 404 for %s', async (requestPath) => {
    const response = await rawRequest(host.port, 'GET', requestPath);
    expect(response.status).toBe(404);
    expect(response.body).toBe('Not found.');
    expect(response.body).not.toContain(SOURCE_MAP);
    expect(response.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  });

  it('answers HEAD for a map with 404 too', async () => {
    const response = await rawRequest(host.port, 'HEAD', '/assets/app-1234.js.map');
    expect(response.status).toBe(404);
    expect(response.body).toBe('');
  });

  it('still serves the script the map belongs to', async () => {
    const response = await rawRequest(host.port, 'GET', '/assets/app-1234.js');
    expect(response.status).toBe(200);
  });
});

describe('requests for files that cannot exist', () => {
  it('serves a file whose name is exactly 255 bytes long', async () => {
    expect(Buffer.byteLength(LONGEST_NAME)).toBe(255);
    const response = await rawRequest(host.port, 'GET', `/${LONGEST_NAME}`);
    expect(response.status).toBe(200);
    expect(response.body).toBe('longest');
  });

  it.each([
    ['a 256-byte name with an extension', `/${'n'.repeat(253)}.js`],
    ['a 256-byte name that looks like a route', `/${'w'.repeat(256)}`],
    ['a 300-byte folder name', `/${'d'.repeat(300)}/app.js`],
    ['a name of 128 two-byte characters (256 bytes)', `/${'%C3%A9'.repeat(128)}`],
  ])('answers 404, not 500, for %s', async (_name, requestPath) => {
    const response = await rawRequest(host.port, 'GET', requestPath);
    expect(response.status).toBe(404);
    expect(response.body).toBe('Not found.');
    expect(response.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  });

  it.each([
    // Each name is short, but the whole path is longer than Linux's PATH_MAX (ENAMETOOLONG).
    ['a path longer than the system allows', `/${'abcdefgh/'.repeat(500)}app.js`],
    ['a file used as a folder (ENOTDIR)', '/index.html/app.js'],
    ['a file used as a folder, with a trailing slash (ENOTDIR)', '/index.html/'],
    ['a symbolic link to itself (ELOOP)', '/loop.js'],
  ])('answers 404, not 500, for %s', async (_name, requestPath) => {
    const response = await rawRequest(host.port, 'GET', requestPath);
    expect(response.status).toBe(404);
    expect(response.body).toBe('Not found.');
  });

  // Windows strips trailing dots and spaces, so such a request would name a
  // different file there; here the files exist under exactly these names.
  it.each(['/trailing-dot.txt.', '/trailing-space.txt%20'])(
    'treats a name ending in a dot or space as absent: %s',
    async (requestPath) => {
      const response = await rawRequest(host.port, 'GET', requestPath);
      expect(response.status).toBe(404);
      expect(response.body).not.toContain(SECRET);
    },
  );
});

describe('isLoopbackHostHeader', () => {
  it('accepts loopback names on the right port only', () => {
    expect(isLoopbackHostHeader('127.0.0.1:4300', 4300)).toBe(true);
    expect(isLoopbackHostHeader('localhost:4300', 4300)).toBe(true);
    expect(isLoopbackHostHeader('[::1]:4300', 4300)).toBe(true);
    expect(isLoopbackHostHeader('127.0.0.1', 80)).toBe(true);
    expect(isLoopbackHostHeader('127.0.0.1:4301', 4300)).toBe(false);
    expect(isLoopbackHostHeader('127.0.0.1', 4300)).toBe(false);
    expect(isLoopbackHostHeader('localhost.evil.example:4300', 4300)).toBe(false);
    expect(isLoopbackHostHeader('user@127.0.0.1:4300', 4300)).toBe(false);
    expect(isLoopbackHostHeader('192.168.1.5:4300', 4300)).toBe(false);
    expect(isLoopbackHostHeader(undefined, 4300)).toBe(false);
  });
});

describe('startLocalHost options', () => {
  const started: LocalHost[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((running) => running.close()));
  });

  it('refuses to listen on a non-loopback address (LAN mode does not exist yet)', async () => {
    await expect(startLocalHost({ root: site.root, port: 0, host: '0.0.0.0' })).rejects.toThrow(
      /loopback/,
    );
  });

  it('refuses an invalid port', async () => {
    await expect(startLocalHost({ root: site.root, port: 70000 })).rejects.toThrow(RangeError);
    await expect(startLocalHost({ root: site.root, port: 1.5 })).rejects.toThrow(RangeError);
  });

  it('refuses a missing root folder', async () => {
    await expect(startLocalHost({ root: `${site.base}/does-not-exist`, port: 0 })).rejects.toThrow(
      /does not exist/,
    );
  });

  it('reports EADDRINUSE when the port is taken', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as net.AddressInfo;
    try {
      await expect(startLocalHost({ root: site.root, port })).rejects.toMatchObject({
        code: 'EADDRINUSE',
      });
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('closes idempotently and stops answering', async () => {
    const running = await startLocalHost({ root: site.root, port: 0 });
    const response = await fetch(running.url);
    expect(response.status).toBe(200);
    await running.close();
    await running.close();
    await expect(fetch(running.url)).rejects.toThrow();
  });

  // One test whatever the machine has: it serves on [::1] where the loopback exists, and
  // reports its absence as an error where it does not (never skipped, never vacuous).
  it(
    hasIpv6Loopback
      ? 'serves on ::1, at a bracketed URL'
      : 'reports a missing IPv6 loopback as an error',
    async () => {
      if (hasIpv6Loopback) {
        const running = await onFreeTestPort((port) =>
          startLocalHost({ root: site.root, port, host: '::1' }),
        );
        started.push(running);
        expect(running.port).toBeGreaterThanOrEqual(TEST_PORTS.first);
        expect(running.port).toBeLessThanOrEqual(TEST_PORTS.last);
        expect(running.url).toBe(`http://[::1]:${running.port}/`);
        // fetch sends `Host: [::1]:port`, which the rebinding check must accept.
        const response = await fetch(running.url);
        expect(response.status).toBe(200);
        expect(await response.text()).toBe(INDEX_HTML);
      } else {
        const attempt = startLocalHost({ root: site.root, port: TEST_PORTS.first, host: '::1' });
        // Should it start after all, close it after the test like the others.
        attempt.then(
          (running) => started.push(running),
          () => undefined,
        );
        await expect(attempt).rejects.toSatisfy((error) =>
          NO_IPV6_LOOPBACK.includes(String(errorCode(error))),
        );
      }
    },
  );
});
