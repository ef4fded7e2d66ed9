import { invalid } from '../../../domain/src/shared/errors';
import type { FieldCondition, Filter } from '../port';
import { fieldSql, NO_KEY_COLUMNS, type KeyColumns } from './key-columns';
import { ID_FIELD, jsonPath } from './names';

export type SqlValue = string | number | null;
export type SqlFragment = { readonly sql: string; readonly params: readonly SqlValue[] };

type Scalar = string | number | boolean;

/*
 * json_extract maps JSON true/false to 1/0 and arrays/objects to their JSON text, so a bare
 * `x = ?` would let `true` equal `1` and `'["a"]'` equal an array. Every comparison but
 * equality with a plain string (below) is therefore paired with a json_type guard, which
 * gives MongoDB's type bracketing (a number never equals or ranges over a string). The bare
 * comparison (on the key column when the table has one) stays first so an index can narrow
 * the rows before the guard runs.
 */
const typeGuard = (field: string, value: Scalar): string => {
  if (field === ID_FIELD) return '1'; // the id column is always text
  const type = `json_type(doc,'${jsonPath(field)}')`;
  if (typeof value === 'string') return `${type} = 'text'`;
  if (typeof value === 'number') return `${type} IN ('integer','real')`;
  return `${type} = '${value ? 'true' : 'false'}'`;
};

const bindable = (value: Scalar): string | number => {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number' && !Number.isFinite(value)) throw invalid('INVALID_FILTER', 'filter numbers must be finite');
  if (typeof value !== 'string' && typeof value !== 'number') throw invalid('INVALID_FILTER', `unsupported filter value ${String(value)}`);
  return value;
};

/*
 * Equality with a string that cannot begin an array's or an object's JSON text needs no guard:
 * json_extract gives text only for a JSON string or a container, a key column has no type
 * affinity, and text equals text only. Without the guard a count reads the index alone; with
 * it, SQLite parsed the document of every row the index found (a count of done jobs read
 * every done job). Ranges keep theirs: text sorts after every number.
 */
const equalityGuard = (field: string, values: readonly Scalar[]): string =>
  values.every((v) => typeof v === 'string' && !v.startsWith('[') && !v.startsWith('{')) ? '1' : typeGuard(field, values[0]);

const equals = (field: string, value: Scalar, keys: KeyColumns): SqlFragment => ({
  sql: `(${fieldSql(field, keys)} = ? AND ${equalityGuard(field, [value])})`,
  params: [bindable(value)],
});

/**
 * `$in` groups its values by JSON type so each group keeps one IN list and one guard; a null
 * in the list matches as null equality does (missing or null).
 */
const inList = (field: string, values: ReadonlyArray<Scalar | null>, keys: KeyColumns): SqlFragment => {
  if (!Array.isArray(values)) throw invalid('INVALID_FILTER', `$in on ${field} needs an array`);
  const groups = new Map<string, Scalar[]>();
  let orNull = false;
  for (const v of values) {
    if (v === null) {
      orNull = true;
      continue;
    }
    const key = typeof v === 'boolean' ? String(v) : typeof v;
    groups.set(key, [...(groups.get(key) ?? []), v]);
  }
  const parts = [...groups.values()].map((group) => ({
    sql: `(${fieldSql(field, keys)} IN (${group.map(() => '?').join(',')}) AND ${equalityGuard(field, group)})`,
    params: group.map(bindable),
  }));
  if (orNull) parts.push({ sql: `${fieldSql(field, keys)} IS NULL`, params: [] });
  if (parts.length === 0) return { sql: '0', params: [] }; // nothing is in an empty set
  return { sql: `(${parts.map((p) => p.sql).join(' OR ')})`, params: parts.flatMap((p) => p.params) };
};

/** `$ne` matches a missing field too (as MongoDB does), hence IFNULL around the equality. */
const notEquals = (field: string, value: Scalar | null, keys: KeyColumns): SqlFragment => {
  if (value === null) return { sql: `${fieldSql(field, keys)} IS NOT NULL`, params: [] };
  const eq = equals(field, value, keys);
  return { sql: `NOT IFNULL(${eq.sql}, 0)`, params: eq.params };
};

const RANGE_OPS = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' } as const;
type RangeOp = keyof typeof RANGE_OPS;
const isRangeOp = (key: string): key is RangeOp => key in RANGE_OPS;

const range = (field: string, bounds: object, keys: KeyColumns): SqlFragment => {
  const parts: string[] = [];
  const params: SqlValue[] = [];
  for (const [op, bound] of Object.entries(bounds) as [string, unknown][]) {
    if (!isRangeOp(op) || bound === undefined) continue;
    if (typeof bound !== 'string' && typeof bound !== 'number') throw invalid('INVALID_FILTER', `${op} on ${field} needs a string or number`);
    parts.push(`${fieldSql(field, keys)} ${RANGE_OPS[op]} ? AND ${typeGuard(field, bound)}`);
    params.push(bindable(bound));
  }
  if (parts.length === 0) throw invalid('INVALID_FILTER', `empty range on ${field}`);
  return { sql: `(${parts.join(' AND ')})`, params };
};

const contains = (field: string, element: string | number): SqlFragment => {
  if (field === ID_FIELD) throw invalid('INVALID_FILTER', '$contains needs an array field');
  const path = jsonPath(field);
  const type = typeof element === 'string' ? `type = 'text'` : `type IN ('integer','real')`;
  return {
    sql: `(json_type(doc,'${path}') = 'array' AND EXISTS (SELECT 1 FROM json_each(doc,'${path}') WHERE value = ? AND ${type}))`,
    params: [bindable(element)],
  };
};

/** `jl_icontains` is registered on the connection (see connection.ts): Unicode-aware lowercasing. */
const text = (field: string, needle: string, keys: KeyColumns): SqlFragment => {
  if (typeof needle !== 'string') throw invalid('INVALID_FILTER', `$text on ${field} needs a string`);
  return { sql: `jl_icontains(${fieldSql(field, keys)}, ?)`, params: [needle] };
};

const condition = (field: string, c: FieldCondition, keys: KeyColumns): SqlFragment => {
  if (c === null) return { sql: `${fieldSql(field, keys)} IS NULL`, params: [] }; // missing or null
  if (typeof c !== 'object') return equals(field, c, keys);
  const ops = Object.keys(c);
  if ('$in' in c && ops.length === 1) return inList(field, c.$in, keys);
  if ('$ne' in c && ops.length === 1) return notEquals(field, c.$ne, keys);
  if ('$contains' in c && ops.length === 1) return contains(field, c.$contains);
  if ('$text' in c && ops.length === 1) return text(field, c.$text, keys);
  if (ops.length > 0 && ops.every(isRangeOp)) return range(field, c, keys);
  throw invalid('INVALID_FILTER', `unsupported condition on ${field}: ${JSON.stringify(c)}`);
};

/** The WHERE clause of a filter (`1` when empty), with its parameters in order. */
export const filterToSql = (filter: Filter, keys: KeyColumns = NO_KEY_COLUMNS): SqlFragment => {
  const parts = Object.entries(filter).map(([field, c]) => condition(field, c, keys));
  if (parts.length === 0) return { sql: '1', params: [] };
  return { sql: parts.map((p) => p.sql).join(' AND '), params: parts.flatMap((p) => p.params) };
};
