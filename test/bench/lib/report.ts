/**
 * Rows are the one currency between suites and the report: each suite returns
 * rows, the runner prints them as a table and writes them, unchanged, as JSON.
 * `value` is Debrief's figure (median over runs), `baseline` the same figure for
 * the suite's same-run reference (bare React Flow page, raw IndexedDB, ...).
 */
import { writeFileSync } from 'node:fs';

export interface Target {
  /** Figures at or below `max` meet the target. */
  readonly max?: number;
  /** Figures at or above `min` meet the target. */
  readonly min?: number;
  readonly text: string;
}

export interface BenchRow {
  /** Suite id, e.g. `wall`. */
  readonly suite: string;
  /** Table section, e.g. `2000 notes`. */
  readonly section: string;
  /** Human label, e.g. `drag @ zoom 1 · update interval p95`. */
  readonly metric: string;
  /** Stable machine key, e.g. `wall.2000.drag.zoom1.interval.p95`. */
  readonly key: string;
  readonly unit: 'ms' | 'count' | 'zoom' | 'MB' | 'px';
  readonly value: number | null;
  readonly baseline: number | null;
  /** What `baseline` is, when it is not the suite's usual reference. */
  readonly baselineLabel?: string;
  /** value / baseline. */
  readonly ratio: number | null;
  readonly target?: Target;
  /** Informational only: the benchmark never fails on a target. */
  readonly meetsTarget?: boolean;
  /** Per-run figures behind `value` / `baseline`. */
  readonly runs?: readonly (number | null)[];
  readonly baselineRuns?: readonly (number | null)[];
  /** Detail rows are written to JSON but printed only with --verbose. */
  readonly detail?: boolean;
}

export interface RowInput {
  readonly suite: string;
  readonly section: string;
  readonly metric: string;
  readonly key: string;
  readonly unit?: BenchRow['unit'];
  readonly value: number | null;
  readonly baseline?: number | null;
  readonly baselineLabel?: string;
  readonly target?: Target;
  readonly runs?: readonly (number | null)[];
  readonly baselineRuns?: readonly (number | null)[];
  readonly detail?: boolean;
}

export function row(input: RowInput): BenchRow {
  const baseline = input.baseline ?? null;
  const ratio =
    input.value !== null && baseline !== null && baseline > 0 ? input.value / baseline : null;
  const out: BenchRow = {
    ...input,
    unit: input.unit ?? 'ms',
    baseline,
    ratio,
  };
  if (input.target && input.value !== null) {
    const { max, min } = input.target;
    return {
      ...out,
      meetsTarget:
        (max === undefined || input.value <= max) && (min === undefined || input.value >= min),
    };
  }
  return out;
}

const fmt = (value: number | null, unit: BenchRow['unit']): string => {
  if (value === null) return '—';
  if (unit === 'count') return String(Math.round(value));
  if (unit === 'zoom') return value.toFixed(3);
  if (unit === 'MB' || unit === 'px') return value.toFixed(1);
  return value >= 100 ? value.toFixed(0) : value.toFixed(1);
};

export function formatTable(rows: readonly BenchRow[], verbose: boolean): string {
  const shown = rows.filter((r) => verbose || !r.detail);
  const header = ['Metric', 'Debrief', 'Baseline', 'Ratio', 'Target'];
  const lines: string[] = [];
  let lastSection = '';
  const body: string[][] = [];
  const sectionAt = new Map<number, string>();
  for (const r of shown) {
    const section = `${r.suite} · ${r.section}`;
    if (section !== lastSection) {
      sectionAt.set(body.length, section);
      lastSection = section;
    }
    const unit = r.unit === 'ms' || r.unit === 'MB' || r.unit === 'px' ? ` ${r.unit}` : '';
    const target = r.target
      ? `${r.target.text}${r.meetsTarget === undefined ? '' : r.meetsTarget ? ' (met)' : ' (missed)'}`
      : '';
    const baseline = r.baseline === null ? '—' : `${fmt(r.baseline, r.unit)}${unit}`;
    body.push([
      r.metric,
      r.value === null ? '—' : `${fmt(r.value, r.unit)}${unit}`,
      r.baselineLabel && r.baseline !== null ? `${baseline} (${r.baselineLabel})` : baseline,
      r.ratio === null ? '—' : `${r.ratio.toFixed(2)}x`,
      target,
    ]);
  }
  const widths = header.map((h, i) =>
    Math.max(h.length, ...body.map((cells) => cells[i]?.length ?? 0)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ');
  const rule = '-'.repeat(widths.reduce((sum, w) => sum + w + 2, -2));
  lines.push(line(header), rule);
  body.forEach((cells, i) => {
    const section = sectionAt.get(i);
    if (section !== undefined) lines.push(i === 0 ? `[${section}]` : `\n[${section}]`);
    lines.push(line(cells));
  });
  return lines.join('\n');
}

export interface BenchReport {
  readonly meta: Record<string, unknown>;
  readonly rows: readonly BenchRow[];
}

export function writeJson(path: string, report: BenchReport): void {
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
}
