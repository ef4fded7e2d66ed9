import { conflict } from '../shared/errors';
import type { JobCommand } from './commands';
import type { JobEvent } from './events';
import { requireCurrent, requireOpen } from './rules';
import type { JobState } from './state';
import { DEADLINE_EXCEEDED } from './watchdog-reasons';

/**
 * The deadline is the attempt's own clock (`hints.timeoutSeconds` from the claim), apart from
 * the lease: a worker that heartbeats faithfully but runs too long has tried and not made
 * it, so the attempt ends failed and counts against the budget (→ ready while attempts
 * remain, else done / failed) — a job that always overruns cannot loop forever.
 */
export const decideExpireDeadline = (command: Extract<JobCommand, { type: 'ExpireDeadline' }>, state: JobState): JobEvent[] => {
  const job = requireOpen(state);
  const attempt = requireCurrent(job, command.serviceEventId, 'queued', 'in_progress');
  if (!attempt.deadlineAt || attempt.deadlineAt > command.now) {
    throw conflict('DEADLINE_NOT_PASSED', 'the attempt is within its deadline', { deadlineAt: attempt.deadlineAt });
  }
  return [{ type: 'ServiceEventFailed', data: { serviceEventId: command.serviceEventId, reason: DEADLINE_EXCEEDED } }];
};
