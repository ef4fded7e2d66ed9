import { setImmediate as nextTurn } from 'node:timers/promises';
import { evolveJob, initialJobState, type JobState } from '../../../domain/src/job/state';
import type { JobEvent } from '../../../domain/src/job/events';
import { ruleViolated } from '../../../domain/src/shared/errors';
import { projectOfJobId } from '../../../domain/src/shared/ids';
import { streams } from '../../../domain/src/shared/streams';
import { CachingEventStore } from '../../../eventstore/src/caching-event-store';
import { DelegatingEventStore } from '../../../eventstore/src/delegating-event-store';
import { inLogOrder, START_POSITION, type EventFilter, type EventStore, type Position, type RecordedEvent } from '../../../eventstore/src/port';
import { toAuditEvent, toJobStreamEvent, type AuditEvent } from './audit-event';
import { sealingEvents } from './sealing-events';
import { sealingsOf, type SealedRecord } from './sealed-record';
import { readStreamAfter } from './stream-page';

/** Events per read of the log: a few milliseconds of the thread, the longest an audit holds it. */
export const LOG_PAGE = 250;

/**
 * The store as it is stored now. The stream cache keeps events parsed when first read, on the
 * premise that the log is never edited; an audit must not share that premise, or an edit made
 * to the file while the server runs would go unseen until a restart.
 */
export const storedLog = (store: EventStore): EventStore => {
  if (store instanceof CachingEventStore) return store.inner;
  // Other decorators (the append timer) may sit in front of the cache: look through them.
  return store instanceof DelegatingEventStore ? storedLog(store.inner) : store;
};

/**
 * Every event of the log passing `filter` and `keep`, in global order, read a page at a time,
 * with a turn of the event loop between pages: on the embedded store a read holds the thread.
 */
const readAllMatching = async <D>(store: EventStore, filter: EventFilter, keep: (e: RecordedEvent<D>) => boolean): Promise<RecordedEvent<D>[]> => {
  const out: RecordedEvent<D>[] = [];
  for (let from = START_POSITION; ;) {
    const page = (await store.readAll({ fromPosition: from, maxCount: LOG_PAGE, filter })) as RecordedEvent<D>[];
    out.push(...page.filter(keep));
    if (page.length < LOG_PAGE) return out;
    from = page[page.length - 1].position;
    await nextTurn();
  }
};

/**
 * A project's records in sealing order, from the `record-` streams themselves (the log's
 * global order is the order the single sealer appended them), never from a read model.
 */
export const projectChain = async (store: EventStore, project: string): Promise<AuditEvent<SealedRecord>[]> =>
  (await readAllMatching<SealedRecord>(store, { eventTypes: ['RecordSealed'], streamPrefixes: ['record-'] }, (e) => e.data.projectSlug === project)).map(toAuditEvent);

/** Ids of the records a signal was emitted for, in a project's jobs. */
export const signalledRecordIds = async (store: EventStore, project: string): Promise<string[]> =>
  (await readAllMatching<{ recordId: string; jobId: string }>(store, { eventTypes: ['SignalEmitted'], streamPrefixes: ['signal-'] }, (e) => projectOfJobId(e.data.jobId) === project))
    .map((e) => e.data.recordId);

export const readAuditStream = async (store: EventStore, stream: string): Promise<AuditEvent[]> => (await store.readStream(stream)).map(toAuditEvent);

export type JobAuditPage = { readonly found: boolean; readonly streams: string[]; readonly events: AuditEvent[]; readonly more: boolean };

/**
 * A page of the job stream and the streams that hang off it — its log, and the record and
 * signal of every record its own events seal — merged in global order: at most `limit` events
 * after the global position `after`. Record ids are recomputed from the job stream, so a record
 * missing from the log shows as a missing stream, not as nothing; that takes the job stream
 * without its runs of one live ServiceEvent (`sealingEvents`), not whole. Every stream is read
 * only from the cursor on, at most `limit` + 1 events: the page is among them, and one more
 * than the page says the replay goes on.
 */
export const jobAuditPage = async (store: EventStore, jobId: string, after: Position | null, limit: number): Promise<JobAuditPage> => {
  const sealing = await sealingEvents(store, jobId);
  const recordIds = sealingsOf(sealing.map((e) => toJobStreamEvent(toAuditEvent(e)))).map((s) => s.recordId);
  const names = [streams.job(jobId), streams.joblog(jobId), ...recordIds.flatMap((id) => [streams.record(id), streams.signal(id)])];
  const candidates = (await Promise.all(names.map((name) => readStreamAfter(store, name, after, limit + 1)))).flat().sort(inLogOrder);
  return { found: sealing.length > 0, streams: names, events: candidates.slice(0, limit).map(toAuditEvent), more: candidates.length > limit };
};

/**
 * The job decider's state folded over revisions 0..revision (time travel). A stream edited
 * outside jobledger so that an event lacks what its type always holds cannot be folded: that is
 * said, naming the revision, instead of failing as an error of the server.
 */
export const jobStateAt = (jobStream: readonly AuditEvent[], revision: number): JobState =>
  jobStream.filter((e) => e.revision <= revision).reduce<JobState>((s, e) => {
    try {
      return evolveJob(s, { type: e.type, data: e.data } as JobEvent);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      throw ruleViolated('JOB_STREAM_ALTERED', `revision ${e.revision} of ${e.stream} (${e.type}) cannot be folded (${why}): the stream was edited outside jobledger`, { revision: e.revision });
    }
  }, initialJobState());
