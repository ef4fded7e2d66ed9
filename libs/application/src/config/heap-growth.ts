import * as v8 from 'node:v8';

/**
 * How far the old generation may grow after a major collection before the next one: V8's
 * `--heap-growing-percent`, set for the whole process (its threads included) when it starts
 * serving. Under a steady command load the API's heap holds ≈ 50 MB that lives on and promotes
 * ≈ 12 MB/s that dies soon after (stream ends, folded states); with V8's own factor (≈ 1.6 ×
 * here) a major collection came every 2–2.5 s, and each one held every request in flight
 * 15–60 ms (docs/performance.md). At 300 % (4 × the live heap) they come every ten seconds or
 * more, for a heap that peaks near 200 MB instead of 80–130 MB. The limit set by
 * `--max-old-space-size` still holds: V8 collects earlier when it would pass it. A setting above
 * 0 replaces a `--heap-growing-percent` given to node; 0 leaves the flag as the process has it.
 */
export const applyHeapGrowth = (percent: number, setFlags: (flags: string) => void = v8.setFlagsFromString): void => {
  if (percent > 0) setFlags(`--heap-growing-percent=${percent}`);
};
