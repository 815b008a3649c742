/**
 * The local Node host: serves the built renderer over HTTP on the loopback
 * interface, for browser mode (`npm run serve`) and the end-to-end tests.
 * It must never listen beyond loopback and never serve a file outside its
 * root. LAN sharing will be a separate, room-code-protected listener that can
 * reuse `createStaticRequestHandler`; it is deliberately not an option here.
 */
import { createReadStream, promises as fs } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream';
import { SECURITY_HEADERS } from './contentSecurityPolicy.js';
import { createStaticSite, type StaticSite } from './staticFiles.js';

export const DEFAULT_HOST = '127.0.0.1';
const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', '::1', 'localhost']);

export interface LocalHostOptions {
  /** The built renderer, normally dist/renderer. */
  readonly root: string;
  /** 0 lets the operating system pick a free port. */
  readonly port: number;
  /** A loopback address; defaults to 127.0.0.1. */
  readonly host?: string;
}

export interface LocalHost {
  /** e.g. `http://127.0.0.1:4300/` */
  readonly url: string;
  readonly port: number;
  /** Stops listening and drops open connections; safe to call twice. */
  close(): Promise<void>;
}

/**
 * Only Host headers naming the loopback interface on our port are answered.
 * This defeats DNS rebinding: a web page on evil.example that re-points its
 * name at 127.0.0.1 still sends `Host: evil.example`.
 */
export function isLoopbackHostHeader(hostHeader: string | undefined, port: number): boolean {
  if (hostHeader === undefined) return false;
  const match = /^(127\.0\.0\.1|localhost|\[::1\])(?::(\d{1,5}))?$/i.exec(hostHeader);
  if (match === null) return false;
  const headerPort = match[2] === undefined ? 80 : Number(match[2]);
  return headerPort === port;
}

function plainText(
  response: http.ServerResponse,
  status: number,
  message: string,
  method: string | undefined,
): void {
  response.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(message)),
    'Cache-Control': 'no-store',
  });
  response.end(method === 'HEAD' ? undefined : message);
}

/**
 * The request listener: answers from `site`, after `acceptHost` approved the
 * Host header. Kept separate from `startLocalHost` so another listener (the
 * future LAN one) can wrap it with its own checks.
 */
export function createStaticRequestHandler(
  site: StaticSite,
  acceptHost: (hostHeader: string | undefined) => boolean,
): http.RequestListener {
  return (request, response) => {
    const method = request.method ?? 'GET';
    if (!acceptHost(request.headers.host)) {
      plainText(response, 403, 'Unexpected Host header.', method);
      return;
    }
    site
      .resolve(method, request.url ?? '/')
      .then((result) => {
        response.writeHead(result.status, result.headers);
        if (method === 'HEAD') {
          response.end();
        } else if (result.kind === 'error') {
          response.end(result.body);
        } else {
          // A read error after the headers went out can only cut the response short.
          pipeline(createReadStream(result.filePath), response, (error) => {
            if (error) response.destroy();
          });
        }
      })
      .catch(() => {
        if (response.headersSent) response.destroy();
        else plainText(response, 500, 'Internal error.', method);
      });
  };
}

function formatUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}/`;
}

export async function startLocalHost({
  root,
  port,
  host = DEFAULT_HOST,
}: LocalHostOptions): Promise<LocalHost> {
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`The port must be an integer from 0 to 65535; got ${String(port)}.`);
  }
  if (!LOOPBACK_HOSTS.has(host)) {
    throw new Error(
      `The local host only listens on loopback (127.0.0.1, ::1 or localhost); got "${host}".`,
    );
  }
  const rootStats = await fs.stat(root).catch(() => undefined);
  if (!rootStats?.isDirectory()) {
    throw new Error(`The folder to serve does not exist: ${root}`);
  }

  const site = createStaticSite(root);
  let boundPort = port;
  const server = http.createServer(
    createStaticRequestHandler(site, (hostHeader) => isLoopbackHostHeader(hostHeader, boundPort)),
  );

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  boundPort = (server.address() as AddressInfo).port;

  let closing: Promise<void> | undefined;
  return {
    url: formatUrl(host, boundPort),
    port: boundPort,
    close: () =>
      (closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive connections would otherwise hold `close` open for seconds.
        server.closeAllConnections();
      })),
  };
}
