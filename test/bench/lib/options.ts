/** Command-line options of `npm run bench -- [flags]`. */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

export interface BenchOptions {
  /** Wall sizes (note counts) for the rendering suite (the room suite's wall is always 60 notes). */
  readonly sizes: readonly number[];
  /** Measured runs per size and page, interleaved (also the room suite's runs). */
  readonly runs: number;
  /** Mouse moves per drag / pan gesture. */
  readonly moves: number;
  /** Pace of the mouse moves (ms between dispatches), like a 125 Hz mouse. */
  readonly moveInterval: number;
  /** Mouse moves that may await acknowledgement at once (1 = strictly one after another). */
  readonly inflight: number;
  /** Note edits timed by the storage suite. */
  readonly edits: number;
  /** Note count of the workshop the storage suite loads from disk. */
  readonly storageSize: number;
  /** Note counts of the workshops (with full audit logs) the import suite imports. */
  readonly importSizes: readonly number[];
  /** Timed runs of each layout function (whys and systems suites), after warm-up runs. */
  readonly layoutRuns: number;
  /** Suite ids to run, in order. */
  readonly suites: readonly string[];
  readonly json: string;
  readonly verbose: boolean;
  /** Write CPU profiles of one extra Debrief pass (not timed) to dist/bench-profiles. */
  readonly profile: boolean;
  readonly skipBaselineBuild: boolean;
  /** The Debrief build to serve (default dist/renderer); lets you measure a variant build. */
  readonly appDir: string;
}

export const USAGE = `Usage: npm run bench -- [flags]
  --sizes 500,1000,2000,5000   wall sizes (notes)
  --runs 3                     measured runs per size and page (interleaved)
  --moves 60                   mouse moves per drag/pan gesture
  --move-interval 8            ms between mouse moves
  --inflight 4                 moves that may be unacknowledged at once (1 = wait for each)
  --edits 200                  note edits for the persistence figure
  --storage-size 2000          notes in the on-disk workshop
  --import-sizes 2000,10000,50000
                               notes of the imported workshops (import suite; full audit logs)
  --layout-runs 10             timed runs of layoutWhys / layoutSystems (after warm-up)
  --suites wall,room,whys,systems,storage
                               suites to run (also: import; see test/bench/README.md)
  --json bench-results.json    where to write the figures
  --verbose                    print detail rows too
  --profile                    also write CPU profiles of Debrief gestures (dist/bench-profiles)
  --skip-baseline-build        reuse dist/bench-baseline
  --app-dir dist/renderer      Debrief build to measure (e.g. a variant built elsewhere)
Quick run: npm run bench -- --sizes 500,2000 --runs 2 --edits 50
Boards:    npm run bench -- --suites whys,systems
Import:    npm run bench -- --suites import --runs 2`;

const positiveInt = (name: string, raw: string): number => {
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`--${name} wants a positive integer, got "${raw}".`);
  return value;
};

const list = (name: string, raw: string): number[] =>
  raw.split(',').map((s) => positiveInt(name, s.trim()));

export function parseOptions(argv: readonly string[], repoRoot: string): BenchOptions | null {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      sizes: { type: 'string', default: '500,1000,2000,5000' },
      runs: { type: 'string', default: '3' },
      moves: { type: 'string', default: '60' },
      'move-interval': { type: 'string', default: '8' },
      inflight: { type: 'string', default: '4' },
      edits: { type: 'string', default: '200' },
      'storage-size': { type: 'string', default: '2000' },
      'import-sizes': { type: 'string', default: '2000,10000,50000' },
      'layout-runs': { type: 'string', default: '10' },
      // import is opt-in: at its default sizes it takes several minutes on its own.
      suites: { type: 'string', default: 'wall,room,whys,systems,storage' },
      json: { type: 'string', default: 'bench-results.json' },
      verbose: { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      'skip-baseline-build': { type: 'boolean', default: false },
      'app-dir': { type: 'string', default: 'dist/renderer' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) return null;
  const moves = positiveInt('moves', values.moves);
  if (moves < 4) throw new Error('--moves must be at least 4.');
  return {
    sizes: list('sizes', values.sizes),
    runs: positiveInt('runs', values.runs),
    moves,
    moveInterval: positiveInt('move-interval', values['move-interval']),
    inflight: positiveInt('inflight', values.inflight),
    edits: positiveInt('edits', values.edits),
    storageSize: positiveInt('storage-size', values['storage-size']),
    importSizes: list('import-sizes', values['import-sizes']),
    layoutRuns: positiveInt('layout-runs', values['layout-runs']),
    suites: values.suites
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    json: resolve(repoRoot, values.json),
    verbose: values.verbose,
    profile: values.profile,
    skipBaselineBuild: values['skip-baseline-build'],
    appDir: resolve(repoRoot, values['app-dir']),
  };
}
