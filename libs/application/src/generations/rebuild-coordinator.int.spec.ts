import { Logger } from '@nestjs/common';
import type { Position } from '../../../eventstore/src/port';
import type { ReadStore } from '../../../readstore/src/port';
import { FencedReadStore, LeaseLostError } from '../processing/fenced-read-store';
import { ProcessorRunner } from '../processing/processor-runner';
import { InMemoryEventStore, newEvent, tallyProjection, tempReadStore } from '../processing/testing';
import { GENERATIONS, initialGeneration, type GenerationDoc } from './documents';
import { saveGeneration, saveRebuildRequest } from './generation-store';
import { GenerationView } from './generation-view';
import { buildCheckpointName } from './naming';
import { hostProjections, RebuildCoordinator } from './rebuild-coordinator';

/**
 * How a worker may have lost the projection's lease: its own clock says so (it was paused,
 * or its renewals failed), or — a late wake-up — its clock still says held while the stored
 * lease is already its successor's, which only a fence checked inside the commit can catch.
 */
const STALE: Array<[string, { ownClockHolds: boolean }]> = [
  ['its own clock says the lease is gone', { ownClockHolds: false }],
  ['the stored lease is its successor\'s (a late wake-up)', { ownClockHolds: true }],
];

describe('RebuildCoordinator: only the holder of the projection\'s lease begins, switches and drops generations', () => {
  let events: InMemoryEventStore;
  let reads: ReturnType<typeof tempReadStore>;
  let raw: ReadStore;
  let held: boolean;
  let coordinator: RebuildCoordinator | null;
  let runners: ProcessorRunner[];
  let logged: Promise<string>;
  let switched: () => void;

  beforeEach(() => {
    events = new InMemoryEventStore();
    reads = tempReadStore();
    raw = reads.store;
    held = true;
    coordinator = null;
    runners = [];
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    // Whichever comes first: the switch, or the error the coordinator reports instead.
    logged = new Promise<string>((resolve) => {
      switched = () => resolve('switched');
      jest.spyOn(Logger.prototype, 'error').mockImplementation((message: unknown) => resolve(String(message)));
    });
  });
  afterEach(async () => {
    await coordinator?.stop();
    await Promise.all(runners.map((r) => r.stop()));
    await reads.cleanup();
    jest.restoreAllMocks();
  });

  /** A worker that holds the lease on `tallies` and runs it live, up to a log of three events. */
  const liveWorker = async (): Promise<{ head: Position; coordinator: () => RebuildCoordinator; runner: ProcessorRunner }> => {
    for (const stream of ['s-a', 's-b', 's-a']) await events.append(stream, [newEvent('Counted')], 'any');
    const head = await events.headPosition();
    await raw.tryAcquireLease('tallies', 'me', 60_000);
    const wrap = (store: ReadStore, name: string) => new FencedReadStore(store, name, 'me', () => held);
    const [hosted] = hostProjections([tallyProjection()], events, raw, wrap);
    runners.push(hosted.runner);
    const make = () => (coordinator = new RebuildCoordinator({ eventStore: events, readStore: raw, projections: [hosted], wrap, pollMs: 10, dropGraceMs: 0, onSwitch: switched }));
    return { head, coordinator: make, runner: hosted.runner };
  };

  /** Generation 2 built up to `head` and recorded as the build under way, the switch still to make. */
  const builtToHead = async (head: Position): Promise<void> => {
    const builder = new ProcessorRunner({ processor: tallyProjection(), eventStore: events, readStore: new GenerationView(raw, tallyProjection(), 2, 'build') });
    await builder.start();
    await expect(builder.waitFor(head, 5000)).resolves.toBe(true);
    await builder.stop();
    const build = { generation: 2, requestId: 'r1', startedAt: '2026-03-01T12:00:00.000Z', targetPosition: String(head), position: String(head), progress: 1 };
    await saveGeneration(raw, { ...initialGeneration('tallies'), build });
  };

  const loseLease = async ({ ownClockHolds }: { ownClockHolds: boolean }): Promise<void> => {
    held = ownClockHolds;
    if (!ownClockHolds) return;
    await raw.releaseLease('tallies', 'me');
    await expect(raw.tryAcquireLease('tallies', 'successor', 60_000)).resolves.toBe(true);
  };

  const generationDoc = () => raw.collection<GenerationDoc>(GENERATIONS).get('tallies');
  const checkpoints = async () => [await raw.getCheckpoint('tallies'), await raw.getCheckpoint(buildCheckpointName('tallies', 2))];

  it('switches to the built generation while it holds the lease', async () => {
    const worker = await liveWorker();
    await worker.runner.start();
    await builtToHead(worker.head);
    void worker.coordinator().tick();
    await expect(logged).resolves.toBe('switched');
    expect(await generationDoc()).toMatchObject({ active: 2, build: null, retired: [1] });
  });

  it.each(STALE)('does not switch once it lost the lease (%s): the generations and checkpoints stay as they were', async (_how, stale) => {
    const worker = await liveWorker();
    await worker.runner.start();
    await expect(worker.runner.waitFor(worker.head, 5000)).resolves.toBe(true);
    await builtToHead(worker.head);
    const before = [await generationDoc(), await checkpoints()];
    await loseLease(stale);

    void worker.coordinator().tick();
    await expect(logged).resolves.toMatch(/rebuild interrupted.*no longer held/);
    expect([await generationDoc(), await checkpoints()]).toEqual(before);
  });

  it.each(STALE)('does not begin a rebuild once it lost the lease (%s): it resets nothing and records no build', async (_how, stale) => {
    const worker = await liveWorker();
    await worker.runner.start();
    await saveRebuildRequest(raw, 'tallies', { requestId: 'r1', requestedAt: '2026-03-01T12:00:00.000Z', requestedBy: 'admin:cli' });
    // What the successor has built of generation 2 since this worker last read the generations.
    const successors = new GenerationView(raw, tallyProjection(), 2, 'build');
    await successors.applyBatch('tallies', worker.head, async (w) => w.put('tallies', { _id: 's-a', count: 2, positions: [] }));
    await loseLease(stale);

    await worker.coordinator().tick();
    expect(await generationDoc()).toBeNull();
    await expect(successors.collection('tallies').count({})).resolves.toBe(1);
    await expect(raw.getCheckpoint(buildCheckpointName('tallies', 2))).resolves.toBe(worker.head);
    await expect(logged).resolves.toMatch(/no longer held/);
  });

  it('does not drop retired generations once its own clock says the lease is gone', async () => {
    const worker = await liveWorker();
    await worker.runner.start();
    await expect(worker.runner.waitFor(worker.head, 5000)).resolves.toBe(true);
    const switchedAt = '2020-03-01T12:00:00.000Z'; // long past any grace
    await saveGeneration(raw, { ...initialGeneration('tallies'), active: 2, retired: [1], lastRebuild: { requestId: 'r1', generation: 2, startedAt: switchedAt, switchedAt } });
    const before = await generationDoc();
    await loseLease({ ownClockHolds: false });

    await worker.coordinator().tick();
    expect(await generationDoc()).toEqual(before);
    await expect(raw.collection('tallies').count({})).resolves.toBe(2); // generation 1 is still there
    await expect(logged).resolves.toMatch(/no longer held/);
  });

  it.each(STALE)('does not adopt the built checkpoint at its live runner\'s start once it lost the lease (%s)', async (_how, stale) => {
    const worker = await liveWorker();
    await builtToHead(worker.head);
    // The switch was made, and the worker stopped before the live checkpoint followed.
    await saveGeneration(raw, { ...initialGeneration('tallies'), revision: 1, active: 2, retired: [1] });
    const before = await checkpoints();
    await loseLease(stale);

    await expect(worker.runner.start()).rejects.toBeInstanceOf(LeaseLostError);
    expect(await checkpoints()).toEqual(before);
  });
});
