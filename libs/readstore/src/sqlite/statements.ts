import type Database from 'better-sqlite3';

const MAX_CACHED = 512;

/**
 * Prepared statements by SQL text. Filters produce a bounded variety of shapes (one per
 * query of the API), so a small cache saves re-preparing on every request; it is cleared
 * wholesale if odd callers ever flood it with one-off shapes.
 */
export class Statements {
  private readonly cache = new Map<string, Database.Statement>();

  constructor(readonly db: Database.Database) {}

  /** `Row` is the caller's statement of the SELECT's columns: the SQL text fixes the shape. */
  get<Row = unknown>(sql: string): Database.Statement<unknown[], Row> {
    let statement = this.cache.get(sql);
    if (!statement) {
      if (this.cache.size >= MAX_CACHED) this.cache.clear();
      statement = this.db.prepare(sql);
      this.cache.set(sql, statement);
    }
    return statement as Database.Statement<unknown[], Row>;
  }
}
