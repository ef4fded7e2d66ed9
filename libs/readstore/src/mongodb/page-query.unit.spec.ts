import { cursorScope } from '../cursor-codec';
import { encodeCursor } from './cursor';
import { pageQuery } from './mongo-collection';

describe('pageQuery', () => {
  it('is the filter alone on the first page, sorted with _id last, asking for 50 by default', () => {
    const { query, sort, limit } = pageQuery({ phase: 'ready' }, { sort: [['priority', 1]] });
    expect(query).toEqual({ phase: { $eq: 'ready' } });
    expect(sort).toEqual([['priority', 1], ['_id', 1]]);
    expect(limit).toBe(50);
  });

  it('ANDs the keyset condition of a cursor to the filter', () => {
    const { query } = pageQuery({ phase: 'ready' }, { sort: [['priority', 1]], cursor: encodeCursor(cursorScope({ phase: 'ready' }, [['priority', 1]]), [2, 'j1']) });
    expect(query).toEqual({
      $and: [
        { phase: { $eq: 'ready' } },
        { $or: [{ $or: [{ priority: { $gt: 2 } }, { priority: { $type: ['string', 'object', 'array', 'bool'] } }] }, { $and: [{ priority: 2 }, { _id: { $gt: 'j1' } }] }] },
      ],
    });
  });

  it('caps the limit at 500 and refuses a cursor of another sort or a bad limit', () => {
    expect(pageQuery({}, { limit: 10_000 }).limit).toBe(500);
    expect(() => pageQuery({}, { sort: [['priority', 1]], cursor: encodeCursor(cursorScope({}, [['priority', 1]]), ['j1']) })).toThrow(expect.objectContaining({ code: 'INVALID_CURSOR', kind: 'validation' }));
    expect(() => pageQuery({}, { limit: 0 })).toThrow(expect.objectContaining({ code: 'INVALID_LIMIT' }));
  });
});
