import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Doc, Filter, FindOptions, IndexSpec, ReadStore } from '../port';
import { findSql } from './find-sql';
import { keyColumn } from './key-columns';
import { SqliteReadStore } from './sqlite-read-store';
import { keyColumnsOf } from './tables';

/** Key columns: which indexes a write touches, and tables of the earlier layout. */
describe('SqliteReadStore key columns', () => {
  let dir: string;
  let file: string;
  const opened: SqliteReadStore[] = [];
  const open = (): SqliteReadStore => {
    const store = SqliteReadStore.open({ file });
    opened.push(store);
    return store;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'jobledger-keys-'));
    file = join(dir, 'read.sqlite');
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    for (const store of opened.splice(0)) await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const withDb = <R>(use: (db: Database.Database) => R): R => {
    const db = new Database(file, { readonly: true });
    try {
      return use(db);
    } finally {
      db.close();
    }
  };

  let position = 0n;
  const put = (store: ReadStore, collection: string, docs: readonly Doc[]): Promise<void> =>
    store.applyBatch('keys', (position += 1n), async (w) => docs.forEach((doc) => w.put(collection, doc)));

  /*
   * Which b-trees a commit wrote, read from the frames it appended to the WAL (no checkpoint
   * runs in between: the store's own starts at 1,000 pages), named by dbstat. An index whose
   * entries SQLite deleted and re-inserted has its pages in the WAL even if they come out equal.
   */
  const indexesWrittenBy = async (commit: () => Promise<void>): Promise<string[]> => {
    const wal = `${file}-wal`;
    const before = statSync(wal).size;
    await commit();
    const bytes = readFileSync(wal);
    const pageSize = bytes.readUInt32BE(8);
    const pages = new Set<number>();
    for (let at = Math.max(before, 32); at + 24 <= bytes.length; at += 24 + pageSize) pages.add(bytes.readUInt32BE(at));
    const owners = withDb((db) => db.prepare('SELECT name, pageno FROM dbstat').all() as Array<{ name: string; pageno: number }>);
    return [...new Set(owners.filter((o) => pages.has(o.pageno) && o.name.startsWith('ix_')).map((o) => o.name))].sort();
  };

  describe('an update', () => {
    const INDEXES: IndexSpec[] = [
      { name: 'a', fields: [['a', 1]] },
      { name: 'b_c', fields: [['b', 1], ['c', -1]] },
      { name: 'c', fields: [['c', 1]] },
    ];
    const item = (i: number, change: Partial<Record<'a' | 'b' | 'c' | 'note', unknown>> = {}): Doc => ({
      _id: `i${String(i).padStart(4, '0')}`, a: `a${i % 7}`, b: i % 3, c: { n: i % 5 }, note: `note ${i}`, ...change,
    });
    let store: SqliteReadStore;

    beforeEach(async () => {
      store = open();
      await store.ensureCollection('items', INDEXES);
      await put(store, 'items', Array.from({ length: 600 }, (_, i) => item(i)));
    });

    it('that changes no indexed field leaves every index untouched', async () => {
      expect(await indexesWrittenBy(() => put(store, 'items', [item(42, { note: 'edited' })]))).toEqual([]);
    });

    it('that changes one field rewrites only the indexes over it', async () => {
      expect(await indexesWrittenBy(() => put(store, 'items', [item(42, { a: 'moved' })]))).toEqual(['ix_rm_items_a']);
      expect(await indexesWrittenBy(() => put(store, 'items', [item(42, { a: 'moved', c: { n: 9 } })]))).toEqual(['ix_rm_items_b_c', 'ix_rm_items_c']);
    });

    it('that inserts or deletes writes every index, and the columns follow the documents', async () => {
      expect(await indexesWrittenBy(() => put(store, 'items', [item(9000)]))).toEqual(['ix_rm_items_a', 'ix_rm_items_b_c', 'ix_rm_items_c']);
      await store.applyBatch('keys', (position += 1n), async (w) => w.delete('items', item(9000)._id));
      await put(store, 'items', [item(1, { a: true, b: null, c: [1, 2] }), item(2, { a: 1.5, b: undefined, c: 'text' })]);
      const drift = withDb((db) =>
        db.prepare(`SELECT count(*) FROM rm_items WHERE ${['a', 'b', 'c'].map((f) => `${keyColumn(f)} IS NOT json_extract(doc,'$.${f}')`).join(' OR ')}`).pluck().get(),
      );
      expect(drift).toBe(0);
      await expect(store.collection('items').count({})).resolves.toBe(600);
      expect((await store.collection('items').find({ a: true })).items.map((d) => d._id)).toEqual(['i0001']);
      expect((await store.collection('items').find({ b: null }, { limit: 3 })).items.map((d) => d._id)).toEqual(['i0001', 'i0002']);
    });
  });

  describe('an update of a document the batch read first (as projections do)', () => {
    const INDEXES: IndexSpec[] = [
      { name: 'a', fields: [['a', 1]] },
      { name: 'b', fields: [['b', 1]] },
    ];
    let store: SqliteReadStore;
    /** Reads `id` in a batch, runs `between` before putting, then puts it with `change`. */
    const readThenPut = (id: string, change: Record<string, unknown>, between: () => Promise<void> = async () => {}) =>
      store.applyBatch('keys', (position += 1n), async (w) => {
        const doc = await w.get('items', id);
        await between();
        w.put('items', { ...(doc ?? { _id: id }), ...change });
      });
    const drift = (): number =>
      withDb((db) => db.prepare(`SELECT count(*) FROM rm_items WHERE ${['a', 'b'].map((f) => `${keyColumn(f)} IS NOT json_extract(doc,'$.${f}')`).join(' OR ')}`).pluck().get() as number);
    /** How many statements comparing stored key values the store prepared while `run` ran. */
    const comparisonsDuring = async (run: () => Promise<void>): Promise<number> => {
      const prepare = jest.spyOn(Database.prototype, 'prepare');
      try {
        await run();
        return prepare.mock.calls.filter(([sql]) => sql.includes(' IS json_extract(')).length;
      } finally {
        prepare.mockRestore();
      }
    };

    beforeEach(async () => {
      store = open();
      await store.ensureCollection('items', INDEXES);
      await put(store, 'items', Array.from({ length: 300 }, (_, i) => ({ _id: `i${i}`, a: `a${i % 7}`, b: i % 3, note: `note ${i}` })));
    });

    it('knows from the batch which key columns changed: only their indexes are written, SQLite is not asked', async () => {
      // A fresh store: its statements are prepared as they are first used, so a comparison would show.
      await store.close();
      store = open();
      expect(await comparisonsDuring(async () => {
        expect(await indexesWrittenBy(() => readThenPut('i42', { note: 'edited' }))).toEqual([]);
        expect(await indexesWrittenBy(() => readThenPut('i42', { a: 'moved' }))).toEqual(['ix_rm_items_a']);
        expect(await indexesWrittenBy(() => readThenPut('i42', { a: 'again', b: 9 }))).toEqual(['ix_rm_items_a', 'ix_rm_items_b']);
      })).toBe(0);
      expect(drift()).toBe(0);
      expect((await store.collection('items').find({ a: 'again' })).items.map((d) => d._id)).toEqual(['i42']);
    });

    it('asks SQLite when another connection wrote the document between the read and the commit', async () => {
      const other = open();
      await readThenPut('i5', { note: 'mine' }, () => put(other, 'items', [{ _id: 'i5', a: 'theirs', b: 0 }]));
      // The batch read a = a5 and wrote a = a5 back: the column must follow the document, not the other writer.
      expect(drift()).toBe(0);
      expect((await store.collection('items').find({ a: 'a5' })).items.map((d) => d._id)).toContain('i5');
      expect((await store.collection('items').find({ a: 'theirs' })).items).toEqual([]);
    });

    it('asks SQLite when another batch of the same store wrote the document in between', async () => {
      await readThenPut('i6', { note: 'outer' }, () => readThenPut('i6', { a: 'inner', b: 7 }));
      expect(drift()).toBe(0);
      expect((await store.collection('items').find({ a: 'inner' })).items).toEqual([]);
      expect((await store.collection('items').find({ b: 7 })).items).toEqual([]);
    });

    it('writes the document whole when it was reset away in between', async () => {
      await readThenPut('i7', { a: 'back' }, () => store.reset('other', ['items']));
      expect(drift()).toBe(0);
      expect((await store.collection('items').find({})).items.map((d) => [d._id, d.a])).toEqual([['i7', 'back']]);
    });
  });

  it('updates a document another connection inserted after the batch found it missing', async () => {
    const [mine, other] = [open(), open()];
    await mine.ensureCollection('items', [{ name: 'a', fields: [['a', 1]] }]);
    await mine.applyBatch('keys', (position += 1n), async (w) => {
      expect(await w.get('items', 'x')).toBeNull();
      await put(other, 'items', [{ _id: 'x', a: 'theirs', b: 1 }]);
      w.put('items', { _id: 'x', a: 'mine' });
    });
    await expect(mine.collection('items').get('x')).resolves.toEqual({ _id: 'x', a: 'mine' });
    expect(withDb((db) => db.prepare(`SELECT ${keyColumn('a')} FROM rm_items`).pluck().all())).toEqual(['mine']);
  });

  it('puts right, as a projection starts, key values a writer of the earlier layout left stale', async () => {
    const store = open();
    await store.ensureCollection('items', [{ name: 'a', fields: [['a', 1]] }]);
    await put(store, 'items', [{ _id: 'x', a: 'before' }, { _id: 'y', a: 'same' }]);
    // What a process of the earlier version writes: the document only.
    const old = new Database(file);
    try {
      old.prepare(`INSERT INTO rm_items (id, doc) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET doc = excluded.doc`).run('x', JSON.stringify({ _id: 'x', a: 'after' }));
    } finally {
      old.close();
    }
    expect((await store.collection('items').find({ a: 'after' })).items).toHaveLength(0); // the stale column answers
    await store.ensureCollection('items', [{ name: 'a', fields: [['a', 1]] }]);
    expect((await store.collection('items').find({ a: 'after' })).items).toEqual([{ _id: 'x', a: 'after' }]);
    expect((await store.collection('items').find({ a: 'same' })).items).toHaveLength(1);
  });

  it('keeps fields that differ only in case in columns of their own', async () => {
    const store = open();
    await store.ensureCollection('cases', [{ name: 'lower', fields: [['updatedat', 1]] }, { name: 'camel', fields: [['updatedAt', 1]] }]);
    await put(store, 'cases', [{ _id: 'x', updatedat: 'lower', updatedAt: 'camel' }]);
    expect([...withDb((db) => keyColumnsOf(db, 'rm_cases'))]).toEqual(['updatedat', 'updatedAt']);
    expect((await store.collection('cases').find({ updatedAt: 'camel', updatedat: 'lower' })).items).toHaveLength(1);
    expect((await store.collection('cases').find({ updatedAt: 'lower' })).items).toHaveLength(0);
  });

  describe('a table of the earlier layout (expression indexes, no key columns)', () => {
    const READY: IndexSpec = { name: 'ready', fields: [['phase', 1], ['priority', -1], ['createdAt', 1]] };
    const PHASES = ['ready', 'done', true, 1, null, undefined, { nested: 'ready' }, ['ready']];

    beforeEach(() => {
      const db = new Database(file);
      db.pragma('journal_mode = WAL');
      db.exec('CREATE TABLE rm_jobs (id TEXT PRIMARY KEY, doc TEXT NOT NULL)');
      db.exec(`CREATE INDEX ix_rm_jobs_ready ON rm_jobs (json_extract(doc,'$.phase') ASC, json_extract(doc,'$.priority') DESC, json_extract(doc,'$.createdAt') ASC, id ASC)`);
      const insert = db.prepare('INSERT INTO rm_jobs (id, doc) VALUES (?, ?)');
      for (let i = 0; i < 240; i++) {
        const doc = { _id: `j${String(i).padStart(3, '0')}`, phase: PHASES[i % PHASES.length], priority: i % 3 === 0 ? i % 4 : i % 5 === 0 ? 'high' : (i % 4) + 0.5, createdAt: `2026-01-${i % 28}` };
        insert.run(doc._id, JSON.stringify(doc));
      }
      db.close();
    });

    const QUERIES: Array<[Filter, FindOptions]> = [
      [{ phase: 'ready' }, { sort: [['priority', -1], ['createdAt', 1]], limit: 7 }],
      [{ phase: true }, { limit: 5 }],
      [{ phase: 1 }, { sort: [['priority', 1]] }],
      [{ phase: null }, { sort: [['phase', 1], ['priority', -1]], limit: 9 }],
      [{ phase: { $ne: 'done' } }, { sort: [['phase', -1], ['createdAt', -1]], limit: 11 }],
      [{ phase: { $in: ['ready', 'done', true] } }, { sort: [['priority', -1]], limit: 13 }],
      [{ priority: { $gte: 1, $lt: 3 } }, { sort: [['priority', 1], ['createdAt', -1]], limit: 10 }],
      [{ 'phase.nested': 'ready' }, {}],
      [{}, { sort: [['phase', 1]], limit: 17 }],
    ];

    /** Every page of every query, as ids, and the counts. */
    const answers = async (store: ReadStore): Promise<unknown[]> => {
      const results: unknown[] = [];
      for (const [filter, options] of QUERIES) {
        const pages: string[][] = [];
        let cursor: string | undefined;
        do {
          const page = await store.collection('jobs').find(filter, { ...options, cursor });
          pages.push(page.items.map((d) => d._id));
          cursor = page.nextCursor ?? undefined;
        } while (cursor !== undefined && pages.length < 100);
        results.push(pages, await store.collection('jobs').count(filter));
      }
      return results;
    };

    const planOf = (keys: 'known' | 'unknown'): string =>
      withDb((db) => {
        const query = findSql('rm_jobs', { phase: 'ready' }, { sort: [['priority', -1], ['createdAt', 1]], limit: 10 }, keys === 'known' ? keyColumnsOf(db, 'rm_jobs') : undefined);
        return (db.prepare(`EXPLAIN QUERY PLAN ${query.sql}`).all(...query.params) as Array<{ detail: string }>).map((r) => r.detail).join('\n');
      });

    it('is migrated by ensureCollection: same answers, the new index used, and once only', async () => {
      const before = await answers(open());
      const store = open();
      await store.ensureCollection('jobs', [READY]);
      const schemaVersion = withDb((db) => db.pragma('schema_version', { simple: true }));
      await store.ensureCollection('jobs', [READY]);
      await open().ensureCollection('jobs', [READY]);
      expect(withDb((db) => db.pragma('schema_version', { simple: true }))).toBe(schemaVersion);

      expect(await answers(store)).toEqual(before);
      expect(withDb((db) => db.prepare(`SELECT sql FROM sqlite_schema WHERE name = 'ix_rm_jobs_ready'`).pluck().get())).toBe(
        `CREATE INDEX ix_rm_jobs_ready ON rm_jobs (${keyColumn('phase')} ASC, ${keyColumn('priority')} DESC, ${keyColumn('createdAt')} ASC, id ASC)`,
      );
      const plan = planOf('known');
      expect(plan).toContain('USING INDEX ix_rm_jobs_ready');
      expect(plan).not.toContain('TEMP B-TREE');
      expect(planOf('unknown')).not.toContain('USING INDEX ix_rm_jobs_ready'); // the old expressions have no index left
    });

    it('is answered right by a connection that opened it before the columns existed, which then uses them', async () => {
      const early = open();
      const before = await answers(early); // this connection has now seen the table without key columns
      await open().ensureCollection('jobs', [READY]);

      const prepared = jest.spyOn(Database.prototype, 'prepare');
      expect(await answers(early)).toEqual(before);
      expect(prepared.mock.calls.some(([sql]) => sql.includes(`FROM rm_jobs WHERE (${keyColumn('phase')} = ?`))).toBe(true);

      // and its writes keep the columns it learnt of
      await put(early, 'jobs', [{ _id: 'j001', phase: 'moved', priority: 7, createdAt: 'x' }, { _id: 'new', phase: 'ready', priority: 99 }]);
      const drift = withDb((db) =>
        db
          .prepare(`SELECT count(*) FROM rm_jobs WHERE ${['phase', 'priority', 'createdAt'].map((f) => `${keyColumn(f)} IS NOT json_extract(doc,'$.${f}')`).join(' OR ')}`)
          .pluck()
          .get(),
      );
      expect(drift).toBe(0);
      expect((await early.collection('jobs').find({ phase: 'ready', priority: 99 })).items.map((d) => d._id)).toEqual(['new']);
    });
  });
});
