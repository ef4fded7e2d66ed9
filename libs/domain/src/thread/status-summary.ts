import type { JobEvent } from '../job/events';

/** The events that end a ServiceEvent, and how a status message names the ending. */
export const ATTEMPT_END_EVENT_TYPES = [
  'ServiceEventCompleted', 'JobSubmittedForReview', 'ServiceEventFailed', 'JobReleased', 'ServiceEventWaiting',
] as const;
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
  }
};

/** One line a coordinator can read without opening the child: which job, which attempt, how it ended. */
export const statusSummary = (child: { jobId: string; title: string }, attemptNumber: number | null, event: AttemptEndEvent): string =>
  `${child.jobId} "${child.title}" — attempt ${attemptNumber ?? '?'} ${ending(event)}`.slice(0, 20_000);
