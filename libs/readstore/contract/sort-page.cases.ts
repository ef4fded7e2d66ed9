import type { Doc } from '../src/port';
import { type Harness, idsOf, putDocs, walkPages } from './harness';

const pad = (n: number): string => String(n).padStart(3, '0');

/** `n` documents whose `group` ties in threes and whose `rank` is missing on every fifth. */
const numbered = (n: number): Doc[] =>
  Array.from({ length: n }, (_, i) => ({ _id: `doc-${pad(i)}`, group: i % 3, ...(i % 5 === 0 ? {} : { rank: (i * 7) % 4 }) }));

export const sortPageCases = ({ store }: Harness): void => {
  describe('sort', () => {
    const ROWS: Doc[] = [
      { _id: 'r1', role: 'operator', age: 41 },
      { _id: 'r2', role: 'admin', age: 36 },
      { _id: 'r3', role: 'operator', age: 85 },
      { _id: 'r4', role: 'admin', age: 36 },
      { _id: 'r5', age: 50 }, // no role: sorts before every string ascending, after descending
    ];
    beforeEach(() => putDocs(store(), 'rows', ROWS));
    const sorted = async (sort: ReadonlyArray<readonly [string, 1 | -1]>): Promise<string[]> =>
      idsOf((await store().collection('rows').find({}, { sort })).items);

    it('sorts ascending on several fields, ties broken by _id', async () => {
      await expect(sorted([['role', 1], ['age', 1]])).resolves.toEqual(['r5', 'r2', 'r4', 'r1', 'r3']);
    });
    it('sorts descending, and mixes directions per field', async () => {
      await expect(sorted([['role', -1], ['age', -1]])).resolves.toEqual(['r3', 'r1', 'r2', 'r4', 'r5']);
      await expect(sorted([['role', 1], ['age', -1]])).resolves.toEqual(['r5', 'r2', 'r4', 'r3', 'r1']);
    });
    it('sorts by _id when asked, in either direction', async () => {
      await expect(sorted([['_id', -1]])).resolves.toEqual(['r5', 'r4', 'r3', 'r2', 'r1']);
      await expect(sorted([])).resolves.toEqual(['r1', 'r2', 'r3', 'r4', 'r5']);
    });
  });

  describe('cursor pagination', () => {
    const all = numbered(23);

    it.each([
      ['ascending with ties', [['group', 1]] as const],
      ['descending with ties', [['group', -1]] as const],
      ['over a field missing on some documents, ascending', [['rank', 1], ['group', -1]] as const],
      ['over a field missing on some documents, descending', [['rank', -1], ['group', 1]] as const],
    ])('walks every document exactly once, in order (%s)', async (_label, sort) => {
      await putDocs(store(), 'nums', all);
      const unpaged = (await store().collection('nums').find({}, { sort, limit: 500 })).items;
      expect(unpaged).toHaveLength(23);
      const pages = await walkPages(store(), 'nums', {}, { sort, limit: 4 });
      expect(pages.map((p) => p.length)).toEqual([4, 4, 4, 4, 4, 3]);
      expect(idsOf(pages.flat())).toEqual(idsOf(unpaged));
    });

    it('pages a filtered query, and ends with a null cursor on an exactly full last page', async () => {
      await putDocs(store(), 'nums', all);
      const pages = await walkPages(store(), 'nums', { group: 1 }, { sort: [['group', 1]], limit: 4 });
      expect(pages.map((p) => p.length)).toEqual([4, 4]);
      expect(idsOf(pages.flat())).toEqual(all.filter((d) => d.group === 1).map((d) => d._id));
    });

    it('keeps pages stable while documents are added', async () => {
      await putDocs(store(), 'nums', all);
      const sort = [['group', 1]] as const;
      const first = await store().collection('nums').find({}, { sort, limit: 5 });
      // One document sorts before the cursor (must not appear), one after it (must appear once).
      await putDocs(store(), 'nums', [{ _id: 'doc-000a', group: 0 }, { _id: 'doc-999', group: 2 }]);
      const rest = await walkPages(store(), 'nums', {}, { sort, limit: 5, cursor: first.nextCursor ?? undefined });
      const seen = [...idsOf(first.items), ...idsOf(rest.flat())];
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).not.toContain('doc-000a');
      expect(seen).toContain('doc-999');
      expect(seen).toHaveLength(24);
    });

    it('returns 50 items by default and never more than 500', async () => {
      await putDocs(store(), 'nums', numbered(501));
      const byDefault = await store().collection('nums').find({});
      expect(byDefault.items).toHaveLength(50);
      expect(byDefault.nextCursor).not.toBeNull();
      const capped = await store().collection('nums').find({}, { limit: 10_000 });
      expect(capped.items).toHaveLength(500);
      expect(capped.nextCursor).not.toBeNull();
      await expect(store().collection('nums').count({})).resolves.toBe(501);
    });

    it('rejects a cursor that is not one of its own as a validation error', async () => {
      await putDocs(store(), 'nums', all);
      await expect(store().collection('nums').find({}, { cursor: 'not-a-cursor' })).rejects.toMatchObject({ code: 'INVALID_CURSOR', kind: 'validation' });
    });

    it('takes its cursor with other values in the filter (a clock, `since`), and refuses one of another filter or order', async () => {
      await putDocs(store(), 'nums', all);
      const sort = [['group', 1]] as const;
      const { nextCursor } = await store().collection('nums').find({ group: { $gte: 0 } }, { sort, limit: 4 });
      const cursor = nextCursor ?? undefined;
      expect((await store().collection('nums').find({ group: { $gte: 1 } }, { sort, limit: 4, cursor })).items.length).toBeGreaterThan(0);
      for (const [filter, order] of [[{}, sort], [{ group: 1 }, sort], [{ group: { $gte: 0 } }, [['group', -1]] as const]] as const) {
        await expect(store().collection('nums').find(filter, { sort: order, limit: 4, cursor })).rejects.toMatchObject({ code: 'INVALID_CURSOR', kind: 'validation' });
      }
    });
  });
};
