/**
 * `npm run bench` (after `npm run build`): builds the baseline page, serves
 * dist/renderer and dist/bench-baseline on 127.0.0.1, runs the suites in
 * headless Debian Chromium, prints one table and writes the same rows as JSON
 * (--json, default bench-results.json). Not part of `npm test`.
 *
 * Timing figures are noisy on shared 2-core machines: read the ratios against
 * the baseline measured in the same run, not absolute numbers across runs.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { CHROMIUM_ARGS, CHROMIUM_PATH, VIEWPORT } from './lib/browser';
import { parseOptions, USAGE } from './lib/options';
import { formatTable, writeJson, type BenchRow } from './lib/report';
import { startStaticServer } from './lib/server';
import { importSuite } from './suites/import';
import { roomSuite } from './suites/room';
import { storageSuite } from './suites/storage';
import { systemsSuite } from './suites/systems';
import type { Suite } from './suites/types';
import { wallSuite } from './suites/wall';
import { whysSuite } from './suites/whys';

/** Every suite, in run order. Add new ones here. */
const SUITES: readonly Suite[] = [
  wallSuite,
  roomSuite,
  whysSuite,
  systemsSuite,
  storageSuite,
  importSuite,
];

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const started = performance.now();
const log = (message: string) => {
  const seconds = ((performance.now() - started) / 1000).toFixed(1).padStart(6);
  console.log(`[bench ${seconds}s] ${message}`);
};

function chromiumVersion(): string {
  try {
    return (
      execFileSync(CHROMIUM_PATH, ['--version'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      })
        .trim()
        .split('\n')
        .at(-1) ?? 'unknown'
    );
  } catch {
    return 'unknown';
  }
}

/**
 * Whether dist/bench-baseline is older than its sources (the page, its config and
 * lib/layout.ts, which it bundles): then --skip-baseline-build would measure a stale page.
 */
function baselineIsStale(baselineRoot: string): boolean {
  const built = join(baselineRoot, 'index.html');
  if (!existsSync(built)) return true;
  const sourceDir = join(repoRoot, 'test/bench/baseline');
  const sources = [
    ...readdirSync(sourceDir).map((name) => join(sourceDir, name)),
    join(repoRoot, 'test/bench/lib/layout.ts'),
  ];
  const builtAt = statSync(built).mtimeMs;
  return sources.some((file) => statSync(file).mtimeMs > builtAt);
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2), repoRoot);
  if (!options) {
    console.log(USAGE);
    return;
  }
  const unknown = options.suites.filter((id) => !SUITES.some((s) => s.id === id));
  if (unknown.length)
    throw new Error(
      `Unknown suite(s): ${unknown.join(', ')}. Known: ${SUITES.map((s) => s.id).join(', ')}.`,
    );
  const appRoot = options.appDir;
  const baselineRoot = join(repoRoot, 'dist/bench-baseline');
  if (!existsSync(join(appRoot, 'index.html'))) {
    throw new Error(
      `${appRoot} has no index.html: run \`npm run build\` first (npm run bench does).`,
    );
  }
  const stale = options.skipBaselineBuild && baselineIsStale(baselineRoot);
  if (!options.skipBaselineBuild || stale) {
    await build({ configFile: join(repoRoot, 'test/bench/baseline/vite.config.ts') });
    log(
      `built the baseline page into dist/bench-baseline${stale ? ' (--skip-baseline-build: it was missing or older than its sources)' : ''}`,
    );
  }

  const mounts = { '/': appRoot, '/baseline/': baselineRoot };
  const server = await startStaticServer(mounts);
  log(`serving on ${server.origin}`);
  const urlToFile = (url: string): string | null => {
    if (!url.startsWith(`${server.origin}/`)) return null;
    const path = new URL(url).pathname;
    const prefix = path.startsWith('/baseline/') ? '/baseline/' : '/';
    return join(mounts[prefix], path.slice(prefix.length));
  };
  const profileDir = join(repoRoot, 'dist/bench-profiles');
  const rows: BenchRow[] = [];
  try {
    for (const suite of SUITES.filter((s) => options.suites.includes(s.id))) {
      log(`suite ${suite.id}: ${suite.title}`);
      rows.push(
        ...(await suite.run({
          options,
          origin: server.origin,
          repoRoot,
          log,
          urlToFile,
          profileDir,
        })),
      );
    }
  } finally {
    await server.close();
  }

  const durationMs = performance.now() - started;
  console.log(`\n${formatTable(rows, options.verbose)}\n`);
  console.log(
    'Medians over runs; ratio = Debrief / baseline. Targets are informational. ' +
      `Run time ${(durationMs / 1000).toFixed(0)} s (plus the build).`,
  );
  writeJson(options.json, {
    meta: {
      date: new Date().toISOString(),
      durationMs: Math.round(durationMs),
      node: process.version,
      chromium: chromiumVersion(),
      chromiumArgs: CHROMIUM_ARGS,
      viewport: VIEWPORT,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      options: { ...options, json: undefined },
    },
    rows,
  });
  console.log(`Wrote ${options.json}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
