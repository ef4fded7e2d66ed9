import type { EventStore, Position } from '../../../eventstore/src/port';
import { SqliteEventStore } from '../../../eventstore/src/sqlite/sqlite-event-store';
import type { ReadStore } from '../../../readstore/src/port';
import type { Processor } from './processor';
import { ProcessorRunner, type ProcessorRunnerOptions } from './processor-runner';
import { InMemoryEventStore } from './testing/in-memory-event-store';
import { newEvent } from './testing/new-event';
import { type Tally, tallyProjection } from './testing/tally-projection';
import { tempReadStore } from '../../../readstore/src/sqlite/testing/temp-read-store';

/** The fake pins the port's semantics down; the SQLite store is what the product runs on. */
const EVENT_STORES: Array<[string, () => EventStore]> = [
  ['in-memory', () => new InMemoryEventStore()],
  ['SQLite', () => SqliteEventStore.open({ file: ':memory:' })],
];

describe.each(EVENT_STORES)('ProcessorRunner on the %s event store, SQLite read store', (_name, openEventStore) => {
  let events: EventStore;
  let read: ReadStore;
  let cleanup: () => Promise<void>;
  let runners: ProcessorRunner[];

  beforeEach(() => {
    events = openEventStore();
    ({ store: read, cleanup } = tempReadStore());
    runners = [];
  });
  afterEach(async () => {
    await Promise.all(runners.map((r) => r.stop()));
    await events.close();
    await cleanup();
  });

  const runnerFor = (processor: Processor, options: Partial<ProcessorRunnerOptions> = {}): ProcessorRunner => {
    const runner = new ProcessorRunner({ processor, eventStore: events, readStore: read, batchSize: 2, ...options });
    runners.push(runner);
    return runner;
  };
  /** Appends one event per type, one append each, and returns their positions (stores number differently). */
  const append = async (stream: string, ...types: string[]): Promise<Position[]> => {
    const positions: Position[] = [];
    for (const type of types) positions.push((await events.append(stream, [newEvent(type)], 'any')).position);
    return positions;
  };
  const tallies = async (): Promise<Record<string, Tally>> =>
    Object.fromEntries((await read.collection<Tally>('tallies').find({}, { limit: 500 })).items.map((t) => [t._id, t]));
  const str = (positions: Position[]): string[] => positions.map(String);

  it('applies its events in log order, skips other types, and checkpoints', async () => {
    const [p0, p1] = await append('s-a', 'Counted', 'Counted');
    const [p2] = await append('s-b', 'Counted');
    await append('s-c', 'Ignored');
    const [p4] = await append('s-a', 'Counted');
    const [head] = await append('s-c', 'Ignored');
    const projection = tallyProjection();
    const runner = runnerFor(projection);
    await runner.start();

    await expect(runner.waitFor(head, 5000)).resolves.toBe(true);
    expect(projection.applied.map((e) => e.position)).toEqual([p0, p1, p2, p4]);
    await expect(tallies()).resolves.toEqual({
      's-a': { _id: 's-a', count: 3, positions: str([p0, p1, p4]) },
      's-b': { _id: 's-b', count: 1, positions: str([p2]) },
    });
    await expect(read.getCheckpoint('tallies')).resolves.toBe(p4);
    expect(runner.status()).toMatchObject({ name: 'tallies', running: true, position: String(p4), seenPosition: String(head), caughtUp: true, errors: 0 });
  });

  it('resumes from its checkpoint after a restart without applying anything twice', async () => {
    const before = await append('s-a', 'Counted', 'Counted', 'Counted');
    const first = runnerFor(tallyProjection());
    await first.start();
    await expect(first.waitFor(before[2], 5000)).resolves.toBe(true);
    await first.stop();

    const meanwhile = await append('s-a', 'Counted', 'Counted'); // while nothing runs
    const again = tallyProjection();
    const second = runnerFor(again);
    await second.start();
    await expect(second.waitFor(meanwhile[1], 5000)).resolves.toBe(true);
    expect(again.applied.map((e) => e.position)).toEqual(meanwhile);
    expect((await tallies())['s-a'].count).toBe(5);
  });

  it('retries a batch whose apply throws, and never leaves half of it written', async () => {
    const projection = tallyProjection();
    projection.failOn = 'Poisoned';
    let reportFailure!: () => void;
    const failed = new Promise<void>((resolve) => (reportFailure = resolve));
    const failing: Processor = {
      ...projection,
      apply: async (event, writer) => {
        try {
          await projection.apply(event, writer);
        } catch (error) {
          reportFailure();
          throw error;
        }
      },
    };
    const [p0] = await append('s-a', 'Counted');
    const [p1] = await append('s-b', 'Counted');
    const [p2] = await append('s-a', 'Poisoned'); // fails while failOn is set
    const [p3] = await append('s-a', 'Counted');
    const runner = runnerFor(failing, { batchSize: 10 });
    await runner.start();

    await failed;
    // The first two events were applied into the failed batch's buffer; none of it committed.
    await expect(tallies()).resolves.toEqual({});
    await expect(read.getCheckpoint('tallies')).resolves.toBeNull();

    projection.failOn = null; // the outage ends; the subscription redelivers
    await expect(runner.waitFor(p3, 5000)).resolves.toBe(true);
    await expect(tallies()).resolves.toEqual({
      's-a': { _id: 's-a', count: 3, positions: str([p0, p2, p3]) },
      's-b': { _id: 's-b', count: 1, positions: str([p1]) },
    });
    expect(runner.status().errors).toBeGreaterThanOrEqual(1);
    expect(runner.status().lastError).toContain('cannot apply Poisoned');
  });

  it('wakes waiters when their position is applied or seen, and reports timeouts as false', async () => {
    const runner = runnerFor(tallyProjection());
    await runner.start();
    await expect(runner.waitFor(0n, 10)).resolves.toBe(false); // nothing appended yet

    const waiting = runner.waitFor((await events.headPosition()) + 1n, 5000); // before the event exists
    const [, counted] = await append('s-a', 'Counted', 'Counted');
    await expect(waiting).resolves.toBe(true);
    await expect(runner.waitFor(counted, 5000)).resolves.toBe(true);
    expect((await tallies())['s-a'].count).toBe(2); // visible by the time the waiter wakes

    const [ignored] = await append('s-b', 'Ignored');
    await expect(runner.waitFor(ignored, 5000)).resolves.toBe(true); // seen, though filtered out
    expect(runner.status()).toMatchObject({ position: String(counted), seenPosition: String(ignored) });

    const abandoned = runner.waitFor(ignored + 100n, 60_000);
    await runner.stop();
    await expect(abandoned).resolves.toBe(false);
  });

  it('pauses for a change and resumes from its checkpoint, keeping callers that wait for a position waiting', async () => {
    const [p0] = await append('s-a', 'Counted');
    const runner = runnerFor(tallyProjection());
    await runner.start();
    await expect(runner.waitFor(p0, 5000)).resolves.toBe(true);
    let changed = false;
    const [p1] = await append('s-a', 'Counted');
    const waiting = runner.waitFor(p1 + 1n, 5000); // not yet in the log
    await runner.restartWith(async () => {
      expect(runner.status().running).toBe(false);
      changed = true;
    });
    expect([changed, runner.status().running]).toEqual([true, true]);
    await append('s-b', 'Counted');
    await expect(waiting).resolves.toBe(true);
    expect((await tallies())['s-a']).toMatchObject({ count: 2 });
  });

  it('stays stopped when it is stopped during the change (its lease was lost mid-switch)', async () => {
    const [p0] = await append('s-a', 'Counted');
    const runner = runnerFor(tallyProjection());
    await runner.start();
    await expect(runner.waitFor(p0, 5000)).resolves.toBe(true);
    let changing!: () => void;
    let finish!: () => void;
    const inChange = new Promise<void>((resolve) => (changing = resolve));
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const restarted = runner.restartWith(async () => {
      changing();
      await finished;
    });
    await inChange;
    await runner.stop();
    finish();
    await restarted;

    expect(runner.status().running).toBe(false);
    const [p1] = await append('s-a', 'Counted');
    await expect(runner.waitFor(p1, 200)).resolves.toBe(false);
    expect((await tallies())['s-a']).toMatchObject({ count: 1 });
  });

  it('holds a stop and a start that come in during the change until it is done, and applies nothing meanwhile', async () => {
    const [p0] = await append('s-a', 'Counted');
    let changed = false;
    const startedSeeing: boolean[] = [];
    // The checkpoint is read as each start begins: record whether the change was done by then.
    const watched = Object.assign(Object.create(read) as ReadStore, {
      getCheckpoint: (name: string) => (startedSeeing.push(changed), read.getCheckpoint(name)),
    });
    const runner = runnerFor(tallyProjection(), { readStore: watched });
    await runner.start();
    await expect(runner.waitFor(p0, 5000)).resolves.toBe(true);
    let during: Position = 0n;
    await runner.restartWith(async () => {
      await runner.stop(); // the lease lapsed by the worker's clock…
      await runner.start(); // …and was granted to it again at once
      [during] = await append('s-a', 'Counted');
      await new Promise((r) => setTimeout(r, 100)); // a bound: time for a started runner to apply it
      expect((await tallies())['s-a']).toMatchObject({ count: 1 });
      changed = true;
    });
    expect(runner.status().running).toBe(true);
    expect(startedSeeing).toEqual([false, true]);
    await expect(runner.waitFor(during, 5000)).resolves.toBe(true);
    expect((await tallies())['s-a']).toMatchObject({ count: 2 });
  });

  it('stays stopped when the last word during the change was a stop', async () => {
    const runner = runnerFor(tallyProjection());
    await runner.start();
    await runner.restartWith(async () => {
      await runner.start();
      await runner.stop();
    });
    expect(runner.status().running).toBe(false);
  });

  it('tries its resume again when the start after the change fails (its lease is still held)', async () => {
    let failNext = false;
    const flaky = Object.assign(Object.create(read) as ReadStore, {
      getCheckpoint: (name: string) => {
        if (!failNext) return read.getCheckpoint(name);
        failNext = false;
        return Promise.reject(new Error('the store did not answer'));
      },
    });
    const runner = runnerFor(tallyProjection(), { readStore: flaky });
    await runner.start();
    await expect(runner.restartWith(async () => void (failNext = true))).rejects.toThrow('the store did not answer');
    expect(runner.status().running).toBe(false);
    const [p0] = await append('s-a', 'Counted');
    await expect(runner.waitFor(p0, 5000)).resolves.toBe(true); // resumed on its own
    expect(runner.status().running).toBe(true);
  });

  it('leaves a runner that was stopped before the change stopped', async () => {
    const runner = runnerFor(tallyProjection());
    await runner.start();
    await runner.stop();
    await runner.restartWith(async () => undefined);
    expect(runner.status().running).toBe(false);
  });

  it('rebuilds from zero into the same documents as the live run', async () => {
    for (let i = 0; i < 7; i++) await append(`s-${i % 3}`, 'Counted', ...(i % 2 ? ['Ignored'] : []));
    const [head] = await append('s-0', 'Counted');
    const projection = tallyProjection();
    const runner = runnerFor(projection);
    await runner.start();
    await expect(runner.waitFor(head, 5000)).resolves.toBe(true);
    const live = await tallies();
    const liveCheckpoint = await read.getCheckpoint('tallies');
    // A stray document in the projection's collection: a rebuild from zero must drop it.
    await read.applyBatch('someone-else', 0n, async (w) => w.put('tallies', { _id: 'stray', count: 99, positions: [] }));

    await runner.rebuild();
    await expect(runner.waitFor(head, 5000)).resolves.toBe(true);
    await expect(tallies()).resolves.toEqual(live);
    await expect(read.getCheckpoint('tallies')).resolves.toBe(liveCheckpoint);
    expect(projection.applied).toHaveLength(2 * 8); // every event applied once live, once rebuilt
  });
});

describe('ProcessorRunner lag', () => {
  it('measures lag from recordedAt to the commit of its batch', async () => {
    const recordedAt = Date.parse('2026-03-01T12:00:00.000Z');
    const events = new InMemoryEventStore({ now: () => new Date(recordedAt) });
    const { store: read, cleanup } = tempReadStore();
    const runner = new ProcessorRunner({ processor: tallyProjection(), eventStore: events, readStore: read, now: () => recordedAt + 250 });
    try {
      expect(runner.status()).toMatchObject({ lagP50Ms: null, lagP99Ms: null });
      const { position } = await events.append('s-a', [newEvent('Counted'), newEvent('Counted'), newEvent('Counted')], 'any');
      await runner.start();
      await expect(runner.waitFor(position, 5000)).resolves.toBe(true);
      expect(runner.status()).toMatchObject({ lagP50Ms: 250, lagP99Ms: 250 });
    } finally {
      await runner.stop();
      await cleanup();
    }
  });
});

describe('ProcessorRunner on a log that lost events it applied', () => {
  it('does not run from a checkpoint beyond the head (new events would be skipped for good), and says why', async () => {
    const { store: read, cleanup } = tempReadStore();
    const before = SqliteEventStore.open({ file: ':memory:' });
    const restored = SqliteEventStore.open({ file: ':memory:' }); // the log as a backup had it: shorter
    try {
      for (let i = 0; i < 3; i += 1) await before.append('s-a', [newEvent('Counted')], 'any');
      const first = new ProcessorRunner({ processor: tallyProjection(), eventStore: before, readStore: read });
      await first.start();
      await expect(first.waitFor(await before.headPosition(), 5000)).resolves.toBe(true);
      await first.stop();

      const { position } = await restored.append('s-b', [newEvent('Counted')], 'any');
      const projection = tallyProjection();
      const second = new ProcessorRunner({ processor: projection, eventStore: restored, readStore: read });
      await expect(second.start()).rejects.toThrow(/checkpoint 3 was found beyond the log's head 1/);
      expect(second.status()).toMatchObject({ running: false, errors: 1, lastError: expect.stringContaining('rebuilt from the log') });

      // Commands go on meanwhile: the log reaches the checkpoint, and the refusal stands (a start
      // from 3 would skip the events now at 2 and 3).
      const positions = [position];
      for (let i = 0; i < 2; i += 1) positions.push((await restored.append('s-b', [newEvent('Counted')], 'any')).position);
      await expect(second.start()).rejects.toThrow(/checkpoint 3 was found beyond the log's head 1/);
      expect(projection.applied.map((e) => e.position)).toEqual([]);

      // Rebuilt (documents and checkpoint dropped), it runs, and every event it would have skipped counts.
      await second.rebuild();
      await expect(second.waitFor(positions[2], 5000)).resolves.toBe(true);
      expect(projection.applied.map((e) => e.position)).toEqual(positions);
      await second.stop();
      // From its checkpoint again, 3, the one refused before: that refusal ended with the rebuild.
      await second.start();
      expect(second.status()).toMatchObject({ running: true });
      await second.stop();
    } finally {
      await before.close();
      await restored.close();
      await cleanup();
    }
  });
});
