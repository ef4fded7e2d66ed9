import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventStoreContract } from '../contract/event-store.contract';
import { newEvent } from '../contract/fixtures';
import Database from 'better-sqlite3';
import { CachingEventStore } from './caching-event-store';
import { START_POSITION } from './port';
import type { StreamChanged } from './stream-changes';
import { SqliteEventStore } from './sqlite/sqlite-event-store';

const tempFile = () => {
  const dir = mkdtempSync(join(tmpdir(), 'jobledger-cache-'));
  return { file: join(dir, 'events.db'), remove: () => rmSync(dir, { recursive: true, force: true }) };
};

/** The stream of every read that reaches the store, from now on. */
const readsReaching = (inner: SqliteEventStore): string[] => {
  const asked: string[] = [];
  const read = inner.readStream.bind(inner);
  inner.readStream = (streamId, options) => (asked.push(streamId), read(streamId, options));
  return asked;
};

/** Lets a test report changes as the store would (call before the cache is built). */
const reportsOf = (inner: SqliteEventStore): { report: StreamChanged } => {
  const reports = { report: (() => undefined) as StreamChanged };
  const watch = inner.watchStreams.bind(inner);
  inner.watchStreams = (changed) => ((reports.report = changed), watch(changed));
  return reports;
};

/** job-1 and job-2, one event each, both read once (so cached). */
const twoCachedJobs = async (store: CachingEventStore): Promise<void> => {
  await store.append('job-1', [newEvent('A')], 'no_stream');
  await store.append('job-2', [newEvent('A')], 'no_stream');
  await store.readStream('job-1');
  await store.readStream('job-2');
};

eventStoreContract('SQLite behind the stream cache', async () => {
  const { file, remove } = tempFile();
  const store = new CachingEventStore(SqliteEventStore.open({ file, pollIntervalMs: 20 }));
  return { store, cleanup: async () => (await store.close(), remove()) };
});

describe('CachingEventStore', () => {
  let file: string;
  let remove: () => void;
  beforeEach(() => ({ file, remove } = tempFile()));
  afterEach(() => remove());

  it('asks the store only for what it does not hold: nothing while only it appended', async () => {
    const inner = SqliteEventStore.open({ file });
    const asked: Array<number | undefined> = [];
    const read = inner.readStream.bind(inner);
    inner.readStream = (streamId, options) => (asked.push(options?.fromRevision), read(streamId, options));
    const store = new CachingEventStore(inner);
    await store.append('job-1', [newEvent('A'), newEvent('B')], 'no_stream');
    expect((await store.readStream('job-1')).map((e) => e.type)).toEqual(['A', 'B']);
    await store.append('job-1', [newEvent('C')], 1);
    // Its own append extends the cached copy with exactly what a read returns.
    expect(await store.readStream('job-1')).toEqual(await read('job-1'));
    expect((await store.readStream('job-1', { fromRevision: 1, maxCount: 1 })).map((e) => e.type)).toEqual(['B']);
    expect(await store.streamRevision('job-1')).toBe(2);
    expect(asked).toEqual([0]);
    await store.close();
  });

  it('sees what another process appended to the same file', async () => {
    const store = new CachingEventStore(SqliteEventStore.open({ file }));
    const other = SqliteEventStore.open({ file });
    await store.append('job-1', [newEvent('A')], 'no_stream');
    expect((await store.readStream('job-1')).length).toBe(1);
    await other.append('job-1', [newEvent('B')], 0);
    expect((await store.readStream('job-1')).map((e) => e.type)).toEqual(['A', 'B']);
    await Promise.all([store.close(), other.close()]);
  });

  it('asks again only for the streams another connection appended to', async () => {
    const inner = SqliteEventStore.open({ file });
    const store = new CachingEventStore(inner);
    const other = SqliteEventStore.open({ file });
    await twoCachedJobs(store);
    const asked = readsReaching(inner);
    await other.append('job-2', [newEvent('B')], 0);
    expect((await store.readStream('job-1')).map((e) => e.type)).toEqual(['A']);
    expect((await store.readStream('job-2')).map((e) => e.type)).toEqual(['A', 'B']);
    expect((await store.readStream('job-2')).map((e) => e.type)).toEqual(['A', 'B']);
    expect(asked).toEqual(['job-2']);
    await Promise.all([store.close(), other.close()]);
  });

  it('does not extend its copy with an append that landed after events it has not seen', async () => {
    const store = new CachingEventStore(SqliteEventStore.open({ file }));
    const other = SqliteEventStore.open({ file });
    await store.append('job-1', [newEvent('A')], 'no_stream');
    await store.readStream('job-1');
    await other.append('job-1', [newEvent('B')], 0);
    await store.append('job-1', [newEvent('C')], 'any');
    expect((await store.readStream('job-1')).map((e) => e.type)).toEqual(['A', 'B', 'C']);
    await Promise.all([store.close(), other.close()]);
  });

  it('does not trust a read that a change overtook while it was being answered', async () => {
    const inner = SqliteEventStore.open({ file });
    const reports = reportsOf(inner);
    const store = new CachingEventStore(inner);
    await store.append('job-1', [newEvent('A')], 'no_stream');
    await store.readStream('job-1');
    const raw = new Database(file);
    const read = inner.readStream.bind(inner);
    let overtake = true;
    inner.readStream = async (streamId, options) => {
      const events = await read(streamId, options);
      if (overtake) {
        overtake = false;
        // Committed and reported after the query answered, before the cache records the answer.
        raw.prepare("INSERT INTO events (event_id, stream_id, revision, type, data, metadata, recorded_at) VALUES ('x', 'job-1', 1, 'B', '{}', '{}', '2026-01-01T00:00:00.000Z')").run();
        reports.report('job-1');
      }
      return events;
    };
    reports.report('job-1'); // makes the next read ask the store
    expect((await store.readStream('job-1')).map((e) => e.type)).toEqual(['A']);
    expect((await store.readStream('job-1')).map((e) => e.type)).toEqual(['A', 'B']);
    raw.close();
    await store.close();
  });

  it('asks again for every stream when the store cannot say which changed', async () => {
    const inner = SqliteEventStore.open({ file });
    const reports = reportsOf(inner);
    const store = new CachingEventStore(inner);
    await twoCachedJobs(store);
    const asked = readsReaching(inner);
    reports.report(null);
    await store.readStream('job-1');
    await store.readStream('job-2');
    await store.readStream('job-1');
    expect(asked).toEqual(['job-1', 'job-2']);
    await store.close();
  });

  it('lists another connection\'s appends again after a listing that failed', async () => {
    const inner = SqliteEventStore.open({ file });
    const store = new CachingEventStore(inner);
    const other = SqliteEventStore.open({ file });
    await store.append('s', [newEvent('A')], 'no_stream');
    expect(await store.readStream('s')).toHaveLength(1);
    await other.append('s', [newEvent('F')], 'any');
    // One transient failure of the listing (busy, I/O): reachable only from inside.
    const listing = (inner as unknown as { foreignAppends: { touched: { iterate: (...args: unknown[]) => unknown } } }).foreignAppends.touched;
    const iterate = listing.iterate.bind(listing);
    listing.iterate = () => {
      listing.iterate = iterate;
      throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    };
    await expect(store.readStream('s')).rejects.toThrow(/locked/);
    expect(await store.readStream('s')).toHaveLength(2);
    await Promise.all([store.close(), other.close()]);
  });

  it('serves event ids as SQLite stores them after extending its copy with its own append', async () => {
    const inner = SqliteEventStore.open({ file });
    const store = new CachingEventStore(inner);
    await store.append('s', [newEvent('A')], 'no_stream');
    await store.readStream('s');
    await store.append('s', [{ ...newEvent('B'), id: 'id-\uD800' }], 0);
    expect((await store.readStream('s'))[1].id).toBe((await inner.readStream('s'))[1].id);
    await store.close();
  });

  it('never serves a stale or reordered stream under random appends of its own and of another connection', async () => {
    const store = new CachingEventStore(SqliteEventStore.open({ file }), 200); // tails of 8 events: most streams outgrow them
    const other = SqliteEventStore.open({ file });
    const truth = SqliteEventStore.open({ file });
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const streamIds = Array.from({ length: 12 }, (_, i) => `s-${i}`);
    const ids = async (read: Promise<{ id: string }[]>) => (await read).map((e) => e.id);
    for (let round = 0; round < 300; round++) {
      const ops: Promise<unknown>[] = [];
      for (let k = 0; k < 1 + rnd(6); k++) {
        const s = streamIds[rnd(streamIds.length)];
        const r = rnd(10);
        if (r < 3) ops.push(store.append(s, [newEvent('A'), ...(rnd(2) ? [newEvent('B')] : [])], 'any'));
        else if (r < 5) ops.push(other.append(s, [newEvent('F')], 'any'));
        else {
          // Whatever is served is a prefix of the stream as stored, from the revision asked for:
          // mostly its end (kept in the cache once the stream is longer than the tail), at times all.
          const from = rnd(4) ? Math.max(0, (await truth.streamRevision(s)) - rnd(4)) : 0;
          ops.push(ids(store.readStream(s, { fromRevision: from })).then(async (got) => expect(got).toEqual((await ids(truth.readStream(s, { fromRevision: from }))).slice(0, got.length))));
        }
      }
      await Promise.all(ops);
      for (const s of streamIds) {
        const from = round % 10 ? Math.max(0, (await truth.streamRevision(s)) - rnd(6)) : 0;
        expect(await ids(store.readStream(s, { fromRevision: from }))).toEqual(await ids(truth.readStream(s, { fromRevision: from })));
      }
    }
    await Promise.all([store.close(), other.close(), truth.close()]);
  });

  it('evicts the least recently read streams beyond its budget, and still answers from the store', async () => {
    const inner = SqliteEventStore.open({ file });
    const store = new CachingEventStore(inner, 8);
    for (let i = 0; i < 6; i++) await store.append(`job-${i}`, [newEvent('A'), newEvent('B')], 'no_stream');
    for (let i = 0; i < 6; i++) await store.readStream(`job-${i}`);
    const asked: Array<number | undefined> = [];
    const read = inner.readStream.bind(inner);
    inner.readStream = (streamId, options) => (asked.push(options?.fromRevision), read(streamId, options));
    expect((await store.readStream('job-0')).length).toBe(2); // evicted: read again from revision 0
    expect((await store.readStream('job-5')).length).toBe(2); // still cached, and nobody appended to it
    expect(asked).toEqual([0]);
    await store.close();
  });

  it('keeps only a stream\'s last events: reads below them, and bypassed streams, go to the store with the caller\'s range', async () => {
    const inner = SqliteEventStore.open({ file });
    const store = new CachingEventStore(inner, 8, ['joblog-']); // a tail of 8 / 4 = 2 events
    await store.append('joblog-1', [newEvent('A'), newEvent('B'), newEvent('C')], 'no_stream');
    await store.append('job-long', [newEvent('A'), newEvent('B'), newEvent('C')], 'no_stream');
    expect((await store.readStream('job-long')).map((e) => e.type)).toEqual(['A', 'B', 'C']);
    const asked: Array<[string, number | undefined, number | undefined]> = [];
    const read = inner.readStream.bind(inner);
    inner.readStream = (streamId, options) => (asked.push([streamId, options?.fromRevision, options?.maxCount]), read(streamId, options));
    expect((await store.readStream('joblog-1', { fromRevision: 1, maxCount: 1 })).map((e) => e.type)).toEqual(['B']);
    expect((await store.readStream('job-long', { fromRevision: 1 })).map((e) => e.type)).toEqual(['B', 'C']); // the kept tail
    expect((await store.readStream('job-long', { fromRevision: 0, maxCount: 2 })).map((e) => e.type)).toEqual(['A', 'B']);
    expect(await store.streamRevision('job-long')).toBe(2);
    expect(await store.streamRevision('joblog-1')).toBe(2);
    await store.append('job-long', [newEvent('D')], 2);
    expect((await store.readStream('job-long', { fromRevision: 2 })).map((e) => e.type)).toEqual(['C', 'D']); // its own append, kept as reported
    expect((await store.readStream('job-long')).map((e) => e.type)).toEqual(['A', 'B', 'C', 'D']);
    expect(asked).toEqual([['joblog-1', 1, 1], ['job-long', 0, 2], ['job-long', 0, undefined]]);
    await store.close();
  });

  it('serves no kept stream while it closes: a handler finishing meanwhile still sees other connections\' appends', async () => {
    const { file, remove } = tempFile();
    const inner = SqliteEventStore.open({ file });
    const store = new CachingEventStore(inner);
    const other = SqliteEventStore.open({ file });
    await store.append('s', [newEvent('A')], 'no_stream');
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inHandler = new Promise<void>((resolve) => (entered = resolve));
    inner.subscribe({ fromPosition: START_POSITION }, { onEvents: async () => (entered(), await gate) });
    await inHandler;
    const closing = store.close(); // waits for the handler
    await store.readStream('s');
    await other.append('s', [newEvent('B')], 0);
    const seen = (await store.readStream('s')).map((e) => e.type);
    release();
    await closing;
    await other.close();
    remove();
    expect(seen).toEqual(['A', 'B']);
  });
});
