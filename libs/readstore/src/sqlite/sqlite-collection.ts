import type { Doc, Filter, FindOptions, FindResult, ReadCollection } from '../port';
import { encodeCursor } from './cursor';
import { filterToSql, type SqlValue } from './filter-sql';
import { findSql } from './find-sql';
import type { KeyColumns } from './key-columns';
import type { Statements } from './statements';

type PageRow = { readonly doc: string } & { readonly [key: `k${number}`]: SqlValue };

export class SqliteCollection<T extends Doc> implements ReadCollection<T> {
  /**
   * `table` creates the table on first use and `keys` tells its key columns as of now
   * (see Tables), hence functions.
   */
  constructor(
    private readonly statements: Statements,
    private readonly table: () => string,
    private readonly keys: () => KeyColumns,
  ) {}

  async get(id: string): Promise<T | null> {
    const row = this.statements.get<{ doc: string }>(`SELECT doc FROM ${this.table()} WHERE id = ?`).get(id);
    return row ? (JSON.parse(row.doc) as T) : null;
  }

  async find(filter: Filter, options: FindOptions = {}): Promise<FindResult<T>> {
    const query = findSql(this.table(), filter, options, this.keys());
    const rows = this.statements.get<PageRow>(query.sql).all(...query.params);
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((row) => JSON.parse(row.doc) as T),
      nextCursor: rows.length > query.limit ? encodeCursor(query.scope(), Array.from({ length: query.keyCount }, (_, i) => last[`k${i}`])) : null,
    };
  }

  async count(filter: Filter): Promise<number> {
    const where = filterToSql(filter, this.keys());
    const row = this.statements.get<{ n: number }>(`SELECT count(*) AS n FROM ${this.table()} WHERE ${where.sql}`).get(...where.params);
    return row?.n ?? 0;
  }
}
