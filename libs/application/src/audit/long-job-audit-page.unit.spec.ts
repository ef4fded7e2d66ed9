import { newEvent } from '../../../eventstore/contract/fixtures';
import { CountingStore } from '../../../eventstore/contract/counting-store';
import { inLogOrder } from '../../../eventstore/src/port';
import { SqliteEventStore } from '../../../eventstore/src/sqlite/sqlite-event-store';
import type { JobEvent } from '../../../domain/src/job/events';
import { claimed, completed, evidence, failed, jobCreated, started } from '../../../domain/src/testing/job-fixtures';
import { streams } from '../../../domain/src/shared/streams';
import { toAuditEvent, toJobStreamEvent } from './audit-event';
import { jobAuditPage, type JobAuditPage } from './audit-reader';
import { sealingsOf } from './sealed-record';

const JOB = 'agents-0000beef';
const HEARTBEATS = 2000;

const heartbeat = (serviceEventId: string, i: number): JobEvent => ({
  type: 'LeaseExtended', data: { serviceEventId, leaseExpiresAt: new Date(Date.UTC(2026, 2, 2, 9) + i * 5000).toISOString() },
});

describe('jobAuditPage of an agent job that heartbeated for hours', () => {
  let store: CountingStore;
  beforeEach(() => {
    store = new CountingStore(SqliteEventStore.open({ file: ':memory:' }));
  });
  afterEach(() => store.close());

  const job = (e: JobEvent) => store.append(streams.job(JOB), [newEvent(e.type, e.data)], 'any');
  const log = (message: string) => store.append(streams.joblog(JOB), [newEvent('LogAppended', { attemptNumber: 1, level: 'info', message })], 'any');
  /** What the sealer and the signal reactor append for a record, after `linesBefore` more log lines. */
  const seal = async (recordId: string, linesBefore: number) => {
    for (let i = 0; i < linesBefore; i++) await log(`after the completion ${i}`);
    await store.append(streams.record(recordId), [newEvent('RecordSealed', { recordId, jobId: JOB })], 'no_stream');
    await store.append(streams.signal(recordId), [newEvent('SignalEmitted', { recordId, jobId: JOB })], 'no_stream');
  };
  /** `count` heartbeats of one ServiceEvent, a log line every tenth, evidence at the given heartbeats. */
  const run = async (serviceEventId: string, count: number, evidenceAt: readonly number[] = []) => {
    for (let i = 0; i < count; i++) {
      await job(heartbeat(serviceEventId, i));
      if (i % 10 === 0) await log(`${serviceEventId} step ${i}`);
      if (evidenceAt.includes(i)) await job(evidence(serviceEventId, `shot-${i}`));
    }
  };

  /**
   * Three attempts of 2,000 heartbeats in all: the first fails, the second (with evidence among its
   * heartbeats) completes and seals, the third is forced complete while it still runs. Each record
   * is sealed after dozens of log lines, so a cursor falls between a sealing and its record.
   */
  const appendJob = async () => {
    await job(jobCreated({ jobId: JOB, projectSlug: 'agents', reviewRequired: false, maxAttempts: 3, requiredEvidence: [], allowedEvidence: ['shot-100', 'shot-500'] }));
    await job(claimed('se-1', 1));
    await job(started('se-1'));
    await run('se-1', 500);
    await job(failed('se-1'));
    await job(claimed('se-2', 2));
    await job(started('se-2'));
    await run('se-2', 900, [100, 500]);
    await job(completed('se-2'));
    const [firstSealing] = sealingsOf((await store.readStream(streams.job(JOB))).map((e) => toJobStreamEvent(toAuditEvent(e))));
    await seal(firstSealing.recordId, 35);
    await job({ type: 'JobResubmitted', data: { reason: 'again, with the new model' } });
    await job(claimed('se-3', 3));
    await job(started('se-3'));
    await run('se-3', HEARTBEATS - 1400);
    await job({ type: 'JobForceCompleted', data: { reason: 'good enough' } });
    const [, forced] = sealingsOf((await store.readStream(streams.job(JOB))).map((e) => toJobStreamEvent(toAuditEvent(e))));
    await seal(forced.recordId, 25);
  };

  /** The job's streams named as the whole job stream names them, and all their events in log order. */
  const wholeHistory = async () => {
    const recordIds = sealingsOf((await store.readStream(streams.job(JOB))).map((e) => toJobStreamEvent(toAuditEvent(e)))).map((s) => s.recordId);
    const names = [streams.job(JOB), streams.joblog(JOB), ...recordIds.flatMap((id) => [streams.record(id), streams.signal(id)])];
    const events = (await Promise.all(names.map((name) => store.readStream(name)))).flat().sort(inLogOrder);
    return { names, positions: events.map((e) => e.position.toString()) };
  };

  it('reads a bounded number of events per page, not the job stream again', async () => {
    await appendJob();
    const jobEvents = (await store.readStream(streams.job(JOB))).length;
    expect(jobEvents).toBeGreaterThan(HEARTBEATS);
    let after: bigint | null = null;
    let mostRead = 0;
    for (let page = 0; page < 20; page++) {
      store.eventsRead = 0;
      const { events }: JobAuditPage = await jobAuditPage(store, JOB, after, 10);
      mostRead = Math.max(mostRead, store.eventsRead);
      after = BigInt(events[events.length - 1].position);
    }
    const deep = (await store.readStream(streams.job(JOB), { fromRevision: 1500, maxCount: 1 }))[0].position;
    store.eventsRead = 0;
    await jobAuditPage(store, JOB, deep, 10);
    mostRead = Math.max(mostRead, store.eventsRead);
    expect(mostRead).toBeLessThanOrEqual(250);
  });

  it('replays, page by page, exactly the whole merged history, every page naming every stream', async () => {
    await appendJob();
    const whole = await wholeHistory();
    expect(whole.names).toHaveLength(6);
    const paged: string[] = [];
    let after: bigint | null = null;
    for (let pages = 0; ; pages++) {
      expect(pages).toBeLessThan(whole.positions.length);
      const page: JobAuditPage = await jobAuditPage(store, JOB, after, 10);
      expect(page.streams).toEqual(whole.names);
      paged.push(...page.events.map((e) => e.position));
      if (!page.more) break;
      after = BigInt(page.events[page.events.length - 1].position);
    }
    expect(paged).toEqual(whole.positions);
  });
});
