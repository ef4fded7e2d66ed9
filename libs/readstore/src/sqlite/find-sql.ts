import { pageLimit } from '../page-limit';
import type { Filter, FindOptions } from '../port';
import { cursorScope } from '../cursor-codec';
import { decodeCursor } from './cursor';
import { filterToSql, type SqlFragment, type SqlValue } from './filter-sql';
import { NO_KEY_COLUMNS, type KeyColumns } from './key-columns';
import { keysetAfter, orderBy, sortKeys } from './sort-sql';

export type FindSql = {
  readonly sql: string;
  readonly params: readonly SqlValue[];
  readonly limit: number;
  /** How many sort-key columns (`k0`, `k1`, …) each row carries for the next cursor. */
  readonly keyCount: number;
  /** The query a cursor of this page belongs to (cursorScope), worked out only for a page that has a next one. */
  readonly scope: () => string;
};

/**
 * One page query. It selects each sort key as `k<i>` next to the document, so the next
 * cursor holds exactly the values SQLite compared (booleans as 0/1, missing as NULL),
 * and asks for one row more than the page to learn whether another page exists.
 * `columns` are the table's key columns; a field without one is read from `doc`, which
 * answers the same (the column always equals json_extract), only without its index.
 */
export const findSql = (table: string, filter: Filter, options: FindOptions, columns: KeyColumns = NO_KEY_COLUMNS): FindSql => {
  const keys = sortKeys(options.sort, columns);
  const limit = pageLimit(options.limit);
  const conditions: SqlFragment[] = [filterToSql(filter, columns)];
  const scope = () => cursorScope(filter, options.sort);
  if (options.cursor !== undefined) conditions.push(keysetAfter(keys, decodeCursor(options.cursor, scope(), keys.length)));
  const sql =
    `SELECT doc, ${keys.map((k, i) => `${k.expr} AS k${i}`).join(', ')} FROM ${table}` +
    ` WHERE ${conditions.map((c) => c.sql).join(' AND ')} ORDER BY ${orderBy(keys)} LIMIT ?`;
  return { sql, params: [...conditions.flatMap((c) => c.params), limit + 1], limit, keyCount: keys.length, scope };
};
