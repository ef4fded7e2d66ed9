import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Doc, ProjectionWriter } from '../port';
import { DocCache } from './doc-cache';
import { SqliteReadStore } from './sqlite-read-store';
import { Statements } from './statements';

type Counter = Doc & { n: number };

/** One batch that reads the counter and writes it back incremented; answers what it read. */
const bump = async (store: SqliteReadStore, position: bigint): Promise<number | null> => {
  let seen: number | null = null;
  await store.applyBatch('counter', position, async (writer: ProjectionWriter) => {
    const doc = await writer.get<Counter>('counters', 'c');
    seen = doc?.n ?? null;
    writer.put('counters', { _id: 'c', n: (doc?.n ?? 0) + 1 });
  });
  return seen;
};

describe('SQLite read store: documents remembered between batches', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'jobledger-doc-cache-'));
    file = join(dir, 'read.sqlite');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads back its own last write without asking SQLite', async () => {
    const store = SqliteReadStore.open({ file });
    await store.ensureCollection('counters', []);
    const sql = jest.spyOn(Statements.prototype, 'get');
    const docReads = () => sql.mock.calls.filter(([text]) => text.startsWith('SELECT doc FROM')).length;
    expect(await bump(store, 1n)).toBeNull();
    expect(docReads()).toBe(1);
    expect(await bump(store, 2n)).toBe(1);
    expect(await bump(store, 3n)).toBe(2);
    expect(docReads()).toBe(1);
    sql.mockRestore();
    await store.close();
  });

  it('sees another connection\'s commit in its next batch', async () => {
    const store = SqliteReadStore.open({ file });
    const other = SqliteReadStore.open({ file });
    await store.ensureCollection('counters', []);
    expect(await bump(store, 1n)).toBeNull();
    expect(await bump(other, 2n)).toBe(1);
    expect(await bump(store, 3n)).toBe(2);
    await other.reset('counter', ['counters']);
    expect(await bump(store, 4n)).toBeNull();
    await Promise.all([store.close(), other.close()]);
  });

  it('forgets on its own reset and drop', async () => {
    const store = SqliteReadStore.open({ file });
    await store.ensureCollection('counters', []);
    await bump(store, 1n);
    await store.reset('counter', ['counters']);
    expect(await bump(store, 2n)).toBeNull();
    await store.dropCollection('counters');
    await store.ensureCollection('counters', []);
    expect(await bump(store, 3n)).toBeNull();
    await store.close();
  });

  it('keeps nothing of a batch that did not commit', async () => {
    const store = SqliteReadStore.open({ file });
    await store.ensureCollection('counters', []);
    await bump(store, 1n);
    await expect(
      store.applyBatch('counter', 2n, async (writer) => writer.put('counters', { _id: 'c', n: 99 }), { lease: 'nobody-holds-it', holder: 'me' }),
    ).rejects.toThrow();
    expect(await bump(store, 3n)).toBe(1);
    await store.close();
  });
});

describe('DocCache', () => {
  it('stays within its budget, dropping the documents set first', () => {
    const db = new Database(':memory:');
    const cache = new DocCache(db, 64 * 10, 3);
    cache.set('c', 'a', 'x'.repeat(10));
    cache.set('c', 'b', null);
    cache.set('c', 'd', 'y'.repeat(10));
    cache.set('c', 'e', 'z'.repeat(10)); // a fourth document: the oldest goes
    expect(cache.get('c', 'a')).toBeUndefined();
    expect(cache.get('c', 'b')).toBeNull();
    cache.set('c', 'big', 'w'.repeat(11)); // more than a 64th of the budget: not kept
    expect(cache.get('c', 'big')).toBeUndefined();
    db.close();
  });
});
