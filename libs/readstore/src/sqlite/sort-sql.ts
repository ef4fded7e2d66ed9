import { invalid } from '../../../domain/src/shared/errors';
import type { SortSpec } from '../port';
import type { SqlFragment, SqlValue } from './filter-sql';
import { fieldSql, NO_KEY_COLUMNS, type KeyColumns } from './key-columns';
import { ID_FIELD } from './names';

export type SortKey = { readonly expr: string; readonly direction: 1 | -1 };

/** The requested keys, then `_id` ascending so that every order is total (ties included). */
export const sortKeys = (sort: SortSpec = [], keys: KeyColumns = NO_KEY_COLUMNS): SortKey[] => {
  const requested = sort.map(([field, direction]): SortKey => {
    if (direction !== 1 && direction !== -1) throw invalid('INVALID_SORT', `sort direction of ${field} must be 1 or -1`);
    return { expr: fieldSql(field, keys), direction };
  });
  return sort.some(([field]) => field === ID_FIELD) ? requested : [...requested, { expr: fieldSql(ID_FIELD, keys), direction: 1 }];
};

export const orderBy = (keys: readonly SortKey[]): string =>
  keys.map((k) => `${k.expr} ${k.direction === 1 ? 'ASC' : 'DESC'}`).join(', ');

/*
 * SQLite orders NULL (missing) first ascending and last descending, like MongoDB, and
 * compares values of mixed types with the same rules in `>` as in ORDER BY. "Strictly
 * after v" therefore needs NULL handled by hand on each side.
 */
const after = (key: SortKey, value: SqlValue): SqlFragment => {
  if (key.direction === 1) return value === null ? { sql: `${key.expr} IS NOT NULL`, params: [] } : { sql: `${key.expr} > ?`, params: [value] };
  return value === null ? { sql: '0', params: [] } : { sql: `(${key.expr} < ? OR ${key.expr} IS NULL)`, params: [value] };
};

/**
 * Keyset condition "row comes after the row whose sort values are `last`":
 * (k0 after v0) OR (k0 IS v0 AND k1 after v1) OR ... The last key is unique (`id`), so
 * rows added or removed between pages never shift a page: no item is skipped or repeated.
 */
export const keysetAfter = (keys: readonly SortKey[], last: readonly SqlValue[]): SqlFragment => {
  const branches: string[] = [];
  const params: SqlValue[] = [];
  keys.forEach((key, i) => {
    const equalPrefix = keys.slice(0, i).map((k) => `${k.expr} IS ?`);
    const step = after(key, last[i]);
    branches.push(`(${[...equalPrefix, step.sql].join(' AND ')})`);
    params.push(...last.slice(0, i), ...step.params);
  });
  // A redundant lower bound on the leading key lets SQLite range-scan an index on it.
  const [first] = keys;
  if (first.direction === 1 && last[0] !== null) {
    return { sql: `(${first.expr} >= ? AND (${branches.join(' OR ')}))`, params: [last[0], ...params] };
  }
  return { sql: `(${branches.join(' OR ')})`, params };
};
