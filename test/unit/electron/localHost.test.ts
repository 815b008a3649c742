import http from 'node:http';
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../electron/host/contentSecurityPolicy.js';
import {
  isLoopbackHostHeader,
  startLocalHost,
  type LocalHost,
} from '../../../electron/host/localHost.js';
import { createSiteFixture, INDEX_HTML, SECRET, type SiteFixture } from './fixtures.js';

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
    ['/assets/app-1234.js.map', 'application/json; charset=utf-8'],
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

  it('serves on ::1 with a bracketed URL when asked', async () => {
    let running: LocalHost;
    try {
      running = await startLocalHost({ root: site.root, port: 0, host: '::1' });
    } catch {
      return; // No IPv6 loopback on this machine.
    }
    started.push(running);
    expect(running.url).toBe(`http://[::1]:${running.port}/`);
  });
});
