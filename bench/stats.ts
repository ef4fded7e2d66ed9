/** Small numeric helpers shared by the scenarios: percentiles, rates and rounding for the JSON. */

/** Nearest-rank percentile (`p` in 0..100) of unsorted samples; null when there are none. */
export const percentile = (samples: ArrayLike<number>, p: number): number | null => {
  if (samples.length === 0) return null;
  const sorted = Float64Array.from(samples).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
};

export type LatencySummary = { readonly count: number; readonly meanMs: number | null; readonly p50Ms: number | null; readonly p99Ms: number | null };

export const summarize = (samples: readonly number[]): LatencySummary => ({
  count: samples.length,
  meanMs: samples.length ? round(samples.reduce((a, b) => a + b, 0) / samples.length, 2) : null,
  p50Ms: roundOrNull(percentile(samples, 50), 2),
  p99Ms: roundOrNull(percentile(samples, 99), 2),
});

/** Events (or commands) per second; integers are plenty for throughput figures. */
export const perSecond = (count: number, elapsedMs: number): number => (elapsedMs > 0 ? Math.round((count * 1000) / elapsedMs) : 0);

export const round = (value: number, digits = 0): number => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};

export const roundOrNull = (value: number | null, digits = 0): number | null => (value === null ? null : round(value, digits));

/** Milliseconds since `start` (a `performance.now()` reading), with sub-millisecond precision. */
export const since = (start: number): number => performance.now() - start;
