import { CountingStore } from '../../../eventstore/contract/counting-store';
import { newEvent } from '../../../eventstore/contract/fixtures';
import { SqliteEventStore } from '../../../eventstore/src/sqlite/sqlite-event-store';
import type { ReadStore } from '../../../readstore/src/port';
import { streams } from '../../../domain/src/shared/streams';
import type { Principal } from '../auth/principal';
import { GetLogsQuery } from './commands';
import { GetLogsHandler } from './handlers';

describe('GetLogsHandler: what a page reads', () => {
  const admin: Principal = { sub: 'root', role: 'admin' };
  let store: CountingStore;
  let handler: GetLogsHandler;
  beforeEach(async () => {
    store = new CountingStore(SqliteEventStore.open({ file: ':memory:' }));
    const job = { _id: 'j1', projectSlug: 'p', attempts: [{ attemptNumber: 1 }, { attemptNumber: 2 }] };
    const read = { collection: () => ({ get: async () => job }) } as unknown as ReadStore;
    handler = new GetLogsHandler(store, read);
    for (let i = 0; i < 3_000; i++) {
      await store.append(streams.joblog('j1'), [newEvent('LogAppended', { attemptNumber: i < 2_500 ? 1 : 2, level: 'info', message: `line ${i}` })], 'any');
    }
    store.eventsRead = 0;
  });
  afterEach(() => store.close());

  it('reads no line for a page of none: the checks alone (what an attempt stream asks before it opens)', async () => {
    await expect(handler.execute(new GetLogsQuery(admin, 'j1', 2, undefined, 0))).resolves.toMatchObject({ entries: [], nextCursor: null });
    expect(store.eventsRead).toBe(0);
    await expect(handler.execute(new GetLogsQuery(admin, 'j1', 3, undefined, 0))).rejects.toMatchObject({ code: 'ATTEMPT_NOT_FOUND' });
  });

  it('reads about the page it answers, not a thousand lines, when the attempt is where it starts', async () => {
    const page = await handler.execute(new GetLogsQuery(admin, 'j1', 1, 10, 1));
    expect(page.entries.map((e) => e.seq)).toEqual([11]);
    expect(store.eventsRead).toBeLessThanOrEqual(100);
  });

  it('still finds an attempt whose lines come after many of another', async () => {
    const page = await handler.execute(new GetLogsQuery(admin, 'j1', 2, undefined, 3));
    expect(page.entries.map((e) => e.seq)).toEqual([2_500, 2_501, 2_502]);
    expect(page.nextCursor).toBe('2502');
  });
});
