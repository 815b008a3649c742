/**
 * The systems-interaction diagram at scale: a bank's estate of 500 components
 * and 800 interactions in 16 zones (lib/systemsDiagram.ts: layered request and
 * data flows, not random pairs) on Debrief's "Systems" board vs the bare React
 * Flow page with the same boxes at the same places (zones as `group` nodes,
 * components as default nodes inside them, 800 default edges), in the same
 * browser, runs interleaved (page order alternating), medians over `--runs`.
 *
 * Debrief gets the diagram as a workshop file (one `workshop.create` with the
 * `zones`, `components` and `interactions` records, lib/seed.ts) imported from
 * the home screen once; its first opening of the board is checked (every node
 * on screen, components where the file put them) and tells the baseline the
 * board's area on the page. Each run then uses a new tab:
 *  1. open: the workshop from the home screen (its wall), then the timed click
 *     on the "Systems" tab (baseline: "Open flow") until the fitted diagram is
 *     on screen (lib/ready.ts), with the board's own `debrief:systems-ready`.
 *  2. drag the component nearest the centre, then pan, with the whole diagram
 *     fitted and at zoom 1: the wall suite's gestures and figures. A drop pins
 *     the component (placed by hand), which would steer the next auto-layout,
 *     so each Debrief drag is undone with the toolbar's Undo.
 *  3. auto-layout: Debrief's "Auto-layout" button (layoutSystems, one batch of
 *     moves, the view refitted) until the diagram is drawn elsewhere and until
 *     the view is at rest again (lib/relayout.ts); then Undo, checked to put
 *     every component back. The baseline's "Apply layout" sets its nodes to
 *     the very positions layoutSystems gives (computed in Node) and fits the
 *     view: React Flow's own cost of showing the new layout. The setup checks
 *     that Debrief's auto-layout puts every component on screen exactly there.
 * And `layoutSystems` on the same records in Node and in a blank Chromium tab
 * (lib/systemsLayoutProbe.ts): median of `--layout-runs` after a warm-up run.
 * Its result depends on the order of the records (dagre places nodes in
 * insertion order), so they go in the order the app holds them once stored:
 * by id (IndexedDB keys them [workshopId+collection+id]). It can also differ
 * between Node's and Chromium's engines for the same input, so the positions
 * the baseline is given are Chromium's (a detail row counts the differences).
 */
import type { Browser, BrowserContext, Locator, Page } from '@playwright/test';
import { COMPONENT_BOX, layoutSystems, type SystemsLayout } from '../../../shared/systems/layout';
import type { Component, Interaction, Zone } from '../../../shared/systems/records';
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
import { nodeTransforms, timeRelayout, type RelayoutTimes } from '../lib/relayout';
import { row, type BenchRow } from '../lib/report';
import { newWorkshop, seedRecords, type SeededWorkshop } from '../lib/seed';
import { percentile, sleep } from '../lib/stats';
import { systemsDiagram, type SystemsDiagram } from '../lib/systemsDiagram';
import type { SystemsLayoutRun } from '../lib/systemsLayoutProbe';
import type { Suite, SuiteContext } from './types';

const COMPONENTS = 500;
const INTERACTIONS = 800;
const TAB = 'Systems';
const SYSTEMS_REGION = '[role="region"][aria-label="Systems diagram"]';
const SYSTEMS_READY_MARK = 'debrief:systems-ready';
/** Mirrors FIT_MAX_ZOOM / FIT_PADDING in renderer/systems/SystemsBoard.tsx (not exported). */
const SYSTEMS_FIT = {
  maxZoom: 1.25,
  padding: { top: '40px', right: '16px', bottom: '16px', left: '16px' },
} as const;
const TIMEOUT = 180_000;
const GESTURES = ['drag.fit', 'pan.fit', 'drag.zoom1', 'pan.zoom1'] as const;
type GestureKey = (typeof GESTURES)[number];
const GESTURE_LABEL: Record<GestureKey, string> = {
  'drag.fit': 'drag @ whole diagram',
  'pan.fit': 'pan @ whole diagram',
  'drag.zoom1': 'drag @ zoom 1',
  'pan.zoom1': 'pan @ zoom 1',
};

interface SystemsRun {
  readonly open: OpenTimes;
  readonly shown: number;
  readonly fitZoom: number;
  readonly zoom: number;
  readonly gestures: Record<GestureKey, GestureResult>;
  readonly layout: RelayoutTimes;
  /** Debrief only: Undo of the auto-layout until the diagram is back. */
  readonly undo: RelayoutTimes | null;
}

interface SystemsPage extends BoardPage {
  /** What is done once a run's drag ended (Debrief: undo the drop, which pinned the component). */
  afterDrag(page: Page): Promise<void>;
  /** Runs the page's auto-layout and times it; leaves the page as it was when it can. */
  relayout(page: Page): Promise<{ layout: RelayoutTimes; undo: RelayoutTimes | null }>;
}

interface SystemsData {
  readonly seeded: SeededWorkshop;
  readonly diagram: SystemsDiagram;
  /** The records in the app's order (by id): what its auto-layout gets. */
  readonly app: {
    readonly components: readonly Component[];
    readonly interactions: readonly Interaction[];
    readonly zones: readonly Zone[];
  };
  /** layoutSystems in Node. */
  readonly layout: SystemsLayout;
  readonly layoutTimes: readonly number[];
}

/** layoutSystems in Chromium: its times, and its result (what Debrief's auto-layout does). */
interface PageLayout {
  readonly times: readonly number[];
  readonly layout: SystemsLayout;
}

/** Top-left corners of the components as the file has them, by id. */
const positionsOf = (diagram: SystemsDiagram) =>
  new Map(diagram.components.map((c) => [c.id as string, { x: c.x, y: c.y }]));

/** Records in the order the app reads them back from IndexedDB: by id. */
const byId = <T extends { readonly id: string }>(records: readonly T[]): T[] =>
  [...records].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

/**
 * Components on screen (React Flow's node wrapper, `translate(x px, y px)` in diagram units)
 * that are not where `expected` says, as `name (x, y)`: none when the diagram is as seeded.
 */
async function misplaced(
  page: Page,
  expected: ReadonlyMap<string, { x: number; y: number }>,
): Promise<{ checked: number; wrong: string[] }> {
  const transforms = await nodeTransforms(page, SYSTEMS_REGION, '.react-flow__node-component');
  const wrong: string[] = [];
  let checked = 0;
  for (const [id, transform] of Object.entries(transforms)) {
    const want = expected.get(id);
    const match = /translate\(([-\d.e]+)px,\s*([-\d.e]+)px\)/.exec(transform);
    if (!want) continue;
    checked += 1;
    const x = Number(match?.[1] ?? NaN);
    const y = Number(match?.[2] ?? NaN);
    if (!(Math.abs(x - want.x) <= 1 && Math.abs(y - want.y) <= 1))
      wrong.push(`${id} at (${x}, ${y}), not (${want.x}, ${want.y})`);
  }
  return { checked, wrong };
}

function baselineLayout(data: SystemsData, layout: SystemsLayout): BaselineLayout {
  const { diagram } = data;
  return {
    clusters: diagram.zones.map(({ id, x, y, width, height }) => ({ id, x, y, width, height })),
    notes: diagram.components.map((c) => ({
      id: c.id,
      x: c.x,
      y: c.y,
      ...COMPONENT_BOX,
      label: c.name,
      cluster: c.zoneId,
    })),
    edges: diagram.interactions.map((i) => ({ id: i.id, source: i.sourceId, target: i.targetId })),
    fit: SYSTEMS_FIT,
    relayout: {
      notes: [...layout.moves].map(([id, at]) => ({ id, ...at })),
      clusters: [...layout.zones].map(([id, rect]) => ({ id, ...rect })),
    },
  };
}

interface DebriefBoard {
  readonly area: BoardArea;
  readonly shown: number;
  readonly fitZoom: number;
}

const toolbarButton = (page: Page, name: string): Locator =>
  page
    .getByRole('toolbar', { name: 'Systems diagram tools' })
    .getByRole('button', { name, exact: true });

/** Waits until the toolbar's Undo is disabled again: every step of this tab undone and stored. */
async function undoneAll(page: Page): Promise<void> {
  const undo = toolbarButton(page, 'Undo');
  for (let i = 0; i < 600 && !(await undo.isDisabled()); i += 1) await sleep(50);
  if (!(await undo.isDisabled())) throw new Error('bench: Undo did not take the step back');
  await settleDebrief(page);
}

/** Imports the diagram (the app opens the workshop on its wall), opens the board once, checks it. */
async function importSystems(
  context: BrowserContext,
  origin: string,
  data: SystemsData,
  expected: SystemsLayout,
): Promise<DebriefBoard> {
  const page = await context.newPage();
  try {
    page.setDefaultTimeout(TIMEOUT);
    await page.goto(`${origin}/`);
    await importWorkshop(page, data.seeded);
    await settleDebrief(page);
    await boardTab(page, TAB).click();
    await page.locator(`${SYSTEMS_REGION}[aria-busy="false"]`).waitFor();
    const shown = await settledNodeCount(page, SYSTEMS_REGION);
    const nodes = data.diagram.components.length + data.diagram.zones.length;
    if (shown !== nodes)
      throw new Error(`bench: the fitted systems board shows ${shown} nodes, not ${nodes}`);
    const { wrong } = await misplaced(page, positionsOf(data.diagram));
    if (wrong.length > 0)
      throw new Error(
        `bench: components not where the file has them: ${wrong.slice(0, 3).join('; ')}`,
      );
    const area = await boardArea(page, SYSTEMS_REGION);
    const fitZoom = await readZoom(page);
    // The baseline's "Apply layout" shows layoutSystems' result from Chromium: it must be the app's.
    const selector = '.react-flow__node-component';
    await timeRelayout(page, toolbarButton(page, 'Auto-layout'), SYSTEMS_REGION, selector);
    await settleDebrief(page);
    const laid = await misplaced(page, expected.moves);
    if (laid.checked === 0 || laid.wrong.length > 0)
      throw new Error(
        `bench: Debrief's auto-layout put ${laid.wrong.length} of ${laid.checked} components ` +
          `elsewhere than layoutSystems in Chromium: ${laid.wrong.slice(0, 3).join('; ')}`,
      );
    await toolbarButton(page, 'Undo').click();
    await undoneAll(page);
    return { area, shown, fitZoom };
  } finally {
    await page.close();
  }
}

function debriefPage(
  origin: string,
  context: BrowserContext,
  data: SystemsData,
  board: DebriefBoard,
): SystemsPage {
  const { seeded } = data;
  const seededAt = positionsOf(data.diagram);
  return {
    name: 'debrief',
    region: SYSTEMS_REGION,
    dragSelector: '.react-flow__node-component',
    grabFraction: 0.5,
    context,
    shown: board.shown,
    async load(page) {
      await page.goto(`${origin}/`);
      await workshopLink(page, seeded).waitFor();
      await openOnWall(page, seeded);
    },
    open: (page) =>
      timeOpen(page, boardTab(page, TAB), SYSTEMS_REGION, SYSTEMS_READY_MARK, board.shown),
    settle: settleDebrief,
    async afterDrag(page) {
      await toolbarButton(page, 'Undo').click();
      await undoneAll(page);
    },
    async relayout(page) {
      const selector = '.react-flow__node-component';
      const layout = await timeRelayout(
        page,
        toolbarButton(page, 'Auto-layout'),
        SYSTEMS_REGION,
        selector,
      );
      await settleDebrief(page);
      const undo = await timeRelayout(page, toolbarButton(page, 'Undo'), SYSTEMS_REGION, selector);
      await undoneAll(page);
      const { checked, wrong } = await misplaced(page, seededAt);
      if (checked === 0 || wrong.length > 0)
        throw new Error(
          `bench: Undo of the auto-layout left ${wrong.length} of ${checked} components elsewhere: ` +
            wrong.slice(0, 3).join('; '),
        );
      return { layout, undo };
    },
  };
}

async function baselinePage(
  origin: string,
  context: BrowserContext,
  layout: BaselineLayout,
  area: BoardArea,
): Promise<SystemsPage> {
  const openLink = (page: Page) => page.getByRole('link', { name: 'Open flow' });
  const nodes = layout.notes.length + layout.clusters.length;
  await context.addInitScript({
    content: `window.__benchBaselineLayout = ${JSON.stringify(layout)};`,
  });
  return {
    name: 'baseline',
    region: BASELINE_REGION,
    dragSelector: '.react-flow__node-default',
    grabFraction: 0.5,
    context,
    shown: nodes,
    async load(page) {
      await page.goto(`${origin}/baseline/?${areaQuery(area)}`);
      await openLink(page).waitFor();
    },
    open: (page) => timeOpen(page, openLink(page), BASELINE_REGION, BASELINE_READY_MARK, nodes),
    settle: (page) => settleFrames(page, 2, 200),
    afterDrag: () => Promise.resolve(),
    async relayout(page) {
      const button = page.getByRole('button', { name: 'Apply layout', exact: true });
      const times = await timeRelayout(page, button, BASELINE_REGION, '.react-flow__node-default');
      return { layout: times, undo: null };
    },
  };
}

async function measure(app: SystemsPage, ctx: SuiteContext): Promise<SystemsRun> {
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
    const dragFit = await boardGesture(page, app, 'drag', ctx);
    await app.afterDrag(page);
    const panFit = await boardGesture(page, app, 'pan', ctx);
    const zoom = await zoomToOne(page, app.region);
    await app.settle(page);
    const dragOne = await boardGesture(page, app, 'drag', ctx);
    await app.afterDrag(page);
    const panOne = await boardGesture(page, app, 'pan', ctx);
    const { layout, undo } = await app.relayout(page);
    return {
      open,
      shown,
      fitZoom,
      zoom,
      gestures: {
        'drag.fit': dragFit,
        'pan.fit': panFit,
        'drag.zoom1': dragOne,
        'pan.zoom1': panOne,
      },
      layout,
      undo,
    };
  } finally {
    await page.close();
  }
}

function systemsData(layoutRuns: number): SystemsData {
  const created = newWorkshop(`Bench systems ${COMPONENTS} components`);
  const diagram = systemsDiagram(created.workshop.id, COMPONENTS, INTERACTIONS, created.at);
  const seeded = seedRecords(
    created,
    [
      { collection: 'zones', items: [...diagram.zones] },
      { collection: 'components', items: [...diagram.components] },
      { collection: 'interactions', items: [...diagram.interactions] },
    ],
    `bench-systems-${COMPONENTS}.debrief.json`,
  );
  const app = {
    components: byId(diagram.components),
    interactions: byId(diagram.interactions),
    zones: byId(diagram.zones),
  };
  const timed = timeRuns(
    () => layoutSystems(app.components, app.interactions, app.zones),
    1,
    layoutRuns,
  );
  if (timed.result.moves.size !== COMPONENTS)
    throw new Error(`bench: layoutSystems moved ${timed.result.moves.size} of ${COMPONENTS}`);
  return { seeded, diagram, app, layout: timed.result, layoutTimes: timed.times };
}

/** layoutSystems in a blank Chromium tab, `warmup` untimed runs first. */
async function pageLayout(
  browser: Browser,
  data: SystemsData,
  runs: number,
  warmup: number,
): Promise<PageLayout> {
  const script = await bundleProbe('./systemsLayoutProbe.ts');
  const context = await newBenchContext(browser);
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    await page.goto('about:blank');
    await page.addScriptTag({ content: script });
    const times: number[] = [];
    let last: SystemsLayoutRun | null = null;
    for (let i = 0; i < warmup + runs; i += 1) {
      last = await page.evaluate(({ components, interactions, zones }) => {
        const probe = window.__benchSystemsLayout;
        if (!probe) throw new Error('bench: the systems layout probe did not load');
        return probe(components, interactions, zones);
      }, data.app);
      if (i >= warmup) times.push(last.ms);
    }
    if (!last) throw new Error('bench: no layout ran in Chromium');
    return { times, layout: { moves: new Map(last.moves), zones: new Map(last.zones) } };
  } finally {
    await context.close();
  }
}

/** Components that two layouts put in different places. */
function placedDifferently(a: SystemsLayout, b: SystemsLayout): number {
  let count = 0;
  for (const [id, at] of a.moves) {
    const other = b.moves.get(id);
    if (!other || other.x !== at.x || other.y !== at.y) count += 1;
  }
  return count;
}

const fmt = (values: readonly number[]) => percentile(values, 50)?.toFixed(0) ?? '—';

export const systemsSuite: Suite = {
  id: 'systems',
  title: `A ${COMPONENTS}-component systems diagram: Debrief's board vs bare React Flow, and layoutSystems`,
  async run(ctx) {
    const { runs, layoutRuns } = ctx.options;
    const data = systemsData(layoutRuns);
    const { diagram } = data;
    const kinds = Object.entries(diagram.kinds)
      .map(([kind, n]) => `${n} ${kind}`)
      .join(', ');
    ctx.log(
      `systems diagram: ${diagram.components.length} components in ${diagram.zones.length} zones, ` +
        `${diagram.interactions.length} interactions (${kinds}; ${diagram.crossZone} across zones)`,
    );
    ctx.log(`layoutSystems in Node: median ${fmt(data.layoutTimes)} ms over ${layoutRuns} runs`);
    const section = `${COMPONENTS} components, ${INTERACTIONS} interactions`;
    const rows: BenchRow[] = layoutRows({
      suite: 'systems',
      section,
      key: `systems.${COMPONENTS}.layout.node`,
      metric: 'auto-layout: layoutSystems in Node',
      times: data.layoutTimes,
      target: { max: 1000, text: '< 1 s' },
    });

    const browser: Browser = await launchBrowser();
    const results = new Map<BoardPage['name'], SystemsRun[]>();
    try {
      const inPage = await pageLayout(browser, data, layoutRuns, 1);
      const differ = placedDifferently(data.layout, inPage.layout);
      ctx.log(
        `layoutSystems in Chromium: median ${fmt(inPage.times)} ms; ${differ} of ${COMPONENTS} ` +
          `components placed differently than in Node (same records, same order)`,
      );
      rows.push(
        ...layoutRows({
          suite: 'systems',
          section,
          key: `systems.${COMPONENTS}.layout.page`,
          metric: 'auto-layout: layoutSystems in Chromium',
          times: inPage.times,
          target: { max: 1000, text: '< 1 s' },
        }),
        row({
          suite: 'systems',
          section,
          metric: 'components placed differently by layoutSystems in Node and Chromium',
          key: `systems.${COMPONENTS}.layout.engineDifferences`,
          unit: 'count',
          value: differ,
          detail: true,
        }),
      );
      const debriefContext = await newBenchContext(browser);
      const board = await importSystems(debriefContext, ctx.origin, data, inPage.layout);
      ctx.log(
        `systems board: ${board.shown} nodes fitted at zoom ${board.fitZoom.toFixed(3)}; canvas ` +
          `from ${board.area.top.toFixed(1)} px down, ${board.area.right.toFixed(0)} px from the right`,
      );
      const pages = [
        debriefPage(ctx.origin, debriefContext, data, board),
        await baselinePage(
          ctx.origin,
          await newBenchContext(browser),
          baselineLayout(data, inPage.layout),
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
            `run ${run + 1}/${runs} systems ${app.name.padEnd(8)} open ${result.open.observed.toFixed(0)} ms ` +
              `(zoom ${result.fitZoom.toFixed(3)}), interval p95 drag/pan fit ${p95('drag.fit')}/` +
              `${p95('pan.fit')}, zoom1 ${p95('drag.zoom1')}/${p95('pan.zoom1')} ms, auto-layout ` +
              `${result.layout.moved.toFixed(0)} ms (at rest ${result.layout.settled?.toFixed(0) ?? '—'} ms) ` +
              `(${((performance.now() - started) / 1000).toFixed(1)} s)`,
          );
        }
      }
    } finally {
      await browser.close();
    }

    const { rows: boardRows, add } = rowAdder<SystemsRun>(
      'systems',
      section,
      `systems.${COMPONENTS}`,
      results.get('debrief') ?? [],
      results.get('baseline') ?? [],
    );
    add(`open "${TAB}" tab → diagram fitted (observed)`, 'open.observed', (r) => r.open.observed, {
      target: { max: 1000, text: '< 1 s' },
    });
    add('open → ready (page signal)', 'open.signal', (r) => r.open.signal, {
      target: { max: 1000, text: '< 1 s' },
    });
    add('nodes in the DOM when fitted', 'shown', (r) => r.shown, { unit: 'count', detail: true });
    add('zoom with the diagram fitted', 'fitZoom', (r) => r.fitZoom, {
      unit: 'zoom',
      detail: true,
    });
    add('zoom after zooming to 1', 'zoom1', (r) => r.zoom, { unit: 'zoom', detail: true });
    for (const gesture of GESTURES) {
      addGestureRows(
        add,
        GESTURE_LABEL[gesture],
        gesture,
        (r) => r.gestures[gesture],
        gesture.endsWith('zoom1') ? 17 : 33,
      );
    }
    add('auto-layout click → diagram redrawn', 'layout.page.moved', (r) => r.layout.moved, {
      target: { max: 1000, text: '< 1 s' },
      baselineLabel: 'setNodes of the result',
    });
    add('auto-layout click → refitted, at rest', 'layout.page.settled', (r) => r.layout.settled, {
      baselineLabel: 'setNodes + fitView',
    });
    add('undo auto-layout → diagram back', 'layout.page.undo', (r) => r.undo?.moved ?? null, {
      noBaseline: true,
      detail: true,
    });
    return [...boardRows, ...rows];
  },
};
