import type Database from 'better-sqlite3';
import type { IndexSpec } from '../port';
import { fieldExpr, ID_FIELD, indexName, tableName } from './names';

/**
 * Collection tables, created on first use as MongoDB creates collections: a query on a
 * collection no projection has written yet answers "nothing" instead of failing, and the
 * API does not depend on the worker having started first.
 */
export class Tables {
  private readonly known = new Set<string>();

  constructor(private readonly db: Database.Database) {}

  /** Idempotent; call it outside transactions (a rolled-back CREATE would poison the cache). */
  ensure(collection: string): string {
    const table = tableName(collection);
    if (!this.known.has(table)) {
      this.db.exec(`CREATE TABLE IF NOT EXISTS ${table} (id TEXT PRIMARY KEY, doc TEXT NOT NULL)`);
      this.known.add(table);
    }
    return table;
  }

  /** Drops the table (its indexes go with it); the name may be used again afterwards. */
  drop(collection: string): void {
    const table = tableName(collection);
    this.db.exec(`DROP TABLE IF EXISTS ${table}`);
    this.known.delete(table);
  }

  /**
   * One expression index per spec over json_extract of each field, in the spec's order,
   * ending with `id` (unless the spec has `_id`): every find sorts by `id` last, so with it
   * the index yields rows already in page order and LIMIT stops the scan early.
   */
  ensureIndex(collection: string, index: IndexSpec): void {
    const table = this.ensure(collection);
    if (index.fields.length === 0) throw new Error(`index ${index.name} of ${collection} has no fields`);
    const fields = index.fields.some(([field]) => field === ID_FIELD) ? index.fields : [...index.fields, [ID_FIELD, 1] as const];
    const columns = fields.map(([field, direction]) => `${fieldExpr(field)} ${direction === -1 ? 'DESC' : 'ASC'}`);
    this.db.exec(`CREATE INDEX IF NOT EXISTS ${indexName(collection, index.name)} ON ${table} (${columns.join(', ')})`);
  }
}
