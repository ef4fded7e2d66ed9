import type { JobCreated, JobEvent } from '../../libs/domain/src/job/events';
import { forcedCarries, recordExecutorOf } from '../../libs/domain/src/record/seal';
import type { RecordedEvent } from '../../libs/eventstore/src/port';
import { reduce, type Handlers, type Recorded } from '../shared/events';
import { evolveLifecycle, lifecycleOf } from '../shared/lifecycle';
import { changedAt, positionOf, touched } from '../shared/position';
import { NOT_DEFERRED, operatorSlugOf, type DeskAttempt, type DeskJobDoc } from './document';

type QueueFields = 'operator' | 'claimable' | 'claimableFrom';

/**
 * The fields the ready-queue query filters on, derived from the rest of the document after
 * every event (never kept up to date by hand): whose desk, whether claimable, from when.
 * A job whose attempt budget is spent waits for an admin's resubmit: nothing to claim.
 */
const withQueueFields = (doc: Omit<DeskJobDoc, QueueFields>): DeskJobDoc => {
  const operator = operatorSlugOf(doc.assignee);
  return {
    ...doc,
    operator,
    claimable: operator !== null && doc.phase === 'ready' && doc.attemptsUsed < doc.maxAttempts,
    claimableFrom: doc.deferUntil ?? NOT_DEFERRED,
  };
};

export const newDeskJob = (event: Recorded<JobCreated>): DeskJobDoc => {
  const d = event.data;
  return withQueueFields({
    _id: d.jobId,
    jobId: d.jobId,
    title: d.title,
    createdAt: event.metadata.occurredAt,
    createdPosition: Number(event.position),
    surface: d.surface ?? null,
    tier: d.tier ?? null,
    customer: d.customer ?? null,
    ...lifecycleOf(d),
    attempt: null,
    claimant: null,
    attemptSealed: false,
    completedOn: null,
    completedPosition: null,
    completedAt: null,
    updatedAt: changedAt(event),
    lastPosition: positionOf(event),
  });
};

const attemptPatch = (doc: DeskJobDoc, serviceEventId: string, patch: Partial<DeskAttempt>): DeskJobDoc =>
  doc.attempt?.serviceEventId === serviceEventId ? { ...doc, attempt: { ...doc.attempt, ...patch } } : doc;

/** The desk's view of the latest attempt (phase, assignee and budget come from the shared lifecycle). */
const handlers: Handlers<DeskJobDoc, JobEvent> = {
  JobUpdated: (doc, { data: { changes } }) => (changes.title !== undefined ? { ...doc, title: changes.title } : doc),
  JobClaimed: (doc, { data: d, metadata }) => ({
    ...doc,
    attempt: { serviceEventId: d.serviceEventId, attemptNumber: d.attemptNumber, status: 'queued', claimedAt: metadata.occurredAt, startedAt: null },
    claimant: d.claimant,
    attemptSealed: false,
    completedAt: null,
  }),
  ServiceEventStarted: (doc, { data: d }) => attemptPatch(doc, d.serviceEventId, { status: 'in_progress', startedAt: d.startedAt }),
  // `attemptSealed` as the decider folds `sealed`: a completion without review, an approval, a forced completion.
  ServiceEventCompleted: (doc, { data: d }) => ({
    ...attemptPatch(doc, d.serviceEventId, { status: 'completed' }), completedAt: d.completedAt, attemptSealed: !doc.reviewRequired,
  }),
  ServiceEventFailed: (doc, { data: d }) => attemptPatch(doc, d.serviceEventId, { status: 'failed' }),
  ServiceEventWaiting: (doc, { data: d }) => attemptPatch(doc, d.serviceEventId, { status: 'waiting' }),
  JobReleased: (doc, { data: d }) => attemptPatch(doc, d.serviceEventId, { status: 'released' }),
  JobSubmittedForReview: (doc, { data: d }) => attemptPatch(doc, d.serviceEventId, { status: 'completed' }),
  JobApproved: (doc) => ({ ...doc, attemptSealed: doc.attempt?.status === 'completed' }),
  JobForceCompleted: (doc) => ({ ...doc, attemptSealed: true }),
  JobResubmitted: (doc) => ({ ...doc, completedOn: null, completedPosition: null, completedAt: null }),
};

const isCompletion = (doc: DeskJobDoc) => doc.phase === 'done' && (doc.resolution === 'completed' || doc.resolution === 'force_completed');

/**
 * A job that has just been completed is credited to the desk of the operator its record
 * (and ⭐) will be credited to, by the sealer's own rule (`recordExecutorOf`): the latest
 * claimant; for a forced completion the assignee first, else the claimant of an attempt the
 * forced record carries (`forcedCarries`: none with a record already, none that ended without
 * the work). The desk lists the completion before the record is sealed, so it cannot wait for
 * `RecordSealed` to say whose it is; sharing the rule keeps the two from disagreeing.
 */
const creditCompletion = (before: DeskJobDoc, after: DeskJobDoc, event: RecordedEvent): DeskJobDoc => {
  if (!isCompletion(after) || isCompletion(before)) return after;
  const forced = after.resolution === 'force_completed';
  const carried = !forced || forcedCarries(before.attempt && { sealed: before.attemptSealed }, before.phase);
  const claimant = carried ? after.claimant : null;
  return {
    ...after,
    completedOn: operatorSlugOf(recordExecutorOf(after.assignee, claimant, forced)),
    completedPosition: positionOf(event),
    // Dated as its record will be: a forced completion at the force, whatever attempt it carries.
    completedAt: forced ? event.metadata.occurredAt : after.completedAt ?? event.metadata.occurredAt,
  };
};

export const evolveDeskJob = (doc: DeskJobDoc, event: RecordedEvent): DeskJobDoc =>
  touched(withQueueFields(creditCompletion(doc, reduce(handlers, evolveLifecycle(doc, event), event), event)), event);
