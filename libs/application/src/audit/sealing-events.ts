import { streams } from '../../../domain/src/shared/streams';
import type { EventStore, RecordedEvent } from '../../../eventstore/src/port';

/** Job-stream events read at a time between the runs that are skipped. */
const CHUNK = 16;

/**
 * Events the decider appends only while their ServiceEvent is the job's current one and live
 * (queued or in progress), and that leave it live: the heartbeat, the start, evidence.
 */
const WHILE_LIVE = new Set(['LeaseExtended', 'ServiceEventStarted', 'EvidenceCaptured']);

const liveAttemptOf = (e: RecordedEvent): string | null => {
  const id = WHILE_LIVE.has(e.type) ? (e.data as { serviceEventId?: unknown } | null)?.serviceEventId : null;
  return typeof id === 'string' ? id : null;
};

/** The event at `revision`, or the next one the stream holds. */
const eventAt = async (store: EventStore, stream: string, revision: number): Promise<RecordedEvent | undefined> =>
  (await store.readStream(stream, { fromRevision: revision, maxCount: 1 }))[0];

/**
 * The revision after the run of `serviceEventId` that holds `from`: some revision whose event is
 * of that ServiceEvent, with the next one not of it (or past the end). Galloping then halving:
 * about 2·log2(run) reads of one event, however long the worker heartbeated.
 */
const afterRun = async (store: EventStore, stream: string, from: number, lastRevision: number, serviceEventId: string): Promise<number> => {
  let known = from; // its event is of the ServiceEvent
  let beyond = lastRevision + 1; // its event is not (or there is none)
  for (let step = 1; known + step <= lastRevision; step *= 2) {
    const probe = await eventAt(store, stream, known + step);
    if (!probe || liveAttemptOf(probe) !== serviceEventId) {
      beyond = known + step;
      break;
    }
    known = probe.revision;
  }
  while (beyond - known > 1) {
    const middle = Math.floor((known + beyond) / 2);
    const probe = await eventAt(store, stream, middle);
    if (probe && probe.revision < beyond && liveAttemptOf(probe) === serviceEventId) known = probe.revision;
    else beyond = middle;
  }
  return known + 1;
};

/**
 * The job stream without what cannot change which records it seals: between two events of one
 * live ServiceEvent (a worker's heartbeats, hours of them) nothing is sealed, and nothing there
 * bears on what later events seal. A record is sealed only by a completion without review, an
 * approval (of a completed attempt) or a forced completion; each leaves the ServiceEvent not live,
 * and none ever is live again (a claim takes an id the job never used), so the later event of
 * that ServiceEvent could not have been appended after one. What a sealing's record id depends on
 * — the job's `reviewRequired`, the claims, the events that end an attempt, the sealing event
 * itself — is never between two such events either. So the events between them are skipped
 * unread and every other event is kept. An empty answer: no such job.
 */
export const sealingEvents = async (store: EventStore, jobId: string): Promise<RecordedEvent[]> => {
  const stream = streams.job(jobId);
  const lastRevision = await store.streamRevision(stream);
  const kept: RecordedEvent[] = [];
  for (let next = 0; next <= lastRevision;) {
    const chunk = await store.readStream(stream, { fromRevision: next, maxCount: CHUNK });
    if (!chunk.length) break;
    const runAt = chunk.findIndex((e) => liveAttemptOf(e) !== null);
    const serviceEventId = runAt < 0 ? null : liveAttemptOf(chunk[runAt]);
    if (serviceEventId === null) {
      kept.push(...chunk);
      next = chunk[chunk.length - 1].revision + 1;
      continue;
    }
    kept.push(...chunk.slice(0, runAt + 1));
    let lastOfRun = runAt;
    chunk.forEach((e, i) => {
      if (liveAttemptOf(e) === serviceEventId) lastOfRun = i;
    });
    const runEnd = chunk[lastOfRun].revision;
    next = lastOfRun === chunk.length - 1 ? await afterRun(store, stream, runEnd, lastRevision, serviceEventId) : runEnd + 1;
  }
  return kept;
};
