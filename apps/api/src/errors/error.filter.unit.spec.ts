import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { EventStoreUnavailableError } from '../../../../libs/eventstore/src/esdb/errors';
import { toHttpError } from './error.filter';

describe('toHttpError: a store that cannot be reached', () => {
  it('answers 503 STORE_UNAVAILABLE when EventStoreDB does not answer', () => {
    const { status, body } = toHttpError(new EventStoreUnavailableError('append', new Error('14 UNAVAILABLE: No connection established')));
    expect(status).toBe(503);
    expect(body.error).toMatchObject({ code: 'STORE_UNAVAILABLE', details: { store: 'eventstore', operation: 'append' } });
  });

  it('answers 503 for the MongoDB driver\'s unreachable-server errors, and still 500 for anything unknown', () => {
    const unreachable = Object.assign(new Error('Server selection timed out after 30000 ms'), { name: 'MongoServerSelectionError' });
    expect(toHttpError(unreachable)).toMatchObject({ status: 503, body: { error: { code: 'STORE_UNAVAILABLE' } } });
    expect(toHttpError(new TypeError('x is undefined'))).toMatchObject({ status: 500, body: { error: { code: 'INTERNAL_ERROR' } } });
  });
});

describe('toHttpError: storage that cannot be used', () => {
  const thrownBy = (work: () => unknown): unknown => {
    try {
      work();
    } catch (e) {
      return e;
    }
    throw new Error('expected a failure');
  };

  it('answers 503 STORE_UNAVAILABLE for a full or read-only SQLite file, with the driver\'s own errors', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jobledger-storage-'));
    try {
      const full = new Database(join(dir, 'full.sqlite'));
      full.exec('CREATE TABLE t (v TEXT)');
      full.pragma('max_page_count = 2'); // the disk as SQLite sees it: no page left to grow into
      const diskFull = thrownBy(() => full.prepare('INSERT INTO t VALUES (?)').run('x'.repeat(100_000)));
      full.close();
      const readOnly = thrownBy(() => new Database(join(dir, 'full.sqlite'), { readonly: true }).exec('DELETE FROM t'));
      for (const [error, code] of [[diskFull, 'SQLITE_FULL'], [readOnly, 'SQLITE_READONLY']] as const) {
        expect(toHttpError(error)).toMatchObject({ status: 503, body: { error: { code: 'STORE_UNAVAILABLE', details: { cause: code } } } });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers 503 for a file system that is full, failing or read-only, and 500 for other system errors', () => {
    const systemError = (code: string) => Object.assign(new Error(`${code}: write`), { code });
    for (const code of ['ENOSPC', 'EDQUOT', 'EIO', 'EROFS']) expect(toHttpError(systemError(code)).status).toBe(503);
    expect(toHttpError(systemError('ENOENT')).status).toBe(500);
    expect(toHttpError(Object.assign(new Error('constraint'), { name: 'SqliteError', code: 'SQLITE_CONSTRAINT_UNIQUE' })).status).toBe(500);
  });
});
