import type { JobEvent } from '../job/events';
import { truncated } from '../shared/text';

/**
 * The events that end a ServiceEvent, and how a status message names the ending. Closing,
 * cancelling or force-completing a job ends its running ServiceEvent `released` — those
 * count only when a ServiceEvent was running (the caller checks).
 */
export const ATTEMPT_END_EVENT_TYPES = [
  'ServiceEventCompleted', 'JobSubmittedForReview', 'ServiceEventFailed', 'JobReleased', 'ServiceEventWaiting',
  'JobClosed', 'JobCancelled', 'JobForceCompleted',
] as const;
export const OVERRIDING_END_TYPES: readonly string[] = ['JobClosed', 'JobCancelled', 'JobForceCompleted'];
export type AttemptEndEvent = Extract<JobEvent, { type: (typeof ATTEMPT_END_EVENT_TYPES)[number] }>;

export const isAttemptEnd = (event: JobEvent): event is AttemptEndEvent =>
  (ATTEMPT_END_EVENT_TYPES as readonly string[]).includes(event.type);

const ending = (event: AttemptEndEvent): string => {
  switch (event.type) {
    case 'ServiceEventCompleted':
      return `completed${event.data.summary ? `: ${event.data.summary}` : ''}`;
    case 'JobSubmittedForReview':
      return `completed, submitted for review: ${event.data.summary}`;
    case 'ServiceEventFailed':
      return `failed: ${event.data.reason}`;
    case 'JobReleased':
      return `released: ${event.data.reason}`;
    case 'ServiceEventWaiting':
      return `waiting: ${event.data.summary} (${event.data.reason})`;
    case 'JobClosed':
      return `released: the job was closed (${event.data.reason})`;
    case 'JobCancelled':
      return `released: the job was cancelled (${event.data.reason})`;
    case 'JobForceCompleted':
      return `released: the job was force-completed (${event.data.reason})`;
  }
};

/** One line a coordinator can read without opening the child: which job, which attempt, how it ended. */
export const statusSummary = (child: { jobId: string; title: string }, attemptNumber: number | null, event: AttemptEndEvent): string =>
  truncated(`${child.jobId} "${child.title}" — attempt ${attemptNumber ?? '?'} ${ending(event)}`, 20_000);
