import type { Doc } from '../port';
import { MongoBatchWriter } from './batch-writer';

type Item = { _id: string; tags: string[]; v?: number };

const writerOver = (stored: Record<string, Doc>) => {
  const reads: string[] = [];
  const writer = new MongoBatchWriter(async (collection, id) => {
    reads.push(`${collection}/${id}`);
    return stored[id] ? structuredClone(stored[id]) : null;
  });
  return { writer, reads };
};

describe('MongoBatchWriter', () => {
  it('reads a document from the store once, then from the batch', async () => {
    const { writer, reads } = writerOver({ a: { _id: 'a', tags: [] } });
    await writer.get('items', 'a');
    await writer.get('items', 'a');
    await writer.get('items', 'missing');
    await writer.get('items', 'missing');
    expect(reads).toEqual(['items/a', 'items/missing']);
    expect(writer.writes()).toEqual([]); // reads alone write nothing
  });

  it('lets later events see earlier writes, deletes included, and keeps only the last write per document', async () => {
    const { writer } = writerOver({ a: { _id: 'a', tags: [] } });
    writer.put('items', { _id: 'b', tags: ['1'] });
    writer.put('items', { _id: 'b', tags: ['2'] });
    writer.delete('items', 'a');
    expect(await writer.get('items', 'b')).toEqual({ _id: 'b', tags: ['2'] });
    expect(await writer.get('items', 'a')).toBeNull();
    expect(writer.writes()).toEqual([
      { collection: 'items', id: 'b', doc: { _id: 'b', tags: ['2'] } },
      { collection: 'items', id: 'a', doc: null },
    ]);
  });

  it('holds its own copies: mutating what was put or got changes nothing', async () => {
    const { writer } = writerOver({});
    const put: Item = { _id: 'a', tags: ['one'] };
    writer.put('items', put);
    put.tags.push('after put');
    const got = (await writer.get<Item>('items', 'a')) as Item;
    got.tags.push('from get');
    expect(await writer.get('items', 'a')).toEqual({ _id: 'a', tags: ['one'] });
    expect(writer.writes()[0].doc).toEqual({ _id: 'a', tags: ['one'] });
  });

  it('writes what JSON would: undefined fields dropped (BSON would store null), dates as strings', () => {
    const { writer } = writerOver({});
    writer.put('items', { _id: 'a', gone: undefined, at: new Date(Date.UTC(2026, 0, 2)), list: [undefined] });
    expect(writer.writes()[0].doc).toStrictEqual({ _id: 'a', at: '2026-01-02T00:00:00.000Z', list: [null] });
  });

  it('keeps a put made while its document was being read', async () => {
    const { writer } = writerOver({ a: { _id: 'a', tags: ['stored'] } });
    const reading = writer.get('items', 'a');
    writer.put('items', { _id: 'a', tags: ['put'] });
    await reading;
    expect(await writer.get('items', 'a')).toEqual({ _id: 'a', tags: ['put'] });
  });

  it('refuses, at put, a bad _id, the guard field, a value JSON cannot hold, and a bad or reserved collection', () => {
    const { writer } = writerOver({});
    expect(() => writer.put('items', { _id: '' })).toThrow(expect.objectContaining({ code: 'INVALID_DOCUMENT' }));
    expect(() => writer.put('items', { _id: 'a', _lastPosition: 1 })).toThrow(expect.objectContaining({ code: 'INVALID_DOCUMENT' }));
    expect(() => writer.put('items', { _id: 'a', n: 1n })).toThrow(TypeError);
    expect(() => writer.put('Bad Name', { _id: 'a' })).toThrow(expect.objectContaining({ code: 'INVALID_COLLECTION_NAME' }));
    expect(() => writer.put('checkpoints', { _id: 'a' })).toThrow(expect.objectContaining({ code: 'INVALID_COLLECTION_NAME' }));
    expect(() => writer.delete('leases', 'a')).toThrow(expect.objectContaining({ code: 'INVALID_COLLECTION_NAME' }));
    expect(writer.writes()).toEqual([]);
  });
});
