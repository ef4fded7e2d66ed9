import { mkdtempSync, rmSync } from 'node:fs';
import Sqlite, { type Database } from 'better-sqlite3';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newEvent } from '../../contract/fixtures';
import { ConcurrencyError } from '../errors';
import { AppendNotifier, type Appended } from './append-notifier';
import type { AppendFn } from './append-transaction';
import { FAILURE_REPORTED_MS } from '../recent-failure';
import { GroupCommit } from './group-commit';
import { SqliteEventStore } from './sqlite-event-store';

describe('SqliteEventStore group commit', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'jobledger-gc-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('commits a burst of concurrent appends together, each with its own outcome', async () => {
    const store = SqliteEventStore.open({ file: join(dir, 'events.db') });
    await store.append('job-taken', [newEvent('Created')], 'no_stream');
    const outcomes = await Promise.allSettled([
      ...Array.from({ length: 20 }, (_, i) => store.append(`job-${i}`, [newEvent('Created'), newEvent('Claimed')], 'no_stream')),
      store.append('job-taken', [newEvent('Again')], 'no_stream'), // refused inside the group
      store.append('job-taken', [newEvent('Next')], 0),
    ]);
    expect(outcomes.slice(0, 20).every((o) => o.status === 'fulfilled')).toBe(true);
    const refused = outcomes[20];
    expect(refused.status === 'rejected' && refused.reason instanceof ConcurrencyError).toBe(true);
    expect(outcomes[21]).toMatchObject({ status: 'fulfilled', value: { nextExpectedRevision: 1 } });
    expect((await store.readStream('job-taken')).map((e) => e.type)).toEqual(['Created', 'Next']);
    const positions = outcomes.slice(0, 20).map((o) => (o.status === 'fulfilled' ? o.value.position : -1n));
    expect(new Set(positions).size).toBe(20);
    expect((await store.readAll({ maxCount: 100 })).length).toBe(42);
    await store.close();
  });

  it('gives appends issued together their positions in the order they were called (ordersAppends)', async () => {
    const store = SqliteEventStore.open({ file: join(dir, 'events.db') });
    expect(store.ordersAppends).toBe(true);
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => store.append(`record-${29 - i}`, [newEvent('Sealed')], 'no_stream')));
    const positions = results.map((r) => r.position);
    expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(new Set(positions).size).toBe(30);
    expect((await store.readAll({ maxCount: 100 })).map((e) => e.streamId)).toEqual(Array.from({ length: 30 }, (_, i) => `record-${29 - i}`));
    await store.close();
  });

  it('announces each group that wrote, once, with its range of positions, its types and its streams', async () => {
    const file = join(dir, 'events.db');
    const store = SqliteEventStore.open({ file });
    const created = newEvent('Created');
    await store.append('job-taken', [created], 'no_stream'); // position 1
    const heard: Appended[] = [];
    const unlisten = new AppendNotifier(file).listen((appended) => heard.push(appended));

    const outcomes = await Promise.allSettled([
      store.append('job-1', [newEvent('Created'), newEvent('Claimed')], 'no_stream'), // 2, 3
      store.append('job-taken', [newEvent('Again')], 'no_stream'), // refused: not announced
      store.append('job-taken', [created], 'any'), // a repeat: writes nothing
      store.append('order-7', [newEvent('Placed')], 'any'), // 4
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(heard).toEqual([
      { after: 1n, last: 4n, types: new Set(['Created', 'Claimed', 'Placed']), streamIds: new Set(['job-1', 'order-7']), verbatim: true },
    ]);

    await store.append('job-taken', [created], 'any'); // a group that writes nothing is not announced
    expect(heard).toHaveLength(1);
    await store.append('job-\uD800', [newEvent('Odd')], 'no_stream'); // stored as U+FFFD: JS and SQL may disagree
    expect(heard[1]).toMatchObject({ after: 4n, last: 5n, verbatim: false });
    unlisten();
    await store.close();
  });

  it('writes what was queued when the store closes, and keeps it across a reopen', async () => {
    const file = join(dir, 'events.db');
    const store = SqliteEventStore.open({ file });
    const pending = store.append('job-1', [newEvent('Created')], 'no_stream');
    await store.close();
    await expect(pending).resolves.toMatchObject({ nextExpectedRevision: 0 });
    const reopened = SqliteEventStore.open({ file });
    expect((await reopened.readStream('job-1')).map((e) => e.type)).toEqual(['Created']);
    await expect(reopened.append('job-2', [newEvent('X')], 'any')).resolves.toBeDefined();
    await reopened.close();
    await expect(reopened.append('job-3', [newEvent('X')], 'any')).rejects.toThrow('closed');
  });

  it('reports a group that failed on a full disk until one commits, and for no longer than FAILURE_REPORTED_MS', async () => {
    const db = new Sqlite(join(dir, 'small.db'));
    db.exec('CREATE TABLE events (stream TEXT NOT NULL, data TEXT NOT NULL) STRICT');
    const insert = db.prepare<[string, string]>('INSERT INTO events (stream, data) VALUES (?, ?)');
    const appendOne: AppendFn = (streamId, events) => {
      insert.run(streamId, JSON.stringify(events));
      return { result: { nextExpectedRevision: 0, position: 1n }, written: false };
    };
    const group = new GroupCommit(db, appendOne, () => undefined);
    expect(group.failure()).toBeNull();
    db.pragma('max_page_count = 3'); // the disk as SQLite sees it: no page left to grow into
    const big = { ...newEvent('X'), data: { blob: 'x'.repeat(50_000) } };
    await expect(group.append('s', [big], 'any')).rejects.toMatchObject({ code: 'SQLITE_FULL' });
    const failedAt = Date.now();
    expect(group.failure(failedAt)).toMatch(/^SQLITE_FULL: /);
    expect(group.failure(failedAt + FAILURE_REPORTED_MS + 1)).toBeNull();
    db.pragma('max_page_count = 100000'); // space again
    await group.append('s', [big], 'any');
    expect(group.failure(failedAt)).toBeNull();
    group.close();
    db.close();
  });

  describe('with a participant (another writer to the same file)', () => {
    /** Stages notes; writes each into a side table inside the group's transaction. */
    const notes = (failing: { now: boolean }) => {
      const staged: string[] = [];
      const released: string[][] = [];
      /** How many events the group's transaction held when the participant wrote. */
      const eventsSeen: number[] = [];
      return {
        staged,
        released,
        eventsSeen,
        attach: (db: Database) => {
          db.exec('CREATE TABLE IF NOT EXISTS notes (text TEXT NOT NULL) STRICT');
          const insert = db.prepare<[string]>('INSERT INTO notes (text) VALUES (?)');
          const count = db.prepare<[], number>('SELECT count(*) FROM events').pluck();
          return {
            hasWork: () => staged.length > 0,
            write: () => {
              eventsSeen.push(count.get() ?? -1);
              if (failing.now) throw new Error('participant refused');
              const written = [...staged];
              for (const text of written) insert.run(text);
              return () => {
                released.push(written);
                staged.splice(0, written.length);
              };
            },
          };
        },
      };
    };
    const notesIn = (file: string): string[] => {
      const db = new Sqlite(file, { readonly: true });
      try {
        return db.prepare<[], string>('SELECT text FROM notes ORDER BY rowid').pluck().all();
      } finally {
        db.close();
      }
    };

    it('writes what it staged in the same transaction as the appends that follow, first', async () => {
      const file = join(dir, 'events.db');
      const store = SqliteEventStore.open({ file });
      const participant = notes({ now: false });
      const link = store.joinCommits(participant.attach);
      participant.staged.push('photo-1');
      link.requestCommit();
      await store.append('job-1', [newEvent('EvidenceCaptured')], 'no_stream');
      expect(participant.eventsSeen).toEqual([0]); // one group, the participant's write before its append
      expect(notesIn(file)).toEqual(['photo-1']); // another connection sees both once the append is answered
      expect(participant.released).toEqual([['photo-1']]);
      await store.close();
    });

    it('commits a group for staged work alone, when asked', async () => {
      const file = join(dir, 'events.db');
      const store = SqliteEventStore.open({ file });
      const participant = notes({ now: false });
      const link = store.joinCommits(participant.attach);
      participant.staged.push('orphan');
      link.requestCommit();
      await new Promise((r) => setImmediate(r));
      expect(notesIn(file)).toEqual(['orphan']);
      expect(participant.staged).toEqual([]);
      await store.close();
    });

    it('fails the whole group when its write throws, keeps its work staged, and writes it with the next group', async () => {
      const file = join(dir, 'events.db');
      const store = SqliteEventStore.open({ file });
      const failing = { now: true };
      const participant = notes(failing);
      store.joinCommits(participant.attach);
      participant.staged.push('photo-1');
      await expect(store.append('job-1', [newEvent('EvidenceCaptured')], 'no_stream')).rejects.toThrow('participant refused');
      expect(await store.readStream('job-1')).toEqual([]);
      failing.now = false;
      await store.append('job-1', [newEvent('EvidenceCaptured')], 'no_stream');
      expect(notesIn(file)).toEqual(['photo-1']);
      expect((await store.readStream('job-1')).map((e) => e.type)).toEqual(['EvidenceCaptured']);
      await store.close();
    });

    it('tries staged work again on its own when a group of it alone failed', async () => {
      const file = join(dir, 'events.db');
      const store = SqliteEventStore.open({ file });
      const failing = { now: true };
      const participant = notes(failing);
      const link = store.joinCommits(participant.attach);
      participant.staged.push('photo-1');
      link.requestCommit();
      await new Promise((r) => setImmediate(r));
      expect(participant.eventsSeen).toHaveLength(1); // tried, failed
      failing.now = false;
      for (let i = 0; i < 40 && participant.staged.length; i++) await new Promise((r) => setTimeout(r, 50)); // a bound, not a speed figure
      expect(notesIn(file)).toEqual(['photo-1']);
      await store.close();
    });

    it('fails the whole group, appends and staged work, when SQLite rolled its transaction back in the middle', async () => {
      const db = new Sqlite(join(dir, 'plain.db'));
      db.exec('CREATE TABLE events (stream TEXT NOT NULL) STRICT; CREATE TABLE notes (text TEXT NOT NULL) STRICT');
      const insert = db.prepare<[string]>('INSERT INTO events (stream) VALUES (?)');
      // As SQLite does on a disk full or an I/O error: the whole transaction is gone, then the error.
      const appendOne: AppendFn = (streamId) => {
        if (streamId === 'full') {
          db.exec('ROLLBACK');
          throw new Error('database or disk is full');
        }
        insert.run(streamId);
        return { result: { nextExpectedRevision: 0, position: 1n }, written: false };
      };
      const group = new GroupCommit(db, appendOne, () => undefined);
      let staged = ['photo'];
      group.join({ hasWork: () => staged.length > 0, write: () => (db.prepare('INSERT INTO notes (text) VALUES (?)').run(staged[0]), () => (staged = [])) });
      const outcomes = await Promise.allSettled(['before', 'full', 'after'].map((streamId) => group.append(streamId, [newEvent('X')], 'any')));
      expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
      expect(db.prepare('SELECT count(*) FROM events').pluck().get()).toBe(0); // not even 'after', on its own
      expect(staged).toEqual(['photo']); // kept for the next group
      group.close();
      expect(db.prepare('SELECT text FROM notes').pluck().all()).toEqual(['photo']);
      db.close();
    });

    it('answers a committed group\'s appends even when what runs after the COMMIT throws, and reports it', async () => {
      const db = new Sqlite(join(dir, 'plain.db'));
      db.exec('CREATE TABLE events (stream TEXT NOT NULL) STRICT');
      const insert = db.prepare<[string]>('INSERT INTO events (stream) VALUES (?)');
      let position = 0;
      const appendOne: AppendFn = (streamId) => {
        insert.run(streamId);
        position += 1;
        const row = { position, event_id: `e-${position}`, stream_id: streamId, revision: 0, type: 'X', data: '{}', metadata: '{}', recorded_at: '' };
        return { result: { nextExpectedRevision: 0, position: BigInt(position) }, written: true, rows: [row] };
      };
      const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
      try {
        const group = new GroupCommit(db, appendOne, () => {
          throw new Error('a listener failed');
        });
        const released: string[] = [];
        group.join({ hasWork: () => !released.includes('first'), write: () => () => { throw new Error('a release failed'); } });
        group.join({ hasWork: () => !released.includes('second'), write: () => () => void released.push('second') });
        const outcomes = await Promise.allSettled(['a', 'b'].map((streamId) => group.append(streamId, [newEvent('X')], 'any')));
        expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled']);
        expect(released).toEqual(['second']); // one participant's failure does not keep the next from hearing
        expect(warn.mock.calls.map(([message]) => String(message))).toEqual([
          expect.stringContaining('a release failed'),
          expect.stringContaining('a listener failed'),
        ]);
        group.close();
      } finally {
        warn.mockRestore();
        db.close();
      }
    });

    it('writes what is still staged when the store closes', async () => {
      const file = join(dir, 'events.db');
      const store = SqliteEventStore.open({ file });
      const participant = notes({ now: false });
      store.joinCommits(participant.attach);
      participant.staged.push('last');
      await store.close();
      expect(notesIn(file)).toEqual(['last']);
      expect(() => store.joinCommits(participant.attach)).toThrow('closed');
    });
  });
});
