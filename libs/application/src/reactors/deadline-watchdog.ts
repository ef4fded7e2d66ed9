import { jobDecider } from '../../../domain/src/job/decider';
import { SYSTEM_ACTOR } from '../../../domain/src/shared/actor';
import { DomainError } from '../../../domain/src/shared/errors';
import { deriveId } from '../../../domain/src/shared/ids';
import { streams } from '../../../domain/src/shared/streams';
import type { EventStore } from '../../../eventstore/src/port';
import type { ReadStore } from '../../../readstore/src/port';
import { executeCommand } from '../commands/command-executor';
import type { Clock } from '../commands/command-context';
import { LEASES_COLLECTION, type LeaseDoc } from './lease-watchdog';

/**
 * The deadline's timer, beside the lease's: attempts still running past their `deadlineAt`
 * end `ServiceEventFailed { reason: 'deadline_exceeded' }` (see decide-deadline.ts). The
 * decider re-checks the deadline and the fencing token, and the command id derives from the
 * ServiceEvent, so a result that lands first wins and two watchdogs end an attempt once.
 */
export const failOverdueAttempts = async (store: EventStore, readStore: ReadStore, clock: Clock, retries: number): Promise<number> => {
  const now = clock.now().toISOString();
  const { items } = await readStore.collection<LeaseDoc>(LEASES_COLLECTION).find({ deadlineAt: { $lt: now } }, { limit: 100 });
  let failed = 0;
  for (const lease of items) {
    const ctx = {
      commandId: deriveId('deadline-exceeded', lease.serviceEventId),
      actor: SYSTEM_ACTOR, correlationId: lease.serviceEventId, causationId: lease.serviceEventId, now,
    };
    try {
      const outcome = await executeCommand(
        store, streams.job(lease._id), jobDecider,
        () => ({ type: 'ExpireDeadline' as const, serviceEventId: lease.serviceEventId, now }),
        ctx, { retries },
      );
      if (outcome.events.length && !outcome.repeated) failed++;
    } catch (e) {
      // The attempt ended meanwhile: nothing to end.
      if (!(e instanceof DomainError)) throw e;
    }
  }
  return failed;
};
