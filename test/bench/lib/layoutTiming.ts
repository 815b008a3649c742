/**
 * Timing a layout function: in Node (warm-up runs first, so the figures are
 * the JIT-compiled code a long-running renderer runs), and in Chromium, where
 * the app runs it, by bundling a small probe module (its own imports of the
 * app's code) into a classic script that a page can evaluate as often as it
 * likes: every evaluation is a new module instance, with empty caches.
 */
import { fileURLToPath } from 'node:url';
import { build, type Rolldown } from 'vite';

export interface Timed<T> {
  /** ms per timed run, in order. */
  readonly times: readonly number[];
  /** What the last run returned (for checks and the log). */
  readonly result: T;
}

/** `warmup` untimed calls, then `runs` timed ones. */
export function timeRuns<T>(fn: () => T, warmup: number, runs: number): Timed<T> {
  let result = fn();
  for (let i = 1; i < warmup; i += 1) result = fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    result = fn();
    times.push(performance.now() - started);
  }
  return { times, result };
}

/**
 * `entry` (a module under test/bench/lib) bundled with its imports into one classic script,
 * production mode, as a string for `page.addScriptTag({ content })`. Built in memory.
 */
export async function bundleProbe(entry: string): Promise<string> {
  const output = await build({
    configFile: false,
    logLevel: 'warn',
    mode: 'production',
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: {
      write: false,
      emptyOutDir: false,
      target: 'es2023',
      minify: true,
      lib: {
        entry: fileURLToPath(new URL(entry, import.meta.url)),
        formats: ['iife'],
        name: 'benchProbe',
        fileName: 'probe',
      },
    },
  });
  const results = (Array.isArray(output) ? output : [output]) as Rolldown.RolldownOutput[];
  const chunk = results
    .flatMap((r) => r.output)
    .find((o): o is Rolldown.OutputChunk => o.type === 'chunk');
  if (!chunk) throw new Error(`bench: bundling ${entry} gave no script`);
  return chunk.code;
}
