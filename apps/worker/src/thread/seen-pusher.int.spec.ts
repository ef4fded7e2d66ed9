import { ProcessorHost } from '../../../../libs/application/src/processing/processor-host';
import { ProcessorRunner } from '../../../../libs/application/src/processing/processor-runner';
import { InMemoryEventStore, newEvent, tallyProjection, tempReadStore } from '../../../../libs/application/src/processing/testing';
import type { SeenUpdate } from './seen-mirror';
import { SeenPusher } from './seen-pusher';

type Push = { holdsAll: boolean; runners: readonly SeenUpdate[] };

const until = async (condition: () => boolean): Promise<void> => {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  if (!condition()) throw new Error('condition not met in time');
};

describe("SeenPusher: the processors' thread's runners, pushed as they move", () => {
  let events: InMemoryEventStore;
  let reads: ReturnType<typeof tempReadStore>;
  let host: ProcessorHost;
  let holdsAll: boolean;
  let pushes: Push[];
  let pusher: SeenPusher;

  beforeEach(async () => {
    events = new InMemoryEventStore();
    reads = tempReadStore();
    const runner = (name: string) => new ProcessorRunner({ processor: tallyProjection(name), eventStore: events, readStore: reads.store });
    host = new ProcessorHost(events, [runner('a'), runner('b')]);
    await host.startAll();
    holdsAll = true;
    pushes = [];
    pusher = new SeenPusher({ host, leases: { holdsAll: () => holdsAll } }, (push) => pushes.push(push));
  });
  afterEach(async () => {
    pusher.stop();
    await host.stopAll();
    await reads.cleanup();
  });

  it('describes every runner, and first pushes them all as they stand', async () => {
    expect(pusher.describe()).toEqual([
      { name: 'a', eventTypes: ['Counted', 'Poisoned'], appendsFollowUps: false },
      { name: 'b', eventTypes: ['Counted', 'Poisoned'], appendsFollowUps: false },
    ]);
    await until(() => pushes.length > 0);
    expect(pushes[0]).toEqual({ holdsAll: true, runners: [['a', -1n, 0], ['b', -1n, 0]] });
  });

  it('pushes each runner that has seen more, and a stop as a release', async () => {
    await until(() => pushes.length > 0);
    const { position } = await events.append('s-1', [newEvent('Counted')], 'any');
    const seen = (name: string) => pushes.flatMap((p) => p.runners).filter(([n]) => n === name).at(-1);
    await until(() => seen('a')?.[1] === position && seen('b')?.[1] === position);
    await host.runner('a')?.stop();
    await until(() => seen('a')?.[2] === 1);
    expect(seen('b')?.[2]).toBe(0);
  });

  it('pushes a rebuild as a runner moving back, then forward again', async () => {
    const { position } = await events.append('s-1', [newEvent('Counted')], 'any');
    const seenOf = (name: string) => pushes.flatMap((p) => p.runners).filter(([n]) => n === name).map(([, seen]) => seen);
    await until(() => seenOf('a').at(-1) === position);
    await host.runner('a')?.rebuild();
    await until(() => seenOf('a').at(-1) === position && seenOf('a').includes(-1n, 1));
  });

  it('pushes a change of leases even when no runner moves', async () => {
    await until(() => pushes.length > 0);
    const before = pushes.length;
    pusher.checkLeases();
    await Promise.resolve();
    expect(pushes.length).toBe(before); // nothing changed: nothing pushed
    holdsAll = false;
    pusher.checkLeases();
    await until(() => pushes.length > before);
    expect(pushes.at(-1)?.holdsAll).toBe(false);
  });
});
