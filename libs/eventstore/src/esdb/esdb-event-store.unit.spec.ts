import { UnavailableError } from '@eventstore/db-client';
import { eventStoreContract } from '../../contract/event-store.contract';
import { newEvent, recorder, waitFor } from '../../contract/fixtures';
import { ConcurrencyError } from '../errors';
import { START_POSITION } from '../port';
import { EventStoreUnavailableError } from './errors';
import { EsdbEventStore } from './esdb-event-store';
import { FakeEsdbClient } from './testing/fake-esdb-client';

// The adapter's own logic (mappings, paging, exclusive starts, idempotent repeats, the
// subscription's catch-up and live phases) against a stand-in for the server. The same
// contract runs against a real server in esdb-event-store.int.spec.ts.
eventStoreContract(
  'EventStoreDB adapter on a fake client',
  async () => {
    const client = new FakeEsdbClient();
    client.writeSystemEvent(); // the log of a real server never starts empty
    const store = new EsdbEventStore(client, { retryDelayMs: () => 1 });
    return { store, cleanup: () => store.close() };
  },
  { eventIdsUniqueAcrossStreams: false, reportsRepeats: false },
);

describe('EsdbEventStore', () => {
  let client: FakeEsdbClient;
  let store: EsdbEventStore;

  beforeEach(() => {
    client = new FakeEsdbClient();
    store = new EsdbEventStore(client, { retryDelayMs: () => 1 });
  });
  afterEach(() => store.close());

  it('refuses a conflicting append that the client answered instead of throwing (throwOnAppendFailure=false)', async () => {
    client.answersAppendFailures = true;
    await store.append('job-1', [newEvent('A'), newEvent('B'), newEvent('C')], 'no_stream');
    await store.append('job-1', [newEvent('Winner')], 2);
    const lost = store.append('job-1', [newEvent('Loser')], 2);
    await expect(lost).rejects.toBeInstanceOf(ConcurrencyError);
    await expect(lost).rejects.toMatchObject({ expected: 2, actual: 3 });
    await expect(store.append('job-2', [newEvent('A')], 'stream_exists')).rejects.toMatchObject({ actual: -1 });
    expect((await store.readStream('job-1')).map((e) => e.type)).toEqual(['A', 'B', 'C', 'Winner']);
  });

  it('gives the position of the last event appended even when the server’s answer has none', async () => {
    client.omitsAppendPosition = true;
    const result = await store.append('job-1', [newEvent('A'), newEvent('B')], 'no_stream');
    const read = await store.readStream('job-1');
    expect(result).toEqual({ nextExpectedRevision: 1, position: read[1].position });
  });

  it('gives the position of the last event of many appended, whichever of them the server’s answer names', async () => {
    client.answersFirstPosition = true;
    const result = await store.append('job-1', [newEvent('A'), newEvent('B'), newEvent('C')], 'no_stream');
    const read = await store.readStream('job-1');
    expect(result).toEqual({ nextExpectedRevision: 2, position: read[2].position });
  });

  it('maps a refused append to a ConcurrencyError and appends nothing', async () => {
    await store.append('job-1', [newEvent('A')], 'no_stream');
    await expect(store.append('job-1', [newEvent('B')], 'no_stream')).rejects.toBeInstanceOf(ConcurrencyError);
    expect(await store.readStream('job-1')).toHaveLength(1);
  });

  it('reports the head as the newest jobledger event, past any system events written after it', async () => {
    expect(await store.headPosition()).toBe(START_POSITION);
    client.writeSystemEvent();
    expect(await store.headPosition()).toBe(START_POSITION);

    const { position } = await store.append('job-1', [newEvent('A')], 'no_stream');
    for (let i = 0; i < 70; i += 1) client.writeSystemEvent();
    expect(await store.headPosition()).toBe(position);
  });

  it('fails a read the server never answers by its own deadline: the client drops the deadline it is given on streamed reads', async () => {
    const silent = new EsdbEventStore(client, { retryDelayMs: () => 1, deadlineMs: 50 });
    let cancelled = 0;
    const hanging = () => ({ [Symbol.asyncIterator]: () => ({ next: () => new Promise<never>(() => undefined) }), cancel: async () => void (cancelled += 1) });
    jest.spyOn(client, 'readStream').mockImplementation(hanging);
    jest.spyOn(client, 'readAll').mockImplementation(hanging);
    await expect(silent.readStream('job-1')).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE', message: expect.stringContaining('no answer within 50 ms') });
    await expect(silent.headPosition()).rejects.toBeInstanceOf(EventStoreUnavailableError);
    expect(cancelled).toBe(2);
  });

  it('reads a long stream to its end however long it takes, as long as every item comes within the deadline', async () => {
    const patient = new EsdbEventStore(client, { retryDelayMs: () => 1, deadlineMs: 60 });
    for (let i = 0; i < 6; i += 1) await patient.append('job-1', [newEvent(`E${i}`)], i === 0 ? 'no_stream' : i - 1);
    const readStream = client.readStream.bind(client);
    jest.spyOn(client, 'readStream').mockImplementation((...args: Parameters<FakeEsdbClient['readStream']>) => {
      const all = readStream(...args);
      // Each item 25 ms after the last: 150 ms in all, more than twice the deadline.
      return Object.assign((async function* () {
        for await (const item of all) {
          await new Promise((resolve) => setTimeout(resolve, 25));
          yield item;
        }
      })(), { cancel: async () => undefined });
    });
    expect((await patient.readStream('job-1')).map((e) => e.type)).toEqual(['E0', 'E1', 'E2', 'E3', 'E4', 'E5']);
  });

  it('fails an append the server never answers by the deadline, as unavailable (its outcome unknown: a retry of the command is safe)', async () => {
    const silent = new EsdbEventStore(client, { retryDelayMs: () => 1, deadlineMs: 50 });
    jest.spyOn(client, 'appendToStream').mockImplementation(() => new Promise(() => undefined));
    await expect(silent.append('job-1', [newEvent('A')], 'no_stream')).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE', message: expect.stringContaining('no answer within 50 ms') });
  });

  it('takes a stream read\'s "no position" (2^64 - 1, from a server before 22.6) for none, and refuses the event loudly', async () => {
    await store.append('job-1', [newEvent('A')], 'no_stream');
    const read = client.readStream.bind(client);
    jest.spyOn(client, 'readStream').mockImplementation((name, options) => {
      const inner = read(name, options);
      return (async function* () {
        for await (const resolved of inner) {
          yield { ...resolved, event: resolved.event && { ...resolved.event, position: { commit: 2n ** 64n - 1n, prepare: 2n ** 64n - 1n } } };
        }
      })();
    });
    await expect(store.readStream('job-1')).rejects.toThrow('came without a log position');
  });

  it('never asks the server for all of $all, nor waits on it for ever: every read names a maxCount and a deadline', async () => {
    const readAll = jest.spyOn(client, 'readAll');
    const readStream = jest.spyOn(client, 'readStream');
    await store.append('job-1', [newEvent('A'), newEvent('B')], 'no_stream');
    await store.readAll({ fromPosition: START_POSITION, maxCount: 10, filter: { eventTypes: ['B'] } });
    await store.headPosition();
    const seen = recorder();
    const sub = store.subscribe({ fromPosition: START_POSITION }, seen.handler);
    await waitFor('catch-up', () => sub.caughtUp);

    expect(readAll.mock.calls.length).toBeGreaterThanOrEqual(3);
    for (const [options] of readAll.mock.calls) expect(options).toMatchObject({ maxCount: expect.any(Number), deadline: expect.any(Number) });
    await store.readStream('job-1');
    await store.streamRevision('job-1');
    for (const [, options] of readStream.mock.calls) expect(options.deadline).toEqual(expect.any(Number));
    expect(readStream).toHaveBeenCalledTimes(3); // the two reads, and the append's of its last event's position
  });

  it('refuses a maxCount that is not a count rather than reading everything', async () => {
    await expect(store.readAll({ maxCount: -1 })).rejects.toThrow(RangeError);
    await expect(store.readAll({ maxCount: 1.5 })).rejects.toThrow(RangeError);
    await expect(store.readStream('job-1', { maxCount: -1 })).rejects.toThrow(RangeError);
  });

  it('reads a stream that was never written as empty, at revision -1, and its metadata as null', async () => {
    expect(await store.readStream('job-nobody')).toEqual([]);
    expect(await store.streamRevision('job-nobody')).toBe(-1);
    expect(await store.getStreamMetadata('job-nobody')).toBeNull();
  });

  it('names an unreachable server when an append fails that way', async () => {
    jest.spyOn(client, 'appendToStream').mockRejectedValueOnce(new UnavailableError());
    await expect(store.append('job-1', [newEvent('A')], 'no_stream')).rejects.toBeInstanceOf(EventStoreUnavailableError);
  });
});
