/**
 * A real workshop's wall in the room: the realistic 60-note fixture
 * (test/fixtures/roomWall.ts: the four postmortem lanes, notes of real length,
 * tidied by the app's own layout) on a 1280×720 projector, Debrief vs the bare
 * React Flow page showing the same boxes, in the same browser, runs
 * interleaved (page order alternating), medians over `--runs`.
 *
 * One browser context per page (in-memory IndexedDB); Debrief's context gets
 * the workshop imported from the home screen once, and that first opening
 * tells the baseline what to draw: the wall's area on the page, the clusters'
 * rectangles (as `group` nodes) and every note's box as Debrief sized it (its
 * height grows with its text), handed over as `window.__benchBaselineLayout`
 * before the page loads. Each run then uses a new tab:
 *  1. time to readable: from clicking "Open <title>" on the home screen (or the
 *     baseline's "Open flow") until every note node is present, visible and
 *     shows its text (Debrief: a `.note-text`, not the far-out `.note-lod`
 *     card), with the viewport transform unchanged for a frame (lib/ready.ts);
 *     with the on-screen text size at that moment (font-size × zoom).
 *  2. at the fitted zoom (the state after opening): drag the note nearest the
 *     centre, then pan from the empty pane nearest the centre, with the same
 *     gestures and figures as the wall suite (lib/gestures.ts).
 */
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { readWorkshopFile } from '../../../shared/pipeline/workshopFile';
import { roomWall } from '../../fixtures/roomWall';
import { launchBrowser, newBenchContext } from '../lib/browser';
import {
  DEBRIEF_READY_MARK,
  DEBRIEF_WALL,
  importWorkshop,
  settleDebrief,
  timeOpen,
  wallTop,
} from '../lib/debrief';
import {
  findPanePoint,
  pickNode,
  readZoom,
  runGesture,
  settleFrames,
  type GestureResult,
} from '../lib/gestures';
import type { BaselineLayout } from '../lib/layout';
import { readableText, type OpenTimes, type Readable } from '../lib/ready';
import { row, type BenchRow } from '../lib/report';
import type { SeededWorkshop } from '../lib/seed';
import { max, medianOf, percentile } from '../lib/stats';
import type { Suite, SuiteContext } from './types';

const NOTES = 60;
/** A typical projector. */
const ROOM_VIEWPORT = { width: 1280, height: 720 } as const;
/** renderer/wall/wallViewport.ts READABLE_TEXT_PX: text that can be read from the back of the room. */
const READABLE_PX = 14;
const STEP = { x: 4, y: 2 } as const;
const TIMEOUT = 60_000;
const GESTURES = ['drag', 'pan'] as const;
type GestureKey = (typeof GESTURES)[number];

interface RoomRun {
  readonly open: OpenTimes;
  /** Smallest note text on screen when readable (font-size × zoom), and its parts. */
  readonly textPx: number | null;
  readonly fontPx: number | null;
  readonly fitZoom: number;
  readonly gestures: Record<GestureKey, GestureResult>;
}

interface RoomPage {
  readonly name: 'debrief' | 'baseline';
  readonly region: string;
  readonly readable: Readable;
  /** Nodes on the wall when it is open: notes and clusters. */
  readonly nodes: number;
  /** Where to grab a note, as a fraction of its height (Debrief's vote row sits at the bottom). */
  readonly grabFraction: number;
  readonly context: BrowserContext;
  /** A new tab on the page's home screen. */
  load(page: Page): Promise<void>;
  open(page: Page): Promise<OpenTimes>;
  settle(page: Page): Promise<void>;
}

interface RoomWorkshop {
  /** The fixture as the bench's import helpers want it. */
  readonly seeded: SeededWorkshop;
  readonly clusters: BaselineLayout['clusters'];
  readonly notes: readonly {
    readonly id: string;
    readonly x: number;
    readonly y: number;
    readonly text: string;
    readonly cluster: string | null;
  }[];
}

/** The fixture, checked with the app's own reader (a broken file fails here, not as a timeout). */
function roomWorkshop(): RoomWorkshop {
  const wall = roomWall(NOTES);
  const read = readWorkshopFile(wall.contents, Buffer.byteLength(wall.contents));
  if (!read.ok) throw new Error(`bench: the room wall does not import: ${read.message}`);
  const { workshop, records } = read.state;
  return {
    seeded: {
      workshopId: workshop.id,
      title: wall.title,
      fileName: wall.fileName,
      contents: Buffer.from(wall.contents, 'utf8'),
      noteCount: records.notes.size,
      clusterCount: records.clusters.size,
    },
    clusters: [...records.clusters.values()].map(({ id, x, y, width, height }) => ({
      id,
      x,
      y,
      width,
      height,
    })),
    notes: [...records.notes.values()].map((n) => ({
      id: n.id,
      x: n.x,
      y: n.y,
      text: n.text,
      cluster: n.clusterId,
    })),
  };
}

interface DebriefWall {
  /** Where the wall starts on the page (px): Debrief's header and toolbar are above it. */
  readonly top: number;
  readonly layout: BaselineLayout;
}

/**
 * Imports the workshop into `context` (the app opens it) and reads back what the baseline needs:
 * where the wall starts on the page and every note's box as Debrief drew it.
 */
async function importRoom(
  context: BrowserContext,
  origin: string,
  room: RoomWorkshop,
): Promise<DebriefWall> {
  const page = await context.newPage();
  try {
    page.setDefaultTimeout(TIMEOUT);
    await page.goto(`${origin}/`);
    await importWorkshop(page, room.seeded);
    const top = await wallTop(page);
    const boxes = await page.evaluate((region) => {
      const view = document.querySelector<HTMLElement>(`${region} .react-flow__viewport`);
      const zoom = Number(/scale\(([-\d.e]+)\)/.exec(view?.style.transform ?? '')?.[1] ?? NaN);
      return [...document.querySelectorAll<HTMLElement>(`${region} .react-flow__node-note`)].map(
        (node): [string, { width: number; height: number }] => {
          const box = node.getBoundingClientRect();
          return [
            node.dataset.id ?? '',
            {
              width: parseFloat(node.style.width) || box.width / zoom,
              height: parseFloat(node.style.height) || box.height / zoom,
            },
          ];
        },
      );
    }, DEBRIEF_WALL);
    await settleDebrief(page);
    const drawn = new Map(boxes);
    const notes = room.notes.map((note) => {
      const box = drawn.get(note.id);
      if (!box) throw new Error(`bench: note ${note.id} is not on the fitted room wall`);
      return { id: note.id, x: note.x, y: note.y, ...box, label: note.text, cluster: note.cluster };
    });
    return { top, layout: { clusters: room.clusters, notes } };
  } finally {
    await page.close();
  }
}

function debriefPage(origin: string, context: BrowserContext, seeded: SeededWorkshop): RoomPage {
  const openButton = (page: Page) =>
    page.getByRole('button', { name: `Open ${seeded.title}`, exact: true });
  const readable: Readable = { nodeSelector: '.react-flow__node-note', textSelector: '.note-text' };
  return {
    name: 'debrief',
    region: DEBRIEF_WALL,
    readable,
    nodes: seeded.noteCount + seeded.clusterCount,
    grabFraction: 0.3,
    context,
    async load(page) {
      await page.goto(`${origin}/`);
      await openButton(page).waitFor();
    },
    open: (page) =>
      timeOpen(
        page,
        openButton(page),
        DEBRIEF_WALL,
        DEBRIEF_READY_MARK,
        seeded.noteCount,
        readable,
      ),
    settle: settleDebrief,
  };
}

async function baselinePage(
  origin: string,
  context: BrowserContext,
  wall: DebriefWall,
): Promise<RoomPage> {
  const region = '[role="region"][aria-label="Baseline flow"]';
  const openLink = (page: Page) => page.getByRole('link', { name: 'Open flow' });
  // Default nodes (the groups are `group` nodes): their label is their text.
  const readable: Readable = { nodeSelector: '.react-flow__node-default', textSelector: null };
  await context.addInitScript({
    content: `window.__benchBaselineLayout = ${JSON.stringify(wall.layout)};`,
  });
  return {
    name: 'baseline',
    region,
    readable,
    nodes: wall.layout.notes.length + wall.layout.clusters.length,
    grabFraction: 0.5,
    context,
    async load(page) {
      await page.goto(`${origin}/baseline/?header=${wall.top}`);
      await openLink(page).waitFor();
    },
    open: (page) =>
      timeOpen(page, openLink(page), region, 'baseline:ready', wall.layout.notes.length, readable),
    settle: (page) => settleFrames(page, 2, 200),
  };
}

async function gesture(
  page: Page,
  app: RoomPage,
  key: GestureKey,
  ctx: SuiteContext,
): Promise<GestureResult> {
  const { moves, moveInterval, inflight } = ctx.options;
  const travel = { x: (STEP.x * moves) / 2, y: (STEP.y * moves) / 2 };
  const plan =
    key === 'drag'
      ? await pickNode(page, app.region, app.readable.nodeSelector, app.grabFraction, travel).then(
          (target) => ({ start: target.grab, watch: `.react-flow__node[data-id="${target.id}"]` }),
        )
      : { start: await findPanePoint(page, app.region), watch: '.react-flow__viewport' };
  const result = await runGesture(page, {
    ...plan,
    moves,
    interval: moveInterval,
    inflight,
    step: STEP,
  });
  await app.settle(page);
  return result;
}

async function measure(app: RoomPage, ctx: SuiteContext): Promise<RoomRun> {
  const page = await app.context.newPage();
  try {
    page.setDefaultTimeout(TIMEOUT);
    await app.load(page);
    const open = await app.open(page);
    const text = await readableText(page);
    await app.settle(page);
    // The baseline draws what Debrief drew, or its figures mean nothing (e.g. a stale build).
    const nodes = await page.locator(`${app.region} .react-flow__node`).count();
    if (nodes !== app.nodes)
      throw new Error(`bench: ${app.name} shows ${nodes} nodes on the room wall, not ${app.nodes}`);
    const fitZoom = await readZoom(page);
    const drag = await gesture(page, app, 'drag', ctx);
    const pan = await gesture(page, app, 'pan', ctx);
    return {
      open,
      textPx: text ? text.fontPx * text.zoom : null,
      fontPx: text?.fontPx ?? null,
      fitZoom,
      gestures: { drag, pan },
    };
  } finally {
    await page.close();
  }
}

function rows(debrief: readonly RoomRun[], baseline: readonly RoomRun[]): BenchRow[] {
  const section = `${NOTES}-note room wall, ${ROOM_VIEWPORT.width}×${ROOM_VIEWPORT.height}`;
  const out: BenchRow[] = [];
  const add = (
    metric: string,
    key: string,
    figure: (run: RoomRun) => number | null,
    extra: {
      unit?: BenchRow['unit'];
      target?: { max?: number; min?: number; text: string };
      detail?: boolean;
      /** Debrief only: the baseline's figure would not compare (e.g. its 12 px default type). */
      noBaseline?: boolean;
    } = {},
  ) => {
    const runs = debrief.map(figure);
    const baselineRuns = extra.noBaseline ? undefined : baseline.map(figure);
    out.push(
      row({
        suite: 'room',
        section,
        metric,
        key: `room.${NOTES}.${key}`,
        value: medianOf(runs),
        baseline: baselineRuns ? medianOf(baselineRuns) : null,
        runs,
        ...(baselineRuns ? { baselineRuns } : {}),
        ...(extra.unit ? { unit: extra.unit } : {}),
        ...(extra.target ? { target: extra.target } : {}),
        ...(extra.detail ? { detail: true } : {}),
      }),
    );
  };

  add('open → readable (observed)', 'readable.observed', (r) => r.open.observed, {
    target: { max: 1000, text: '< 1 s' },
  });
  add('open → ready (page signal)', 'readable.signal', (r) => r.open.signal, { detail: true });
  add('note text on screen when readable', 'textPx', (r) => r.textPx, {
    unit: 'px',
    target: { min: READABLE_PX, text: `≥ ${READABLE_PX} px` },
    detail: true,
    noBaseline: true,
  });
  add('note font-size (wall units)', 'fontPx', (r) => r.fontPx, {
    unit: 'px',
    detail: true,
    noBaseline: true,
  });
  add('zoom with whole wall fitted', 'fitZoom', (r) => r.fitZoom, { unit: 'zoom', detail: true });
  for (const key of GESTURES) {
    const label = `${key} @ fitted zoom`;
    const g = (r: RoomRun) => r.gestures[key];
    add(`${label} · update interval p50`, `${key}.fit.interval.p50`, (r) =>
      percentile(g(r).intervals, 50),
    );
    add(
      `${label} · update interval p95`,
      `${key}.fit.interval.p95`,
      (r) => percentile(g(r).intervals, 95),
      { target: { max: 17, text: '≤ 17 ms' } },
    );
    add(`${label} · update interval max`, `${key}.fit.interval.max`, (r) => max(g(r).intervals), {
      detail: true,
    });
    add(`${label} · input→update p95`, `${key}.fit.latency.p95`, (r) =>
      percentile(g(r).latencies, 95),
    );
    add(`${label} · move ack p95`, `${key}.fit.ack.p95`, (r) => percentile(g(r).acks, 95), {
      detail: true,
    });
    add(`${label} · frames with an update`, `${key}.fit.updates`, (r) => g(r).updates, {
      unit: 'count',
      detail: true,
    });
    add(`${label} · plain rAF gap p95`, `${key}.fit.raf.p95`, (r) => percentile(g(r).rafGaps, 95), {
      detail: true,
    });
  }
  return out;
}

export const roomSuite: Suite = {
  id: 'room',
  title: `A ${NOTES}-note workshop wall at ${ROOM_VIEWPORT.width}×${ROOM_VIEWPORT.height}: Debrief vs bare React Flow`,
  async run(ctx) {
    const { runs } = ctx.options;
    const room = roomWorkshop();
    const { seeded } = room;
    ctx.log(
      `room wall: ${seeded.noteCount} notes in ${seeded.clusterCount} lanes ("${seeded.title}")`,
    );
    const browser: Browser = await launchBrowser();
    const results = new Map<RoomPage['name'], RoomRun[]>();
    try {
      const debriefContext = await newBenchContext(browser, ROOM_VIEWPORT);
      const wall = await importRoom(debriefContext, ctx.origin, room);
      ctx.log(
        `room wall imported; the wall starts at ${wall.top.toFixed(1)} px, notes ` +
          `${Math.min(...wall.layout.notes.map((n) => n.height))}–` +
          `${Math.max(...wall.layout.notes.map((n) => n.height))} units tall`,
      );
      const pages = [
        debriefPage(ctx.origin, debriefContext, seeded),
        await baselinePage(ctx.origin, await newBenchContext(browser, ROOM_VIEWPORT), wall),
      ] as const;
      for (let run = 0; run < runs; run += 1) {
        const order = run % 2 === 0 ? pages : ([pages[1], pages[0]] as const);
        for (const app of order) {
          const started = performance.now();
          const result = await measure(app, ctx);
          results.set(app.name, [...(results.get(app.name) ?? []), result]);
          const p95 = (k: GestureKey) =>
            percentile(result.gestures[k].intervals, 95)?.toFixed(1) ?? '—';
          ctx.log(
            `run ${run + 1}/${runs} room ${app.name.padEnd(8)} readable ${result.open.observed.toFixed(0)} ms ` +
              `(text ${result.textPx?.toFixed(1) ?? '—'} px at zoom ${result.fitZoom.toFixed(3)}), ` +
              `interval p95 drag/pan ${p95('drag')}/${p95('pan')} ms ` +
              `(${((performance.now() - started) / 1000).toFixed(1)} s)`,
          );
        }
      }
    } finally {
      await browser.close();
    }
    return rows(results.get('debrief') ?? [], results.get('baseline') ?? []);
  },
};
