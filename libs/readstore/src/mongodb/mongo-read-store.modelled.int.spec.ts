import { readStoreContract } from '../../contract/read-store.contract';
import { MongoReadStore } from './mongo-read-store';
import { CHECKPOINTS, LEASES } from './names';
import { inMemoryMongo } from './testing/in-memory-mongo';

/*
 * The contract again, on an in-memory model of MongoDB's semantics: it drives this
 * adapter's own logic (batches, guards, checkpoints, leases, paging) on every run, server
 * or not. The server-backed suite (mongo-read-store.int.spec.ts) is the real proof.
 */
for (const transactions of [false, true]) {
  readStoreContract(`mongodb, modelled in memory, ${transactions ? 'replica set (transactions)' : 'standalone (guard only)'}`, async () => ({
    store: new MongoReadStore(inMemoryMongo(transactions)),
    cleanup: async () => undefined,
  }));
}

describe('MongoReadStore on the in-memory model', () => {
  describe.each([false, true])('transactions: %s', (transactions) => {
    let mongo: ReturnType<typeof inMemoryMongo>;
    let store: MongoReadStore;
    beforeEach(() => {
      mongo = inMemoryMongo(transactions);
      store = new MongoReadStore(mongo);
    });
    const stored = (collection: string, id: string) => mongo.collections.get(collection)?.docs.get(id);

    it('creates its checkpoints and leases collections up front, never implicitly inside a transaction', async () => {
      await store.ensureCollection('jobs', []);
      expect([mongo.collections.has(CHECKPOINTS), mongo.collections.has(LEASES)]).toEqual([true, true]);
      await store.ensureCollection('desks', []); // and once only: a second projection finds them there
    });

    it('stores each document with its batch position and the checkpoint as bigints, and never shows the guard', async () => {
      await store.applyBatch('jobs', 2n ** 60n, async (w) => w.put('jobs', { _id: 'j1', lastPosition: '7' }));
      expect(stored('jobs', 'j1')).toEqual({ _id: 'j1', lastPosition: '7', _lastPosition: 2n ** 60n });
      expect(stored('checkpoints', 'jobs')).toEqual({ _id: 'jobs', position: 2n ** 60n });
      await expect(store.collection('jobs').get('j1')).resolves.toEqual({ _id: 'j1', lastPosition: '7' });
      await expect(store.collection('jobs').find({})).resolves.toEqual({ items: [{ _id: 'j1', lastPosition: '7' }], nextCursor: null });
      await store.applyBatch('jobs', 2n ** 60n + 1n, async (w) => {
        await expect(w.get('jobs', 'j1')).resolves.toEqual({ _id: 'j1', lastPosition: '7' });
      });
    });

    it('never puts back an older state: a replayed batch leaves newer documents as they are', async () => {
      await store.applyBatch('jobs', 10n, async (w) => w.put('jobs', { _id: 'j1', v: 'new' }));
      await store.applyBatch('jobs', 10n, async (w) => w.put('jobs', { _id: 'j1', v: 'same batch again' }));
      await store.applyBatch('jobs', 5n, async (w) => {
        w.put('jobs', { _id: 'j1', v: 'old' });
        w.put('jobs', { _id: 'j2', v: 'first write' });
      });
      await store.applyBatch('jobs', 6n, async (w) => w.delete('jobs', 'j1'));
      await expect(store.collection('jobs').get('j1')).resolves.toEqual({ _id: 'j1', v: 'new' });
      await expect(store.collection('jobs').get('j2')).resolves.toEqual({ _id: 'j2', v: 'first write' });
    });

    it('fails the batch on any other write error, and keeps the checkpoint', async () => {
      await store.applyBatch('jobs', 1n, async (w) => w.put('jobs', { _id: 'j1', v: 1 }));
      const jobs = mongo.collections.get('jobs')!;
      const rejected = Object.assign(new Error('Document failed validation'), { code: 121, writeErrors: [{ index: 0, code: 121 }] });
      jest.spyOn(jobs, 'bulkWrite').mockRejectedValueOnce(rejected);
      await expect(store.applyBatch('jobs', 2n, async (w) => w.put('jobs', { _id: 'j1', v: 2 }))).rejects.toBe(rejected);
      await expect(store.getCheckpoint('jobs')).resolves.toBe(1n);
    });

    it('a reset stopped half way leaves no checkpoint over emptied documents', async () => {
      await store.ensureCollection('jobs', []);
      await store.ensureCollection('desks', []);
      await store.applyBatch('jobs', 5n, async (w) => {
        w.put('jobs', { _id: 'j1', v: 1 });
        w.put('desks', { _id: 'd1', v: 1 });
      });
      jest.spyOn(mongo.collections.get('desks')!, 'deleteMany').mockRejectedValueOnce(new Error('connection reset'));
      await expect(store.reset('jobs', ['jobs', 'desks'])).rejects.toThrow('connection reset');
      // Without transactions the first steps stay done; what a restart must not find is a
      // checkpoint at 5 over a read model that lost what was built up to 5.
      await expect(store.getCheckpoint('jobs')).resolves.toBeNull();
      await store.reset('jobs', ['jobs', 'desks']);
      expect([mongo.collections.get('jobs')!.docs.size, mongo.collections.get('desks')!.docs.size]).toEqual([0, 0]);
    });

    it('replaces an index whose declaration changed, and keeps its _id tie-breaker', async () => {
      await store.ensureCollection('jobs', [{ name: 'ready', fields: [['phase', 1]] }]);
      await store.ensureCollection('jobs', [{ name: 'ready', fields: [['phase', 1], ['priority', -1]] }]);
      expect(mongo.collections.get('jobs')!.indexes.get('ready')).toEqual({ phase: 1, priority: -1, _id: 1 });
    });
  });

  it('reads positions inside the transaction and writes only what is older there', async () => {
    const mongo = inMemoryMongo(true);
    const store = new MongoReadStore(mongo);
    await store.applyBatch('jobs', 10n, async (w) => w.put('jobs', { _id: 'j1', v: 'new' }));
    const jobs = mongo.collections.get('jobs')!;
    const bulkWrite = jest.spyOn(jobs, 'bulkWrite');
    await store.applyBatch('jobs', 8n, async (w) => {
      w.put('jobs', { _id: 'j1', v: 'old' });
      w.put('jobs', { _id: 'j2', v: 'fresh' });
    });
    // No write that would fail (a failed write aborts a transaction): j1 is left out.
    expect(bulkWrite).toHaveBeenCalledWith([expect.objectContaining({ replaceOne: expect.objectContaining({ filter: { _id: 'j2' } }) })], expect.objectContaining({ session: expect.anything() }));
    await expect(store.collection('jobs').get('j1')).resolves.toEqual({ _id: 'j1', v: 'new' });
  });
});
