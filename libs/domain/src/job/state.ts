import type { Assignee } from '../shared/assignee';
import type { Json } from '../shared/json';
import type { JobCreatedData, JobEvent, Outcome, Payment, Phase, Relation, Resolution, ServiceEventStatus } from './events';
import { LEASE_EXPIRED } from './watchdog-reasons';

export type AttemptEvidence = { readonly evidenceId: string; readonly category: string; readonly sha256: string };

/** One ServiceEvent (JobAttempt) as the rules need it. */
export type Attempt = {
  readonly serviceEventId: string;
  readonly attemptNumber: number;
  readonly status: ServiceEventStatus;
  readonly claimant: Assignee;
  readonly leaseExpiresAt: string;
  readonly deadlineAt: string | null;
  readonly startedAt: string | null;
  readonly completedAt: string | null;
  readonly evidence: readonly AttemptEvidence[];
  readonly payment: Payment | null;
  readonly outcome: Outcome | null;
  readonly result: Json;
  /** A record was sealed for this ServiceEvent (completion without review, or approval). */
  readonly sealed: boolean;
};

export type JobState =
  | { readonly status: 'absent' }
  | {
      readonly status: 'created';
      readonly job: JobCreatedData;
      readonly phase: Phase;
      readonly resolution: Resolution | null;
      readonly assignee: Assignee | null;
      readonly priority: number;
      /** Claims since creation or the last resubmit, not counting attempts that ended `waiting`. */
      readonly attemptsUsed: number;
      readonly lastAttemptNumber: number;
      /** Every serviceEventId this job has claimed with: a fencing token is never reused. */
      readonly usedServiceEventIds: readonly string[];
      /** The latest ServiceEvent; it is the job's current one while queued or in progress. */
      readonly attempt: Attempt | null;
      readonly deferUntil: string | null;
      readonly childCount: number;
      readonly dependencies: readonly { readonly relatedJobId: string; readonly relation: Relation }[];
      readonly latestRejectionReason: string | null;
      /** Attempts in a row that ended `waiting`: the backoff grows with it (see backoff.ts). */
      readonly consecutiveWaits: number;
    };

export type ExistingJob = Extract<JobState, { status: 'created' }>;

export const isTerminal = (phase: Phase): boolean => phase === 'done' || phase === 'cancelled';
export const isLive = (a: Attempt | null): a is Attempt => !!a && (a.status === 'queued' || a.status === 'in_progress');

const withAttempt = (s: ExistingJob, patch: Partial<Attempt>): ExistingJob =>
  s.attempt ? { ...s, attempt: { ...s.attempt, ...patch } } : s;

/** An attempt that is still running when the job leaves `active` by an override ends `released`. */
const endLiveAttempt = (s: ExistingJob): ExistingJob => (isLive(s.attempt) ? withAttempt(s, { status: 'released' }) : s);

export const initialJobState = (): JobState => ({ status: 'absent' });

export const evolveJob = (state: JobState, event: JobEvent): JobState => {
  if (event.type === 'JobCreated') {
    const d = event.data;
    return {
      status: 'created', job: d, phase: d.phase, resolution: null, assignee: d.assignee ?? null, priority: d.priority,
      attemptsUsed: 0, lastAttemptNumber: 0, usedServiceEventIds: [], attempt: null, deferUntil: null, childCount: 0, dependencies: [],
      latestRejectionReason: null, consecutiveWaits: 0,
    };
  }
  if (state.status === 'absent') return state;
  const s = state;
  switch (event.type) {
    case 'JobChildAllocated':
      return { ...s, childCount: Math.max(s.childCount, event.data.n) };
    case 'JobUpdated': {
      const c = event.data.changes;
      return {
        ...s,
        job: { ...s.job, ...(c.title !== undefined && { title: c.title }), ...(c.description !== undefined && { description: c.description }), ...(c.acceptanceCriteria !== undefined && { acceptanceCriteria: c.acceptanceCriteria }) },
        priority: c.priority ?? s.priority,
        phase: c.phase ?? s.phase,
        assignee: c.assignee === undefined ? s.assignee : c.assignee,
      };
    }
    case 'JobDependencyAdded':
      return { ...s, dependencies: [...s.dependencies, event.data] };
    case 'JobDependencyRemoved':
      return {
        ...s,
        dependencies: s.dependencies.filter((d) => !(d.relatedJobId === event.data.relatedJobId && d.relation === event.data.relation)),
      };
    case 'JobClaimed': {
      const d = event.data;
      const attempt: Attempt = {
        serviceEventId: d.serviceEventId, attemptNumber: d.attemptNumber, status: 'queued', claimant: d.claimant,
        leaseExpiresAt: d.leaseExpiresAt, deadlineAt: d.deadlineAt ?? null, startedAt: null, completedAt: null,
        evidence: [], payment: null, outcome: null, result: null, sealed: false,
      };
      return {
        ...s, phase: 'active', attempt, attemptsUsed: s.attemptsUsed + 1, lastAttemptNumber: d.attemptNumber,
        usedServiceEventIds: [...s.usedServiceEventIds, d.serviceEventId], deferUntil: null,
      };
    }
    case 'ServiceEventStarted':
      return withAttempt(s, { status: 'in_progress', startedAt: event.data.startedAt });
    case 'LeaseExtended':
      return withAttempt(s, { leaseExpiresAt: event.data.leaseExpiresAt });
    case 'EvidenceCaptured': {
      const { evidenceId, category, sha256 } = event.data;
      return withAttempt(s, { evidence: [...(s.attempt?.evidence ?? []), { evidenceId, category, sha256 }] });
    }
    case 'ServiceEventCompleted': {
      const d = event.data;
      const done = withAttempt({ ...s, consecutiveWaits: 0 }, {
        status: 'completed', completedAt: d.completedAt, payment: d.payment ?? null, outcome: d.outcome ?? null, result: d.result ?? null,
        sealed: !s.job.reviewRequired,
      });
      return s.job.reviewRequired ? { ...done, phase: 'review' } : { ...done, phase: 'done', resolution: 'completed' };
    }
    case 'ServiceEventFailed': {
      const failed = withAttempt({ ...s, consecutiveWaits: 0 }, { status: 'failed', result: event.data.result ?? null });
      return s.attemptsUsed >= s.job.maxAttempts ? { ...failed, phase: 'done', resolution: 'failed' } : { ...failed, phase: 'ready' };
    }
    case 'ServiceEventWaiting':
      return {
        ...withAttempt(s, { status: 'waiting' }),
        phase: 'ready', consecutiveWaits: s.consecutiveWaits + 1, assignee: null, attemptsUsed: Math.max(0, s.attemptsUsed - 1), deferUntil: event.data.deferUntil ?? null,
      };
    case 'JobReleased': {
      // A voluntary release gives the attempt back; a lapsed lease (the worker vanished) keeps it
      // counted, so a worker that keeps crashing cannot loop forever.
      const refund = event.data.reason === LEASE_EXPIRED ? 0 : 1;
      return { ...withAttempt(s, { status: 'released' }), phase: 'ready', attemptsUsed: Math.max(0, s.attemptsUsed - refund) };
    }
    case 'JobSubmittedForReview':
      return { ...withAttempt(s, { status: 'completed' }), phase: 'review', consecutiveWaits: 0 };
    case 'JobApproved':
      return { ...withAttempt(s, { sealed: s.attempt?.status === 'completed' }), phase: 'done', resolution: 'completed' };
    case 'JobRejected':
      return { ...s, phase: 'ready', latestRejectionReason: event.data.reason };
    case 'JobClosed':
      return { ...endLiveAttempt(s), phase: 'done', resolution: 'closed' };
    case 'JobCancelled':
      return { ...endLiveAttempt(s), phase: 'cancelled' };
    case 'JobForceCompleted':
      // The forced record holds the attempt it finds unsealed (seal.ts): a later forced
      // completion, after a resubmit, must not seal the same ServiceEvent again.
      return { ...withAttempt(endLiveAttempt(s), { sealed: true }), phase: 'done', resolution: 'force_completed' };
    case 'JobResubmitted':
      return { ...s, phase: 'ready', resolution: null, attemptsUsed: 0, deferUntil: null, consecutiveWaits: 0 };
    case 'JobReassigned':
      return { ...s, assignee: event.data.to };
    default:
      // Only a stream edited outside jobledger holds another type; a fold must still end in a state.
      return s;
  }
};
