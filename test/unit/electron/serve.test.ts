import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_PORT,
  DEFAULT_RENDERER_ROOT,
  parseServeArgs,
  runServe,
  USAGE,
  type ServeIo,
} from '../../../electron/host/serve.js';
import { createSiteFixture, INDEX_HTML, type SiteFixture } from './fixtures.js';

describe('parseServeArgs', () => {
  it('defaults to port 4300', () => {
    expect(DEFAULT_PORT).toBe(4300);
    expect(parseServeArgs([])).toEqual({ kind: 'run', port: 4300 });
  });

  it.each([
    [['--port', '4321'], 4321],
    [['--port=4321'], 4321],
    [['--port', '0'], 0],
    [['--port', '65535'], 65535],
    [['--port', '1', '--port', '2'], 2],
  ])('parses %j as port %i', (argv, port) => {
    expect(parseServeArgs(argv)).toEqual({ kind: 'run', port });
  });

  it.each([[['--help']], [['-h']], [['--port', '4321', '--help']]])(
    'recognises help in %j',
    (argv) => {
      expect(parseServeArgs(argv)).toEqual({ kind: 'help' });
    },
  );

  it.each([
    [['--port']],
    [['--port', '']],
    [['--port', 'abc']],
    [['--port', '-1']],
    [['--port', '65536']],
    [['--port', '99999']],
    [['--port', '12.5']],
    [['--port', '1e3']],
    [['--port', ' 80']],
    [['--port', '0x50']],
    [['--port=']],
  ])('rejects %j with a message about the port', (argv) => {
    const parsed = parseServeArgs(argv);
    expect(parsed.kind).toBe('invalid');
    if (parsed.kind === 'invalid') expect(parsed.message).toMatch(/--port/);
  });

  it('rejects unknown arguments by name', () => {
    expect(parseServeArgs(['--host', '0.0.0.0'])).toEqual({
      kind: 'invalid',
      message: 'Unknown argument "--host".',
    });
  });
});

describe('DEFAULT_RENDERER_ROOT', () => {
  it('points at dist/renderer three levels above the compiled file', () => {
    // From source (electron/host) three levels up lands beside the repo; what
    // matters is the shape: <three levels up>/dist/renderer.
    const here = path.dirname(fileURLToPath(import.meta.url));
    const sourceDir = path.resolve(here, '../../../electron/host');
    expect(DEFAULT_RENDERER_ROOT).toBe(
      path.resolve(sourceDir, '../../..', 'dist/renderer') + path.sep,
    );
  });
});

function captureIo(rendererRoot: string): ServeIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    rendererRoot,
    out,
    err,
    log: (line) => out.push(line),
    error: (line) => err.push(line),
  };
}

describe('runServe', () => {
  let site: SiteFixture;
  beforeAll(async () => {
    site = await createSiteFixture();
  });
  afterAll(async () => {
    await site.cleanup();
  });

  it('prints usage for --help and exits 0', async () => {
    const io = captureIo(site.root);
    expect(await runServe(['--help'], io)).toEqual({ kind: 'exit', exitCode: 0 });
    expect(io.out.join('\n')).toBe(USAGE);
  });

  it('exits 2 with the reason and usage on a bad port', async () => {
    const io = captureIo(site.root);
    expect(await runServe(['--port', 'abc'], io)).toEqual({ kind: 'exit', exitCode: 2 });
    expect(io.err.join('\n')).toContain('--port must be a whole number from 0 to 65535; got "abc"');
    expect(io.err.join('\n')).toContain('Usage:');
  });

  it('exits 1 and asks for a build when index.html is missing', async () => {
    const io = captureIo(path.join(site.base, 'no-build'));
    expect(await runServe(['--port', '0'], io)).toEqual({ kind: 'exit', exitCode: 1 });
    expect(io.err.join('\n')).toContain('Run `npm run build` first');
  });

  it('prints the URL and serves the app', async () => {
    const io = captureIo(site.root);
    const outcome = await runServe(['--port', '0'], io);
    expect(outcome.kind).toBe('serving');
    if (outcome.kind !== 'serving') return;
    try {
      expect(io.out[0]).toBe(`Debrief is running at http://127.0.0.1:${outcome.host.port}/`);
      expect(await (await fetch(outcome.host.url)).text()).toBe(INDEX_HTML);
    } finally {
      await outcome.host.close();
    }
  });

  it('explains a port in use and suggests --port', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as net.AddressInfo;
    try {
      const io = captureIo(site.root);
      expect(await runServe(['--port', String(port)], io)).toEqual({ kind: 'exit', exitCode: 1 });
      expect(io.err.join('\n')).toContain(`Port ${port} is already in use`);
      expect(io.err.join('\n')).toContain('--port');
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});
