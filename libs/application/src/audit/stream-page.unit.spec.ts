import { newEvent } from '../../../eventstore/contract/fixtures';
import { CountingStore } from '../../../eventstore/contract/counting-store';
import { DelegatingEventStore } from '../../../eventstore/src/delegating-event-store';
import type { Position, ReadStreamOptions, RecordedEvent } from '../../../eventstore/src/port';
import { SqliteEventStore } from '../../../eventstore/src/sqlite/sqlite-event-store';
import { readStreamAfter } from './stream-page';

describe('readStreamAfter (a page of one stream after a global position)', () => {
  let store: CountingStore;
  beforeEach(() => {
    store = new CountingStore(SqliteEventStore.open({ file: ':memory:' }));
  });
  afterEach(() => store.close());

  /** Streams `a` and `b` appended in turns, so each stream's positions have gaps the other fills. */
  const interleave = async (count: number) => {
    for (let i = 0; i < count; i++) {
      await store.append('a', [newEvent('A')], 'any');
      await store.append('b', [newEvent('B')], 'any');
    }
    return { a: await store.readStream('a'), b: await store.readStream('b') };
  };

  it('gives what follows the cursor in the stream, whichever position the cursor names', async () => {
    const { a, b } = await interleave(20);
    const cursors: Array<Position | null> = [null, 0n, ...a.map((e) => e.position), ...b.map((e) => e.position), b[b.length - 1].position + 10n];
    for (const after of cursors) {
      for (const maxCount of [1, 3, 50]) {
        const expected = a.filter((e) => after === null || e.position > after).slice(0, maxCount);
        expect((await readStreamAfter(store, 'a', after, maxCount)).map((e) => e.revision)).toEqual(expected.map((e) => e.revision));
      }
    }
  });

  it('reads the page and a few single events, not the stream before the cursor', async () => {
    const { a } = await interleave(1000);
    store.eventsRead = 0;
    const page = await readStreamAfter(store, 'a', a[899].position, 10);
    expect(page.map((e) => e.revision)).toEqual([900, 901, 902, 903, 904, 905, 906, 907, 908, 909]);
    expect(store.eventsRead).toBeLessThanOrEqual(10 + Math.ceil(Math.log2(1001)));
  });

  it('finds the boundary when the stream has lost its first revisions (a truncated stream reads on from the next it holds)', async () => {
    const { a } = await interleave(20);
    const firstKept = 7;
    const truncated = new (class extends DelegatingEventStore {
      override readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
        return super.readStream(streamId, { ...options, fromRevision: Math.max(options?.fromRevision ?? 0, firstKept) });
      }
    })(store);
    const kept = a.slice(firstKept);
    for (const after of [0n, a[3].position, a[firstKept].position, a[12].position, a[19].position]) {
      const expected = kept.filter((e) => e.position > after).slice(0, 4).map((e) => e.revision);
      expect([after, (await readStreamAfter(truncated, 'a', after, 4)).map((e) => e.revision)]).toEqual([after, expected]);
    }
  });

  it('gives nothing for a stream that does not exist', async () => {
    expect(await readStreamAfter(store, 'nowhere', null, 10)).toEqual([]);
    expect(await readStreamAfter(store, 'nowhere', 5n, 10)).toEqual([]);
  });
});
