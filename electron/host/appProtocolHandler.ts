/**
 * Answers Electron's app:// protocol from the built renderer, with the same
 * path safety, fallback and headers as the local Node host (staticFiles.ts).
 * Plain Node on fetch-style Request/Response, so it is tested without Electron;
 * electron/main registers it with `protocol.handle`.
 * It never serves a host other than app://debrief and never reads outside the root.
 */
// `promises` from 'node:fs' so that Electron's asar patches apply (see staticFiles.ts).
import { promises as fs } from 'node:fs';
import { isAppUrl } from '../security/appOrigin.js';
import { SECURITY_HEADERS } from './contentSecurityPolicy.js';
import { createStaticSite, isNotThereError } from './staticFiles.js';

export type AppProtocolHandler = (request: Request) => Promise<Response>;

function plainText(status: number, message: string): Response {
  return new Response(message, {
    status,
    headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' },
  });
}

export function createAppProtocolHandler(rendererRoot: string): AppProtocolHandler {
  const site = createStaticSite(rendererRoot);
  return async (request) => {
    const url = new URL(request.url);
    if (!isAppUrl(url)) return plainText(404, 'Not found.');
    // `pathname` is still percent-encoded; staticFiles decodes and checks it.
    const result = await site.resolve(request.method, url.pathname);
    if (request.method === 'HEAD') {
      return new Response(null, { status: result.status, headers: result.headers });
    }
    if (result.kind === 'error') {
      return new Response(result.body, { status: result.status, headers: result.headers });
    }
    try {
      // Read whole: renderer files are small, and inside app.asar a stream has no advantage.
      const bytes = await fs.readFile(result.filePath);
      return new Response(new Uint8Array(bytes), {
        status: 200,
        // The file may have changed since it was looked up; describe what is sent.
        headers: { ...result.headers, 'Content-Length': String(bytes.byteLength) },
      });
    } catch (error) {
      // Deleted or replaced between the lookup and the read: it is just not there any more.
      if (isNotThereError(error)) return plainText(404, 'Not found.');
      return plainText(500, 'The file could not be read.');
    }
  };
}
