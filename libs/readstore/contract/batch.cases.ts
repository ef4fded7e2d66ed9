import type { Doc } from '../src/port';
import { type Harness, nextPosition, putDocs } from './harness';

export const batchCases = ({ store }: Harness): void => {
  describe('documents and batches', () => {
    it('stores a document through applyBatch and reads it back', async () => {
      await putDocs(store(), 'items', [{ _id: 'a', title: 'Wash', nested: { n: 1, list: [1, 'x', null] } }]);
      await expect(store().collection('items').get('a')).resolves.toEqual({ _id: 'a', title: 'Wash', nested: { n: 1, list: [1, 'x', null] } });
      await expect(store().collection('items').get('missing')).resolves.toBeNull();
    });

    it('replaces a document on put (no merge) and removes it on delete', async () => {
      await putDocs(store(), 'items', [{ _id: 'a', title: 'Wash', extra: true }]);
      await putDocs(store(), 'items', [{ _id: 'a', title: 'Polish' }]);
      await expect(store().collection('items').get('a')).resolves.toEqual({ _id: 'a', title: 'Polish' });
      await store().applyBatch('p', nextPosition(), async (w) => w.delete('items', 'a'));
      await expect(store().collection('items').get('a')).resolves.toBeNull();
    });

    it('answers "nothing" for a collection that was never written', async () => {
      const empty = store().collection('never_written');
      await expect(empty.get('x')).resolves.toBeNull();
      await expect(empty.find({})).resolves.toEqual({ items: [], nextCursor: null });
      await expect(empty.count({})).resolves.toBe(0);
    });

    it('writes nothing and keeps the checkpoint when the batch work throws', async () => {
      await store().applyBatch('p', 5n, async (w) => w.put('items', { _id: 'kept', v: 1 }));
      const boom = new Error('projection failed');
      const failing = store().applyBatch('p', 6n, async (w) => {
        w.put('items', { _id: 'new', v: 1 });
        w.put('items', { _id: 'kept', v: 2 });
        w.delete('items', 'kept');
        throw boom;
      });
      await expect(failing).rejects.toBe(boom);
      await expect(store().collection('items').get('new')).resolves.toBeNull();
      await expect(store().collection('items').get('kept')).resolves.toEqual({ _id: 'kept', v: 1 });
      await expect(store().getCheckpoint('p')).resolves.toBe(5n);
    });

    it('lets later events of a batch read the writes of earlier ones', async () => {
      await putDocs(store(), 'items', [{ _id: 'old', v: 1 }]);
      const seen: Array<Doc | null> = [];
      await store().applyBatch('p', 1n, async (w) => {
        seen.push(await w.get('items', 'old')); // committed before
        w.put('items', { _id: 'fresh', v: 1 });
        seen.push(await w.get('items', 'fresh')); // buffered in this batch
        w.put('items', { _id: 'fresh', v: 2 });
        seen.push(await w.get('items', 'fresh')); // the latest buffered version
        w.delete('items', 'old');
        seen.push(await w.get('items', 'old')); // deleted in this batch
      });
      expect(seen).toEqual([{ _id: 'old', v: 1 }, { _id: 'fresh', v: 1 }, { _id: 'fresh', v: 2 }, null]);
      await expect(store().collection('items').get('fresh')).resolves.toEqual({ _id: 'fresh', v: 2 });
    });

    it('stores what was put, even if the projection mutates the object afterwards', async () => {
      await store().applyBatch('p', 1n, async (w) => {
        const doc = { _id: 'a', tags: ['one'] };
        w.put('items', doc);
        doc.tags.push('two');
        const copy = await w.get<{ _id: string; tags: string[] }>('items', 'a');
        copy?.tags.push('three');
      });
      await expect(store().collection('items').get('a')).resolves.toEqual({ _id: 'a', tags: ['one'] });
    });

    it('keeps an independent checkpoint per name, bigint-exact', async () => {
      await expect(store().getCheckpoint('never')).resolves.toBeNull();
      await store().applyBatch('one', 2n ** 60n + 1n, async () => undefined);
      await store().applyBatch('two', 0n, async () => undefined);
      await expect(store().getCheckpoint('one')).resolves.toBe(2n ** 60n + 1n);
      await expect(store().getCheckpoint('two')).resolves.toBe(0n);
      await store().applyBatch('one', 2n ** 60n + 7n, async () => undefined);
      await expect(store().getCheckpoint('one')).resolves.toBe(2n ** 60n + 7n);
    });

    it('reset drops the named collections and checkpoint, and nothing else', async () => {
      await store().ensureCollection('a_docs', [{ name: 'byV', fields: [['v', 1]] }]);
      await store().applyBatch('proj', 3n, async (w) => {
        w.put('a_docs', { _id: '1', v: 1 });
        w.put('b_docs', { _id: '1', v: 1 });
      });
      await putDocs(store(), 'other', [{ _id: 'x' }], 'other-proj');
      const otherCheckpoint = await store().getCheckpoint('other-proj');
      await store().reset('proj', ['a_docs', 'b_docs']);
      await expect(store().collection('a_docs').count({})).resolves.toBe(0);
      await expect(store().collection('b_docs').count({})).resolves.toBe(0);
      await expect(store().getCheckpoint('proj')).resolves.toBeNull();
      await expect(store().collection('other').get('x')).resolves.toEqual({ _id: 'x' });
      await expect(store().getCheckpoint('other-proj')).resolves.toBe(otherCheckpoint);
      // The collection is still usable (indexes and all) for the rebuild that follows.
      await store().ensureCollection('a_docs', [{ name: 'byV', fields: [['v', 1]] }]);
      await store().applyBatch('proj', 0n, async (w) => w.put('a_docs', { _id: '2', v: 2 }));
      await expect(store().collection('a_docs').find({ v: 2 })).resolves.toEqual({ items: [{ _id: '2', v: 2 }], nextCursor: null });
    });
  });
};
