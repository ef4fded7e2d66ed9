import { conflict, notFound, ruleViolated } from '../../../domain/src/shared/errors';
import { DelegatingEventStore } from '../../../eventstore/src/delegating-event-store';
import { ConcurrencyError } from '../../../eventstore/src/errors';
import { EventStoreUnavailableError } from '../../../eventstore/src/esdb/errors';
import type { RecordedEvent } from '../../../eventstore/src/port';
import { SqliteEventStore } from '../../../eventstore/src/sqlite/sqlite-event-store';
import { isRefusal, unlessRefused } from './refusal';
import { runWatchdogCommand } from './watchdog-command';

const unavailable = new EventStoreUnavailableError('readStream', new Error('connection refused'));

/** A store whose reads fail as `error` says. */
class FailingReads extends DelegatingEventStore {
  constructor(private readonly error: Error) {
    super(SqliteEventStore.open({ file: ':memory:' }));
  }
  override async readStream(): Promise<RecordedEvent[]> {
    throw this.error;
  }
}

describe('follow-up refusals', () => {
  it('passes over what the domain refuses: done already, or no longer possible', async () => {
    for (const refusal of [conflict('JOB_CLOSED', 'closed'), notFound('JOB_NOT_FOUND', 'absent'), ruleViolated('EVIDENCE_MISSING', 'missing')]) {
      expect(isRefusal(refusal)).toBe(true);
      await expect(unlessRefused(async () => Promise.reject(refusal))).resolves.toBeUndefined();
    }
  });

  it('throws what would pass: an unreachable store, a stream that kept moving through every retry, anything not of the domain', async () => {
    for (const failure of [unavailable, new ConcurrencyError('job-1', 3, 5), new Error('disk I/O error')]) {
      expect(isRefusal(failure)).toBe(false);
      await expect(unlessRefused(async () => Promise.reject(failure))).rejects.toBe(failure);
    }
  });

  it('a watchdog command on an absent job is a refusal (false); on an unreachable store it throws, for the next sweep to try again', async () => {
    const now = '2026-12-05T10:00:00.000Z';
    const release = { type: 'ReleaseJob' as const, serviceEventId: 'se-1', reason: 'lease_expired', onlyIfLeaseExpired: true, now };
    const healthy = SqliteEventStore.open({ file: ':memory:' });
    await expect(runWatchdogCommand(healthy, 'job-absent', 'se-1', 'cmd-1', release, now, 0)).resolves.toBe(false);
    await healthy.close();

    const down = new FailingReads(unavailable);
    await expect(runWatchdogCommand(down, 'job-1', 'se-1', 'cmd-1', release, now, 0)).rejects.toBe(unavailable);
    await down.close();
  });
});
