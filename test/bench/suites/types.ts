/**
 * A benchmark suite: measures something and returns rows. To add one, write a
 * module exporting a `Suite` and list it in SUITES in test/bench/run.ts; its
 * rows land in the same table and the same JSON file as everyone else's.
 */
import type { BenchOptions } from '../lib/options';
import type { BenchRow } from '../lib/report';

export interface SuiteContext {
  readonly options: BenchOptions;
  /** Debrief's production build is at `${origin}/`, the baseline page at `${origin}/baseline/`. */
  readonly origin: string;
  readonly repoRoot: string;
  readonly log: (message: string) => void;
  /** The built file behind a URL of `origin` (for source maps), or null. */
  readonly urlToFile: (url: string) => string | null;
  /** Where --profile writes .cpuprofile files (dist/bench-profiles). */
  readonly profileDir: string;
}

export interface Suite {
  /** Short id used by --suites and as `row.suite`. */
  readonly id: string;
  readonly title: string;
  run(context: SuiteContext): Promise<BenchRow[]>;
}
