import { changedKeys, keyValuesOf } from './key-values';

describe('key values', () => {
  const keys = new Set(['status', 'assignee.slug', 'tags.first', 'constructor', 'missing']);

  it('reads each key field as json_extract would, in the order of the key columns, undefined when absent', () => {
    const doc = JSON.parse('{"status":"open","assignee":{"slug":"ana"},"tags":[{"first":1}],"note":"x"}');
    // An array is not descended into by a dotted path; inherited properties are not fields.
    expect(keyValuesOf(doc, keys)).toEqual(['open', 'ana', undefined, undefined, undefined]);
    expect(keyValuesOf({ constructor: 'own' }, keys)).toEqual([undefined, undefined, undefined, 'own', undefined]);
    expect(keyValuesOf({ assignee: 'not an object' }, keys)[1]).toBeUndefined();
  });

  it('counts a field as unchanged only when both values are the same primitive', () => {
    expect(changedKeys(['a', 1, true, null, undefined], ['a', 1, true, null, undefined])).toEqual([false, false, false, false, false]);
    expect(changedKeys(['a', 1, true, null], ['b', 2, 1, undefined])).toEqual([true, true, true, true]);
    // Objects and arrays are rewritten whatever they hold; NaN never equals itself.
    const same = { n: 1 };
    expect(changedKeys([same, [1], NaN], [same, [1], NaN])).toEqual([true, true, true]);
  });
});
