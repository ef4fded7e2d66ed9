import type Database from 'better-sqlite3';
import type { IndexSpec } from '../port';
import { fieldOfKeyColumn, fieldSql, keyColumn, NO_KEY_COLUMNS, type KeyColumns } from './key-columns';
import { ID_FIELD, indexName, tableName } from './names';

const MIGRATION_ATTEMPTS = 12;

const isBusy = (error: unknown): boolean => error instanceof Error && 'code' in error && error.code === 'SQLITE_BUSY';

/** The key columns a table has now, in column order (none when it does not exist). */
export const keyColumnsOf = (db: Database.Database, table: string): KeyColumns => {
  const names = db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(table) as string[];
  return new Set(names.map(fieldOfKeyColumn).filter((field): field is string => field !== null));
};

const storedIndexSql = (db: Database.Database, index: string): string | undefined =>
  db.prepare(`SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?`).pluck().get(index) as string | undefined;

/**
 * Collection tables, created on first use as MongoDB creates collections: a query on a
 * collection no projection has written yet answers "nothing" instead of failing, and the
 * API does not depend on the worker having started first.
 *
 * Also what this connection knows of each table's key columns. Another connection (the API's
 * and the processors' threads share a file) may add some at any time; `PRAGMA schema_version`
 * tells when to look again. Until then a query reads the field from `doc`, which answers the
 * same, only without the column's index.
 */
export class Tables {
  private readonly known = new Set<string>();
  private readonly keys = new Map<string, KeyColumns>();
  private readonly schemaVersion: Database.Statement<[], number>;
  private seenVersion = -1;

  constructor(private readonly db: Database.Database) {
    this.schemaVersion = db.prepare<[], number>('PRAGMA schema_version').pluck();
  }

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
    this.keys.delete(table);
  }

  /**
   * The table's key columns as of the latest schema (one cheap pragma per call). Inside a
   * write transaction the answer holds until it ends: schema changes need the write lock.
   */
  keyColumns(collection: string): KeyColumns {
    const version = this.schemaVersion.get() as number;
    if (version !== this.seenVersion) {
      this.keys.clear();
      this.seenVersion = version;
    }
    const table = tableName(collection);
    let keys = this.keys.get(table);
    if (keys === undefined) this.keys.set(table, (keys = keyColumnsOf(this.db, table)));
    return keys;
  }

  /**
   * Puts right the key values of rows whose document was written without them: by a process of
   * an earlier version on the same file (it rewrites `doc` only). One scan, run as a projection
   * starts; it takes the write lock only if a row needs it.
   */
  healKeyColumns(collection: string): number {
    const keys = [...this.keyColumns(collection)];
    if (keys.length === 0) return 0;
    const set = keys.map((field) => `${keyColumn(field)} = ${fieldSql(field, NO_KEY_COLUMNS)}`).join(', ');
    const stale = keys.map((field) => `${keyColumn(field)} IS NOT ${fieldSql(field, NO_KEY_COLUMNS)}`).join(' OR ');
    return this.db.prepare(`UPDATE ${tableName(collection)} SET ${set} WHERE ${stale}`).run().changes;
  }

  /**
   * One index per spec over the key columns of its fields, in the spec's order, ending with
   * `id` (unless the spec has `_id`): every find sorts by `id` last, so with it the index
   * yields rows already in page order and LIMIT stops the scan early.
   *
   * A table of an earlier layout (expression indexes over `doc`, no key columns) is migrated
   * here: the missing columns are added and filled from `doc`, and an index of the same name
   * but another definition is replaced, in one transaction that holds the write lock, so two
   * connections racing to do it do it once. Nothing is locked when all is in place already.
   */
  ensureIndex(collection: string, index: IndexSpec): void {
    const table = this.ensure(collection);
    if (index.fields.length === 0) throw new Error(`index ${index.name} of ${collection} has no fields`);
    const fields = index.fields.some(([field]) => field === ID_FIELD) ? index.fields : [...index.fields, [ID_FIELD, 1] as const];
    const name = indexName(collection, index.name);
    const columns = fields.map(([field, direction]) => `${field === ID_FIELD ? 'id' : keyColumn(field)} ${direction === -1 ? 'DESC' : 'ASC'}`);
    const wanted = `CREATE INDEX ${name} ON ${table} (${columns.join(', ')})`;
    const keyFields = [...new Set(fields.map(([field]) => field).filter((field) => field !== ID_FIELD))];
    const inPlace = (): boolean => storedIndexSql(this.db, name) === wanted;
    if (inPlace()) return;
    const migrate = this.db.transaction(() => {
      if (inPlace()) return; // another connection did it while this one waited for the lock
      const present = keyColumnsOf(this.db, table);
      const missing = keyFields.filter((field) => !present.has(field));
      for (const field of missing) this.db.exec(`ALTER TABLE ${table} ADD COLUMN ${keyColumn(field)}`);
      if (missing.length > 0) {
        this.db.exec(`UPDATE ${table} SET ${missing.map((field) => `${keyColumn(field)} = ${fieldSql(field, NO_KEY_COLUMNS)}`).join(', ')}`);
      }
      this.db.exec(`DROP INDEX IF EXISTS ${name}`);
      this.db.exec(wanted);
    });
    // Another connection migrating a large table may hold the lock past one busy timeout.
    for (let attempt = 1; ; attempt++) {
      try {
        migrate.immediate();
        return;
      } catch (error) {
        if (!isBusy(error) || attempt >= MIGRATION_ATTEMPTS) throw error;
      }
    }
  }
}
