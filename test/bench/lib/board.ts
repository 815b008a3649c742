/**
 * What the whys and systems suites share: a page under test (Debrief's board
 * or the baseline's flow) with its region and the nodes it shows once
 * fitted, the wall suite's gestures on it (lib/gestures.ts), and the rows a
 * gesture gives, labelled and keyed like the wall and room suites' rows.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { findPanePoint, pickNode, runGesture, type GestureResult } from './gestures';
import type { OpenTimes } from './ready';
import { row, type BenchRow, type Target } from './report';
import { max, medianOf, percentile } from './stats';
import type { SuiteContext } from '../suites/types';

export const BASELINE_REGION = '[role="region"][aria-label="Baseline flow"]';
export const BASELINE_READY_MARK = 'baseline:ready';
/** The wall suite's mouse step (px per move; the second half of the moves comes back). */
export const STEP = { x: 4, y: 2 } as const;

export interface BoardPage {
  readonly name: 'debrief' | 'baseline';
  /** CSS selector of the board's canvas (the React Flow container's ancestor). */
  readonly region: string;
  /** Node wrappers that can be dragged (`.react-flow__node-…`), if the board drags any. */
  readonly dragSelector: string | null;
  /** Where to grab a node, as a fraction of its height. */
  readonly grabFraction: number;
  readonly context: BrowserContext;
  /** `.react-flow__node`s in the DOM once the board is open and fitted. */
  readonly shown: number;
  /** A new tab, up to the moment before the timed click. */
  load(page: Page): Promise<void>;
  open(page: Page): Promise<OpenTimes>;
  settle(page: Page): Promise<void>;
}

/** Drags the node nearest the centre, or pans from the empty pane nearest the centre. */
export async function boardGesture(
  page: Page,
  app: BoardPage,
  kind: 'drag' | 'pan',
  ctx: SuiteContext,
): Promise<GestureResult> {
  const { moves, moveInterval, inflight } = ctx.options;
  const travel = { x: (STEP.x * moves) / 2, y: (STEP.y * moves) / 2 };
  let plan: { start: { x: number; y: number }; watch: string };
  if (kind === 'drag') {
    if (!app.dragSelector) throw new Error(`bench: ${app.name} has nothing to drag`);
    const target = await pickNode(page, app.region, app.dragSelector, app.grabFraction, travel);
    plan = { start: target.grab, watch: `.react-flow__node[data-id="${target.id}"]` };
  } else {
    plan = { start: await findPanePoint(page, app.region), watch: '.react-flow__viewport' };
  }
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

/** Adds rows for one suite and section: Debrief's figure per run beside the baseline's. */
export function rowAdder<R>(
  suite: string,
  section: string,
  keyPrefix: string,
  debrief: readonly R[],
  baseline: readonly R[],
): {
  rows: BenchRow[];
  add: (
    metric: string,
    key: string,
    figure: (run: R) => number | null,
    extra?: {
      unit?: BenchRow['unit'];
      target?: Target;
      detail?: boolean;
      /** Debrief only: the baseline has no such figure. */
      noBaseline?: boolean;
      /** What the baseline's figure is, when it is not the same thing done by the baseline page. */
      baselineLabel?: string;
    },
  ) => void;
} {
  const rows: BenchRow[] = [];
  return {
    rows,
    add(metric, key, figure, extra = {}) {
      const runs = debrief.map(figure);
      const baselineRuns = extra.noBaseline ? undefined : baseline.map(figure);
      rows.push(
        row({
          suite,
          section,
          metric,
          key: `${keyPrefix}.${key}`,
          value: medianOf(runs),
          baseline: baselineRuns ? medianOf(baselineRuns) : null,
          runs,
          ...(baselineRuns ? { baselineRuns } : {}),
          ...(extra.unit ? { unit: extra.unit } : {}),
          ...(extra.target ? { target: extra.target } : {}),
          ...(extra.detail ? { detail: true } : {}),
          ...(extra.baselineLabel ? { baselineLabel: extra.baselineLabel } : {}),
        }),
      );
    },
  };
}

/** The wall suite's figures of one gesture: update interval, latency, acks, counts. */
export function addGestureRows<R>(
  add: ReturnType<typeof rowAdder<R>>['add'],
  label: string,
  key: string,
  gesture: (run: R) => GestureResult,
  budget: number,
): void {
  add(`${label} · update interval p50`, `${key}.interval.p50`, (r) =>
    percentile(gesture(r).intervals, 50),
  );
  add(
    `${label} · update interval p95`,
    `${key}.interval.p95`,
    (r) => percentile(gesture(r).intervals, 95),
    { target: { max: budget, text: `≤ ${budget} ms` } },
  );
  add(`${label} · update interval max`, `${key}.interval.max`, (r) => max(gesture(r).intervals), {
    detail: true,
  });
  add(`${label} · input→update p95`, `${key}.latency.p95`, (r) =>
    percentile(gesture(r).latencies, 95),
  );
  add(`${label} · move ack p95`, `${key}.ack.p95`, (r) => percentile(gesture(r).acks, 95), {
    detail: true,
  });
  add(`${label} · frames with an update`, `${key}.updates`, (r) => gesture(r).updates, {
    unit: 'count',
    detail: true,
  });
  add(`${label} · plain rAF gap p95`, `${key}.raf.p95`, (r) => percentile(gesture(r).rafGaps, 95), {
    detail: true,
  });
}

/** Rows of a layout function timed in one place (Node or a page): median, best, p95 of the runs. */
export function layoutRows(input: {
  suite: string;
  section: string;
  key: string;
  metric: string;
  times: readonly number[];
  baseline?: { times: readonly number[]; label: string };
  target?: Target;
  detail?: boolean;
}): BenchRow[] {
  const { suite, section, key, metric, times, baseline, target, detail } = input;
  const common = {
    suite,
    section,
    ...(baseline ? { baselineLabel: baseline.label } : {}),
  };
  const figure = (p: number, values: readonly number[]) => percentile(values, p);
  return [
    row({
      ...common,
      metric: `${metric} · median`,
      key: `${key}.median`,
      value: figure(50, times),
      baseline: baseline ? figure(50, baseline.times) : null,
      runs: times,
      ...(baseline ? { baselineRuns: baseline.times } : {}),
      ...(target ? { target } : {}),
      ...(detail ? { detail: true } : {}),
    }),
    row({
      ...common,
      metric: `${metric} · best`,
      key: `${key}.best`,
      value: figure(0, times),
      baseline: baseline ? figure(0, baseline.times) : null,
      detail: true,
    }),
    row({
      ...common,
      metric: `${metric} · p95`,
      key: `${key}.p95`,
      value: figure(95, times),
      baseline: baseline ? figure(95, baseline.times) : null,
      detail: true,
    }),
  ];
}
