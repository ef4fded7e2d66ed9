import type { JobEvent, Phase } from '../job/events';
import type { Assignee } from '../shared/assignee';
import { evolveJob, initialJobState, type Attempt, type ExistingJob, type JobState } from '../job/state';
import { deriveId } from '../shared/ids';
import { contentHashOf } from '../shared/hashing';
import type { Json } from '../shared/json';
import type { RecordBody } from './events';
import { CURRENT_SEALING_RULE, sealingRuleField, type SealingRule } from './sealing-rule';

/** A job-stream event with what sealing needs from its envelope. */
export type JobStreamEvent = {
  readonly id: string;
  readonly revision: number;
  readonly occurredAt: string;
  readonly event: JobEvent;
};

export type Sealing = { readonly recordId: string; readonly jobId: string; readonly projectSlug: string; readonly body: Omit<RecordBody, 'previousRecordHash'> };

/**
 * The record ids are derived from what triggers sealing, so whoever seals (the reactor,
 * twice, or after a crash) targets the same `record-{recordId}` stream.
 */
export const recordIdForServiceEvent = (serviceEventId: string) => deriveId('record', serviceEventId);
export const recordIdForForcedCompletion = (jobForceCompletedEventId: string) => deriveId('record', 'forced', jobForceCompletedEventId);
export const signalIdFor = (recordId: string) => deriveId('signal', recordId);

/**
 * Who a record (and its ⭐) is credited to: the claimant of the attempt it holds; for a
 * forced record, the job's assignee first (the admin forced the work of whoever holds the
 * job), else that claimant. Exported so the Desk credits a completion to the same operator.
 */
export const recordExecutorOf = (assignee: Assignee | null, claimant: Assignee | null, forced: boolean): Assignee | null =>
  forced ? (assignee ?? claimant) : claimant;

/**
 * Whether a forced completion carries the job's latest attempt (as it stood before the force)
 * into its record. Never one that already has its record: it is not sealed a second time under
 * another id. From rule 3, only while the job is `active` (its claimant holds it) or in `review`
 * (its work was submitted or completed and awaits the reviewer): an attempt that failed, was
 * released, ended waiting or was rejected left the job `ready`, did not do the work, and its
 * claimant earns no ⭐ for the force.
 */
export const forcedCarries = (attempt: Pick<Attempt, 'sealed'> | null, phaseBefore: Phase, rule: SealingRule = CURRENT_SEALING_RULE): boolean =>
  !!attempt && !attempt.sealed && (rule < 3 || phaseBefore === 'active' || phaseBefore === 'review');

/**
 * When the sealed work was completed: the attempt's completion, or (from rule 2) its submission for
 * review, which is when an agent's work ended; the reviewer's wait is not part of it. Rule 1
 * dated a submitted attempt at its approval. A forced record is dated at the force under every
 * rule: the attempt it may carry ended long before, and that work did not end then.
 */
const completionOf = (events: readonly JobStreamEvent[], attempt: Attempt | null, at: JobStreamEvent, forced: boolean, rule: SealingRule): string => {
  if (forced || !attempt) return at.occurredAt;
  if (attempt.completedAt) return attempt.completedAt;
  if (rule === 1) return at.occurredAt;
  const submission = [...events].reverse().find(
    (e) => e.event.type === 'JobSubmittedForReview' && e.event.data.serviceEventId === attempt.serviceEventId,
  );
  return submission?.occurredAt ?? at.occurredAt;
};

const bodyFrom = (job: ExistingJob, attempt: Attempt | null, at: JobStreamEvent, recordId: string, forced: boolean, completedAt: string) => ({
  recordId,
  jobId: job.job.jobId,
  serviceEventId: attempt?.serviceEventId ?? null,
  projectSlug: job.job.projectSlug,
  executor: recordExecutorOf(job.assignee, attempt?.claimant ?? null, forced),
  surface: job.job.surface ?? null,
  tier: job.job.tier ?? null,
  customer: job.job.customer ?? null,
  evidence: (attempt?.evidence ?? []).map(({ evidenceId, category, sha256 }) => ({ evidenceId, category, sha256 })),
  payment: attempt?.payment ?? null,
  outcome: attempt?.outcome ?? null,
  result: attempt?.result ?? null,
  startedAt: attempt?.startedAt ?? null,
  completedAt,
  forced,
  jobStreamRevision: at.revision,
});

/**
 * Folds a job stream up to (and including) `events[last]` and says whether that last event
 * seals a record: a completion that needs no review, an approval, or a forced completion.
 * The sealer seals by the current rule; verification re-derives a record by the rule it names.
 */
export const sealingAt = (events: readonly JobStreamEvent[], rule: SealingRule = CURRENT_SEALING_RULE): Sealing | null => {
  if (!events.length) return null;
  const trigger = events[events.length - 1];
  const before = events.slice(0, -1).reduce<JobState>((s, e) => evolveJob(s, e.event), initialJobState());
  const after = evolveJob(before, trigger.event);
  if (after.status !== 'created') return null;
  const seal = (recordId: string, forced: boolean, attempt: Attempt | null): Sealing => ({
    recordId,
    jobId: after.job.jobId,
    projectSlug: after.job.projectSlug,
    body: {
      ...bodyFrom(after, attempt, trigger, recordId, forced, completionOf(events, attempt, trigger, forced, rule)),
      ...sealingRuleField(rule),
    },
  });
  switch (trigger.event.type) {
    case 'ServiceEventCompleted':
      return after.phase === 'done' ? seal(recordIdForServiceEvent(trigger.event.data.serviceEventId), false, after.attempt) : null;
    case 'JobApproved':
      return after.attempt?.status === 'completed' ? seal(recordIdForServiceEvent(after.attempt.serviceEventId), false, after.attempt) : null;
    case 'JobForceCompleted':
      return seal(recordIdForForcedCompletion(trigger.id), true, before.status === 'created' && forcedCarries(before.attempt, before.phase, rule) ? after.attempt : null);
    default:
      return null;
  }
};

/** SHA-256 over the RFC 8785 canonical JSON of everything the record holds but the hash. */
export const recordContentHash = (body: RecordBody): string => contentHashOf(body as unknown as Json);
