/**
 * Wall rendering: Debrief's wall vs a bare React Flow page with the same
 * number of default nodes at the same positions, in the same browser, runs
 * interleaved (size by size, page order alternating), medians over runs.
 *
 * One browser context per page and size (in-memory IndexedDB); Debrief's
 * context gets the seeded workshop once, imported from the home screen like a
 * user would. Each run then uses a new tab in that context:
 *  1. open: load the home screen, click the workshop link (Debrief) or the
 *     "Open flow" link (baseline), time to readiness (see lib/ready.ts).
 *  2. with the whole wall fitted on screen (the state after opening): drag the
 *     node nearest the centre, then pan from the empty pane nearest the centre.
 *  3. zoom to 1 around the centre with the mouse wheel, then drag and pan again.
 * Each gesture is `--moves` mouse moves (4 px right, 2 px down; the second half
 * comes back), one every `--move-interval` ms with at most `--inflight` awaiting
 * acknowledgement (see runGesture in lib/gestures.ts).
 */
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { launchBrowser, newBenchContext } from '../lib/browser';
import {
  DEBRIEF_WALL,
  importWorkshop,
  openDebrief,
  settleDebrief,
  timeOpen,
  wallTop,
  workshopLink,
} from '../lib/debrief';
import {
  findPanePoint,
  pickNode,
  readZoom,
  runGesture,
  settleFrames,
  zoomToOne,
  type GestureResult,
} from '../lib/gestures';
import type { OpenTimes } from '../lib/ready';
import { formatSummary, Profiler, saveProfile, summarize } from '../lib/profile';
import { row, type BenchRow } from '../lib/report';
import { formatTrace, traced } from '../lib/trace';
import { seedWorkshop, type SeededWorkshop } from '../lib/seed';
import { max, medianOf, percentile } from '../lib/stats';
import type { Suite, SuiteContext } from './types';

const STEP = { x: 4, y: 2 } as const;
const TIMEOUT = 180_000;
const GESTURES = ['drag.zoom1', 'pan.zoom1', 'drag.fit', 'pan.fit'] as const;
type GestureKey = (typeof GESTURES)[number];

const GESTURE_LABEL: Record<GestureKey, string> = {
  'drag.zoom1': 'drag @ zoom 1',
  'pan.zoom1': 'pan @ zoom 1',
  'drag.fit': 'drag @ whole wall',
  'pan.fit': 'pan @ whole wall',
};

interface WallRun {
  readonly open: OpenTimes;
  readonly fitZoom: number;
  readonly zoom: number;
  readonly gestures: Record<GestureKey, GestureResult>;
}

interface WallPage {
  readonly name: 'debrief' | 'baseline';
  readonly region: string;
  readonly nodeSelector: string;
  /**
   * What to drag when no `nodeSelector` node is in the DOM: in Debrief's overview mode (far
   * zoomed out) notes are drawn on one canvas and only clusters are nodes, so the drag moves a
   * cluster with its notes.
   */
  readonly fallbackSelector?: string;
  /** Where to grab a node, as a fraction of its height (Debrief's vote buttons sit at the bottom). */
  readonly grabFraction: number;
  /** Once per context: whatever the page needs stored before the first run. */
  setup(context: BrowserContext, size: number): Promise<void>;
  /** Loads the page's home screen in `page`. */
  load(page: Page, size: number): Promise<void>;
  open(page: Page, size: number): Promise<OpenTimes>;
  settle(page: Page): Promise<void>;
}

/** Where Debrief's wall starts (px), measured once it is open, so the baseline's flow gets the same area. */
interface WallArea {
  top: number | null;
}

function debriefPage(
  origin: string,
  seeds: (size: number) => SeededWorkshop,
  area: WallArea,
): WallPage {
  return {
    name: 'debrief',
    region: DEBRIEF_WALL,
    nodeSelector: '.react-flow__node-note',
    fallbackSelector: '.react-flow__node-cluster',
    grabFraction: 0.3,
    async setup(context, size) {
      const page = await context.newPage();
      page.setDefaultTimeout(TIMEOUT);
      await page.goto(`${origin}/`);
      await importWorkshop(page, seeds(size));
      area.top ??= await wallTop(page);
      await settleDebrief(page);
      await page.close();
    },
    async load(page, size) {
      await page.goto(`${origin}/`);
      await workshopLink(page, seeds(size)).waitFor();
    },
    open: (page, size) => openDebrief(page, seeds(size)),
    settle: settleDebrief,
  };
}

function baselinePage(origin: string, area: WallArea): WallPage {
  const region = '[role="region"][aria-label="Baseline flow"]';
  const READY_MARK = 'baseline:ready';
  const openLink = (page: Page) => page.getByRole('link', { name: 'Open flow' });
  return {
    name: 'baseline',
    region,
    nodeSelector: '.react-flow__node',
    grabFraction: 0.5,
    setup: () => Promise.resolve(),
    async load(page, size) {
      const header = area.top === null ? '' : `&header=${area.top}`;
      await page.goto(`${origin}/baseline/?n=${size}${header}`);
      await openLink(page).waitFor();
    },
    open: (page, size) => timeOpen(page, openLink(page), region, READY_MARK, size),
    settle: (page) => settleFrames(page, 2, 200),
  };
}

async function drag(page: Page, app: WallPage, ctx: SuiteContext): Promise<GestureResult> {
  const { moves, moveInterval } = ctx.options;
  const travel = { x: (STEP.x * moves) / 2, y: (STEP.y * moves) / 2 };
  const notesInDom = await page.locator(`${app.region} ${app.nodeSelector}`).count();
  const selector =
    notesInDom > 0 || !app.fallbackSelector ? app.nodeSelector : app.fallbackSelector;
  const target = await pickNode(page, app.region, selector, app.grabFraction, travel);
  const result = await runGesture(page, {
    start: target.grab,
    watch: `.react-flow__node[data-id="${target.id}"]`,
    moves,
    interval: moveInterval,
    inflight: ctx.options.inflight,
    step: STEP,
  });
  await app.settle(page);
  return result;
}

async function pan(page: Page, app: WallPage, ctx: SuiteContext): Promise<GestureResult> {
  const start = await findPanePoint(page, app.region);
  const result = await runGesture(page, {
    start,
    watch: '.react-flow__viewport',
    moves: ctx.options.moves,
    interval: ctx.options.moveInterval,
    inflight: ctx.options.inflight,
    step: STEP,
  });
  await app.settle(page);
  return result;
}

/** Wraps each phase of a run: timing log by default, CPU profiling with --profile. */
type Around = <T>(phase: string, page: Page, action: () => Promise<T>) => Promise<T>;

async function measure(
  context: BrowserContext,
  app: WallPage,
  size: number,
  ctx: SuiteContext,
  around: Around,
): Promise<WallRun> {
  const page = await context.newPage();
  try {
    page.setDefaultTimeout(TIMEOUT);
    await app.load(page, size);
    const open = await around('open', page, () => app.open(page, size));
    await app.settle(page);
    const fitZoom = await readZoom(page);
    const dragFit = await around('drag.fit', page, () => drag(page, app, ctx));
    const panFit = await around('pan.fit', page, () => pan(page, app, ctx));
    const zoom = await zoomToOne(page, app.region);
    await app.settle(page);
    const dragOne = await around('drag.zoom1', page, () => drag(page, app, ctx));
    const panOne = await around('pan.zoom1', page, () => pan(page, app, ctx));
    return {
      open,
      fitZoom,
      zoom,
      gestures: {
        'drag.zoom1': dragOne,
        'pan.zoom1': panOne,
        'drag.fit': dragFit,
        'pan.fit': panFit,
      },
    };
  } finally {
    await page.close();
  }
}

/** Times each phase, for the --verbose log. */
function phaseTimer(): { around: Around; report: () => string } {
  const phases: string[] = [];
  return {
    around: async (phase, _page, action) => {
      const started = performance.now();
      const result = await action();
      phases.push(`${phase} ${((performance.now() - started) / 1000).toFixed(1)}`);
      return result;
    },
    report: () => phases.join(', '),
  };
}

/** One extra, untimed run per page at the largest size with the CPU profiler on during each phase. */
async function profileRun(
  context: BrowserContext,
  app: WallPage,
  size: number,
  ctx: SuiteContext,
): Promise<void> {
  const sessions = new WeakMap<Page, Profiler>();
  const around: Around = async (phase, page, action) => {
    const profiler = sessions.get(page) ?? (await Profiler.attach(page));
    sessions.set(page, profiler);
    await profiler.start();
    const { result, summary } = await traced(page, action);
    const profile = await profiler.stop();
    const title = `${app.name} ${size} notes, ${phase}`;
    const file = saveProfile(ctx.profileDir, `wall-${app.name}-${size}-${phase}`, profile);
    ctx.log(formatSummary(`${title} (${file})`, summarize(profile, ctx.urlToFile)));
    ctx.log(`${formatTrace(title, summary)}\n`);
    return result;
  };
  await measure(context, app, size, ctx, around);
}

const TARGET_SIZE = 2000;

function rowsForSize(
  size: number,
  debrief: readonly WallRun[],
  baseline: readonly WallRun[],
): BenchRow[] {
  const section = `${size} notes`;
  const rows: BenchRow[] = [];
  const add = (
    metric: string,
    key: string,
    figure: (run: WallRun) => number | null,
    extra: {
      unit?: BenchRow['unit'];
      target?: { max: number; text: string };
      detail?: boolean;
    } = {},
  ) => {
    const runs = debrief.map(figure);
    const baselineRuns = baseline.map(figure);
    rows.push(
      row({
        suite: 'wall',
        section,
        metric,
        key: `wall.${size}.${key}`,
        value: medianOf(runs),
        baseline: medianOf(baselineRuns),
        runs,
        baselineRuns,
        ...(extra.unit ? { unit: extra.unit } : {}),
        ...(extra.target && size === TARGET_SIZE ? { target: extra.target } : {}),
        ...(extra.detail ? { detail: true } : {}),
      }),
    );
  };

  add('open → ready (page signal)', 'open.signal', (r) => r.open.signal, {
    target: { max: 1000, text: '< 1 s' },
  });
  add('open → ready (observed)', 'open.observed', (r) => r.open.observed, {
    target: { max: 1000, text: '< 1 s' },
  });
  add('zoom with whole wall fitted', 'fitZoom', (r) => r.fitZoom, { unit: 'zoom', detail: true });
  add('zoom after zooming to 1', 'zoom1', (r) => r.zoom, { unit: 'zoom', detail: true });
  for (const gesture of GESTURES) {
    const label = GESTURE_LABEL[gesture];
    const g = (r: WallRun) => r.gestures[gesture];
    const budget = gesture.endsWith('zoom1') ? 17 : 33;
    add(`${label} · update interval p50`, `${gesture}.interval.p50`, (r) =>
      percentile(g(r).intervals, 50),
    );
    add(
      `${label} · update interval p95`,
      `${gesture}.interval.p95`,
      (r) => percentile(g(r).intervals, 95),
      {
        target: { max: budget, text: `≤ ${budget} ms` },
      },
    );
    add(`${label} · update interval max`, `${gesture}.interval.max`, (r) => max(g(r).intervals));
    add(`${label} · move ack p50`, `${gesture}.ack.p50`, (r) => percentile(g(r).acks, 50));
    add(`${label} · move ack p95`, `${gesture}.ack.p95`, (r) => percentile(g(r).acks, 95));
    add(`${label} · input→update p50`, `${gesture}.latency.p50`, (r) =>
      percentile(g(r).latencies, 50),
    );
    add(`${label} · input→update p95`, `${gesture}.latency.p95`, (r) =>
      percentile(g(r).latencies, 95),
    );
    add(`${label} · frames with an update`, `${gesture}.updates`, (r) => g(r).updates, {
      unit: 'count',
      detail: true,
    });
    add(`${label} · pointermove events`, `${gesture}.pointerMoves`, (r) => g(r).pointerMoves, {
      unit: 'count',
      detail: true,
    });
    add(`${label} · mouse moves in them`, `${gesture}.coalescedMoves`, (r) => g(r).coalescedMoves, {
      unit: 'count',
      detail: true,
    });
    add(`${label} · plain rAF gap p95`, `${gesture}.raf.p95`, (r) => percentile(g(r).rafGaps, 95), {
      detail: true,
    });
  }
  return rows;
}

export const wallSuite: Suite = {
  id: 'wall',
  title: 'Wall rendering: Debrief vs bare React Flow',
  async run(ctx) {
    const { sizes, runs } = ctx.options;
    const seeded = new Map<number, SeededWorkshop>();
    for (const size of sizes) {
      const started = performance.now();
      seeded.set(size, seedWorkshop(size));
      ctx.log(`seeded ${size}-note workshop file (${Math.round(performance.now() - started)} ms)`);
    }
    const seeds = (size: number) => {
      const found = seeded.get(size);
      if (!found) throw new Error(`bench: no seeded workshop for ${size} notes`);
      return found;
    };
    // Debrief is set up first (run 1, first size), so the baseline always knows the wall's area.
    const area: WallArea = { top: null };
    const pages = [debriefPage(ctx.origin, seeds, area), baselinePage(ctx.origin, area)] as const;
    const results = new Map<string, WallRun[]>();
    const contexts = new Map<string, BrowserContext>();
    const browser: Browser = await launchBrowser();
    const contextFor = async (app: WallPage, size: number) => {
      const key = `${app.name}:${size}`;
      let context = contexts.get(key);
      if (!context) {
        context = await newBenchContext(browser);
        await app.setup(context, size);
        contexts.set(key, context);
      }
      return context;
    };
    try {
      for (let run = 0; run < runs; run += 1) {
        for (const [index, size] of sizes.entries()) {
          const order = (run + index) % 2 === 0 ? pages : ([pages[1], pages[0]] as const);
          for (const app of order) {
            const started = performance.now();
            const timer = phaseTimer();
            const result = await measure(await contextFor(app, size), app, size, ctx, timer.around);
            if (ctx.options.verbose) ctx.log(`  ${app.name} ${size} phases (s): ${timer.report()}`);
            const key = `${app.name}:${size}`;
            results.set(key, [...(results.get(key) ?? []), result]);
            const p95 = (k: GestureKey) =>
              percentile(result.gestures[k].intervals, 95)?.toFixed(1) ?? '—';
            ctx.log(
              `run ${run + 1}/${runs} ${String(size).padStart(5)} ${app.name.padEnd(8)} open ${result.open.observed.toFixed(0)} ms, ` +
                `interval p95 drag/pan zoom1 ${p95('drag.zoom1')}/${p95('pan.zoom1')}, fit ${p95('drag.fit')}/${p95('pan.fit')} ms ` +
                `(${((performance.now() - started) / 1000).toFixed(1)} s)`,
            );
          }
        }
      }
      if (ctx.options.profile) {
        const size = Math.max(...sizes);
        for (const app of pages) await profileRun(await contextFor(app, size), app, size, ctx);
      }
    } finally {
      await browser.close();
    }
    return sizes.flatMap((size) =>
      rowsForSize(
        size,
        results.get(`debrief:${size}`) ?? [],
        results.get(`baseline:${size}`) ?? [],
      ),
    );
  },
};
