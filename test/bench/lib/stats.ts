/** Small statistics helpers. Percentiles interpolate linearly between closest ranks. */

export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const a = sorted[low] ?? 0;
  const b = sorted[high] ?? a;
  return a + (b - a) * (rank - low);
}

export const median = (values: readonly number[]): number | null => percentile(values, 50);

export const max = (values: readonly number[]): number | null =>
  values.length === 0 ? null : Math.max(...values);

/** Differences between consecutive values. */
export const gaps = (times: readonly number[]): number[] =>
  times.slice(1).map((t, i) => t - (times[i] ?? t));

/** Median of the non-null figures (one per run). */
export const medianOf = (figures: readonly (number | null)[]): number | null =>
  median(figures.filter((v): v is number => v !== null));

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
