import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { findSql } from './find-sql';
import type { KeyColumns } from './key-columns';
import { SqliteReadStore } from './sqlite-read-store';
import { keyColumnsOf } from './tables';

/** What the contract cannot see: the file, the schema, the query plans. */
describe('SqliteReadStore specifics', () => {
  let dir: string;
  let file: string;
  let store: SqliteReadStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'jobledger-readstore-'));
    file = join(dir, 'nested', 'read.sqlite');
    store = SqliteReadStore.open({ file, synchronous: 'full' });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const keysOf = (table: string): KeyColumns => {
    const db = new Database(file, { readonly: true });
    try {
      return keyColumnsOf(db, table);
    } finally {
      db.close();
    }
  };

  const planOf = (sql: string, params: readonly unknown[]): string[] => {
    const db = new Database(file, { readonly: true });
    try {
      const rows = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>;
      return rows.map((r) => r.detail);
    } finally {
      db.close();
    }
  };

  it('serves the ready queue from its index, already in page order', async () => {
    await store.ensureCollection('jobs', [{ name: 'ready', fields: [['phase', 1], ['priority', -1], ['createdAt', 1]] }]);
    await store.ensureCollection('jobs', [{ name: 'ready', fields: [['phase', 1], ['priority', -1], ['createdAt', 1]] }]); // idempotent
    await store.applyBatch('jobs', 1n, async (w) => {
      for (let i = 0; i < 50; i++) w.put('jobs', { _id: `j${i}`, phase: i % 2 ? 'ready' : 'done', priority: i % 4, createdAt: `2026-01-${i}` });
    });
    const query = findSql('rm_jobs', { phase: 'ready' }, { sort: [['priority', -1], ['createdAt', 1]], limit: 10 }, keysOf('rm_jobs'));
    const plan = planOf(query.sql, query.params).join('\n');
    expect(plan).toContain('USING INDEX ix_rm_jobs_ready');
    expect(plan).not.toContain('TEMP B-TREE');
  });

  it('is a WAL file that keeps documents and checkpoints across reopening', async () => {
    await store.applyBatch('p', 42n, async (w) => w.put('items', { _id: 'a', v: 1 }));
    await store.close();
    store = SqliteReadStore.open({ file });
    await expect(store.collection('items').get('a')).resolves.toEqual({ _id: 'a', v: 1 });
    await expect(store.getCheckpoint('p')).resolves.toBe(42n);
    const db = new Database(file, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('commits what was put, whatever the projection does afterwards to the objects it got or put', async () => {
    type Item = { _id: string; v: number; tags: string[] };
    await store.applyBatch('p', 1n, async (w) => w.put('items', { _id: 'a', v: 1, tags: ['one'] }));
    await store.applyBatch('p', 2n, async (w) => {
      const stored = (await w.get<Item>('items', 'a')) as Item;
      stored.tags.push('mutated, never put');
      const again = (await w.get<Item>('items', 'a')) as Item;
      const next = { ...again, v: 2, tags: [...again.tags, 'two'] };
      w.put('items', next);
      next.tags.push('after put');
      again.tags.push('shared with nothing');
      const buffered = (await w.get<Item>('items', 'a')) as Item;
      buffered.v = 99;
    });
    await expect(store.collection('items').get('a')).resolves.toEqual({ _id: 'a', v: 2, tags: ['one', 'two'] });
  });

  it('refuses names that would be spliced into SQL', async () => {
    expect(() => store.collection('jobs; DROP TABLE checkpoints')).toThrow(expect.objectContaining({ code: 'INVALID_COLLECTION_NAME' }));
    await expect(store.collection('jobs').find({ "a') OR 1=1 --": 'x' })).rejects.toMatchObject({ code: 'INVALID_FIELD_NAME', kind: 'validation' });
    await expect(store.collection('jobs').find({}, { sort: [['x y', 1]] })).rejects.toMatchObject({ code: 'INVALID_FIELD_NAME' });
    await expect(store.ensureCollection('jobs', [{ name: 'bad-name', fields: [['a', 1]] }])).rejects.toMatchObject({ code: 'INVALID_INDEX_NAME' });
    await expect(store.applyBatch('p', 1n, async (w) => w.put('Bad Name', { _id: 'a' }))).rejects.toMatchObject({ code: 'INVALID_COLLECTION_NAME' });
  });

  it('rejects unknown filter operators and bad limits instead of guessing', async () => {
    const jobs = store.collection('jobs');
    await expect(jobs.find({ a: { $regex: 'x' } as never })).rejects.toMatchObject({ code: 'INVALID_FILTER' });
    await expect(jobs.find({}, { limit: 0 })).rejects.toMatchObject({ code: 'INVALID_LIMIT' });
  });
});
