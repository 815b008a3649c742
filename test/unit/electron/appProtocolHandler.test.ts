import { promises as fs } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAppProtocolHandler } from '../../../electron/host/appProtocolHandler.js';
import { CONTENT_SECURITY_POLICY } from '../../../electron/host/contentSecurityPolicy.js';
import { createSiteFixture, INDEX_HTML, SECRET, SOURCE_MAP, type SiteFixture } from './fixtures.js';

let site: SiteFixture;
let handler: ReturnType<typeof createAppProtocolHandler>;

beforeAll(async () => {
  site = await createSiteFixture();
  handler = createAppProtocolHandler(site.root);
});

afterAll(async () => {
  await site.cleanup();
});

/** Builds a request the way Chromium hands it to protocol.handle. */
function appRequest(url: string, method = 'GET'): Request {
  return new Request(url, { method });
}

describe('app:// protocol handler', () => {
  it('serves index.html at app://debrief/ with the CSP header', async () => {
    const response = await handler(appRequest('app://debrief/'));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(INDEX_HTML);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves assets with their content type', async () => {
    const response = await handler(appRequest('app://debrief/assets/app-1234.js'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await response.text()).toBe('console.log("app");');
  });

  it('falls back to index.html for client-side routes', async () => {
    const response = await handler(appRequest('app://debrief/workshops/w1'));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(INDEX_HTML);
  });

  it('answers 404 for another host on the app scheme', async () => {
    const response = await handler(appRequest('app://evil/index.html'));
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain(INDEX_HTML);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it.each([
    'app://debrief/%2e%2e/package.json',
    'app://debrief/..%2fsecret.txt',
    'app://debrief/..%5csecret.txt',
    'app://debrief/escape.txt',
    'app://debrief/.env',
  ])('never serves a file outside the root: %s', async (url) => {
    const response = await handler(appRequest(url));
    expect([400, 403, 404]).toContain(response.status);
    expect(await response.text()).not.toContain(SECRET);
  });

  it('answers POST with 405 and HEAD without a body', async () => {
    const post = await handler(appRequest('app://debrief/index.html', 'POST'));
    expect(post.status).toBe(405);
    const head = await handler(appRequest('app://debrief/index.html', 'HEAD'));
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect(head.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it.each([
    'app://debrief/assets/app-1234.js.map',
    'app://debrief/assets/APP-5678.JS.MAP',
    'app://debrief/assets/app-1234.js.map.',
  ])('answers 404 for the source map %s although it exists', async (url) => {
    const response = await handler(appRequest(url));
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain(SOURCE_MAP);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it.each([
    `app://debrief/${'n'.repeat(253)}.js`,
    `app://debrief/${'w'.repeat(256)}`,
    `app://debrief/${'abcdefgh/'.repeat(500)}app.js`,
    'app://debrief/loop.js',
  ])('answers 404, not 500, for a file that cannot exist (%#)', async (url) => {
    const response = await handler(appRequest(url));
    expect(response.status).toBe(404);
  });
});

describe('app:// protocol handler, when the file changes under it', () => {
  function fsError(code: string): NodeJS.ErrnoException {
    return Object.assign(new Error(`${code}: simulated`), { code });
  }

  it.each(['ENOENT', 'ENOTDIR', 'EISDIR'])(
    'answers 404 when the file is gone by the time it is read (%s)',
    async (code) => {
      vi.spyOn(fs, 'readFile').mockRejectedValueOnce(fsError(code));
      const response = await handler(appRequest('app://debrief/assets/app-1234.js'));
      expect(response.status).toBe(404);
      expect(await response.text()).toBe('Not found.');
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    },
  );

  it('answers 500 for a real read failure, without the cause', async () => {
    vi.spyOn(fs, 'readFile').mockRejectedValueOnce(fsError('EIO'));
    const response = await handler(appRequest('app://debrief/assets/app-1234.js'));
    expect(response.status).toBe(500);
    expect(await response.text()).toBe('The file could not be read.');
  });
});
