import { jsonCopy } from './json-copy';

const roundTrip = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe('jsonCopy', () => {
  class Point {
    constructor(
      readonly x: number,
      readonly y: number,
    ) {}
  }
  const withProtoKey = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}');
  const nullPrototype = Object.assign(Object.create(null), { a: [1, { b: 2 }] });
  const holey = [1, , 3]; // a sparse array: index 1 is a hole
  const cases: Array<[string, unknown]> = [
    ['a plain document', { _id: 'a', n: 1.5, s: 'x', b: false, z: null, list: [1, 'two', [3], { four: 4 }], o: { p: { q: [] } } }],
    ['integer-like keys, in JSON order', { b: 1, 10: 'ten', a: 2, 2: 'two' }],
    ['-0', { z: -0, list: [-0, 1], nested: { z: -0 } }],
    ['NaN and infinities', { list: [-0, NaN, Infinity, -Infinity], n: NaN }],
    ['undefined, functions and symbols', { u: undefined, f: () => 1, s: Symbol('s'), list: [undefined, () => 1, Symbol('t')] }],
    ['a Date and other toJSON', { at: new Date(0), custom: { toJSON: () => ({ replaced: true }) } }],
    ['a class instance', { p: new Point(1, 2) }],
    ['an own __proto__ key', withProtoKey],
    ['an own __proto__ key, with a plain value', JSON.parse('{"a": 1, "__proto__": null}')],
    ['a null-prototype object', nullPrototype],
    ['boxed primitives', { n: Object(1), s: Object('s'), b: Object(true) }],
    ['a hole', { holey }],
    ['deep nesting', JSON.parse('['.repeat(400) + ']'.repeat(400))],
    ['a lone surrogate', { s: 'a\uD800b' }],
  ];

  it.each(cases)('gives what a JSON round trip gives: %s', (_, value) => {
    const copy = jsonCopy(value);
    expect(copy).toStrictEqual(roundTrip(value));
    expect(JSON.stringify(copy)).toBe(JSON.stringify(value));
    expect(Object.getPrototypeOf(copy)).toBe(Object.getPrototypeOf(roundTrip(value)));
  });

  it('shares nothing with the original', () => {
    const original = { a: { b: [{ c: 1 }] } };
    const copy = jsonCopy(original);
    copy.a.b[0].c = 2;
    copy.a.b.push({ c: 3 });
    expect(original).toEqual({ a: { b: [{ c: 1 }] } });
  });

  it('throws what JSON.stringify throws', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = { again: cyclic };
    expect(() => jsonCopy(cyclic)).toThrow(TypeError);
    expect(() => jsonCopy({ n: 1n })).toThrow(TypeError);
  });
});
