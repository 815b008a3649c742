/**
 * --profile: a Chrome trace of a phase, reduced to self time per trace event
 * on the page's main thread (Recalculate style = UpdateLayoutTree, Layout,
 * Paint, PrePaint, FunctionCall for JS, ...). CPU profiles lump all of
 * Blink's rendering work into "(program)"; this splits it up.
 */
import type { Page } from '@playwright/test';

interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly pid: number;
  readonly tid: number;
  readonly ts: number;
  readonly dur?: number;
  readonly args?: { readonly name?: string };
}

export interface TraceSummary {
  /** ms the main thread spent in tasks (RunTask). */
  readonly busyMs: number;
  readonly spanMs: number;
  readonly bySelfTime: readonly { readonly name: string; readonly ms: number }[];
}

const CATEGORIES = [
  'toplevel',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'blink',
  'v8',
];

/**
 * Runs `action` while tracing the page (through a page-level CDP session, so it
 * also works for persistent contexts) and summarizes the page's main thread.
 */
export async function traced<T>(
  page: Page,
  action: () => Promise<T>,
): Promise<{ result: T; summary: TraceSummary }> {
  const session = await page.context().newCDPSession(page);
  const finish = async (): Promise<string> => {
    const complete = new Promise<string | undefined>((resolve) => {
      session.once('Tracing.tracingComplete', (event) => resolve(event.stream));
    });
    await session.send('Tracing.end');
    const stream = await complete;
    if (!stream) throw new Error('bench: the trace came back without a stream');
    const chunks: string[] = [];
    for (;;) {
      const chunk = await session.send('IO.read', { handle: stream });
      chunks.push(
        chunk.base64Encoded ? Buffer.from(chunk.data, 'base64').toString('utf8') : chunk.data,
      );
      if (chunk.eof) break;
    }
    await session.send('IO.close', { handle: stream });
    return chunks.join('');
  };
  try {
    await session.send('Tracing.start', {
      traceConfig: { includedCategories: CATEGORIES, recordMode: 'recordAsMuchAsPossible' },
      transferMode: 'ReturnAsStream',
    });
    let result: T;
    try {
      result = await action();
    } catch (error) {
      await finish().catch(() => '');
      throw error;
    }
    return { result, summary: summarizeTrace(await finish()) };
  } finally {
    await session.detach();
  }
}

export function summarizeTrace(json: string): TraceSummary {
  const parsed = JSON.parse(json) as TraceEvent[] | { traceEvents: TraceEvent[] };
  const traceEvents = Array.isArray(parsed) ? parsed : parsed.traceEvents;
  const mains = new Set(
    traceEvents
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const complete = traceEvents.filter(
    (e) => e.ph === 'X' && e.dur !== undefined && mains.has(`${e.pid}:${e.tid}`),
  );
  // The page's main thread is the renderer main thread that did the most work.
  const work = new Map<string, number>();
  for (const e of complete)
    work.set(`${e.pid}:${e.tid}`, (work.get(`${e.pid}:${e.tid}`) ?? 0) + (e.dur ?? 0));
  const main = [...work.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  const events = complete
    .filter((e) => `${e.pid}:${e.tid}` === main)
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const self = new Map<string, number>();
  const stack: { end: number; name: string }[] = [];
  let busy = 0;
  for (const e of events) {
    const dur = e.dur ?? 0;
    while (stack.length && (stack.at(-1)?.end ?? 0) <= e.ts) stack.pop();
    const parent = stack.at(-1);
    if (parent) self.set(parent.name, (self.get(parent.name) ?? 0) - dur);
    else if (e.name === 'RunTask') busy += dur;
    self.set(e.name, (self.get(e.name) ?? 0) + dur);
    stack.push({ end: e.ts + dur, name: e.name });
  }
  const first = events[0]?.ts ?? 0;
  const last = events.reduce((end, e) => Math.max(end, e.ts + (e.dur ?? 0)), first);
  return {
    busyMs: busy / 1000,
    spanMs: (last - first) / 1000,
    bySelfTime: [...self.entries()]
      .filter(([, us]) => us > 0)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 14)
      .map(([name, us]) => ({ name, ms: us / 1000 })),
  };
}

export function formatTrace(title: string, summary: TraceSummary): string {
  return [
    `${title}: main thread busy ${summary.busyMs.toFixed(0)} of ${summary.spanMs.toFixed(0)} ms; self time by trace event:`,
    ...summary.bySelfTime.map(
      (e) =>
        `    ${((100 * e.ms) / Math.max(summary.busyMs, 1)).toFixed(1).padStart(5)}% ${e.ms.toFixed(0).padStart(6)} ms  ${e.name}`,
    ),
  ].join('\n');
}
