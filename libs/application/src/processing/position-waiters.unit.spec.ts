import { PositionWaiters } from './position-waiters';

describe('PositionWaiters', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('wakes exactly the waiters whose position has been reached', async () => {
    const waiters = new PositionWaiters();
    const woken: string[] = [];
    const near = waiters.wait(3n, 1000).then((ok) => woken.push(`near:${ok}`));
    const far = waiters.wait(10n, 1000).then((ok) => woken.push(`far:${ok}`));
    waiters.advance(5n);
    await near;
    expect(woken).toEqual(['near:true']);
    waiters.advance(10n);
    await far;
    expect(woken).toEqual(['near:true', 'far:true']);
  });

  it('answers false when the timeout passes first, and ignores later progress', async () => {
    const waiters = new PositionWaiters();
    const waiting = waiters.wait(7n, 500);
    jest.advanceTimersByTime(500);
    await expect(waiting).resolves.toBe(false);
    waiters.advance(7n); // no double resolution, no throw
  });

  it('releases everyone with false on shutdown and leaves no timers behind', async () => {
    const waiters = new PositionWaiters();
    const waiting = [waiters.wait(1n, 60_000), waiters.wait(2n, 60_000)];
    waiters.releaseAll();
    await expect(Promise.all(waiting)).resolves.toEqual([false, false]);
    expect(jest.getTimerCount()).toBe(0);
  });
});
