import { SYSTEM_ACTOR } from '../../../domain/src/shared/actor';
import type { Decider } from '../../../domain/src/shared/decider';
import { conflict, DomainError, notFound, ruleViolated } from '../../../domain/src/shared/errors';
import type { Event } from '../../../domain/src/shared/event';
import { DelegatingEventStore } from '../../../eventstore/src/delegating-event-store';
import { ConcurrencyError } from '../../../eventstore/src/errors';
import { EventStoreUnavailableError } from '../../../eventstore/src/esdb/errors';
import type { AppendResult, RecordedEvent } from '../../../eventstore/src/port';
import { SqliteEventStore } from '../../../eventstore/src/sqlite/sqlite-event-store';
import { executeCommand } from '../commands/command-executor';
import { isRefusal, unlessRefused } from './refusal';
import { forEachLease, runWatchdogCommand } from './watchdog-command';

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

/** A store whose appends always find the stream moved on. */
class AlwaysMoved extends DelegatingEventStore {
  constructor() {
    super(SqliteEventStore.open({ file: ':memory:' }));
  }
  override async append(streamId: string): Promise<AppendResult> {
    throw new ConcurrencyError(streamId, 'no_stream', 0);
  }
}

/** Decides one event for any command. */
const alwaysOne: Decider<null, object, Event> = { initialState: () => null, evolve: (state) => state, decide: () => [{ type: 'Noted', data: {} }] };
const ctx = { commandId: 'cmd-1', actor: SYSTEM_ACTOR, correlationId: 'c', causationId: 'c', now: '2026-12-05T10:00:00.000Z' };

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

  it('throws the conflict executeCommand gives up with once its retries are spent', async () => {
    const store = new AlwaysMoved();
    const attempt = () => executeCommand(store, 'thing-1', alwaysOne, () => ({}), ctx, { retries: 1 });
    const gaveUp = await attempt().catch((e: unknown) => e);
    expect(gaveUp).toBeInstanceOf(DomainError);
    expect(gaveUp).toMatchObject({ code: 'CONCURRENCY_CONFLICT', kind: 'conflict' });
    expect(gaveUp).not.toBeInstanceOf(ConcurrencyError);
    expect(isRefusal(gaveUp)).toBe(false);
    await expect(unlessRefused(attempt)).rejects.toMatchObject({ code: 'CONCURRENCY_CONFLICT' });
    await store.close();
  });

  it('a sweep tries every lease even when one fails, counts what was done, then reports the failure', async () => {
    const tried: string[] = [];
    const sweep = forEachLease(['a', 'b', 'c'], async (lease) => {
      tried.push(lease);
      if (lease === 'b') throw unavailable;
      return true;
    });
    await expect(sweep).rejects.toThrow('1 of 3 lease command(s) failed (2 done)');
    expect(tried).toEqual(['a', 'b', 'c']);
    await expect(forEachLease(['a', 'b'], async (lease) => lease === 'a')).resolves.toBe(1);
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
