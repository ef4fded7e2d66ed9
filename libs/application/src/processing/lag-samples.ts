export const DEFAULT_LAG_SAMPLES = 10_000;

/**
 * The last `capacity` lag measurements in a ring buffer: memory stays flat however long
 * the worker runs, and percentiles describe recent behaviour rather than all history.
 */
export class LagSamples {
  private readonly samples: Float64Array;
  private next = 0;
  private size = 0;

  constructor(capacity: number = DEFAULT_LAG_SAMPLES) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`lag sample capacity must be a positive integer, not ${capacity}`);
    this.samples = new Float64Array(capacity);
  }

  /** Negative lag is clock skew between the event store and this process: counted as 0. */
  add(ms: number): void {
    if (Number.isNaN(ms)) return;
    this.samples[this.next] = Math.max(0, ms);
    this.next = (this.next + 1) % this.samples.length;
    this.size = Math.min(this.size + 1, this.samples.length);
  }

  /** Nearest-rank percentiles (`p` in 0..100) over the kept samples; null before the first. */
  percentiles(...ps: number[]): Array<number | null> {
    if (this.size === 0) return ps.map(() => null);
    const sorted = this.samples.slice(0, this.size).sort();
    return ps.map((p) => sorted[Math.min(this.size - 1, Math.max(0, Math.ceil((p / 100) * this.size) - 1))]);
  }

  clear(): void {
    this.next = 0;
    this.size = 0;
  }
}
