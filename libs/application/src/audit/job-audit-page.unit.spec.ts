import { newEvent } from '../../../eventstore/contract/fixtures';
import type { EventStore } from '../../../eventstore/src/port';
import { SqliteEventStore } from '../../../eventstore/src/sqlite/sqlite-event-store';
import { streams } from '../../../domain/src/shared/streams';
import { jobAuditPage } from './audit-reader';

const JOB = 'proj-0000abcd';

describe("jobAuditPage (a page of a job's replay across its streams)", () => {
  let store: EventStore;
  beforeEach(() => {
    store = SqliteEventStore.open({ file: ':memory:' });
  });
  afterEach(() => store.close());

  /** The job stream first, its log after: the replay's last pages come from the log alone. */
  const appendJob = async () => {
    const order: Array<'job' | 'log'> = ['job', 'log', 'log', 'job', ...Array<'log'>(8).fill('log')];
    for (const where of order) {
      await store.append(where === 'job' ? streams.job(JOB) : streams.joblog(JOB), [newEvent(where === 'job' ? 'JobNoted' : 'LogLine')], 'any');
    }
  };

  it('pages through every event once, in order, for every page size, and says where it ends', async () => {
    await appendJob();
    const whole = await jobAuditPage(store, JOB, null, 1000);
    expect(whole.events.map((e) => e.type)).toEqual(['JobNoted', 'LogLine', 'LogLine', 'JobNoted', ...Array(8).fill('LogLine')]);
    expect(whole.more).toBe(false);
    for (let limit = 1; limit <= 13; limit++) {
      const paged: string[] = [];
      let after: bigint | null = null;
      for (let pages = 0; pages <= 12; pages++) {
        const page = await jobAuditPage(store, JOB, after, limit);
        expect(page.events.length).toBeGreaterThan(0);
        expect(page.events.length).toBeLessThanOrEqual(limit);
        paged.push(...page.events.map((e) => e.position));
        if (!page.more) break;
        after = BigInt(page.events[page.events.length - 1].position);
      }
      expect([limit, paged]).toEqual([limit, whole.events.map((e) => e.position)]);
    }
  });

  it('gives an empty page, and no next one, for a cursor at the last event', async () => {
    await appendJob();
    const whole = await jobAuditPage(store, JOB, null, 1000);
    const last = BigInt(whole.events[whole.events.length - 1].position);
    expect(await jobAuditPage(store, JOB, last, 5)).toMatchObject({ events: [], more: false });
  });
});
