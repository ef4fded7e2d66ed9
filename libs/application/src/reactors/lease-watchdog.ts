import type { JobClaimed, LeaseExtended } from '../../../domain/src/job/events';
import { LEASE_EXPIRED } from '../../../domain/src/job/watchdog-reasons';
import { deriveId } from '../../../domain/src/shared/ids';
import { idOf } from '../../../domain/src/shared/streams';
import type { EventStore, RecordedEvent } from '../../../eventstore/src/port';
import type { Doc, ReadStore } from '../../../readstore/src/port';
import type { Projection } from '../../../../projections/projection';
import { forEachLease, runWatchdogCommand } from './watchdog-command';
import type { Clock } from '../commands/command-context';

export const LEASES_COLLECTION = 'reactor_leases';
export type LeaseDoc = Doc & { serviceEventId: string; leaseExpiresAt: string; deadlineAt?: string };

const ENDING_EVENTS = [
  'ServiceEventCompleted', 'ServiceEventFailed', 'ServiceEventWaiting', 'JobReleased', 'JobSubmittedForReview',
  'JobClosed', 'JobCancelled', 'JobForceCompleted',
];

/** Keeps the set of live leases: claimed and not yet ended, with their current expiry and deadline. */
export const leaseTrackerReactor = (): Projection => ({
  name: 'reactor:lease-tracker',
  collections: [{
    name: LEASES_COLLECTION,
    indexes: [{ name: 'by_expiry', fields: [['leaseExpiresAt', 1]] }, { name: 'by_deadline', fields: [['deadlineAt', 1]] }],
  }],
  eventTypes: ['JobClaimed', 'LeaseExtended', ...ENDING_EVENTS],
  apply: async (event, writer) => {
    const jobId = idOf(event.streamId);
    if (event.type === 'JobClaimed') {
      const { serviceEventId, leaseExpiresAt, deadlineAt } = (event as RecordedEvent<JobClaimed['data']>).data;
      writer.put(LEASES_COLLECTION, { _id: jobId, serviceEventId, leaseExpiresAt, ...(deadlineAt && { deadlineAt }) });
    } else if (event.type === 'LeaseExtended') {
      const { serviceEventId, leaseExpiresAt } = (event as RecordedEvent<LeaseExtended['data']>).data;
      const lease = await writer.get<LeaseDoc>(LEASES_COLLECTION, jobId);
      if (lease?.serviceEventId === serviceEventId) writer.put(LEASES_COLLECTION, { ...lease, leaseExpiresAt });
    } else {
      writer.delete(LEASES_COLLECTION, jobId);
    }
  },
});

/**
 * The timer half: releases claims whose lease ran out (`JobReleased { reason: 'lease_expired' }`).
 * The job decider re-checks the expiry, so a heartbeat that lands first wins; the command id
 * derives from the ServiceEvent and its expiry, so two watchdogs release it once.
 */
export const releaseExpiredLeases = async (store: EventStore, readStore: ReadStore, clock: Clock, retries: number): Promise<number> => {
  const now = clock.now().toISOString();
  const { items } = await readStore.collection<LeaseDoc>(LEASES_COLLECTION).find({ leaseExpiresAt: { $lt: now } }, { limit: 100 });
  return forEachLease(items, (lease) => {
    const release = { type: 'ReleaseJob' as const, serviceEventId: lease.serviceEventId, reason: LEASE_EXPIRED, onlyIfLeaseExpired: true, now };
    const commandId = deriveId('lease-expired', lease.serviceEventId, lease.leaseExpiresAt);
    return runWatchdogCommand(store, lease._id, lease.serviceEventId, commandId, release, now, retries);
  });
};
