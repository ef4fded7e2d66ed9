import type { JobCreatedData, JobEvent, Phase, Resolution } from '../../libs/domain/src/job/events';
import { LEASE_EXPIRED } from '../../libs/domain/src/job/watchdog-reasons';
import type { Assignee } from '../../libs/domain/src/shared/assignee';
import type { RecordedEvent } from '../../libs/eventstore/src/port';
import { dispatch, type Handlers } from './events';

/**
 * Where a job stands, as the job decider's `evolve` folds it (libs/domain/src/job/state.ts).
 * Several read models need it (jobs, desks, requests) and none may disagree with what
 * commands will accept, so it lives here once; `lifecycle.unit.spec.ts` checks it against
 * the decider's own fold over random event sequences.
 */
export type Lifecycle = {
  readonly phase: Phase;
  readonly resolution: Resolution | null;
  readonly assignee: Assignee | null;
  readonly priority: number;
  /** Claims since creation or the last resubmit, not counting attempts that ended `waiting`. */
  readonly attemptsUsed: number;
  readonly maxAttempts: number;
  readonly reviewRequired: boolean;
  readonly deferUntil: string | null;
};

export const lifecycleOf = (job: JobCreatedData): Lifecycle => ({
  phase: job.phase,
  resolution: null,
  assignee: job.assignee ?? null,
  priority: job.priority,
  attemptsUsed: 0,
  maxAttempts: job.maxAttempts,
  reviewRequired: job.reviewRequired,
  deferUntil: null,
});

const done = (resolution: Resolution): Partial<Lifecycle> => ({ phase: 'done', resolution });

const changes: Handlers<Lifecycle, JobEvent, Partial<Lifecycle>> = {
  JobUpdated: (_, { data: { changes: c } }) => ({
    ...(c.priority !== undefined && { priority: c.priority }),
    ...(c.phase !== undefined && { phase: c.phase }),
    ...(c.assignee !== undefined && { assignee: c.assignee }),
  }),
  JobClaimed: (s) => ({ phase: 'active', attemptsUsed: s.attemptsUsed + 1, deferUntil: null }),
  ServiceEventCompleted: (s) => (s.reviewRequired ? { phase: 'review' } : done('completed')),
  // The event does not say where the job goes: the budget does, as in the decider.
  ServiceEventFailed: (s) => (s.attemptsUsed >= s.maxAttempts ? done('failed') : { phase: 'ready' }),
  // A `waiting` attempt succeeded: it gives its attempt back and frees the job for anyone.
  ServiceEventWaiting: (s, e) => ({
    phase: 'ready',
    assignee: null,
    attemptsUsed: Math.max(0, s.attemptsUsed - 1),
    deferUntil: e.data.deferUntil ?? null,
  }),
  // Mirrors the decider: a voluntary release gives its attempt back; a lapsed lease does not.
  JobReleased: (s, e) => ({ phase: 'ready', attemptsUsed: e.data.reason === LEASE_EXPIRED ? s.attemptsUsed : Math.max(0, s.attemptsUsed - 1) }),
  JobSubmittedForReview: () => ({ phase: 'review' }),
  JobApproved: () => done('completed'),
  JobRejected: () => ({ phase: 'ready' }),
  JobClosed: () => done('closed'),
  JobCancelled: () => ({ phase: 'cancelled' }),
  JobForceCompleted: () => done('force_completed'),
  JobResubmitted: () => ({ phase: 'ready', resolution: null, attemptsUsed: 0, deferUntil: null }),
  JobReassigned: (_, e) => ({ assignee: e.data.to }),
};

/** The job event types that can move a job's lifecycle. */
export const LIFECYCLE_EVENT_TYPES = Object.keys(changes) as JobEvent['type'][];

/** Folds one job event into any document that carries a lifecycle; other fields are kept. */
export const evolveLifecycle = <S extends Lifecycle>(state: S, event: RecordedEvent): S => ({
  ...state,
  ...dispatch(changes, state, event),
});
