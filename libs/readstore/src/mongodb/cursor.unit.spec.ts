import { decodeCursor, encodeCursor } from './cursor';

describe('cursor', () => {
  it('round-trips the sort values of an item, keeping 1, "1", true and null apart', () => {
    const values = [1, '1', true, null, -2.5, 'émile', 'doc-1'];
    const cursor = encodeCursor('scope-1', values);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/); // safe in a query string as is
    expect(decodeCursor(cursor, 'scope-1', values.length)).toEqual(values);
  });

  const encoded = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  it.each([
    ['text that is no cursor', 'not-a-cursor'],
    ['base64 of no JSON', Buffer.from('{oops').toString('base64url')],
    ['JSON that is no array', encoded({ a: 1 })],
    ['a cursor of another sort (more keys)', encoded(['scope-1', 1, 2, 'x'])],
    ['a cursor of another sort (fewer keys)', encoded(['scope-1', 'x'])],
    ['a cursor of another query (its scope)', encoded(['scope-2', 1, 'x'])],
    ['a cursor without a scope (made before cursors had one)', encoded([1, 'x'])],
    ['an object among the values', encoded(['scope-1', { $gt: 1 }, 'x'])],
    ['an array among the values', encoded(['scope-1', [1], 'x'])],
    ['an empty cursor', ''],
  ])('refuses %s as a validation error', (_, cursor) => {
    expect(() => decodeCursor(cursor, 'scope-1', 2)).toThrow(expect.objectContaining({ code: 'INVALID_CURSOR', kind: 'validation' }));
  });
});
