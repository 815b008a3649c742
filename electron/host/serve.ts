/**
 * `npm run serve`: runs Debrief in the browser from the built renderer, via
 * the local Node host on 127.0.0.1. Argument parsing is a pure function so it
 * is unit-tested; `runServe` holds the rest of the CLI with its output
 * injected. It never builds anything and never listens beyond loopback.
 */
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLocalHost, type LocalHost } from './localHost.js';

export const DEFAULT_PORT = 4300;

export const USAGE = `Usage: npm run serve -- [--port N]

Serves the built Debrief app at http://127.0.0.1:N/ (browser mode).

Options:
  --port N    Port to listen on, 0-65535 (default ${DEFAULT_PORT}; 0 picks a free port)
  -h, --help  Show this help`;

export type ServeArgs =
  | { readonly kind: 'run'; readonly port: number }
  | { readonly kind: 'help' }
  | { readonly kind: 'invalid'; readonly message: string };

function parsePort(value: string | undefined): number | null {
  if (value === undefined || !/^\d{1,5}$/.test(value)) return null;
  const port = Number(value);
  return port <= 65535 ? port : null;
}

/** Parses the arguments after the script name (`process.argv.slice(2)`). */
export function parseServeArgs(argv: readonly string[]): ServeArgs {
  let port = DEFAULT_PORT;
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] ?? '';
    if (arg === '--help' || arg === '-h') return { kind: 'help' };
    let value: string | undefined;
    if (arg === '--port') {
      value = argv[index + 1];
      index += 1;
    } else if (arg.startsWith('--port=')) {
      value = arg.slice('--port='.length);
    } else {
      return { kind: 'invalid', message: `Unknown argument "${arg}".` };
    }
    if (value === undefined) return { kind: 'invalid', message: '--port needs a value.' };
    const parsed = parsePort(value);
    if (parsed === null) {
      return {
        kind: 'invalid',
        message: `--port must be a whole number from 0 to 65535; got "${value}".`,
      };
    }
    port = parsed;
  }
  return { kind: 'run', port };
}

export interface ServeIo {
  /** The built renderer (dist/renderer). */
  readonly rendererRoot: string;
  readonly log: (line: string) => void;
  readonly error: (line: string) => void;
}

export type ServeOutcome =
  | { readonly kind: 'exit'; readonly exitCode: number }
  | { readonly kind: 'serving'; readonly host: LocalHost };

/** Exit codes: 0 help, 1 cannot serve, 2 bad arguments. */
export async function runServe(argv: readonly string[], io: ServeIo): Promise<ServeOutcome> {
  const args = parseServeArgs(argv);
  if (args.kind === 'help') {
    io.log(USAGE);
    return { kind: 'exit', exitCode: 0 };
  }
  if (args.kind === 'invalid') {
    io.error(`${args.message}\n\n${USAGE}`);
    return { kind: 'exit', exitCode: 2 };
  }
  if (!existsSync(path.join(io.rendererRoot, 'index.html'))) {
    io.error(`No built app found in ${io.rendererRoot}. Run \`npm run build\` first.`);
    return { kind: 'exit', exitCode: 1 };
  }
  try {
    const host = await startLocalHost({ root: io.rendererRoot, port: args.port });
    io.log(`Debrief is running at ${host.url}`);
    io.log('Press Ctrl+C to stop.');
    return { kind: 'serving', host };
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? error.code : undefined;
    if (code === 'EADDRINUSE') {
      io.error(
        `Port ${args.port} is already in use. Choose another one, e.g. \`npm run serve -- --port ${args.port + 1}\`.`,
      );
    } else if (code === 'EACCES') {
      io.error(
        `Not allowed to listen on port ${args.port}. Choose a port above 1023 with \`--port\`.`,
      );
    } else {
      io.error(
        `Could not start Debrief: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    return { kind: 'exit', exitCode: 1 };
  }
}

/** Compiled to dist-electron/electron/host/serve.js: the repository root is three levels up. */
export const DEFAULT_RENDERER_ROOT = fileURLToPath(
  new URL('../../../dist/renderer/', import.meta.url),
);

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  const outcome = await runServe(process.argv.slice(2), {
    rendererRoot: DEFAULT_RENDERER_ROOT,
    log: (line) => console.log(line),
    error: (line) => console.error(line),
  });
  if (outcome.kind === 'exit') {
    process.exitCode = outcome.exitCode;
    return;
  }
  const { host } = outcome;
  // `once`: a second Ctrl+C falls through to Node's default and stops at once.
  const stop = (): void => {
    host.close().then(
      () => {
        process.exitCode = 0;
      },
      (error: unknown) => {
        console.error(error);
        process.exitCode = 1;
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (isEntryPoint()) {
  await main();
}
