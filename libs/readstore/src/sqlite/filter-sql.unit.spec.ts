import { filterToSql } from './filter-sql';

describe('filterToSql', () => {
  const keys = new Set(['phase', 'projectSlug']);

  it('counts by a key column alone when a string is compared for equality: no document is read', () => {
    expect(filterToSql({ phase: 'done', projectSlug: { $in: ['a', 'b'] } }, keys).sql).not.toContain('doc');
  });

  it('keeps the type guard where the column alone could be wrong: numbers, booleans, ranges, container-like strings', () => {
    for (const filter of [{ phase: 1 }, { phase: true }, { phase: { $gte: 'a' } }, { phase: '[1]' }, { phase: { $in: ['a', '{}'] } }]) {
      expect(filterToSql(filter, keys).sql).toContain(`json_type(doc,'$.phase')`);
    }
  });
});
