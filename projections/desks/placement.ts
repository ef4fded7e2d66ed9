import { recordIdForForcedCompletion, recordIdForServiceEvent } from '../../libs/domain/src/record/seal';
import type { RecordedEvent } from '../../libs/eventstore/src/port';
import { activeJobsOf, type ActiveJob, type Completion, type DeskDoc, type DeskJobDoc } from './document';

/**
 * Where a job sits on a Desk follows from the job alone: on its operator's desk, in the
 * ready queue while claimable (a query over `desk_jobs`, see `ready-queue.ts`), among the
 * `activeJobs` while active, nowhere otherwise (in review, done, cancelled, or unassigned). A
 * request or a task is never a job, so it is never here. Only the active jobs and the
 * completions are kept in the desk document itself.
 */
const MAX_COMPLETIONS = 5;

const latestClaimFirst = (a: ActiveJob, b: ActiveJob) => b.claimedAt.localeCompare(a.claimedAt) || a.jobId.localeCompare(b.jobId);

/** The desk with this job among its active jobs if the job says so, and not otherwise. */
export const placed = (desk: DeskDoc, job: DeskJobDoc): DeskDoc => {
  const others = activeJobsOf(desk).filter((a) => a.jobId !== job.jobId);
  const here = job.operator === desk._id && job.phase === 'active' && job.attempt ? [{ jobId: job.jobId, title: job.title, ...job.attempt }] : [];
  // A desk written before `activeJobs` loses its `activeJob` as it is written again.
  const { activeJob: _older, ...current } = desk as DeskDoc & { readonly activeJob?: unknown };
  return { ...current, activeJobs: [...here, ...others].sort(latestClaimFirst) };
};

/**
 * A completion goes on top of the list. A job completed again (resubmitted, then done) is
 * another completion, with its own record and ⭐, so it is listed again. The desk's own guard
 * (its `lastPosition`) keeps a redelivered completion from being listed twice.
 */
export const withCompletion = (desk: DeskDoc, job: DeskJobDoc, completing: RecordedEvent): DeskDoc => {
  const entry = { jobId: job.jobId, title: job.title, completedAt: job.completedAt ?? job.updatedAt, recordId: null, sealsAs: recordIdOf(job, completing) };
  return { ...desk, recentCompletions: [entry, ...desk.recentCompletions].slice(0, MAX_COMPLETIONS) };
};

/** The id the sealer derives for the record of this completion (record/seal.ts): from the forcing event, else from the attempt. */
const recordIdOf = (job: DeskJobDoc, completing: RecordedEvent): string | null => {
  if (job.resolution === 'force_completed') return recordIdForForcedCompletion(completing.id);
  return job.attempt ? recordIdForServiceEvent(job.attempt.serviceEventId) : null;
};

/**
 * The record sealed for a listed completion: the entry it was foreseen for. A completion that
 * fell off the list is not brought back, and its record names no other. Entries listed before
 * the id was foreseen (no `sealsAs`) take their job's record as they did: the latest unsealed.
 */
export const withRecord = (desk: DeskDoc, sealed: { readonly jobId: string; readonly recordId: string }): DeskDoc => {
  const own = (c: Completion) => c.recordId === null && (c.sealsAs === undefined ? c.jobId === sealed.jobId : c.sealsAs === sealed.recordId);
  const target = desk.recentCompletions.find(own);
  if (!target) return desk;
  return { ...desk, recentCompletions: desk.recentCompletions.map((c) => (c === target ? { ...c, recordId: sealed.recordId } : c)) };
};

/**
 * A forced record whose executor's desk never listed its completion: one sealed by a rule before
 * 3, which credited the claimant of an attempt that had already ended, while a desk rebuilt now
 * credits completions by rule 3 (docs/audit.md). The record is what was credited, ⭐ included,
 * so its completion is listed when it comes, as the desk listed it when the record was sealed.
 */
export const withUncreditedRecord = (desk: DeskDoc, job: DeskJobDoc, sealed: { readonly recordId: string; readonly completedAt: string }): DeskDoc => {
  if (desk.recentCompletions.some((c) => c.recordId === sealed.recordId || c.sealsAs === sealed.recordId)) return desk;
  const entry = { jobId: job.jobId, title: job.title, completedAt: sealed.completedAt, recordId: sealed.recordId, sealsAs: sealed.recordId };
  return { ...desk, recentCompletions: [entry, ...desk.recentCompletions].slice(0, MAX_COMPLETIONS) };
};
