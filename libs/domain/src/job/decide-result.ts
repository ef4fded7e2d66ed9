import { requireText } from '../shared/guards';
import { requireBoundedJson } from '../shared/json-bounds';
import { addSeconds, waitBackoffSeconds } from './backoff';
import type { JobCommand } from './commands';
import type { JobEvent } from './events';
import { requireAgentAttempt, requireCurrent, requireEvidenceComplete, requireOpen } from './rules';
import type { Attempt, JobState } from './state';
import { DEADLINE_EXCEEDED, requireOwnReason } from './watchdog-reasons';

type Command<T extends JobCommand['type']> = Extract<JobCommand, { type: T }>;

/** A result or a submission may arrive before an explicit start: the attempt starts with it. */
const startedIfQueued = (attempt: Attempt, now: string): JobEvent[] =>
  attempt.status === 'queued' ? [{ type: 'ServiceEventStarted', data: { serviceEventId: attempt.serviceEventId, startedAt: now } }] : [];

/**
 * An agent's control status decides where the job goes: `success` completes the attempt
 * (→ review, or done and sealed); `waiting` ends it successfully but requeues the job for
 * anyone, deferred by a backoff unless a blocker will hold it anyway; `failed` fails it
 * (→ ready while attempts remain, else done / failed).
 */
export const decideRecordResult = (command: Command<'RecordResult'>, state: JobState): JobEvent[] => {
  const job = requireOpen(state);
  const attempt = requireCurrent(job, command.serviceEventId, 'queued', 'in_progress');
  requireAgentAttempt(attempt);
  const { outcome, serviceEventId, now } = command;
  requireBoundedJson('result', outcome.result);
  const start = startedIfQueued(attempt, now);

  switch (outcome.status) {
    case 'success':
      requireEvidenceComplete(job, attempt);
      return [...start, {
        type: 'ServiceEventCompleted',
        data: { serviceEventId, completedAt: now, ...(outcome.summary && { summary: outcome.summary }), result: outcome.result },
      }];
    case 'waiting': {
      const summary = outcome.summary ?? outcome.reason ?? 'waiting';
      const deferUntil = command.unresolvedBlockers.length ? undefined : addSeconds(now, waitBackoffSeconds(job.consecutiveWaits + 1));
      return [...start, {
        type: 'ServiceEventWaiting',
        data: { serviceEventId, summary, reason: outcome.reason ?? summary, ...(deferUntil && { deferUntil }) },
      }];
    }
    case 'failed':
      return [...start, {
        type: 'ServiceEventFailed',
        data: { serviceEventId, reason: requireOwnReason(outcome.reason ?? outcome.summary ?? 'failed', DEADLINE_EXCEEDED), result: outcome.result },
      }];
  }
};

/** An agent hands its work over for review, naming the attempt it did it in. */
export const decideSubmitForReview = (command: Command<'SubmitForReview'>, state: JobState): JobEvent[] => {
  const job = requireOpen(state);
  const attempt = requireCurrent(job, command.serviceEventId, 'queued', 'in_progress');
  requireAgentAttempt(attempt);
  const summary = requireText('summary', command.summary, 10_000);
  requireEvidenceComplete(job, attempt);
  return [
    ...startedIfQueued(attempt, command.now),
    { type: 'JobSubmittedForReview', data: { serviceEventId: command.serviceEventId, summary } },
  ];
};
