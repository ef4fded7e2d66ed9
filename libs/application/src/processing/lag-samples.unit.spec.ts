import { LagSamples } from './lag-samples';

describe('LagSamples', () => {
  it('has no percentiles before the first sample', () => {
    expect(new LagSamples(4).percentiles(50, 99)).toEqual([null, null]);
  });

  it('gives nearest-rank percentiles of what it holds', () => {
    const lag = new LagSamples(100);
    for (let ms = 1; ms <= 100; ms++) lag.add(101 - ms);
    expect(lag.percentiles(50, 99, 100, 0)).toEqual([50, 99, 100, 1]);
  });

  it('keeps only the most recent samples, so old spikes age out', () => {
    const lag = new LagSamples(3);
    [1000, 1000, 1000, 5, 6, 7].forEach((ms) => lag.add(ms));
    expect(lag.percentiles(50, 99)).toEqual([6, 7]);
  });

  it('counts negative lag (clock skew) as zero and forgets everything on clear', () => {
    const lag = new LagSamples(3);
    lag.add(-40);
    expect(lag.percentiles(50)).toEqual([0]);
    lag.clear();
    expect(lag.percentiles(50)).toEqual([null]);
  });
});
