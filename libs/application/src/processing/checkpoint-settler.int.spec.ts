import type { Processor } from './processor';
import { CheckpointSettler } from './checkpoint-settler';
import { FencedReadStore, LeaseLostError } from './fenced-read-store';
import { ProcessorRunner } from './processor-runner';
import { InMemoryEventStore, newEvent, tallyProjection, tempReadStore } from './testing';

/** A reactor-shaped processor: each `Counted` makes it append one `Echoed` elsewhere. */
const echoReactor = (events: InMemoryEventStore): Processor => ({
  name: 'reactor:echo',
  collections: [],
  eventTypes: ['Counted'],
  appendsFollowUps: true,
  apply: async (event) => { await events.append(`echo-${event.id}`, [newEvent('Echoed', {}, event.id)], 'any'); },
});

describe('CheckpointSettler: read-your-writes from stored checkpoints (an API without processors)', () => {
  let events: InMemoryEventStore;
  let reads: ReturnType<typeof tempReadStore>;
  let runners: ProcessorRunner[];

  beforeEach(() => {
    events = new InMemoryEventStore();
    reads = tempReadStore();
    runners = [];
  });
  afterEach(async () => {
    await Promise.all(runners.map((r) => r.stop()));
    await reads.cleanup();
  });

  const run = async (processor: Processor) => {
    const runner = new ProcessorRunner({ processor, eventStore: events, readStore: reads.store });
    runners.push(runner);
    await runner.start();
    return runner;
  };

  it('times out while the processor that handles the command has not stored its position, and settles once it has', async () => {
    const tally = tallyProjection();
    const settler = new CheckpointSettler(events, reads.store, [tally]);
    const { position } = await events.append('s-1', [newEvent('Counted')], 'any');
    await expect(settler.settle(position, 50, ['Counted'])).resolves.toBe(false);
    await run(tally);
    await expect(settler.settle(position, 5000, ['Counted'])).resolves.toBe(true);
    await expect(reads.store.getCheckpoint('tallies')).resolves.toBe(position);
  });

  it('waits only for the processors that handle the command, and counts a processor with nothing to do as having seen it', async () => {
    const tally = tallyProjection();
    const idle = { ...tallyProjection('idle'), eventTypes: ['Unrelated'] };
    const settler = new CheckpointSettler(events, reads.store, [tally, idle]);
    await run(tally); // 'idle' never runs: nothing stored for it
    const { position } = await events.append('s-1', [newEvent('Counted')], 'any');
    await expect(settler.settle(position, 5000, ['Counted'])).resolves.toBe(true);
    // Waiting for everything: 'idle' handles no event up to here, so it has nothing to catch up.
    await expect(settler.settle(position, 5000)).resolves.toBe(true);
    await events.append('s-2', [newEvent('Unrelated')], 'any');
    await expect(settler.settle(await events.headPosition(), 50)).resolves.toBe(false);
  });

  it("without follow-ups, waits for the reactor of the command's events, not for the read models of what it appended", async () => {
    const tally = { ...tallyProjection(), eventTypes: ['Echoed'] }; // never runs: the echo's read model
    const settler = new CheckpointSettler(events, reads.store, [echoReactor(events), tally]);
    const { position } = await events.append('s-1', [newEvent('Counted')], 'any');
    await expect(settler.settle(position, 50, ['Counted'], false)).resolves.toBe(false); // the reactor has not run
    await run(echoReactor(events));
    await expect(settler.settle(position, 5000, ['Counted'], false)).resolves.toBe(true);
    await expect(settler.settle(position, 50, ['Counted'])).resolves.toBe(false); // with follow-ups: the tallies count
  });

  it("follows a reactor's follow-ups to the head when the command's events make it append", async () => {
    const tally = { ...tallyProjection(), eventTypes: ['Echoed'] }; // not concerned by the command itself
    const settler = new CheckpointSettler(events, reads.store, [echoReactor(events), tally]);
    await run(echoReactor(events));
    const { position } = await events.append('s-1', [newEvent('Counted')], 'any');
    await expect(settler.settle(position, 100, ['Counted'])).resolves.toBe(false); // the echo is not in the tallies yet
    await run(tally);
    await expect(settler.settle(position, 5000, ['Counted'])).resolves.toBe(true);
    const tallied = await reads.store.collection('tallies').get('echo-' + (await events.readAll({ maxCount: 1 }))[0].id);
    expect(tallied).toMatchObject({ count: 1 });
  });

  it('reports each processor\'s stored checkpoint and live lease holder, and runs nothing itself', async () => {
    const tally = tallyProjection();
    const settler = new CheckpointSettler(events, reads.store, [tally]);
    expect(settler.status()).toEqual([]);
    await expect(settler.progress()).resolves.toEqual([{ name: 'tallies', checkpoint: null, holder: null, leaseExpiresAt: null, refused: false }]);
    await reads.store.tryAcquireLease('tallies', 'host:1:abcd', 60_000);
    await run(tally);
    const { position } = await events.append('s-1', [newEvent('Counted')], 'any');
    await settler.settle(position, 5000);
    await expect(settler.progress()).resolves.toEqual([expect.objectContaining({ name: 'tallies', checkpoint: position.toString(), holder: 'host:1:abcd' })]);
  });

  it('never counts a processor refused for a checkpoint beyond the head as caught up: false at once, and its progress says refused', async () => {
    const tally = tallyProjection();
    for (let i = 0; i < 3; i += 1) await events.append('s-a', [newEvent('Counted')], 'any');
    const first = await run(tally);
    const applied = await events.headPosition();
    await expect(first.waitFor(applied, 5000)).resolves.toBe(true);
    await first.stop();

    const restored = new InMemoryEventStore(); // the log as a backup had it: shorter than the checkpoint
    await restored.append('s-b', [newEvent('Counted')], 'any');
    await expect(new ProcessorRunner({ processor: tallyProjection(), eventStore: restored, readStore: reads.store }).start()).rejects.toThrow(/beyond the log's head/);
    const settler = new CheckpointSettler(restored, reads.store, [tally]);
    const { position } = await restored.append('s-b', [newEvent('Counted')], 'any'); // at or below the checkpoint: "reached" by position alone
    const started = Date.now();
    await expect(settler.settle(position, 5000, ['Counted'])).resolves.toBe(false);
    expect(Date.now() - started).toBeLessThan(2500);
    await expect(settler.progress()).resolves.toEqual([expect.objectContaining({ name: 'tallies', checkpoint: applied.toString(), refused: true })]);
  });
});

describe('FencedReadStore: a worker that lost its lease commits nothing', () => {
  let reads: ReturnType<typeof tempReadStore>;
  beforeEach(() => { reads = tempReadStore(); });
  afterEach(() => reads.cleanup());

  const nothingWritten = async () => {
    await expect(reads.store.getCheckpoint('tallies')).resolves.toBeNull();
    await expect(reads.store.collection('tallies').count({})).resolves.toBe(0);
  };

  it('refuses the batch when its own clock says the lease is gone, before the batch or while it runs', async () => {
    await reads.store.tryAcquireLease('tallies', 'me', 60_000);
    let held = false;
    const fenced = new FencedReadStore(reads.store, 'tallies', 'me', () => held);
    await expect(fenced.applyBatch('tallies', 1n, async (w) => w.put('tallies', { _id: 'a' }))).rejects.toBeInstanceOf(LeaseLostError);
    held = true;
    await expect(fenced.applyBatch('tallies', 2n, async (w) => { w.put('tallies', { _id: 'b' }); held = false; })).rejects.toBeInstanceOf(LeaseLostError);
    await nothingWritten();
    held = true;
    await fenced.applyBatch('tallies', 3n, async (w) => w.put('tallies', { _id: 'c' }));
    await expect(reads.store.getCheckpoint('tallies')).resolves.toBe(3n);
  });

  it('refuses the batch inside the commit when the stored lease is another worker\'s, whatever its own clock says (a late wake-up)', async () => {
    await reads.store.tryAcquireLease('tallies', 'successor', 60_000);
    const late = new FencedReadStore(reads.store, 'tallies', 'me', () => true);
    await expect(late.applyBatch('tallies', 1n, async (w) => w.put('tallies', { _id: 'a' }))).rejects.toBeInstanceOf(LeaseLostError);
    await nothingWritten();
  });
});
