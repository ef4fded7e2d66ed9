import type { Document } from 'mongodb';

/*
 * MongoDB's query and sort semantics for JSON documents, small enough to read: type
 * brackets (null and missing, numbers, strings, objects, arrays, booleans), strings by
 * UTF-8 bytes, equality reaching into arrays. For unit tests of the pure query builders, so
 * they can be checked by what they select, not only by their shape. Covers just the
 * operators the adapter emits.
 */

const BRACKET = { null: 0, number: 1, string: 2, object: 3, array: 4, bool: 5 } as const;
type BracketName = keyof typeof BRACKET;

const bracketName = (v: unknown): BracketName => {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number' || typeof v === 'bigint') return 'number'; // a bigint is a BSON Long
  if (typeof v === 'string') return 'string';
  return 'object';
};

/** Sort order of two values (missing sorts as null). */
export const compareValues = (a: unknown, b: unknown): number => {
  const byBracket = BRACKET[bracketName(a)] - BRACKET[bracketName(b)];
  if (byBracket !== 0) return Math.sign(byBracket);
  const numeric = (v: unknown): v is number | bigint => typeof v === 'number' || typeof v === 'bigint';
  if (numeric(a) && numeric(b)) return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return Buffer.compare(Buffer.from(a), Buffer.from(b));
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return 0;
};

export const valueAt = (doc: Document, path: string): unknown => {
  let v: unknown = doc;
  for (const segment of path.split('.')) {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
    v = (v as Document)[segment];
  }
  return v;
};

const sameBracket = (a: unknown, b: unknown): boolean => bracketName(a) === bracketName(b) && a !== undefined && a !== null;
const equals = (v: unknown, target: unknown): boolean => {
  if (target === null) return v === null || v === undefined;
  if (Array.isArray(v) && v.some((e) => sameBracket(e, target) && compareValues(e, target) === 0)) return true;
  return sameBracket(v, target) && compareValues(v, target) === 0;
};

const RANGES: Record<string, (c: number) => boolean> = { $gt: (c) => c > 0, $gte: (c) => c >= 0, $lt: (c) => c < 0, $lte: (c) => c <= 0 };

const matchesCondition = (v: unknown, condition: unknown): boolean => {
  if (typeof condition !== 'object' || condition === null || Array.isArray(condition)) return equals(v, condition);
  return Object.entries(condition as Document).every(([op, arg]) => {
    if (op === '$eq') return equals(v, arg);
    if (op === '$ne') return !equals(v, arg);
    if (op === '$in') return (arg as unknown[]).some((a) => equals(v, a));
    if (op in RANGES) return sameBracket(v, arg) && RANGES[op](compareValues(v, arg));
    if (op === '$type') return v !== undefined && (arg as BracketName[]).includes(bracketName(v));
    if (op === '$elemMatch') return Array.isArray(v) && v.some((e) => matchesCondition(e, arg));
    if (op === '$regex') return typeof v === 'string' && new RegExp(arg as string, (condition as Document).$options ?? '').test(v);
    if (op === '$options') return true;
    throw new Error(`operator ${op} is not modelled`);
  });
};

export const matches = (doc: Document, query: Document): boolean =>
  Object.entries(query).every(([key, condition]) => {
    if (key === '$and') return (condition as Document[]).every((q) => matches(doc, q));
    if (key === '$or') return (condition as Document[]).some((q) => matches(doc, q));
    return matchesCondition(valueAt(doc, key), condition);
  });

/** `find(query).sort(sort).limit(limit)` over an in-memory collection. */
export const findIn = (docs: readonly Document[], query: Document, sort: ReadonlyArray<readonly [string, 1 | -1]>, limit = Infinity): Document[] =>
  docs
    .filter((d) => matches(d, query))
    .sort((a, b) => {
      for (const [field, direction] of sort) {
        const c = compareValues(valueAt(a, field), valueAt(b, field));
        if (c !== 0) return c * direction;
      }
      return 0;
    })
    .slice(0, limit);
