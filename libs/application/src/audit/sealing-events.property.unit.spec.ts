import fc from 'fast-check';
import { newEvent } from '../../../eventstore/contract/fixtures';
import type { RecordedEvent } from '../../../eventstore/src/port';
import { SqliteEventStore } from '../../../eventstore/src/sqlite/sqlite-event-store';
import { jobDecider } from '../../../domain/src/job/decider';
import type { JobEvent } from '../../../domain/src/job/events';
import { DomainError } from '../../../domain/src/shared/errors';
import { streams } from '../../../domain/src/shared/streams';
import { jobScenarios, play } from '../../../domain/src/testing/random-job-runs';
import { toAuditEvent, toJobStreamEvent } from './audit-event';
import { sealingEvents } from './sealing-events';
import { sealingsOf } from './sealed-record';

/**
 * After every event, `beats` heartbeats of the current ServiceEvent wherever the decider allows
 * one: a worker that heartbeated all along. Each keeps the lease where it was, so every later
 * event (a watchdog's release included) stays one the decider would have appended.
 */
const heartbeating = (events: readonly JobEvent[], beats: number): JobEvent[] => {
  let state = jobDecider.initialState();
  return events.flatMap((event) => {
    state = jobDecider.evolve(state, event);
    const attempt = state.status === 'created' ? state.attempt : null;
    if (!attempt) return [event];
    try {
      const beat = jobDecider.decide({ type: 'ExtendLease', serviceEventId: attempt.serviceEventId, leaseExpiresAt: attempt.leaseExpiresAt, now: attempt.leaseExpiresAt }, state);
      return [event, ...Array.from({ length: beats }, () => beat).flat()];
    } catch (error) {
      if (error instanceof DomainError) return [event];
      throw error;
    }
  });
};

const recordIdsOf = (events: readonly RecordedEvent[]) => sealingsOf(events.map((e) => toJobStreamEvent(toAuditEvent(e)))).map((s) => s.recordId);

describe('sealingEvents (the job stream without the runs of one live ServiceEvent)', () => {
  it('seals the same records as the whole stream, for streams the decider wrote, however long the heartbeat runs', async () => {
    let skipped = 0;
    await fc.assert(
      fc.asyncProperty(jobScenarios, fc.integer({ min: 0, max: 60 }), async ([job, steps], beats) => {
        const decided = heartbeating(play(job, steps).stream.map((e) => e.event), beats);
        const store = SqliteEventStore.open({ file: ':memory:' });
        try {
          await store.append(streams.job(job.jobId), decided.map((e) => newEvent(e.type, e.data)), 'no_stream');
          const whole = await store.readStream(streams.job(job.jobId));
          const kept = await sealingEvents(store, job.jobId);
          skipped += whole.length - kept.length;
          expect(recordIdsOf(kept)).toEqual(recordIdsOf(whole));
        } finally {
          await store.close();
        }
      }),
      { numRuns: 300 },
    );
    expect(skipped).toBeGreaterThan(0);
  });

  it('is empty for a job that does not exist', async () => {
    const store = SqliteEventStore.open({ file: ':memory:' });
    try {
      expect(await sealingEvents(store, 'detailing-00000000')).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
