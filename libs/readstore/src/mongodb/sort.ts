import type { Document, Sort } from 'mongodb';
import { invalid } from '../../../domain/src/shared/errors';
import type { SortSpec } from '../port';
import { assertFieldPath } from '../sqlite/names';
import type { KeyValue } from './cursor';

export type SortKey = { readonly field: string; readonly direction: 1 | -1 };

const ID = '_id';

/** The requested keys, then `_id` ascending so that every order is total (ties included). */
export const sortKeys = (sort: SortSpec = []): SortKey[] => {
  const keys = sort.map(([field, direction]): SortKey => {
    if (direction !== 1 && direction !== -1) throw invalid('INVALID_SORT', `sort direction of ${field} must be 1 or -1`);
    if (field !== ID) assertFieldPath(field);
    return { field, direction };
  });
  return keys.some((k) => k.field === ID) ? keys : [...keys, { field: ID, direction: 1 }];
};

/** As tuples, not an object: the order of the keys is the meaning. */
export const mongoSort = (keys: readonly SortKey[]): Sort => keys.map((k): [string, 1 | -1] => [k.field, k.direction]);

/*
 * MongoDB sorts across types by a fixed bracket order (null and missing first, then numbers,
 * strings, objects, arrays, booleans), while `$gt`/`$lt` compare within a type only. "Strictly
 * after v" is therefore "beyond v within its type, or of a type sorted beyond it".
 */
const BRACKETS = ['null', 'number', 'string', 'object', 'array', 'bool'] as const;
type Bracket = (typeof BRACKETS)[number];

const bracketOf = (value: KeyValue): Bracket => {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return 'bool';
  return typeof value === 'number' ? 'number' : 'string';
};

const NOTHING: Document = { [ID]: { $in: [] } };

const after = ({ field, direction }: SortKey, value: KeyValue): Document => {
  if (field === ID) return { [ID]: { [direction === 1 ? '$gt' : '$lt']: value } }; // always a string
  const at = BRACKETS.indexOf(bracketOf(value));
  if (direction === 1) {
    if (value === null) return { [field]: { $ne: null } };
    const higher = BRACKETS.slice(at + 1);
    return higher.length === 0 ? { [field]: { $gt: value } } : { $or: [{ [field]: { $gt: value } }, { [field]: { $type: higher } }] };
  }
  if (value === null) return NOTHING;
  const lower = BRACKETS.slice(1, at); // null is matched by equality: `$type` misses a missing field
  return { $or: [{ [field]: { $lt: value } }, { [field]: null }, ...(lower.length > 0 ? [{ [field]: { $type: lower } }] : [])] };
};

/**
 * Keyset condition "comes after the item whose sort values are `last`":
 * (k0 after v0) OR (k0 = v0 AND k1 after v1) OR ... The last key is the unique `_id`, so
 * items added or removed between pages never shift a page: none is skipped or repeated.
 */
export const keysetAfter = (keys: readonly SortKey[], last: readonly KeyValue[]): Document => ({
  $or: keys.map((key, i) => {
    const equalPrefix = keys.slice(0, i).map((k, j) => ({ [k.field]: last[j] }));
    return equalPrefix.length === 0 ? after(key, last[i]) : { $and: [...equalPrefix, after(key, last[i])] };
  }),
});

const valueAt = (doc: Document, field: string): unknown => {
  let value: unknown = doc;
  for (const segment of field.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    value = (value as Document)[segment];
  }
  return value;
};

/** The sort values of an item, for the next cursor. Paging needs scalar sort fields. */
export const keyValuesOf = (doc: Document, keys: readonly SortKey[]): KeyValue[] =>
  keys.map(({ field }) => {
    const value = valueAt(doc, field);
    if (value === undefined || value === null) return null;
    if (typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) return value;
    throw invalid('INVALID_SORT', `cannot page on ${field}: it holds an object or array`);
  });
