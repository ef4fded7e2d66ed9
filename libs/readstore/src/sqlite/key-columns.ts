import { assertFieldPath, ID_FIELD, isFieldPath, jsonPath } from './names';

/**
 * The fields of a table that have a key column: a column the store keeps equal to
 * `json_extract(doc, '$.<field>')`, so indexes over it are rewritten only when that value
 * changes (an index over an expression of `doc` is rewritten on every write of `doc`).
 */
export type KeyColumns = ReadonlySet<string>;

export const NO_KEY_COLUMNS: KeyColumns = new Set<string>();

/*
 * Column names are compared without regard to ASCII case in SQLite, JSON paths with it; a `^`
 * before each capital keeps `updatedAt` and `updatedat` apart. Fields never contain `$`, `.`
 * at the start or `^` (see names.ts), so no key column can take the name of `id`, `doc` or of
 * another field's column.
 */
const PREFIX = '$.';

/** The column's name as SQLite stores it (unquoted). */
export const keyColumnName = (field: string): string => {
  assertFieldPath(field);
  return PREFIX + field.replace(/[A-Z]/g, (capital) => `^${capital}`);
};

/** The field a column of the table holds, or null when the column is not a key column. */
export const fieldOfKeyColumn = (column: string): string | null => {
  if (!column.startsWith(PREFIX)) return null;
  const field = column.slice(PREFIX.length).replace(/\^([A-Z])/g, '$1');
  return isFieldPath(field) && keyColumnName(field) === column ? field : null;
};

/** The column as SQL text: a quoted identifier (its name has no `"` to escape). */
export const keyColumn = (field: string): string => `"${keyColumnName(field)}"`;

/**
 * The SQL of a field's value: `id`, its key column when the table has one, else the
 * json_extract the column would equal. The `json_type(doc, …)` guards and `json_each`
 * stay on `doc`: they need the JSON type, which the column (1 for true) does not keep.
 */
export const fieldSql = (field: string, keys: KeyColumns): string => {
  if (field === ID_FIELD) return 'id';
  if (keys.has(field)) return keyColumn(field);
  return `json_extract(doc,'${jsonPath(field)}')`;
};

