import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventStoreContract } from '../../contract/event-store.contract';
import { ids, newEvent, recorder, waitFor } from '../../contract/fixtures';
import { ConcurrencyError, DuplicateEventIdError } from '../errors';
import { START_POSITION } from '../port';
import { SqliteEventStore } from './sqlite-event-store';
import { SubscriptionReads } from './subscription-reads';
import { raceInProcesses } from './testing/spawn-racers';

const tempFile = () => {
  const dir = mkdtempSync(join(tmpdir(), 'jobledger-es-'));
  return { file: join(dir, 'events.db'), remove: () => rmSync(dir, { recursive: true, force: true }) };
};

eventStoreContract('SQLite', async () => {
  const { file, remove } = tempFile();
  const store = SqliteEventStore.open({ file, pollIntervalMs: 20 });
  return { store, cleanup: async () => (await store.close(), remove()) };
});

describe('SqliteEventStore', () => {
  let file: string;
  let remove: () => void;
  const opened: SqliteEventStore[] = [];
  const open = (options: { synchronous?: 'full' | 'normal' } = {}) => {
    const store = SqliteEventStore.open({ file, pollIntervalMs: 20, ...options });
    opened.push(store);
    return store;
  };

  beforeEach(() => ({ file, remove } = tempFile()));
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
    remove();
  });

  it('numbers a new log from position 1, its head START_POSITION while empty', async () => {
    const store = open();
    expect(await store.headPosition()).toBe(START_POSITION);
    const result = await store.append('job-1', [newEvent('Created')], 'no_stream');
    expect(result.position).toBe(1n);
    expect(await store.headPosition()).toBe(1n);
  });

  it('keeps events across close and reopen, and continues the positions', async () => {
    const first = open();
    await first.append('job-1', [newEvent('Created')], 'no_stream');
    await first.close();

    const again = open();
    const result = await again.append('job-1', [newEvent('Started')], 0);
    expect(result.position).toBe(2n);
    expect((await again.readStream('job-1')).map((e) => e.type)).toEqual(['Created', 'Started']);
  });

  it('refuses UPDATE and DELETE on events in the file itself, whoever opens it', async () => {
    await open().append('job-1', [newEvent('Created')], 'no_stream');
    const raw = new Database(file);
    try {
      expect(() => raw.prepare("UPDATE events SET type = 'Forged'").run()).toThrow('events are append-only');
      expect(() => raw.prepare('DELETE FROM events').run()).toThrow('events are append-only');
      expect(raw.prepare('SELECT type FROM events').pluck().all()).toEqual(['Created']);
    } finally {
      raw.close();
    }
  });

  it.each([
    ['full', 2],
    ['normal', 1],
  ] as const)('runs with synchronous=%s when asked (PRAGMA synchronous = %i), in WAL mode', (synchronous, expected) => {
    const pragmas = open({ synchronous }).pragmas();
    expect(pragmas).toMatchObject({ journalMode: 'wal', synchronous: expected });
    expect(pragmas.busyTimeoutMs).toBeGreaterThan(0);
  });

  it('defaults to synchronous=FULL', () => {
    expect(open().pragmas().synchronous).toBe(2);
  });

  describe('append edge cases', () => {
    it('an empty append writes nothing, reports the current state, and still checks the expected revision', async () => {
      const store = open();
      const created = await store.append('job-1', [newEvent('Created')], 'no_stream');

      expect(await store.append('job-1', [], 0)).toEqual(created);
      expect(await store.append('job-2', [], 'no_stream')).toEqual({ nextExpectedRevision: -1, position: START_POSITION });
      await expect(store.append('job-1', [], 'no_stream')).rejects.toBeInstanceOf(ConcurrencyError);
      expect(await store.headPosition()).toBe(created.position);
    });

    it('refuses a batch repeating an id inside itself, appending none of it', async () => {
      const store = open();
      const event = newEvent('Created');
      await expect(store.append('job-1', [event, newEvent('Other', {}, event.id)], 'any')).rejects.toBeInstanceOf(DuplicateEventIdError);
      expect(await store.readStream('job-1')).toEqual([]);
    });

    it('refuses a batch that only partly repeats an earlier append', async () => {
      const store = open();
      const [a, b] = [newEvent('A'), newEvent('B')];
      await store.append('job-1', [a, b], 'no_stream');

      await expect(store.append('job-1', [a, newEvent('C')], 'any')).rejects.toBeInstanceOf(DuplicateEventIdError);
      await expect(store.append('job-1', [b, a], 'any')).rejects.toBeInstanceOf(DuplicateEventIdError);
      await expect(store.append('job-1', [newEvent('C'), b], 1)).rejects.toBeInstanceOf(DuplicateEventIdError);
      expect(await store.streamRevision('job-1')).toBe(1);
    });

    it('refuses a negative maxCount instead of reading the whole log', async () => {
      await expect(open().readAll({ maxCount: -1 })).rejects.toBeInstanceOf(RangeError);
    });
  });

  describe('two stores on one file (as two processes)', () => {
    it('a subscription on one sees appends made through the other', async () => {
      const [reader, writer] = [open(), open()];
      const seen = recorder();
      const sub = reader.subscribe({ fromPosition: START_POSITION }, seen.handler);
      await waitFor('catch-up', () => sub.caughtUp);

      const events = [newEvent('Created'), newEvent('Started')];
      await writer.append('job-1', events, 'no_stream');
      await waitFor('delivery', () => seen.delivered.length === 2);
      expect(ids(seen.delivered)).toEqual(ids(events));
    });

    it('picks up a commit no store of this process announced, by polling', async () => {
      const store = open();
      const seen = recorder();
      const sub = store.subscribe({ fromPosition: START_POSITION }, seen.handler);
      await waitFor('catch-up', () => sub.caughtUp);

      // A bare connection stands for another process: it cannot wake this one.
      const foreign = new Database(file);
      try {
        foreign
          .prepare('INSERT INTO events (event_id, stream_id, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
          .run('e-foreign', 'job-9', 0, 'Created', '{}', '{}', new Date().toISOString());
      } finally {
        foreign.close();
      }
      await waitFor('the foreign event', () => seen.delivered.length === 1);
      expect(seen.delivered[0]).toMatchObject({ id: 'e-foreign', streamId: 'job-9', position: 1n });
    });

    it('racing appends through both give exactly one winner', async () => {
      const [a, b] = [open(), open()];
      await a.append('job-1', [newEvent('Created')], 'no_stream');

      const outcomes = await Promise.allSettled(
        Array.from({ length: 6 }, (_, i) => (i % 2 ? a : b).append('job-1', [newEvent('Raced', { i })], 0)),
      );

      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      expect(outcomes.filter((o) => o.status === 'rejected' && o.reason instanceof ConcurrencyError)).toHaveLength(5);
      expect(await b.readStream('job-1')).toHaveLength(2);
    });
  });

  it('wakes subscriptions of this process on its appends at once, without waiting for a poll', async () => {
    // A poll interval longer than the test's wait: only the in-process wake-up can deliver.
    const reader = SqliteEventStore.open({ file, pollIntervalMs: 60_000 });
    const writer = SqliteEventStore.open({ file, pollIntervalMs: 60_000 });
    opened.push(reader, writer);
    const seen = recorder();
    const sub = reader.subscribe({ fromPosition: START_POSITION }, seen.handler);
    await waitFor('catch-up', () => sub.caughtUp);

    await writer.append('job-1', [newEvent('Created')], 'no_stream');
    await waitFor('delivery', () => seen.delivered.length === 1);
  });

  describe('wake-ups carrying what was appended', () => {
    // Poll intervals longer than any wait here: only the in-process wake-up can deliver or
    // report, and a poll's read cannot be mistaken for a woken one.
    const openQuiet = () => {
      const store = SqliteEventStore.open({ file, pollIntervalMs: 60_000 });
      opened.push(store);
      return store;
    };
    // Each test starts from a log that holds an event, as a live one does. (On an empty log the
    // first wake-up reads: a commit only vouches for positions from its own first one down to
    // the one before it, and the head of an empty log, -1, is two below position 1.)
    beforeEach(async () => {
      const seeder = SqliteEventStore.open({ file });
      await seeder.append('seed-0', [newEvent('Seeded')], 'no_stream');
      await seeder.close();
    });
    // Every batch a subscription asks for, whether the shared tail or SQLite answers it.
    let reads: jest.SpyInstance;
    beforeEach(() => (reads = jest.spyOn(SubscriptionReads.prototype, 'read')));
    afterEach(() => reads.mockRestore());

    const insertForeign = (eventId: string, streamId: string, type: string) => {
      // A bare connection stands for another process: its commit announces nothing here.
      const foreign = new Database(file);
      try {
        foreign
          .prepare('INSERT INTO events (event_id, stream_id, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
          .run(eventId, streamId, 0, type, '{}', '{}', new Date().toISOString());
      } finally {
        foreign.close();
      }
    };

    it('a subscription on type A is not read for appends of other types, yet reports each new head; A still arrives at once', async () => {
      const [reader, writer] = [openQuiet(), openQuiet()];
      const seen = recorder();
      const sub = reader.subscribe({ fromPosition: START_POSITION, filter: { eventTypes: ['A'] } }, seen.handler);
      await waitFor('catch-up', () => sub.caughtUp);
      reads.mockClear();

      const first = await writer.append('job-1', [newEvent('B')], 'no_stream');
      await waitFor('the head after the first B', () => seen.caughtUpAt.includes(first.position));
      const second = await reader.append('job-2', [newEvent('B'), newEvent('C')], 'no_stream');
      await waitFor('the head after B and C', () => seen.caughtUpAt.includes(second.position));
      expect(reads).not.toHaveBeenCalled();
      expect(seen.delivered).toEqual([]);
      expect(sub.caughtUp).toBe(true);

      const a = await writer.append('job-1', [newEvent('A')], 0);
      await waitFor('the A event', () => seen.delivered.length === 1);
      expect(seen.delivered[0]).toMatchObject({ type: 'A', position: a.position });
      expect(reads).toHaveBeenCalled();
      await waitFor('the head after A', () => seen.caughtUpAt.includes(a.position));
    });

    it('a subscription on a stream prefix is not read for appends to other streams', async () => {
      const store = openQuiet();
      const seen = recorder();
      const sub = store.subscribe({ fromPosition: START_POSITION, filter: { streamPrefixes: ['job-'] } }, seen.handler);
      await waitFor('catch-up', () => sub.caughtUp);
      reads.mockClear();

      const other = await store.append('order-1', [newEvent('Created')], 'no_stream');
      await waitFor('the head after order-1', () => seen.caughtUpAt.includes(other.position));
      expect(reads).not.toHaveBeenCalled();

      const job = await store.append('job-1', [newEvent('Created')], 'no_stream');
      await waitFor('the job event', () => seen.delivered.length === 1);
      expect(seen.delivered[0]).toMatchObject({ streamId: 'job-1', position: job.position });
    });

    it('still reads when another process wrote before an unmatched append: the wake-up cannot vouch for that gap', async () => {
      const store = openQuiet();
      const seen = recorder();
      const sub = store.subscribe({ fromPosition: START_POSITION, filter: { eventTypes: ['A'] } }, seen.handler);
      await waitFor('catch-up', () => sub.caughtUp);

      insertForeign('e-foreign', 'job-9', 'A'); // position 2, unannounced
      const b = await store.append('job-1', [newEvent('B')], 'no_stream'); // position 3, announced, unmatched
      await waitFor('the foreign A', () => seen.delivered.length === 1);
      expect(seen.delivered[0]).toMatchObject({ id: 'e-foreign', position: 2n });
      await waitFor('the head after B', () => seen.caughtUpAt.includes(b.position));
    });

    it('keeps wake-ups that arrive while the handler is busy: unmatched ones still advance the head, matched ones are read', async () => {
      const store = openQuiet();
      const delivered: string[] = [];
      const caughtUpAt: bigint[] = [];
      const gates: Array<() => void> = []; // one per handler call, released by the test
      const sub = store.subscribe(
        { fromPosition: START_POSITION, filter: { eventTypes: ['A'] } },
        {
          onEvents: async (events) => {
            await new Promise<void>((resolve) => gates.push(resolve));
            delivered.push(...events.map((e) => e.id));
          },
          onCaughtUp: (head) => caughtUpAt.push(head),
        },
      );
      await waitFor('catch-up', () => sub.caughtUp);

      const a1 = newEvent('A');
      await store.append('job-1', [a1], 'no_stream');
      await waitFor('the handler to take A1', () => gates.length === 1);
      const b = await store.append('job-2', [newEvent('B')], 'no_stream'); // announced mid-handler
      gates[0]();
      await waitFor('the head after B, reported without a poll', () => caughtUpAt.includes(b.position));
      expect(delivered).toEqual([a1.id]);

      const [a2, a3] = [newEvent('A'), newEvent('A')];
      await store.append('job-1', [a2], 0);
      await waitFor('the handler to take A2', () => gates.length === 2);
      const last = await store.append('job-3', [newEvent('B'), a3], 'no_stream'); // A among Bs, mid-handler
      gates[1]();
      await waitFor('the handler to take A3', () => gates.length === 3);
      gates[2]();
      await waitFor('the head after A3', () => caughtUpAt.includes(last.position));
      expect(delivered).toEqual([a1.id, a2.id, a3.id]);
    });

    it('an unfiltered subscription reads on every wake-up, as before', async () => {
      const store = openQuiet();
      const seen = recorder();
      const sub = store.subscribe({ fromPosition: START_POSITION }, seen.handler);
      await waitFor('catch-up', () => sub.caughtUp);
      const event = newEvent('Anything');
      await store.append('order-1', [event], 'no_stream');
      await waitFor('delivery', () => seen.delivered.some((e) => e.id === event.id));
    });
  });

  it('separate processes racing read-then-append lose no update: every append wins or gets ConcurrencyError', async () => {
    open(); // creates the file, so the racers do not race to create the schema as well
    const attempts = 100;
    const reports = await raceInProcesses(3, file, 'job-1', attempts);

    expect(reports.flatMap((r) => r.failures)).toEqual([]);
    for (const r of reports) expect(r.won + r.conflicts).toBe(attempts);
    const stream = await open().readStream('job-1');
    expect(stream).toHaveLength(reports.reduce((sum, r) => sum + r.won, 0));
    expect(stream.map((e) => e.revision)).toEqual(stream.map((_, i) => i));
  });

  it('lets timers run between the batches of a catch-up (a lease is renewed by a timer)', async () => {
    const store = open({ synchronous: 'normal' });
    for (let i = 0; i < 20; i++) await store.append(`job-${i}`, Array.from({ length: 50 }, () => newEvent('Created')), 'no_stream');
    let batches = 0;
    let batchesWhenTimerFired: number | null = null;
    setTimeout(() => (batchesWhenTimerFired = batches), 0);
    const sub = store.subscribe({ fromPosition: START_POSITION, batchSize: 10 }, {
      onEvents: async () => {
        batches += 1;
      },
    });
    await waitFor('catch-up', () => sub.caughtUp);
    await sub.stop();
    expect(batches).toBe(100);
    expect(batchesWhenTimerFired).not.toBeNull();
    expect(batchesWhenTimerFired).toBeLessThan(10); // not held until all 100 were delivered
  });

  it('close() stops its subscriptions', async () => {
    const store = open();
    const seen = recorder();
    const sub = store.subscribe({ fromPosition: START_POSITION }, seen.handler);
    await waitFor('catch-up', () => sub.caughtUp);

    await store.close();
    await expect(sub.stop()).resolves.toBeUndefined();
    expect(() => store.subscribe({ fromPosition: START_POSITION }, seen.handler)).toThrow('closed');
  });
});
