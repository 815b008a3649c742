/**
 * The branching 5 whys at scale: a 300-node tree (lib/whysTree.ts: one problem
 * statement, branches 3 to 6 whys deep, 1 to 4 answers per why, text of real
 * length) on Debrief's "5 whys" board vs the bare React Flow page showing the
 * same 300 boxes at the same places with 299 default edges, in the same
 * browser, runs interleaved (page order alternating), medians over `--runs`.
 *
 * Debrief gets the tree as a workshop file (one `workshop.create` with the
 * `whyNodes` records, lib/seed.ts) imported from the home screen once; its
 * first opening of the board tells the baseline the board's area on the page
 * and how many nodes the fitted board shows (it draws only those in view).
 * Each run then uses a new tab:
 *  1. open: the workshop from the home screen (its wall, the first board),
 *     then the timed click on the "5 whys" tab (baseline: "Open flow") until
 *     the fitted tree is on screen: the nodes it shows present and visible and
 *     the viewport transform unchanged for a frame (lib/ready.ts). The board
 *     has no ready mark of its own, so there is no page-signal figure.
 *  2. pan with the whole tree fitted, then at zoom 1 (the tree's nodes cannot
 *     be dragged): the wall suite's gestures and figures (lib/gestures.ts).
 * Auto-layout: `layoutWhys` in Node (median after warm-up; reference: d3's
 * stratify + tree on the same records, the library alone) and in Chromium,
 * as the board runs it (canvas-measured heights, first with an empty height
 * cache, then cached).
 */
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { stratify, tree } from 'd3-hierarchy';
import { layoutWhys, WHY_BOX, WHY_GAP, type WhyLayout } from '../../../shared/whys/layout';
import type { WhyNode } from '../../../shared/whys/records';
import {
  addGestureRows,
  BASELINE_READY_MARK,
  BASELINE_REGION,
  boardGesture,
  layoutRows,
  rowAdder,
  type BoardPage,
} from '../lib/board';
import { launchBrowser, newBenchContext } from '../lib/browser';
import {
  areaQuery,
  boardArea,
  boardTab,
  importWorkshop,
  openOnWall,
  settleDebrief,
  timeOpen,
  workshopLink,
  type BoardArea,
} from '../lib/debrief';
import { readZoom, settleFrames, zoomToOne, type GestureResult } from '../lib/gestures';
import type { BaselineLayout } from '../lib/layout';
import { bundleProbe, timeRuns } from '../lib/layoutTiming';
import { settledNodeCount, type OpenTimes } from '../lib/ready';
import type { BenchRow } from '../lib/report';
import { newWorkshop, seedRecords, type SeededWorkshop } from '../lib/seed';
import { percentile } from '../lib/stats';
import { whysTree, type WhysTree } from '../lib/whysTree';
import type { Suite, SuiteContext } from './types';

const NODES = 300;
const TAB = '5 whys';
const WHYS_REGION = '.whys-board .whys-canvas';
/** Mirrors FIT in renderer/whys/WhysBoard.tsx (not exported): the board's fitView options. */
const WHYS_FIT = { padding: 0.08, maxZoom: 1.25 } as const;
const TIMEOUT = 120_000;
type GestureKey = 'pan.fit' | 'pan.zoom1';

interface WhysRun {
  readonly open: OpenTimes;
  readonly shown: number;
  readonly fitZoom: number;
  readonly zoom: number;
  readonly gestures: Record<GestureKey, GestureResult>;
}

interface WhysData {
  readonly seeded: SeededWorkshop;
  readonly tree: WhysTree;
  readonly layout: WhyLayout;
}

function whysData(): WhysData {
  const created = newWorkshop(`Bench 5 whys ${NODES} nodes`);
  const tree = whysTree(created.workshop.id, NODES, created.at);
  const seeded = seedRecords(
    created,
    [{ collection: 'whyNodes', items: [...tree.nodes] }],
    `bench-whys-${NODES}.debrief.json`,
  );
  return { seeded, tree, layout: layoutWhys(tree.nodes) };
}

/** The same boxes (the shared layout's estimated heights) as default nodes, 299 edges. */
function baselineLayout(data: WhysData): BaselineLayout {
  const text = new Map<string, string>(data.tree.nodes.map((n) => [n.id, n.text]));
  const notes = data.layout.order.flatMap((id) => {
    const box = data.layout.boxes.get(id);
    return box
      ? [
          {
            id,
            x: box.x,
            y: box.y,
            width: box.width,
            height: box.height,
            label: text.get(id) ?? '',
            cluster: null,
          },
        ]
      : [];
  });
  const edges = data.tree.nodes.flatMap((n) =>
    n.parentId === null ? [] : [{ id: `e-${n.id}`, source: n.parentId, target: n.id }],
  );
  return { clusters: [], notes, edges, fit: WHYS_FIT };
}

interface DebriefBoard {
  readonly area: BoardArea;
  readonly shown: number;
  readonly fitZoom: number;
}

/** Imports the tree (the app opens the workshop on its wall), opens the board once and reads it. */
async function importWhys(
  context: BrowserContext,
  origin: string,
  seeded: SeededWorkshop,
): Promise<DebriefBoard> {
  const page = await context.newPage();
  try {
    page.setDefaultTimeout(TIMEOUT);
    await page.goto(`${origin}/`);
    await importWorkshop(page, seeded);
    await settleDebrief(page);
    await boardTab(page, TAB).click();
    const shown = await settledNodeCount(page, WHYS_REGION);
    // The board's own names ("Problem: …", "Why 3: …"): it is the tree, not something else.
    const named = await page
      .locator(WHYS_REGION)
      .getByRole('group', { name: /^(Problem|Why \d+): / })
      .count();
    if (named !== shown)
      throw new Error(`bench: ${shown} nodes on the 5 whys board, ${named} of them whys`);
    return { area: await boardArea(page, WHYS_REGION), shown, fitZoom: await readZoom(page) };
  } finally {
    await page.close();
  }
}

function debriefPage(
  origin: string,
  context: BrowserContext,
  seeded: SeededWorkshop,
  board: DebriefBoard,
): BoardPage {
  return {
    name: 'debrief',
    region: WHYS_REGION,
    dragSelector: null,
    grabFraction: 0.5,
    context,
    shown: board.shown,
    async load(page) {
      await page.goto(`${origin}/`);
      await workshopLink(page, seeded).waitFor();
      await openOnWall(page, seeded);
    },
    open: (page) => timeOpen(page, boardTab(page, TAB), WHYS_REGION, null, board.shown),
    settle: settleDebrief,
  };
}

async function baselinePage(
  origin: string,
  context: BrowserContext,
  layout: BaselineLayout,
  area: BoardArea,
): Promise<BoardPage> {
  const openLink = (page: Page) => page.getByRole('link', { name: 'Open flow' });
  await context.addInitScript({
    content: `window.__benchBaselineLayout = ${JSON.stringify(layout)};`,
  });
  return {
    name: 'baseline',
    region: BASELINE_REGION,
    dragSelector: null,
    grabFraction: 0.5,
    context,
    shown: layout.notes.length,
    async load(page) {
      await page.goto(`${origin}/baseline/?${areaQuery(area)}`);
      await openLink(page).waitFor();
    },
    open: (page) =>
      timeOpen(page, openLink(page), BASELINE_REGION, BASELINE_READY_MARK, layout.notes.length),
    settle: (page) => settleFrames(page, 2, 200),
  };
}

async function measure(app: BoardPage, ctx: SuiteContext): Promise<WhysRun> {
  const page = await app.context.newPage();
  try {
    page.setDefaultTimeout(TIMEOUT);
    await app.load(page);
    const open = await app.open(page);
    await app.settle(page);
    const shown = await page.locator(`${app.region} .react-flow__node`).count();
    if (shown < app.shown)
      throw new Error(`bench: ${app.name} shows ${shown} nodes, not ${app.shown}`);
    const fitZoom = await readZoom(page);
    const panFit = await boardGesture(page, app, 'pan', ctx);
    const zoom = await zoomToOne(page, app.region);
    await app.settle(page);
    const panOne = await boardGesture(page, app, 'pan', ctx);
    return { open, shown, fitZoom, zoom, gestures: { 'pan.fit': panFit, 'pan.zoom1': panOne } };
  } finally {
    await page.close();
  }
}

/** d3 alone on the same records: stratify by parent id, then a tidy tree of one node size. */
function d3TreeAlone(nodes: readonly WhyNode[]): number {
  const root = stratify<WhyNode>()
    .id((n) => n.id)
    .parentId((n) => n.parentId)([...nodes]);
  const laid = tree<WhyNode>().nodeSize([
    WHY_BOX.minHeight + WHY_GAP.row,
    WHY_BOX.width + WHY_GAP.column,
  ])(root);
  return laid.height;
}

interface PageLayoutTimes {
  /** The board's layout with an empty height cache (what opening the tab costs). */
  readonly first: number[];
  /** The same again, heights cached (an edit's re-layout). */
  readonly cached: number[];
  /** layoutWhys with the shared estimate, in Chromium. */
  readonly shared: number[];
  /** The board's laid-out height (units), beside the estimate's. */
  boardHeight: number;
}

/** The board's layout in a blank Chromium tab: a new module instance (empty caches) per run. */
async function pageLayoutTimes(
  browser: Browser,
  nodes: readonly WhyNode[],
  runs: number,
  warmup: number,
): Promise<PageLayoutTimes> {
  const script = await bundleProbe('./whysLayoutProbe.ts');
  const context = await newBenchContext(browser);
  try {
    const page = await context.newPage();
    await page.goto('about:blank');
    await page.evaluate((list) => {
      (window as unknown as { __benchWhysNodes: unknown }).__benchWhysNodes = list;
    }, nodes);
    const out: PageLayoutTimes = { first: [], cached: [], shared: [], boardHeight: 0 };
    for (let i = 0; i < warmup + runs; i += 1) {
      await page.addScriptTag({ content: script });
      const times = await page.evaluate(() => {
        const probe = window.__benchWhysLayout;
        const list = (window as unknown as { __benchWhysNodes: WhyNode[] }).__benchWhysNodes;
        if (!probe) throw new Error('bench: the whys layout probe did not load');
        const first = probe.board(list);
        const cached = probe.board(list);
        const shared = probe.shared(list);
        return { first: first.ms, cached: cached.ms, shared: shared.ms, height: first.height };
      });
      if (i < warmup) continue;
      out.first.push(times.first);
      out.cached.push(times.cached);
      out.shared.push(times.shared);
      out.boardHeight = times.height;
    }
    return out;
  } finally {
    await context.close();
  }
}

const fmt = (values: readonly number[]) => percentile(values, 50)?.toFixed(1) ?? '—';

export const whysSuite: Suite = {
  id: 'whys',
  title: `A ${NODES}-node branching 5 whys: Debrief's board vs bare React Flow, and layoutWhys`,
  async run(ctx) {
    const { runs, layoutRuns } = ctx.options;
    const data = whysData();
    const { tree: shape, layout } = data;
    ctx.log(
      `whys tree: ${shape.nodes.length} nodes, per level ${shape.perLevel.join('/')}, ` +
        `branches end at why ${shape.leafDepths.join(', ')}, up to ${shape.maxBranching} answers; ` +
        `laid out ${Math.round(layout.bounds.width)} × ${Math.round(layout.bounds.height)} units`,
    );
    const section = `${NODES}-node 5 whys`;
    const rows: BenchRow[] = [];

    // Auto-layout in Node: the shared function the board and the report call.
    const node = timeRuns(() => layoutWhys(data.tree.nodes), 5, layoutRuns);
    const d3 = timeRuns(() => d3TreeAlone(data.tree.nodes), 5, layoutRuns);
    ctx.log(`layoutWhys in Node: median ${fmt(node.times)} ms (d3 tree alone ${fmt(d3.times)} ms)`);
    rows.push(
      ...layoutRows({
        suite: 'whys',
        section,
        key: `whys.${NODES}.layout.node`,
        metric: 'auto-layout: layoutWhys in Node',
        times: node.times,
        baseline: { times: d3.times, label: 'd3 tree alone' },
        target: { max: 50, text: '< 50 ms' },
      }),
    );

    const browser: Browser = await launchBrowser();
    const results = new Map<BoardPage['name'], WhysRun[]>();
    try {
      const inPage = await pageLayoutTimes(browser, data.tree.nodes, layoutRuns, 2);
      ctx.log(
        `board layout in Chromium: first ${fmt(inPage.first)} ms, cached ${fmt(inPage.cached)} ms, ` +
          `shared estimate ${fmt(inPage.shared)} ms; board height ${Math.round(inPage.boardHeight)} ` +
          `units (estimate ${Math.round(layout.bounds.height)})`,
      );
      rows.push(
        ...layoutRows({
          suite: 'whys',
          section,
          key: `whys.${NODES}.layout.page.first`,
          metric: 'auto-layout in Chromium, as the board opens (canvas text measure)',
          times: inPage.first,
          target: { max: 50, text: '< 50 ms' },
        }),
        ...layoutRows({
          suite: 'whys',
          section,
          key: `whys.${NODES}.layout.page.cached`,
          metric: 'auto-layout in Chromium, heights cached (after an edit)',
          times: inPage.cached,
        }),
        ...layoutRows({
          suite: 'whys',
          section,
          key: `whys.${NODES}.layout.page.shared`,
          metric: 'auto-layout in Chromium: layoutWhys, estimated heights',
          times: inPage.shared,
          detail: true,
        }),
      );

      const debriefContext = await newBenchContext(browser);
      const board = await importWhys(debriefContext, ctx.origin, data.seeded);
      ctx.log(
        `5 whys board: ${board.shown} of ${NODES} nodes on screen when fitted at zoom ` +
          `${board.fitZoom.toFixed(3)} (it draws only those in view); canvas from ` +
          `${board.area.top.toFixed(1)} px down, ${board.area.right.toFixed(0)} px from the right`,
      );
      const pages = [
        debriefPage(ctx.origin, debriefContext, data.seeded, board),
        await baselinePage(
          ctx.origin,
          await newBenchContext(browser),
          baselineLayout(data),
          board.area,
        ),
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
            `run ${run + 1}/${runs} whys ${app.name.padEnd(8)} open ${result.open.observed.toFixed(0)} ms ` +
              `(${result.shown} nodes at zoom ${result.fitZoom.toFixed(3)}), interval p95 pan ` +
              `fit/zoom1 ${p95('pan.fit')}/${p95('pan.zoom1')} ms ` +
              `(${((performance.now() - started) / 1000).toFixed(1)} s)`,
          );
        }
      }
    } finally {
      await browser.close();
    }

    const { rows: boardRows, add } = rowAdder<WhysRun>(
      'whys',
      section,
      `whys.${NODES}`,
      results.get('debrief') ?? [],
      results.get('baseline') ?? [],
    );
    add(`open "${TAB}" tab → tree fitted (observed)`, 'open.observed', (r) => r.open.observed, {
      target: { max: 1000, text: '< 1 s' },
    });
    add('open → ready (page signal)', 'open.signal', (r) => r.open.signal, { detail: true });
    add('nodes in the DOM when fitted', 'shown', (r) => r.shown, { unit: 'count', detail: true });
    add('zoom with the tree fitted', 'fitZoom', (r) => r.fitZoom, { unit: 'zoom', detail: true });
    add('zoom after zooming to 1', 'zoom1', (r) => r.zoom, { unit: 'zoom', detail: true });
    addGestureRows(add, 'pan @ tree fitted', 'pan.fit', (r) => r.gestures['pan.fit'], 33);
    addGestureRows(add, 'pan @ zoom 1', 'pan.zoom1', (r) => r.gestures['pan.zoom1'], 17);
    return [...boardRows, ...rows];
  },
};
