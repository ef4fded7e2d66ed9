import type { KeyColumns } from './key-columns';

/** A table's key fields, split into path segments once per KeyColumns object. */
const pathsOf = new WeakMap<KeyColumns, readonly (readonly string[])[]>();

const paths = (keys: KeyColumns): readonly (readonly string[])[] => {
  let known = pathsOf.get(keys);
  if (known === undefined) pathsOf.set(keys, (known = [...keys].map((field) => field.split('.'))));
  return known;
};

/**
 * The values of a document's key fields, in the order of `keys`, taken from the parsed document:
 * what `json_extract(doc, '$.<field>')` reads once the document is JSON, with undefined for a
 * field the document lacks. Own properties only, as JSON has no others; a dotted path does not
 * descend into arrays, as json_extract's `$.a.b` does not either.
 */
export const keyValuesOf = (doc: unknown, keys: KeyColumns): readonly unknown[] =>
  paths(keys).map((segments) => {
    let value = doc;
    for (const segment of segments) {
      if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.hasOwn(value, segment)) return undefined;
      value = (value as Record<string, unknown>)[segment];
    }
    return value;
  });

/**
 * Per key field, whether its column must be rewritten: true unless the value is certainly what
 * the column holds. Two equal primitives serialize the same, so json_extract reads the same
 * value; anything else counts as changed (an object or array, undefined against null, a Date
 * against its string): rewriting a column to an equal value costs an index write, never a wrong
 * answer.
 */
export const changedKeys = (before: readonly unknown[], after: readonly unknown[]): readonly boolean[] =>
  before.map((value, i) => value !== after[i] || (typeof value === 'object' && value !== null));
