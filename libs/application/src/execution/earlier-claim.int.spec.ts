import { JOB_CLAIMS, JOBS, jobsProjection } from '../../../../projections/jobs';
import { agent, ev, resetLog } from '../../../../projections/testing';
import type { RecordedEvent } from '../../../eventstore/src/port';
import type { Doc, ReadCollection } from '../../../readstore/src/port';
import type { SqliteReadStore } from '../../../readstore/src/sqlite/sqlite-read-store';
import { tempReadStore } from '../../../readstore/src/sqlite/testing/temp-read-store';
import { earlierClaim } from './earlier-claim';

const byCommand = <E extends RecordedEvent>(event: E, commandId: string): E => ({ ...event, metadata: { ...event.metadata, commandId } });

/** A keyed claim-next asks this on every call, repeat or not: it must not read a project's jobs. */
describe('claim-next: the claim an Idempotency-Key made, on the real store', () => {
  const [A, B] = ['acme-0000000a', 'acme-0000000b'];
  let store: SqliteReadStore;
  let cleanup: () => Promise<void>;
  let reads: unknown[][];

  beforeAll(async () => {
    resetLog();
    ({ store, cleanup } = tempReadStore());
    for (const c of jobsProjection.collections) await store.ensureCollection(c.name, c.indexes);
    const bot = agent('bot');
    const events = [
      ev.jobCreated(A), ev.jobCreated(B),
      ...Array.from({ length: 20 }, (_, i) => ev.jobCreated(`acme-${String(i + 100).padStart(8, '0')}`)),
      byCommand(ev.claimed(A, 'se-1', 1, bot), 'cmd-a'), ev.started(A, 'se-1'), ev.completed(A, 'se-1'),
      byCommand(ev.claimed(B, 'se-2', 1, bot), 'cmd-b'),
    ];
    for (const event of events) await store.applyBatch(jobsProjection.name, event.position, (w) => jobsProjection.apply(event, w));
  });
  afterAll(() => cleanup());

  beforeEach(() => {
    reads = [];
    const real = store.collection.bind(store);
    jest.spyOn(store, 'collection').mockImplementation(<T extends Doc>(name: string): ReadCollection<T> => {
      const c = real<T>(name);
      return {
        get: (id) => (reads.push(['get', name, id]), c.get(id)),
        find: (filter, options) => (reads.push(['find', name, filter]), c.find(filter, options)),
        count: (filter) => (reads.push(['count', name, filter]), c.count(filter)),
      };
    });
  });
  afterEach(() => jest.restoreAllMocks());

  it('finds the job by two reads by id, also after that attempt ended and the queue moved on', async () => {
    const job = await earlierClaim(store, 'acme', 'cmd-a');
    expect(job).toMatchObject({ jobId: A, phase: 'done', attempts: [{ serviceEventId: 'se-1', status: 'completed' }] });
    expect(reads).toEqual([['get', JOB_CLAIMS, 'cmd-a'], ['get', JOBS, A]]);
  });

  it('a command that claimed nothing reads one claim id and no job', async () => {
    expect(await earlierClaim(store, 'acme', 'cmd-new')).toBeNull();
    expect(reads).toEqual([['get', JOB_CLAIMS, 'cmd-new']]);
  });

  it('a claim in another project is not answered', async () => {
    expect(await earlierClaim(store, 'beta', 'cmd-b')).toBeNull();
    expect(await earlierClaim(store, 'acme', 'cmd-b')).toMatchObject({ jobId: B, phase: 'active' });
  });
});
