import type { Lease } from '../../../readstore/src/port';
import { type LeasedWork, newHolderId, ProcessorLeases } from './processor-leases';

/** Leases as the read store keeps them, judged by a clock the test moves. */
class FakeLeaseStore {
  readonly leases = new Map<string, Lease>();
  failing = false;
  constructor(private readonly clock: { now: number }) {}

  async tryAcquireLease(name: string, holder: string, ttlMs: number): Promise<boolean> {
    if (this.failing) throw new Error('read store unreachable');
    const current = this.leases.get(name);
    if (current && current.holder !== holder && current.expiresAt > this.clock.now) return false;
    this.leases.set(name, { name, holder, expiresAt: this.clock.now + ttlMs });
    return true;
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    if (this.leases.get(name)?.holder === holder) this.leases.delete(name);
  }

  async getLease(name: string): Promise<Lease | null> {
    return this.leases.get(name) ?? null;
  }
}

/** Work that records whether it runs. */
const work = (name: string): LeasedWork & { running: boolean; starts: number } => {
  const w = {
    name,
    running: false,
    starts: 0,
    start: async () => { w.running = true; w.starts++; },
    stop: async () => { w.running = false; },
  };
  return w;
};

const TTL = 3000;

describe('ProcessorLeases: one active worker per processor', () => {
  const clock = { now: 1_000_000 };
  let store: FakeLeaseStore;
  const workerOf = (holder: string, works: LeasedWork[]) =>
    new ProcessorLeases({ readStore: store, works, holder, ttlMs: TTL, now: () => clock.now });

  /** Two workers, "a" and "b", competing for the one processor `jobs`. */
  const twoWorkers = () => {
    const [a, b] = [work('jobs'), work('jobs')];
    return { a, b, first: workerOf('a', [a]), second: workerOf('b', [b]) };
  };

  beforeEach(() => {
    clock.now = 1_000_000;
    store = new FakeLeaseStore(clock);
  });

  it('takes a free lease and starts its work; a second worker neither takes it nor starts', async () => {
    const { a, b, first, second } = twoWorkers();
    await first.tick();
    await second.tick();
    expect([a.running, b.running]).toEqual([true, false]);
    expect([first.holds('jobs'), second.holds('jobs')]).toEqual([true, false]);
    expect(store.leases.get('jobs')?.holder).toBe('a');
  });

  it('keeps the lease while renewing within its time, without restarting the work', async () => {
    const { a, first, second } = twoWorkers();
    for (let i = 0; i < 10; i++) {
      await first.tick();
      await second.tick();
      clock.now += first.renewEveryMs;
    }
    expect(a.starts).toBe(1);
    expect(store.leases.get('jobs')?.holder).toBe('a');
  });

  it('passes the work to another worker once the holder stops renewing (it died), within the lease time', async () => {
    const { b, first, second } = twoWorkers();
    await first.tick();
    await second.tick();
    clock.now += TTL - 1;
    await second.tick();
    expect(b.running).toBe(false);
    clock.now += 1;
    await second.tick();
    expect(b.running).toBe(true);
    expect(store.leases.get('jobs')?.holder).toBe('b');
  });

  it('stops the work at once when a renewal is refused (a paused holder wakes up after a takeover)', async () => {
    const { a, b, first: paused, second: successor } = twoWorkers();
    await paused.tick();
    clock.now += TTL; // "a" was paused through its whole lease
    await successor.tick();
    expect(paused.holds('jobs')).toBe(false); // fenced by the clock before it even renews
    await paused.tick();
    expect([a.running, b.running]).toEqual([false, true]);
  });

  it('stops the work when a renewal is refused even while its own clock says the lease is valid (clock skew)', async () => {
    const a = work('jobs');
    const leases = workerOf('a', [a]);
    await leases.tick();
    store.leases.set('jobs', { name: 'jobs', holder: 'b', expiresAt: clock.now + 10 * TTL });
    await leases.tick();
    expect([leases.holds('jobs'), a.running]).toEqual([false, false]);
  });

  it('fences before the stored lease ends when renewals fail, so nothing commits once a successor may start', async () => {
    const a = work('jobs');
    const leases = workerOf('a', [a]);
    await leases.tick();
    store.failing = true;
    clock.now += TTL - leases.marginMs - 1;
    await leases.tick();
    expect([leases.holds('jobs'), a.running]).toEqual([true, true]); // still inside the safe part
    clock.now += 1;
    expect(leases.holds('jobs')).toBe(false); // the fence closes by the clock alone
    await leases.tick();
    expect(a.running).toBe(false);
    expect(store.leases.get('jobs')!.expiresAt).toBeGreaterThan(clock.now); // before anyone else could take it
  });

  it('retakes a lease after the store comes back, and holds processors independently', async () => {
    const [jobs, desks] = [work('jobs'), work('desks')];
    const leases = workerOf('a', [jobs, desks]);
    await store.tryAcquireLease('desks', 'other', TTL);
    await leases.tick();
    expect(leases.held()).toEqual(['jobs']);
    expect(leases.holdsAll()).toBe(false);
    clock.now += TTL;
    await leases.tick();
    expect(leases.held()).toEqual(['jobs', 'desks']);
    expect(leases.holdsAll()).toBe(true);
  });

  it('on stop, stops the work and releases the leases so a successor starts at once', async () => {
    const { a, b, first, second } = twoWorkers();
    await first.tick();
    await first.stop();
    expect(a.running).toBe(false);
    expect(store.leases.has('jobs')).toBe(false);
    await second.tick();
    expect(b.running).toBe(true);
    await first.tick(); // a stopped instance takes nothing any more
    expect(a.running).toBe(false);
  });

  it('gives a lease back when its work fails to start, and tries again next round', async () => {
    const flaky = work('jobs');
    let failures = 1;
    const start = flaky.start;
    flaky.start = async () => { if (failures-- > 0) throw new Error('cannot open'); await start(); };
    const errors: string[] = [];
    const leases = new ProcessorLeases({ readStore: store, works: [flaky], holder: 'a', ttlMs: TTL, now: () => clock.now, onError: (name) => errors.push(name) });
    await leases.tick();
    expect([flaky.running, store.leases.has('jobs'), errors]).toEqual([false, false, ['jobs']]);
    await leases.tick();
    expect(flaky.running).toBe(true);
  });

  describe('a holder known to be gone (isGone)', () => {
    const withJudge = (holder: string, w: LeasedWork, gone: ReadonlySet<string>, changes: string[] = []) =>
      new ProcessorLeases({ readStore: store, works: [w], holder, ttlMs: TTL, now: () => clock.now, isGone: (h) => gone.has(h), onChange: (c) => changes.push(c.reason) });

    it('has its unexpired lease taken at once, and the change says from whom', async () => {
      const [a, b] = [work('jobs'), work('jobs')];
      await workerOf('a', [a]).tick();
      const changes: string[] = [];
      await withJudge('b', b, new Set(['a']), changes).tick();
      expect([b.running, store.leases.get('jobs')?.holder]).toEqual([true, 'b']);
      expect(changes).toEqual(['taken from a, which no longer runs']);
    });

    it('leaves a holder that may run in place until its lease lapses', async () => {
      const [a, b] = [work('jobs'), work('jobs')];
      await workerOf('a', [a]).tick();
      const standby = withJudge('b', b, new Set(['someone-else']));
      await standby.tick();
      expect([b.running, store.leases.get('jobs')?.holder]).toEqual([false, 'a']);
      clock.now += TTL;
      await standby.tick();
      expect(b.running).toBe(true);
    });

    it('does not take a lease for itself when a live worker took it between the look and the take', async () => {
      const [a, b] = [work('jobs'), work('jobs')];
      await workerOf('dead', [work('jobs')]).tick();
      const release = store.releaseLease.bind(store);
      // "a" takes the lease the moment the dead holder's is released, as a competing standby would.
      store.releaseLease = async (name, holder) => {
        await release(name, holder);
        await workerOf('a', [a]).tick();
      };
      await withJudge('b', b, new Set(['dead'])).tick();
      expect([a.running, b.running, store.leases.get('jobs')?.holder]).toEqual([true, false, 'a']);
    });

    it('never judges its own holder id gone', async () => {
      const a = work('jobs');
      const leases = withJudge('a', a, new Set(['a']));
      await leases.tick();
      store.leases.set('jobs', { name: 'jobs', holder: 'a', expiresAt: clock.now + TTL });
      await leases.tick();
      expect([a.starts, store.leases.get('jobs')?.holder]).toEqual([1, 'a']);
    });
  });

  it('names holders uniquely per process start (host:pid:random)', () => {
    const [one, two] = [newHolderId(), newHolderId()];
    expect(one).toMatch(new RegExp(`^[^:]+:${process.pid}:[0-9a-f]{8}$`));
    expect(one).not.toBe(two);
  });
});
