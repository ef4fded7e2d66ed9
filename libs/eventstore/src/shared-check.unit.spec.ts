import { SharedCheck } from './shared-check';

describe('SharedCheck', () => {
  it('runs once for every caller that asked in the same turn, after all of them asked', async () => {
    const seen: number[] = [];
    let value = 0;
    const check = new SharedCheck(() => seen.push(value));
    const first = check.after();
    value = 1; // a change made after the first call but before the run is seen by the run
    const second = check.after();
    await Promise.all([first, second]);
    expect(seen).toEqual([1]);
  });

  it('makes a caller that asks while a run is under way, or after it, wait for a run of its own', async () => {
    const runs: string[] = [];
    let late: Promise<void> | null = null;
    const check = new SharedCheck(() => {
      runs.push(late ? 'second' : 'first');
      late ??= check.after(); // asked during the first run
    });
    await check.after();
    expect(runs).toEqual(['first']);
    await late;
    expect(runs).toEqual(['first', 'second']);
    await check.after(); // asked after both
    expect(runs).toEqual(['first', 'second', 'second']);
  });

  it('fails every caller of a run that threw, and runs again for the next caller', async () => {
    let fail = true;
    const check = new SharedCheck(() => {
      if (fail) throw new Error('database is locked');
    });
    const both = [check.after(), check.after()];
    await expect(both[0]).rejects.toThrow(/locked/);
    await expect(both[1]).rejects.toThrow(/locked/);
    fail = false;
    await expect(check.after()).resolves.toBeUndefined();
  });
});
