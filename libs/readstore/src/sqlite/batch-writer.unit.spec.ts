import { BatchWriter } from './batch-writer';

type Item = { _id: string; v: number; tags: string[]; nested: { n: number } };

/** A writer over a pretend table, counting how often the store is asked. */
const writerOver = (stored: Record<string, string>) => {
  const reads: string[] = [];
  const writer = new BatchWriter((collection, id) => {
    reads.push(`${collection}/${id}`);
    return stored[id] ?? null;
  });
  return { writer, reads };
};

/** Calls of JSON.parse / JSON.stringify on one document of this test (jest's own calls aside). */
const countJson = (id: string) => {
  const parse = jest.spyOn(JSON, 'parse');
  const stringify = jest.spyOn(JSON, 'stringify');
  const idOf = (value: unknown) => (typeof value === 'object' && value !== null ? (value as { _id?: unknown })._id : undefined);
  return {
    parses: () => parse.mock.calls.filter(([text]) => text.includes(`"_id":"${id}"`)).length,
    stringifies: () => stringify.mock.calls.filter(([value]) => idOf(value) === id).length,
    restore: () => (parse.mockRestore(), stringify.mockRestore()),
  };
};

describe('BatchWriter', () => {
  const stored = { 'doc-1': JSON.stringify({ _id: 'doc-1', v: 0, tags: [], nested: { n: 0 } }) };

  it('parses a document touched once when it is read and serializes it when it is put, once each, as always', async () => {
    const { writer } = writerOver(stored);
    const json = countJson('doc-1');
    try {
      const doc = (await writer.get<Item>('items', 'doc-1')) as Item;
      writer.put('items', { ...doc, v: 1 });
      const writes = writer.writes();
      expect([json.parses(), json.stringifies()]).toEqual([1, 1]);
      expect(writes).toEqual([{ collection: 'items', id: 'doc-1', json: JSON.stringify({ _id: 'doc-1', v: 1, tags: [], nested: { n: 0 } }) }]);
    } finally {
      json.restore();
    }
  });

  it('parses and serializes a document at most twice per batch, however many events read and replace it', async () => {
    for (const start of ['stored', 'put in the batch'] as const) {
      const { writer, reads } = writerOver(stored);
      const json = countJson('doc-1');
      try {
        if (start === 'put in the batch') writer.put('items', { _id: 'doc-1', v: 0, tags: [], nested: { n: 0 } });
        for (let i = 1; i <= 20; i++) {
          const doc = (await writer.get<Item>('items', 'doc-1')) as Item;
          writer.put('items', { ...doc, v: i, tags: [...doc.tags, `t${i}`] });
        }
        const writes = writer.writes();
        expect(json.parses()).toBeLessThanOrEqual(2);
        expect(json.stringifies()).toBeLessThanOrEqual(2);
        expect(writes).toHaveLength(1);
        expect(JSON.parse(writes[0].json as string)).toEqual({ _id: 'doc-1', v: 20, tags: Array.from({ length: 20 }, (_, i) => `t${i + 1}`), nested: { n: 0 } });
      } finally {
        json.restore();
      }
      expect(reads).toEqual(start === 'stored' ? ['items/doc-1'] : []); // then from the batch
    }
  });

  it('hands out copies: mutating what get returned changes neither later reads nor what is written', async () => {
    const { writer } = writerOver(stored);
    const first = (await writer.get<Item>('items', 'doc-1')) as Item; // the first read, from the store
    first.tags.push('mutated');
    first.nested.n = 99;
    const second = (await writer.get<Item>('items', 'doc-1')) as Item; // parsed again, kept by the batch
    expect(second).toEqual({ _id: 'doc-1', v: 0, tags: [], nested: { n: 0 } });
    second.nested.n = 98;
    expect(await writer.get('items', 'doc-1')).toEqual({ _id: 'doc-1', v: 0, tags: [], nested: { n: 0 } });
    expect(writer.writes()).toEqual([]); // reads alone write nothing

    const put: Item = { _id: 'doc-1', v: 1, tags: ['a'], nested: { n: 1 } };
    writer.put('items', put);
    put.tags.push('after put');
    put.nested.n = 2;
    const third = (await writer.get<Item>('items', 'doc-1')) as Item;
    third.tags.push('from get');
    third.nested.n = 3;
    expect(await writer.get('items', 'doc-1')).toEqual({ _id: 'doc-1', v: 1, tags: ['a'], nested: { n: 1 } });
    expect(writer.writes()).toEqual([{ collection: 'items', id: 'doc-1', json: JSON.stringify({ _id: 'doc-1', v: 1, tags: ['a'], nested: { n: 1 } }) }]);
  });

  it('gives back exactly what a JSON round trip would, and writes the same text', async () => {
    const { writer } = writerOver({});
    const odd = {
      _id: 'doc-odd',
      at: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)),
      missing: undefined,
      list: [undefined, NaN, -0, Infinity, () => 1, { deep: [1, 'x', null, true] }],
      zero: -0,
      keys: { b: 1, 2: 'two', a: 2, 1: 'one' },
    };
    writer.put('items', odd);
    const roundTrip = JSON.parse(JSON.stringify(odd));
    const got = await writer.get('items', 'doc-odd');
    expect(got).toStrictEqual(roundTrip);
    expect(Object.is(got?.zero, 0)).toBe(true);
    expect(writer.writes()[0].json).toBe(JSON.stringify(odd));
  });

  it('refuses, at put, a value JSON cannot hold', () => {
    const { writer } = writerOver({});
    expect(() => writer.put('items', { _id: 'doc-big', n: 1n })).toThrow(TypeError);
    const cyclic: { _id: string; self?: unknown } = { _id: 'doc-cyclic' };
    cyclic.self = cyclic;
    expect(() => writer.put('items', cyclic)).toThrow(TypeError);
    expect(writer.writes()).toEqual([]);
  });

  it('remembers a missing document and a deletion for the rest of the batch', async () => {
    const { writer, reads } = writerOver(stored);
    expect(await writer.get('items', 'doc-none')).toBeNull();
    expect(await writer.get('items', 'doc-none')).toBeNull();
    writer.delete('items', 'doc-1');
    expect(await writer.get('items', 'doc-1')).toBeNull();
    expect(reads).toEqual(['items/doc-none']);
    expect(writer.writes()).toEqual([{ collection: 'items', id: 'doc-1', json: null }]);
  });

  it('tells which documents the store did not have when the batch read them (the hint that a put inserts)', async () => {
    const { writer } = writerOver(stored);
    await writer.get('items', 'doc-none');
    await writer.get('items', 'doc-1');
    writer.put('items', { _id: 'doc-none', v: 1 });
    writer.put('items', { _id: 'doc-unread', v: 1 });
    writer.delete('items', 'doc-1');
    expect(['doc-none', 'doc-1', 'doc-unread'].map((id) => writer.wasMissing('items', id))).toEqual([true, false, false]);
    expect(writer.wasMissing('other', 'doc-none')).toBe(false);
  });
});
