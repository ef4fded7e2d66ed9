import fc from 'fast-check';
import type { Document } from 'mongodb';
import type { SortSpec } from '../port';
import { decodeCursor, encodeCursor } from './cursor';
import { keysetAfter, keyValuesOf, mongoSort, sortKeys } from './sort';
import { findIn } from './testing/query-semantics';

describe('sort keys', () => {
  it('ends every order with _id ascending, unless _id is already a key', () => {
    expect(mongoSort(sortKeys())).toEqual([['_id', 1]]);
    expect(mongoSort(sortKeys([['phase', 1], ['priority', -1]]))).toEqual([['phase', 1], ['priority', -1], ['_id', 1]]);
    expect(mongoSort(sortKeys([['_id', -1]]))).toEqual([['_id', -1]]);
  });

  it('refuses bad directions and field names', () => {
    expect(() => sortKeys([['a', 0 as never]])).toThrow(expect.objectContaining({ code: 'INVALID_SORT' }));
    expect(() => sortKeys([['$where', 1]])).toThrow(expect.objectContaining({ code: 'INVALID_FIELD_NAME' }));
  });

  it('reads the sort values of an item for its cursor, missing as null', () => {
    const keys = sortKeys([['a.b', 1], ['c', -1]]);
    expect(keyValuesOf({ _id: 'x', a: { b: 'v' } }, keys)).toEqual(['v', null, 'x']);
    expect(() => keyValuesOf({ _id: 'x', a: { b: [1] } }, keys)).toThrow(expect.objectContaining({ code: 'INVALID_SORT' }));
  });
});

describe('keysetAfter', () => {
  it('is "after" on the first key, or equal on it and after on the next, ... down to _id', () => {
    expect(keysetAfter(sortKeys([['role', 1]]), ['admin', 'r2'])).toEqual({
      $or: [
        { $or: [{ role: { $gt: 'admin' } }, { role: { $type: ['object', 'array', 'bool'] } }] },
        { $and: [{ role: 'admin' }, { _id: { $gt: 'r2' } }] },
      ],
    });
  });

  it('puts null (and missing) first ascending and last descending', () => {
    expect(keysetAfter(sortKeys([['rank', 1]]), [null, 'a']).$or[0]).toEqual({ rank: { $ne: null } });
    expect(keysetAfter(sortKeys([['rank', -1]]), [null, 'a']).$or[0]).toEqual({ _id: { $in: [] } });
    expect(keysetAfter(sortKeys([['rank', -1]]), [2, 'a']).$or[0]).toEqual({ $or: [{ rank: { $lt: 2 } }, { rank: null }] });
  });

  // Values of every bracket a JSON sort field can hold, with ties, gaps and missing fields.
  const value = fc.oneof(fc.constant(undefined), fc.constant(null), fc.integer({ min: -2, max: 2 }), fc.constantFrom('', 'a', 'b', 'é'), fc.boolean());
  const docs = fc.uniqueArray(fc.record({ _id: fc.string({ minLength: 1, maxLength: 3 }), x: value, y: value }), { selector: (d) => d._id, maxLength: 25 });
  const sort = fc.subarray<readonly [string, 1 | -1]>([['x', 1], ['x', -1], ['y', 1], ['y', -1], ['_id', -1]] as const, { minLength: 0, maxLength: 2 })
    .filter((keys) => new Set(keys.map(([f]) => f)).size === keys.length);
  const present = (d: Document): Document => Object.fromEntries(Object.entries(d).filter(([, v]) => v !== undefined));

  it('walks every document exactly once, in sort order, whatever the values and page size', () => {
    fc.assert(
      fc.property(docs, sort, fc.integer({ min: 1, max: 6 }), (raw, spec: SortSpec, limit) => {
        const collection = raw.map(present);
        const keys = sortKeys(spec);
        const expected = findIn(collection, {}, mongoSort(keys) as Array<[string, 1 | -1]>).map((d) => d._id);
        const walked: string[] = [];
        let cursor: string | null = null;
        for (let page = 0; page <= collection.length; page++) {
          const query = cursor === null ? {} : keysetAfter(keys, decodeCursor(cursor, 'walk', keys.length));
          const found = findIn(collection, query, mongoSort(keys) as Array<[string, 1 | -1]>, limit + 1);
          const items = found.slice(0, limit);
          walked.push(...items.map((d) => d._id));
          cursor = found.length > limit ? encodeCursor('walk', keyValuesOf(items[items.length - 1], keys)) : null;
          if (cursor === null) break;
        }
        expect(walked).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
