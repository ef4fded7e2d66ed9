import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ids, newEvent, recorder, waitFor } from '../../contract/fixtures';
import type { EventFilter, RecordedEvent, Subscription } from '../port';
import { START_POSITION } from '../port';
import { eventMatcher, FilteredReader } from './filtered-read';
import { toRecordedEvent } from './event-row';
import type { TailBounds } from './log-tail';
import { SqliteEventStore } from './sqlite-event-store';

// Every shape a filter takes: none, types, prefixes, both, empty lists, a prefix that is a whole
// stream name, case, an empty prefix, and names SQLite compares in ways JS strings do not.
const FILTERS: readonly (EventFilter | undefined)[] = [
  undefined,
  {},
  { eventTypes: ['Created'] },
  { eventTypes: ['Created', 'Closed'] },
  { eventTypes: [] },
  { streamPrefixes: ['job-'] },
  { streamPrefixes: ['Job-'] },
  { streamPrefixes: ['job-1'] },
  { streamPrefixes: ['order-', 'job-2'] },
  { streamPrefixes: [''] },
  { streamPrefixes: [] },
  { eventTypes: ['Closed'], streamPrefixes: ['order-'] },
  { eventTypes: [], streamPrefixes: ['job-'] },
  { streamPrefixes: ['nul\u0000'] },
  { streamPrefixes: ['nul'] },
  { streamPrefixes: ['ünï-😀'] },
  { streamPrefixes: ['odd-\uD800'] },
  { eventTypes: ['\uFFFD'] },
];

const STREAMS = ['job-1', 'job-12', 'job-2', 'Job-3', 'order-1', 'nul\u0000x', 'ünï-😀-1', 'odd-\uD800x'];
const TYPES = ['Created', 'Closed', 'Noted', 'created', '\uD800'];

describe('SqliteEventStore: subscriptions near the head share one tail of the log', () => {
  let file: string;
  let dir: string;
  const opened: SqliteEventStore[] = [];
  const subscriptions: Subscription[] = [];
  const open = (tail?: Partial<TailBounds>) => {
    const store = SqliteEventStore.open({ file, pollIntervalMs: 20, tail });
    opened.push(store);
    return store;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'jobledger-tail-'));
    file = join(dir, 'events.db');
  });
  afterEach(async () => {
    await Promise.all(subscriptions.splice(0).map((s) => s.stop()));
    await Promise.all(opened.splice(0).map((s) => s.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  const revisions = new Map<string, number>();
  const appendTo = async (store: SqliteEventStore, i: number, count = 1) => {
    const stream = STREAMS[i % STREAMS.length];
    const events = Array.from({ length: count }, (_, k) => newEvent(TYPES[(i + k) % TYPES.length], { i, k }));
    const result = await store.append(stream, events, 'any');
    revisions.set(stream, result.nextExpectedRevision);
    return result;
  };

  /** What SQL filtering gives for a filter, from the start of the log (readAll stays on SQL). */
  const sqlFiltered = async (store: SqliteEventStore, filter: EventFilter | undefined) =>
    ids(await store.readAll({ fromPosition: START_POSITION, maxCount: 100_000, filter }));

  it('decides every filter in memory exactly as SQL does, or leaves it to SQL', () => {
    const db = new Database(':memory:');
    try {
      db.exec(`CREATE TABLE events (position INTEGER PRIMARY KEY, event_id TEXT, stream_id TEXT, revision INTEGER,
        type TEXT, data TEXT, metadata TEXT, recorded_at TEXT)`);
      const insert = db.prepare('INSERT INTO events VALUES (?, ?, ?, 0, ?, ?, ?, ?)');
      let position = 0;
      for (const stream of STREAMS) for (const type of TYPES) insert.run(++position, `e${position}`, stream, type, '{}', '{}', 'now');
      const all = db.prepare('SELECT * FROM events ORDER BY position').all() as Parameters<typeof toRecordedEvent>[0][];
      const events = all.map(toRecordedEvent);
      const reader = new FilteredReader(db);
      let decidedInMemory = 0;
      for (const filter of FILTERS) {
        const matches = eventMatcher(filter);
        if (!matches) continue;
        decidedInMemory += 1;
        const sql = filter && (filter.eventTypes || filter.streamPrefixes) ? reader.read(START_POSITION, 1000, filter) : all;
        expect({ filter, ids: events.filter(matches).map((e) => e.id) }).toEqual({ filter, ids: sql.map((row) => row.event_id) });
      }
      // Left to SQL: any surrogate (even a well-formed pair, as the append wake-ups do) or U+FFFD.
      expect(decidedInMemory).toBe(FILTERS.length - 3);
    } finally {
      db.close();
    }
  });

  it('gives many subscriptions exactly what SQL filtering gives, in order, across appends of this store, another store and another process', async () => {
    const store = open();
    const other = open(); // another connection to the same file, in this thread
    const subscribed = FILTERS.map((filter, i) => {
      const seen = recorder();
      subscriptions.push(store.subscribe({ fromPosition: START_POSITION, filter, batchSize: 1 + (i % 4) }, seen.handler));
      return { filter, seen };
    });
    let last = START_POSITION;
    for (let i = 0; i < 60; i += 1) {
      const writer = i % 3 === 0 ? other : store;
      last = (await appendTo(writer, i, 1 + (i % 3))).position;
      if (i % 7 === 0) await new Promise((resolve) => setTimeout(resolve, 2)); // let some reads happen mid-way
    }
    // A bare connection stands for another process: nothing announces its commit.
    const foreign = new Database(file);
    foreign
      .prepare('INSERT INTO events (event_id, stream_id, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run('foreign-1', 'job-1', (revisions.get('job-1') ?? -1) + 1, 'Created', '{}', '{}', new Date().toISOString());
    foreign.close();
    last += 1n;

    await waitFor('every subscription at the head', () => subscribed.every(({ seen }) => seen.caughtUpAt.includes(last)));
    for (const { filter, seen } of subscribed) {
      expect({ filter, ids: ids(seen.delivered) }).toEqual({ filter, ids: await sqlFiltered(store, filter) });
    }
    expect(subscribed.find(({ filter }) => filter === undefined)?.seen.delivered).toHaveLength(Number(last));
    expect(store.subscriptionReadStats().tailReads).toBeGreaterThan(0);
  });

  it('reads the log once per change for all its subscriptions, and hands each the same event objects', async () => {
    const store = open();
    const other = open();
    await appendTo(store, 0);
    const handled = FILTERS.slice(0, 16).map((filter) => {
      const seen = recorder();
      subscriptions.push(store.subscribe({ fromPosition: START_POSITION, filter }, seen.handler));
      return seen;
    });
    await waitFor('catch-up', () => subscriptions.every((s) => s.caughtUp));

    for (let i = 0; i < 6; i += 1) {
      const before = store.subscriptionReadStats();
      // Types and a stream every filter above accepts or rejects, so the wake-up reaches them all.
      const { position } = await (i % 2 ? other : store).append('job-1', [newEvent('Created')], 'any');
      await waitFor('every subscription at the head', () => handled.every((seen) => seen.caughtUpAt.includes(position)));
      const after = store.subscriptionReadStats();
      expect({ tailReads: after.tailReads - before.tailReads, directReads: after.directReads - before.directReads }).toEqual({
        tailReads: 1,
        directReads: 0,
      });
    }

    const copies = handled.map((seen) => seen.delivered.find((e) => e.position === 2n)).filter((e): e is RecordedEvent => !!e);
    expect(copies.length).toBeGreaterThan(2);
    for (const copy of copies) expect(copy).toBe(copies[0]);
  });

  it('lets a subscription far behind the tail catch up from SQL, then continue from the tail, without a gap or a repeat', async () => {
    const store = open({ maxEvents: 50 });
    const live = recorder();
    subscriptions.push(store.subscribe({ fromPosition: START_POSITION, filter: { streamPrefixes: ['job-'] } }, live.handler));
    for (let i = 0; i < 300; i += 1) await appendTo(store, i);

    const behind = recorder();
    const filter = { eventTypes: ['Created', 'Noted'] };
    const late = store.subscribe({ fromPosition: START_POSITION, filter, batchSize: 20 }, behind.handler);
    subscriptions.push(late);
    // Appends go on while it catches up; the tail moves ahead of it on the live subscription's reads.
    for (let i = 300; i < 400; i += 1) await appendTo(store, i);
    await waitFor('the late subscription at the head', () => late.caughtUp && late.position >= 395n);
    const onTail = store.subscriptionReadStats();
    expect(onTail.directReads).toBeGreaterThan(0);

    let last = START_POSITION;
    for (let i = 400; i < 440; i += 1) last = (await appendTo(store, i)).position;
    await waitFor('the late subscription at the new head', () => behind.caughtUpAt.includes(last));
    expect(ids(behind.delivered)).toEqual(await sqlFiltered(store, filter));
    expect(store.subscriptionReadStats().directReads).toBe(onTail.directReads); // no SQL once on the tail
  });

  it('keeps the tail within its bounds, in events and in bytes', async () => {
    const byCount = open({ maxEvents: 10 });
    const seen = recorder();
    subscriptions.push(byCount.subscribe({ fromPosition: START_POSITION }, seen.handler));
    let last = START_POSITION;
    for (let i = 0; i < 40; i += 1) last = (await appendTo(byCount, i, 3)).position;
    await waitFor('delivery', () => seen.caughtUpAt.includes(last));
    expect(byCount.subscriptionReadStats().tailEvents).toBeLessThanOrEqual(10);
    expect(byCount.subscriptionReadStats().tailEvents).toBeGreaterThan(0);
    expect(ids(seen.delivered)).toEqual(await sqlFiltered(byCount, undefined));

    const bySize = SqliteEventStore.open({ file: join(dir, 'sized.db'), pollIntervalMs: 20, tail: { maxBytes: 20_000 } });
    opened.push(bySize);
    const big = recorder();
    subscriptions.push(bySize.subscribe({ fromPosition: START_POSITION }, big.handler));
    for (let i = 0; i < 30; i += 1) last = (await bySize.append(`job-${i}`, [newEvent('Created', { text: 'x'.repeat(3000) })], 'any')).position;
    await waitFor('delivery', () => big.caughtUpAt.includes(last));
    const stats = bySize.subscriptionReadStats();
    expect(stats.tailBytes).toBeLessThanOrEqual(20_000);
    expect(stats.tailBytes).toBeGreaterThan(3000);
    expect(big.delivered).toHaveLength(30);
  });
});
