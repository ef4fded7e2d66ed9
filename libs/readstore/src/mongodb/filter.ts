import type { Document } from 'mongodb';
import { invalid } from '../../../domain/src/shared/errors';
import type { FieldCondition, Filter } from '../port';
import { assertFieldPath } from '../sqlite/names';

type Scalar = string | number | boolean;

/*
 * MongoDB already brackets types the way the port asks (1, '1' and true are three
 * different values; a range over numbers never matches a string), and treats a missing
 * field as null in equality and `$ne`. So most conditions map one to one; the work here is
 * refusing what the port does not allow, so nothing a client sends becomes an operator.
 */

const scalar = (field: string, value: unknown): Scalar => {
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  throw invalid('INVALID_FILTER', `unsupported filter value on ${field}: ${String(value)}`);
};

/** Every regex metacharacter escaped, so the needle is matched literally. */
export const escapeRegex = (text: string): string => text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');

const RANGE_OPS = ['$gt', '$gte', '$lt', '$lte'] as const;
const isRangeOp = (key: string): boolean => (RANGE_OPS as readonly string[]).includes(key);

const range = (field: string, bounds: Record<string, unknown>): Document => {
  const out: Document = {};
  for (const [op, bound] of Object.entries(bounds)) {
    if (bound === undefined) continue;
    if (typeof bound !== 'string' && typeof bound !== 'number') throw invalid('INVALID_FILTER', `${op} on ${field} needs a string or number`);
    out[op] = scalar(field, bound);
  }
  if (Object.keys(out).length === 0) throw invalid('INVALID_FILTER', `empty range on ${field}`);
  return out;
};

const condition = (field: string, c: FieldCondition): unknown => {
  if (c === null) return null; // missing or null
  if (typeof c !== 'object') return { $eq: scalar(field, c) };
  const keys = Object.keys(c);
  const only = (key: string): boolean => keys.length === 1 && keys[0] === key;
  if ('$in' in c && only('$in')) {
    if (!Array.isArray(c.$in)) throw invalid('INVALID_FILTER', `$in on ${field} needs an array`);
    return { $in: c.$in.map((v) => (v === null ? null : scalar(field, v))) }; // null: missing or null, natively
  }
  if ('$ne' in c && only('$ne')) return { $ne: c.$ne === null ? null : scalar(field, c.$ne) };
  if ('$contains' in c && only('$contains')) {
    if (field === '_id') throw invalid('INVALID_FILTER', '$contains needs an array field');
    if (typeof c.$contains !== 'string' && typeof c.$contains !== 'number') throw invalid('INVALID_FILTER', `$contains on ${field} needs a string or number`);
    // $elemMatch, unlike plain equality, never matches a field that is the value itself.
    return { $elemMatch: { $eq: scalar(field, c.$contains) } };
  }
  if ('$text' in c && only('$text')) {
    if (typeof c.$text !== 'string') throw invalid('INVALID_FILTER', `$text on ${field} needs a string`);
    return { $regex: escapeRegex(c.$text), $options: 'i' };
  }
  if (keys.length > 0 && keys.every(isRangeOp)) return range(field, c as Record<string, unknown>);
  throw invalid('INVALID_FILTER', `unsupported condition on ${field}: ${JSON.stringify(c)}`);
};

/** The MongoDB query of a port filter; field names are checked, so none can be an operator. */
export const toMongoFilter = (filter: Filter): Document => {
  const out: Document = {};
  for (const [field, c] of Object.entries(filter)) {
    assertFieldPath(field);
    out[field] = condition(field, c);
  }
  return out;
};
