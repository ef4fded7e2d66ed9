import type { Doc, Filter } from '../src/port';
import { type Harness, idsOf, putDocs } from './harness';

/*
 * Five people chosen so that each operator has matches and near-misses: `code` holds the
 * same "one" as a number, a string and a boolean (type bracketing), some fields are
 * missing or null, and names carry non-ASCII letters.
 */
const PEOPLE: Doc[] = [
  { _id: 'a', name: 'Ada Lovelace', age: 36, role: 'admin', active: true, code: 1, tags: ['math', 'poetry'], scores: [1, 2, 3], address: { city: 'London' } },
  { _id: 'b', name: 'Grace Hopper', age: 85, role: 'operator', active: false, code: '1', tags: ['navy'], scores: [3], address: { city: 'New York' } },
  { _id: 'c', name: 'Alan Turing', age: 41, role: 'operator', active: true, code: true, tags: ['math'], nickname: null, address: { city: 'Wilmslow' } },
  { _id: 'd', name: 'Émile Ünïcode', age: 30, role: 'agent', tags: [], scores: [], address: { city: 'Zürich' } },
  { _id: 'e', name: 'Robot', age: '1', nickname: 'Bot', tags: 'math' },
];

export const filterCases = ({ store }: Harness): void => {
  describe('filters and count', () => {
    beforeEach(() => putDocs(store(), 'people', PEOPLE));

    const expectMatch = async (filter: Filter, ids: string[]): Promise<void> => {
      const found = await store().collection('people').find(filter, { sort: [['_id', 1]] });
      expect(idsOf(found.items)).toEqual(ids);
      await expect(store().collection('people').count(filter)).resolves.toBe(ids.length);
    };

    it('matches everything with an empty filter', () => expectMatch({}, ['a', 'b', 'c', 'd', 'e']));
    it('matches strings by equality', () => expectMatch({ role: 'operator' }, ['b', 'c']));
    it('matches numbers by equality, never the same digits as a string', () => expectMatch({ age: 36 }, ['a']));
    it('keeps numbers, strings and booleans apart', async () => {
      await expectMatch({ code: 1 }, ['a']);
      await expectMatch({ code: '1' }, ['b']);
      await expectMatch({ code: true }, ['c']);
    });
    it('never lets a string equal an array or an object, even one spelled as its JSON text', async () => {
      await expectMatch({ tags: '["navy"]' }, []);
      await expectMatch({ tags: { $in: ['["navy"]', '{}'] } }, []);
      await expectMatch({ address: '{"city":"London"}' }, []);
      await expectMatch({ tags: { $ne: '["navy"]' } }, ['a', 'b', 'c', 'd', 'e']);
    });
    it('matches false only where the field is false', () => expectMatch({ active: false }, ['b']));
    it('reads dotted paths into nested objects', () => expectMatch({ 'address.city': 'London' }, ['a']));
    it('matches null equality on missing or null fields', () => expectMatch({ nickname: null }, ['a', 'b', 'c', 'd']));
    it('matches by _id', () => expectMatch({ _id: 'c' }, ['c']));
    it('ANDs the conditions of one filter', () => expectMatch({ role: 'operator', active: true }, ['c']));

    it('$in matches any listed value, of any type, and nothing for an empty list', async () => {
      await expectMatch({ role: { $in: ['admin', 'agent'] } }, ['a', 'd']);
      await expectMatch({ code: { $in: [1, true] } }, ['a', 'c']);
      await expectMatch({ _id: { $in: ['e', 'a', 'zz'] } }, ['a', 'e']);
      await expectMatch({ role: { $in: [] } }, []);
    });

    it('$in with null also matches documents where the field is missing or null', async () => {
      await expectMatch({ nickname: { $in: [null] } }, ['a', 'b', 'c', 'd']);
      await expectMatch({ nickname: { $in: [null, 'Bot'] } }, ['a', 'b', 'c', 'd', 'e']);
      await expectMatch({ role: { $in: ['agent', null] } }, ['d', 'e']);
      await expectMatch({ 'address.city': { $in: [null, 'London'] } }, ['a', 'e']);
    });

    it('$ne excludes the value and keeps documents without the field', async () => {
      await expectMatch({ role: { $ne: 'operator' } }, ['a', 'd', 'e']);
      await expectMatch({ active: { $ne: true } }, ['b', 'd', 'e']);
      await expectMatch({ code: { $ne: 1 } }, ['b', 'c', 'd', 'e']);
      await expectMatch({ nickname: { $ne: null } }, ['e']);
    });

    it('ranges compare numbers with numbers and strings with strings', async () => {
      await expectMatch({ age: { $gte: 36, $lt: 85 } }, ['a', 'c']);
      await expectMatch({ age: { $gt: 0 } }, ['a', 'b', 'c', 'd']); // e's age is the string '1'
      await expectMatch({ age: { $lte: 30 } }, ['d']);
      await expectMatch({ name: { $gte: 'B', $lt: 'H' } }, ['b']);
    });

    it('$contains matches an element of an array field', async () => {
      await expectMatch({ tags: { $contains: 'math' } }, ['a', 'c']);
      await expectMatch({ scores: { $contains: 3 } }, ['a', 'b']);
      await expectMatch({ scores: { $contains: '3' } }, []);
      await expectMatch({ tags: { $contains: 'nothing' } }, []);
    });

    it('$text matches a case-insensitive substring, beyond ASCII too', async () => {
      await expectMatch({ name: { $text: 'AL' } }, ['c']);
      await expectMatch({ name: { $text: 'lovelace' } }, ['a']);
      await expectMatch({ name: { $text: 'émile ü' } }, ['d']);
      await expectMatch({ 'address.city': { $text: 'o' } }, ['a', 'b', 'c']);
    });

    it('combines operators on different fields', () => expectMatch({ tags: { $contains: 'math' }, age: { $gt: 40 }, role: { $ne: 'admin' } }, ['c']));
  });
};
