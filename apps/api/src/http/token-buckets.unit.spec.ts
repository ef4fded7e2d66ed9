import { TokenBuckets } from './token-buckets';

describe('TokenBuckets', () => {
  let now = 0;
  const clock = () => now;
  beforeEach(() => (now = 1_000_000));

  it('grants a burst, then refuses with the wait until the next token, and refills over time', () => {
    const buckets = new TokenBuckets(2, 3, clock);
    expect([buckets.take('a'), buckets.take('a'), buckets.take('a')]).toEqual([0, 0, 0]);
    expect(buckets.take('a')).toBe(500);
    now += 500;
    expect(buckets.take('a')).toBe(0);
    expect(buckets.take('a')).toBe(500);
    now += 10_000; // never more than the burst
    expect([buckets.take('a'), buckets.take('a'), buckets.take('a'), buckets.take('a')]).toEqual([0, 0, 0, 500]);
  });

  it('keeps callers apart, and forgets the least recently seen beyond its bound', () => {
    const buckets = new TokenBuckets(1, 1, clock, 2);
    expect([buckets.take('a'), buckets.take('b')]).toEqual([0, 0]);
    expect(buckets.take('a')).toBeGreaterThan(0);
    buckets.take('c'); // b is now the least recently seen: forgotten
    expect(buckets.take('b')).toBe(0);
    expect(buckets.take('c')).toBeGreaterThan(0);
  });
});
