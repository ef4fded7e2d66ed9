import { LeaseLostError } from '../src/lease-lost';
import type { Harness } from './harness';
import { putDocs } from './harness';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export const leaseCases = ({ store }: Harness): void => {
  describe('leases', () => {
    it('grants a free lease, renews it for its holder and refuses another holder meanwhile', async () => {
      await expect(store().tryAcquireLease('proj', 'worker-a', 60_000)).resolves.toBe(true);
      await expect(store().tryAcquireLease('proj', 'worker-b', 60_000)).resolves.toBe(false);
      await expect(store().tryAcquireLease('proj', 'worker-a', 60_000)).resolves.toBe(true);
      const lease = await store().getLease('proj');
      expect(lease).toMatchObject({ name: 'proj', holder: 'worker-a' });
      expect(lease!.expiresAt).toBeGreaterThan(Date.now());
    });

    it('lets another holder take a lease its holder stopped renewing', async () => {
      await expect(store().tryAcquireLease('proj', 'worker-a', 30)).resolves.toBe(true);
      await sleep(60);
      await expect(store().tryAcquireLease('proj', 'worker-b', 60_000)).resolves.toBe(true);
      await expect(store().tryAcquireLease('proj', 'worker-a', 60_000)).resolves.toBe(false);
      await expect(store().getLease('proj')).resolves.toMatchObject({ holder: 'worker-b' });
    });

    it('hands a released lease over at once, and ignores a release by a non-holder', async () => {
      await store().tryAcquireLease('proj', 'worker-a', 60_000);
      await store().releaseLease('proj', 'worker-b');
      await expect(store().tryAcquireLease('proj', 'worker-b', 60_000)).resolves.toBe(false);
      await store().releaseLease('proj', 'worker-a');
      await expect(store().tryAcquireLease('proj', 'worker-b', 60_000)).resolves.toBe(true);
    });

    it('keeps leases of different names apart, and knows no holder of an untaken one', async () => {
      await expect(store().tryAcquireLease('one', 'worker-a', 60_000)).resolves.toBe(true);
      await expect(store().tryAcquireLease('two', 'worker-b', 60_000)).resolves.toBe(true);
      await expect(store().getLease('three')).resolves.toBeNull();
    });

    it('grants a contested free lease to exactly one of many concurrent callers', async () => {
      const holders = Array.from({ length: 8 }, (_, i) => `worker-${i}`);
      const granted = await Promise.all(holders.map((h) => store().tryAcquireLease('contested', h, 60_000)));
      expect(granted.filter(Boolean)).toHaveLength(1);
    });
  });

  describe('fenced writes (a worker under a processor\'s lease)', () => {
    const fence = { lease: 'p', holder: 'me' };
    const put = (position: bigint, id: string) => store().applyBatch('p', position, async (w) => w.put('items', { _id: id }), fence);
    const ids = async () => (await store().collection('items').find({})).items.map((d) => d._id);

    it('commits a fenced batch only while its holder has the lease unexpired', async () => {
      await expect(put(1n, 'never-held')).rejects.toBeInstanceOf(LeaseLostError);
      await store().tryAcquireLease('p', 'me', 60_000);
      await put(2n, 'held');
      await store().tryAcquireLease('p', 'me', -1); // lapsed: its holder renewed it too late
      await expect(put(3n, 'lapsed')).rejects.toBeInstanceOf(LeaseLostError);
      await store().tryAcquireLease('p', 'other', 60_000);
      await expect(put(4n, 'taken')).rejects.toBeInstanceOf(LeaseLostError);
      await expect(store().applyBatch('p', 5n, async () => undefined, fence)).rejects.toBeInstanceOf(LeaseLostError); // a checkpoint alone too
      await expect(store().getCheckpoint('p')).resolves.toBe(2n);
      await expect(ids()).resolves.toEqual(['held']);
    });

    it('resets only while its holder has the lease, and then does', async () => {
      await store().tryAcquireLease('p', 'me', 60_000);
      await put(1n, 'kept');
      await store().tryAcquireLease('p', 'me', -1);
      await store().tryAcquireLease('p', 'other', 60_000);
      await expect(store().reset('p', ['items'], fence)).rejects.toBeInstanceOf(LeaseLostError);
      await expect(ids()).resolves.toEqual(['kept']);
      await expect(store().getCheckpoint('p')).resolves.toBe(1n);
      await expect(store().tryAcquireLease('p', 'me', 60_000)).resolves.toBe(false); // 'other' holds it
      await store().releaseLease('p', 'other');
      await store().tryAcquireLease('p', 'me', 60_000);
      await store().reset('p', ['items'], fence);
      await expect(ids()).resolves.toEqual([]);
      await expect(store().getCheckpoint('p')).resolves.toBeNull();
    });
  });

  describe('dropping a collection', () => {
    it('removes its documents, leaves others alone, and lets the name be used again', async () => {
      await putDocs(store(), 'gone', [{ _id: 'a', v: 1 }]);
      await putDocs(store(), 'kept', [{ _id: 'b', v: 2 }]);
      await store().dropCollection('gone');
      await expect(store().collection('gone').count({})).resolves.toBe(0);
      await expect(store().collection('kept').get('b')).resolves.toEqual({ _id: 'b', v: 2 });
      await putDocs(store(), 'gone', [{ _id: 'c', v: 3 }]);
      await expect(store().collection('gone').get('c')).resolves.toEqual({ _id: 'c', v: 3 });
      await expect(store().dropCollection('never_made')).resolves.toBeUndefined();
    });
  });
};
