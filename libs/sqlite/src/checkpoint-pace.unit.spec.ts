import { delayAfter, MAX_BACKOFF_MS, pace } from './checkpoint-pace';

/** A clock the test moves: each scheduled tick is run by `next()`, which returns the delay it was set with. */
const manualTimers = () => {
  let pending: { tick: () => void; ms: number } | null = null;
  return {
    setTimer: (tick: () => void, ms: number) => (pending = { tick, ms }),
    clearTimer: () => (pending = null),
    next: (): number => {
      const due = pending;
      if (!due) throw new Error('nothing scheduled');
      pending = null;
      due.tick();
      return due.ms;
    },
    scheduled: () => pending !== null,
  };
};

const failure = (code: string) => Object.assign(new Error(code), { code });

describe('pace (the WAL checkpointer thread)', () => {
  it('keeps trying through a full disk, less and less often, tells the run of failures once, and says when it passes again', () => {
    const timers = manualTimers();
    const reports: string[] = [];
    let disk: 'full' | 'fine' = 'fine';
    let checkpoints = 0;
    const stop = pace({
      checkpoint: () => {
        checkpoints++;
        if (disk === 'full') throw failure('SQLITE_FULL');
      },
      intervalMs: 100,
      report: (what, error) => reports.push(error ? `${what} ${error.code}` : what),
      ...timers,
    });
    expect(timers.next()).toBe(100);
    disk = 'full';
    const delays: number[] = [];
    for (let i = 0; i < 200; i++) delays.push(timers.next()); // far beyond the 50 ticks a thread once gave up after
    expect(timers.scheduled()).toBe(true);
    expect(reports).toEqual(['failing SQLITE_FULL']);
    expect(delays.slice(0, 3)).toEqual([100, 200, 400]);
    expect(Math.max(...delays)).toBe(MAX_BACKOFF_MS);
    disk = 'fine';
    timers.next();
    expect(reports).toEqual(['failing SQLITE_FULL', 'recovered']);
    expect(timers.next()).toBe(100);
    expect(checkpoints).toBe(203);
    stop();
    expect(timers.scheduled()).toBe(false);
  });

  it('tries busy and locked again at the next tick without telling anyone', () => {
    const timers = manualTimers();
    const reports: string[] = [];
    pace({ checkpoint: () => { throw failure('SQLITE_BUSY_RECOVERY'); }, intervalMs: 100, report: (what) => reports.push(what), ...timers });
    for (let i = 0; i < 10; i++) expect(timers.next()).toBe(100);
    expect(reports).toEqual([]);
  });

  it('never waits less than the interval, nor more than the longest backoff once past it', () => {
    expect(delayAfter(0, 100)).toBe(100);
    expect(delayAfter(1, 10_000)).toBe(10_000);
    expect(delayAfter(1_000, 100)).toBe(MAX_BACKOFF_MS);
  });
});
