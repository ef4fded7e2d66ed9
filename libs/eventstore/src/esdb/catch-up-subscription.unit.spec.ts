import { UnavailableError, type AllStreamRecordedEvent } from '@eventstore/db-client';
import { newEvent, recorder, waitFor } from '../../contract/fixtures';
import { START_POSITION, type Subscription } from '../port';
import { EsdbEventStore } from './esdb-event-store';
import { FakeEsdbClient, type FakeSubscription } from './testing/fake-esdb-client';

describe('EventStoreDB subscription: resubscribe and caught-up', () => {
  let client: FakeEsdbClient;
  let store: EsdbEventStore;
  let delays: number[];
  let subscriptions: Subscription[];

  const open = (retryDelayMs: (failures: number) => number = () => 1) => {
    client = new FakeEsdbClient();
    delays = [];
    store = new EsdbEventStore(client, { retryDelayMs: (failures) => (delays.push(failures), retryDelayMs(failures)) });
  };
  const subscribe = (...args: Parameters<EsdbEventStore['subscribe']>) => {
    const subscription = store.subscribe(...args);
    subscriptions.push(subscription);
    return subscription;
  };
  const liveSubscription = (): FakeSubscription => {
    const [live] = client.live;
    if (!live) throw new Error('no live subscription open');
    return live;
  };

  beforeEach(() => {
    subscriptions = [];
    open();
  });
  afterEach(async () => {
    await Promise.all(subscriptions.map((s) => s.stop()));
    await store.close();
  });

  it('resubscribes after the live subscription drops as unavailable, from the last handled position, losing and duplicating nothing', async () => {
    const first = newEvent('A');
    const { position } = await store.append('job-1', [first], 'no_stream');
    const subscribeToAll = jest.spyOn(client, 'subscribeToAll');
    const seen = recorder();
    const sub = subscribe({ fromPosition: START_POSITION }, seen.handler);
    await waitFor('catch-up and the live subscription', () => sub.caughtUp && client.live.size === 1);

    const dropped = new UnavailableError();
    liveSubscription().fail(dropped);
    const second = newEvent('B');
    const appended = await store.append('job-1', [second], 0); // while nobody listens
    await waitFor('redelivery after the drop', () => seen.delivered.length === 2 && sub.caughtUp);

    expect(seen.delivered.map((e) => e.id)).toEqual([first.id, second.id]);
    expect(seen.drops).toEqual([dropped]);
    expect(delays).toEqual([1]);
    expect(sub.position).toBe(appended.position);
    const froms = subscribeToAll.mock.calls.map(([options]) => options.fromPosition);
    expect(froms).toEqual([
      { commit: position, prepare: position },
      { commit: appended.position, prepare: appended.position },
    ]);
  });

  it('backs off longer on consecutive failures, and counts again from one after a success', async () => {
    client.failReads(new UnavailableError(), new UnavailableError(), new UnavailableError());
    await store.append('job-1', [newEvent('A')], 'no_stream');
    const seen = recorder();
    const sub = subscribe({ fromPosition: START_POSITION }, seen.handler);
    await waitFor('delivery once the server answers', () => sub.caughtUp && client.live.size === 1);
    expect(delays).toEqual([1, 2, 3]);
    expect(seen.drops).toHaveLength(3);

    liveSubscription().fail(new UnavailableError());
    await waitFor('the next live subscription', () => seen.drops.length === 4 && client.live.size === 1 && sub.caughtUp);
    expect(delays).toEqual([1, 2, 3, 1]);
    expect(seen.delivered).toHaveLength(1);
  });

  it('is caught up without the server’s notice (older than 23.10) once a catch-up read reaches the head', async () => {
    client.sendsCaughtUp = false;
    const history = await store.append('job-1', [newEvent('A'), newEvent('B')], 'no_stream');
    const seen = recorder();
    const sub = subscribe({ fromPosition: START_POSITION }, seen.handler);
    await waitFor('catch-up', () => sub.caughtUp);
    expect(seen.caughtUpAt).toEqual([history.position]);

    const live = await store.append('job-1', [newEvent('C')], 1);
    await waitFor('the live event', () => seen.caughtUpAt.includes(live.position));
    expect(seen.delivered.map((e) => e.type)).toEqual(['A', 'B', 'C']);
    expect(sub.caughtUp).toBe(true);
  });

  it('is not caught up while the server says it fell behind, until it says caught up again', async () => {
    const seen = recorder();
    const sub = subscribe({ fromPosition: START_POSITION }, seen.handler);
    await waitFor('catch-up and the live subscription', () => sub.caughtUp && client.live.size === 1);

    liveSubscription().emit('fellBehind');
    const behind = await store.append('job-1', [newEvent('A')], 'no_stream');
    await waitFor('the event', () => seen.delivered.length === 1);
    expect(sub.caughtUp).toBe(false);
    expect(seen.caughtUpAt).not.toContain(behind.position);

    liveSubscription().emit('caughtUp');
    await waitFor('caught up again', () => sub.caughtUp);
    expect(seen.caughtUpAt[seen.caughtUpAt.length - 1]).toBe(behind.position);
  });

  it('asks the server to leave system events out, skips any that still arrive, and moves past them', async () => {
    const subscribeToAll = jest.spyOn(client, 'subscribeToAll');
    const seen = recorder();
    const sub = subscribe({ fromPosition: START_POSITION }, seen.handler);
    await waitFor('the live subscription', () => sub.caughtUp && client.live.size === 1);
    expect(subscribeToAll.mock.calls[0][0].filter).toMatchObject({ filterOn: 'eventType', regex: expect.stringContaining('$') });

    const system = { streamId: '$stats-1', id: 'x', type: '$statsCollected', revision: 0n, isJson: true, created: new Date(), data: {}, metadata: undefined, position: { commit: 999_999n, prepare: 999_999n } };
    liveSubscription().emit('data', { event: system as AllStreamRecordedEvent, commitPosition: 999_999n });
    await waitFor('a caught-up report past the system event', () => seen.caughtUpAt.includes(999_999n));
    expect(seen.delivered).toEqual([]);
  });

  it('ignores the history it is told to start after, in catch-up and live', async () => {
    const seen = recorder();
    const old = await store.append('job-1', [newEvent('Old')], 'no_stream');
    const sub = subscribe({ fromPosition: old.position, filter: { eventTypes: ['New'] } }, seen.handler);
    await waitFor('catch-up', () => sub.caughtUp && client.live.size === 1);
    await store.append('job-1', [newEvent('Other'), newEvent('New')], 0);
    await waitFor('the live event', () => seen.delivered.length === 1);
    expect(seen.delivered.map((e) => e.type)).toEqual(['New']);
  });

  it('stop() does not wait out a back-off, and nothing is delivered afterwards', async () => {
    open(() => 60_000);
    client.failReads(new UnavailableError());
    const seen = recorder();
    const sub = subscribe({ fromPosition: START_POSITION }, seen.handler);
    await waitFor('the drop', () => seen.drops.length === 1);

    await sub.stop();
    await store.append('job-1', [newEvent('A')], 'no_stream');
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen.delivered).toEqual([]);
    expect(client.live.size).toBe(0);
  });

  it('close() stops every subscription, cancels its server call and disposes the client', async () => {
    const sub = subscribe({ fromPosition: START_POSITION }, recorder().handler);
    await waitFor('the live subscription', () => sub.caughtUp && client.live.size === 1);
    const live = liveSubscription();

    await store.close();
    expect(live.unsubscribed).toBe(true);
    expect(client.disposed).toBe(true);
    expect(() => store.subscribe({ fromPosition: START_POSITION }, recorder().handler)).toThrow('closed');
  });
});
