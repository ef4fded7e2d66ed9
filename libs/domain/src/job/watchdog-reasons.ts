import { invalid } from '../shared/errors';

/** The reason of the lease watchdog's release: the only release that keeps its attempt counted. */
export const LEASE_EXPIRED = 'lease_expired';

/** The reason of the deadline watchdog's failure. */
export const DEADLINE_EXCEEDED = 'deadline_exceeded';

/**
 * A client's reason may not be a watchdog's: the state reads a release's refund from its reason,
 * and attempts, diagnoses and the Jobs surface show a watchdog's reason as the watchdog's doing.
 */
export const requireOwnReason = (reason: string, reserved: typeof LEASE_EXPIRED | typeof DEADLINE_EXCEEDED): string => {
  if (reason.trim() === reserved) throw invalid('RESERVED_REASON', `reason '${reserved}' is the watchdog's own; give another`, { field: 'reason', reserved });
  return reason;
};
