import { deriveId } from '../../../domain/src/shared/ids';
import type { EventStore } from '../../../eventstore/src/port';
import type { ReadStore } from '../../../readstore/src/port';
import type { Clock } from '../commands/command-context';
import { LEASES_COLLECTION, type LeaseDoc } from './lease-watchdog';
import { forEachLease, runWatchdogCommand } from './watchdog-command';

/**
 * The deadline's timer, beside the lease's: attempts still running past their `deadlineAt`
 * end `ServiceEventFailed { reason: 'deadline_exceeded' }` (see decide-deadline.ts). The
 * decider re-checks the deadline and the fencing token, so a result that lands first wins;
 * the command id derives from the ServiceEvent, so two watchdogs end an attempt once.
 */
export const failOverdueAttempts = async (store: EventStore, readStore: ReadStore, clock: Clock, retries: number): Promise<number> => {
  const now = clock.now().toISOString();
  const { items } = await readStore.collection<LeaseDoc>(LEASES_COLLECTION).find({ deadlineAt: { $lt: now } }, { limit: 100 });
  return forEachLease(items, (lease) => {
    const expire = { type: 'ExpireDeadline' as const, serviceEventId: lease.serviceEventId, now };
    return runWatchdogCommand(store, lease._id, lease.serviceEventId, deriveId('deadline-exceeded', lease.serviceEventId), expire, now, retries);
  });
};
