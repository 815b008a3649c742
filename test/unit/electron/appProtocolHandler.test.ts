import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppProtocolHandler } from '../../../electron/host/appProtocolHandler.js';
import { CONTENT_SECURITY_POLICY } from '../../../electron/host/contentSecurityPolicy.js';
import { createSiteFixture, INDEX_HTML, SECRET, type SiteFixture } from './fixtures.js';

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
});
