import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { newEvent } from '../../eventstore/contract/fixtures';
import { SqliteEventStore } from '../../eventstore/src/sqlite/sqlite-event-store';
import { SqliteReadStore } from '../../readstore/src/sqlite/sqlite-read-store';
import { FALLBACK_AUTOCHECKPOINT_PAGES, WalCheckpointer } from './wal-checkpointer';

const sizeOf = (file: string): number => statSync(file).size;

const eventually = async (check: () => boolean, timeoutMs = 10_000): Promise<boolean> => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return check();
};

describe('WalCheckpointer', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'jl-wal-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A WAL file with ~2 MiB of committed rows that the writer itself will not checkpoint. */
  const writeWithoutCheckpointing = (file: string): Database.Database => {
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
    const insert = db.prepare('INSERT INTO t (body) VALUES (?)');
    for (let batch = 0; batch < 20; batch++) db.transaction(() => { for (let i = 0; i < 50; i++) insert.run('x'.repeat(2_000)); })();
    return db;
  };

  it('copies committed pages back into the database file from its own thread, while the writer keeps its connection', async () => {
    const file = join(dir, 'a.sqlite');
    const db = writeWithoutCheckpointing(file);
    const before = sizeOf(file);
    expect(sizeOf(`${file}-wal`)).toBeGreaterThan(1_000_000); // the rows are in the WAL only
    const checkpointer = new WalCheckpointer({ file, synchronous: 'full', intervalMs: 20 });
    try {
      expect(await eventually(() => sizeOf(file) > before + 1_000_000)).toBe(true);
      expect(db.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 1000 });
    } finally {
      await checkpointer.close();
      db.close();
    }
  });

  it('closes (twice, harmlessly) and refuses an interval that is not a positive integer', async () => {
    const file = join(dir, 'b.sqlite');
    writeWithoutCheckpointing(file).close();
    const checkpointer = new WalCheckpointer({ file, synchronous: 'normal', intervalMs: 1_000 });
    await checkpointer.close();
    await checkpointer.close();
    expect(() => new WalCheckpointer({ file, synchronous: 'full', intervalMs: 0 })).toThrow(RangeError);
    expect(() => new WalCheckpointer({ file, synchronous: 'full', intervalMs: 1.5 })).toThrow(RangeError);
  });

  it('leaves the checkpoint to another store of the process when told: the fallback threshold, and no thread', async () => {
    const file = join(dir, 'shared.sqlite');
    const store = SqliteEventStore.open({ file, walCheckpointMs: 20, walCheckpointThread: false });
    try {
      expect(store.pragmas()).toMatchObject({ walAutocheckpoint: FALLBACK_AUTOCHECKPOINT_PAGES });
      const before = sizeOf(file);
      for (let n = 0; n < 20; n++) await store.append(`s-${n}`, Array.from({ length: 50 }, () => newEvent('Noted', { text: 'y'.repeat(2_000) })), 'any');
      await new Promise((resolve) => setTimeout(resolve, 300)); // fifteen ticks of a thread, were there one
      expect(sizeOf(file)).toBe(before);
    } finally {
      await store.close();
    }
  });

  it('is how both SQLite stores checkpoint when given an interval: their commits only checkpoint as a fallback', async () => {
    const events = SqliteEventStore.open({ file: join(dir, 'events.sqlite'), walCheckpointMs: 20 });
    const reads = SqliteReadStore.open({ file: join(dir, 'reads.sqlite'), walCheckpointMs: 20 });
    const plain = SqliteEventStore.open({ file: join(dir, 'plain.sqlite') });
    try {
      const autocheckpoint = (file: string) => {
        const probe = new Database(join(dir, file));
        try {
          return probe.pragma('wal_autocheckpoint', { simple: true });
        } finally {
          probe.close();
        }
      };
      // wal_autocheckpoint is per connection: read it through each store's own connection.
      expect(events.pragmas()).toMatchObject({ walAutocheckpoint: FALLBACK_AUTOCHECKPOINT_PAGES });
      expect(plain.pragmas()).toMatchObject({ walAutocheckpoint: 1000 });
      expect(autocheckpoint('events.sqlite')).toBe(1000); // a fresh connection has SQLite's default

      const before = sizeOf(join(dir, 'events.sqlite'));
      for (let n = 0; n < 20; n++) {
        await events.append(`s-${n}`, Array.from({ length: 50 }, () => newEvent('Noted', { text: 'y'.repeat(2_000) })), 'any');
      }
      expect(await eventually(() => sizeOf(join(dir, 'events.sqlite')) > before + 1_000_000)).toBe(true);
      const readsBefore = sizeOf(join(dir, 'reads.sqlite'));
      await reads.applyBatch('p', 1n, async (writer) => {
        for (let i = 0; i < 1_000; i++) writer.put('docs', { _id: `d-${i}`, text: 'z'.repeat(2_000) });
      });
      expect(await eventually(() => sizeOf(join(dir, 'reads.sqlite')) > readsBefore + 1_000_000)).toBe(true);
      expect(await reads.collection('docs').get('d-999')).toMatchObject({ text: 'z'.repeat(2_000) });
    } finally {
      await events.close();
      await reads.close();
      await plain.close();
    }
  });
});
