/**
 * One token bucket per caller: `burst` requests at once, refilled at `perSecond`. Kept in
 * memory per API process (a limit per instance, not per cluster), and bounded: beyond
 * `maxKeys` callers the least recently seen bucket is forgotten, which only ever lets that
 * caller start again with a full bucket.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 10_000,
  ) {}

  /** Takes one token for `key`: 0 when granted, else the milliseconds until one is free. */
  take(key: string): number {
    const now = this.now();
    const seen = this.buckets.get(key);
    const tokens = seen ? Math.min(this.burst, seen.tokens + ((now - seen.at) / 1000) * this.perSecond) : this.burst;
    this.buckets.delete(key); // re-inserted last: Map order is the recency order
    if (tokens >= 1) {
      this.remember(key, tokens - 1, now);
      return 0;
    }
    this.remember(key, tokens, now);
    return Math.ceil(((1 - tokens) / this.perSecond) * 1000);
  }

  private remember(key: string, tokens: number, at: number): void {
    this.buckets.set(key, { tokens, at });
    if (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value as string);
  }
}
