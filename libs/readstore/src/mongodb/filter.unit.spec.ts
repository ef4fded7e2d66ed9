import type { Filter } from '../port';
import { escapeRegex, toMongoFilter } from './filter';
import { matches } from './testing/query-semantics';

describe('toMongoFilter', () => {
  it('maps each operator of the port to its MongoDB form', () => {
    expect(toMongoFilter({})).toEqual({});
    expect(toMongoFilter({ role: 'operator', age: 36, active: false, nickname: null })).toEqual({
      role: { $eq: 'operator' },
      age: { $eq: 36 },
      active: { $eq: false },
      nickname: null,
    });
    expect(toMongoFilter({ role: { $in: ['admin', 1, true] } })).toEqual({ role: { $in: ['admin', 1, true] } });
    expect(toMongoFilter({ assigneeKey: { $in: [null, 'agent:a'] } })).toEqual({ assigneeKey: { $in: [null, 'agent:a'] } });
    expect(toMongoFilter({ role: { $ne: 'operator' }, nickname: { $ne: null } })).toEqual({ role: { $ne: 'operator' }, nickname: { $ne: null } });
    expect(toMongoFilter({ age: { $gte: 36, $lt: 85 } })).toEqual({ age: { $gte: 36, $lt: 85 } });
    expect(toMongoFilter({ tags: { $contains: 'math' } })).toEqual({ tags: { $elemMatch: { $eq: 'math' } } });
    expect(toMongoFilter({ name: { $text: 'a.b' } })).toEqual({ name: { $regex: 'a\\.b', $options: 'i' } });
  });

  it('keeps dotted fields as MongoDB paths', () => {
    expect(toMongoFilter({ 'address.city': 'London', 'assignee.slug': { $in: ['ada'] } })).toEqual({
      'address.city': { $eq: 'London' },
      'assignee.slug': { $in: ['ada'] },
    });
  });

  it('drops undefined range bounds and refuses an empty range', () => {
    expect(toMongoFilter({ age: { $gt: 1, $lt: undefined } })).toEqual({ age: { $gt: 1 } });
    expect(() => toMongoFilter({ age: {} as never })).toThrow(expect.objectContaining({ code: 'INVALID_FILTER' }));
    expect(() => toMongoFilter({ age: { $lt: undefined } })).toThrow(expect.objectContaining({ code: 'INVALID_FILTER' }));
  });

  it.each<[string, Filter]>([
    ['an unknown operator', { a: { $regex: 'x' } as never }],
    ['a where clause', { a: { $where: 'sleep(1000)' } as never }],
    ['two operators in one condition', { a: { $in: ['x'], $ne: 'y' } as never }],
    ['an operator as a value', { a: { $eq: { $gt: '' } } as never }],
    ['a non-finite number', { a: Infinity }],
    ['an object in $in', { a: { $in: [{ $gt: '' }] as never } }],
    ['$in without an array', { a: { $in: 'x' as never } }],
    ['a range over booleans', { a: { $gt: true as never } }],
    ['$contains on _id', { _id: { $contains: 'x' } }],
    ['$contains of an object', { a: { $contains: { $gt: '' } as never } }],
    ['$text of a non-string', { a: { $text: 1 as never } }],
  ])('refuses %s as an invalid filter', (_, filter) => {
    expect(() => toMongoFilter(filter)).toThrow(expect.objectContaining({ code: 'INVALID_FILTER', kind: 'validation' }));
  });

  it.each(['$where', 'a.$gt', '$or', 'a b', 'a..b', ''])('refuses the field name %j, so no field becomes an operator', (field) => {
    expect(() => toMongoFilter({ [field]: 'x' })).toThrow(expect.objectContaining({ code: 'INVALID_FIELD_NAME', kind: 'validation' }));
  });

  describe('selects what the SQLite adapter selects', () => {
    const people = [
      { _id: 'a', age: 36, code: 1, tags: ['math', 'poetry'], name: 'Ada Lovelace' },
      { _id: 'b', age: 85, code: '1', tags: ['navy'], name: 'Grace Hopper' },
      { _id: 'c', age: 41, code: true, tags: ['math'], nickname: null, name: 'Alan Turing' },
      { _id: 'e', age: '1', tags: 'math', nickname: 'Bot', name: 'Robot' },
    ];
    const ids = (filter: Filter): string[] => people.filter((p) => matches(p, toMongoFilter(filter))).map((p) => p._id);

    it('keeps numbers, strings and booleans apart', () => {
      expect(ids({ code: 1 })).toEqual(['a']);
      expect(ids({ code: '1' })).toEqual(['b']);
      expect(ids({ code: { $in: [1, true] } })).toEqual(['a', 'c']);
      expect(ids({ age: { $gt: 0 } })).toEqual(['a', 'b', 'c']);
    });
    it('treats missing as null, for equality, $ne and $in', () => {
      expect(ids({ nickname: null })).toEqual(['a', 'b', 'c']);
      expect(ids({ nickname: { $ne: null } })).toEqual(['e']);
      expect(ids({ nickname: { $in: [null, 'Bot'] } })).toEqual(['a', 'b', 'c', 'e']);
    });
    it('$contains matches array elements only, never a field that is the value itself', () => {
      expect(ids({ tags: { $contains: 'math' } })).toEqual(['a', 'c']);
    });
    it('$text is a case-insensitive substring', () => {
      expect(ids({ name: { $text: 'AL' } })).toEqual(['c']);
      expect(ids({ name: { $text: 'o' } })).toEqual(['a', 'b', 'e']);
    });
  });
});

describe('escapeRegex', () => {
  const specials = '\\^$.*+?()[]{}|';

  it('escapes every metacharacter, so the pattern matches the text literally', () => {
    for (const text of [specials, 'a.b', '(x)', 'c++', '[a-z]+$', 'émile ü', '', '/-#~ ']) {
      const pattern = new RegExp(escapeRegex(text), 'i');
      expect(pattern.test(`before ${text.toUpperCase()} after`)).toBe(true);
      expect(new RegExp(`^${escapeRegex(text)}$`).test(text)).toBe(true);
    }
    expect(new RegExp(escapeRegex('a.c')).test('abc')).toBe(false);
    expect(new RegExp(escapeRegex('.*')).test('anything')).toBe(false);
  });

  it('leaves ordinary characters alone', () => {
    expect(escapeRegex('Émile Ünïcode 42')).toBe('Émile Ünïcode 42');
    expect(escapeRegex(specials)).toBe('\\\\\\^\\$\\.\\*\\+\\?\\(\\)\\[\\]\\{\\}\\|');
  });
});
