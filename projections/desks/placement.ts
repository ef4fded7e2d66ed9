import { removeBy } from '../shared/lists';
import type { DeskDoc, DeskJobDoc, ReadyEntry } from './document';
import { operatorSlugOf } from './document';

/**
 * Where a job sits on a Desk follows from the job alone: on its operator's desk,
 * `readyToClaim` while ready, `activeJob` while active, nowhere otherwise (in review,
 * done, cancelled, or unassigned). A request or a task is never a job, so it is never here.
 */
const MAX_COMPLETIONS = 5;

/** Priority ascending (0 first), then FIFO by creation, then id for a stable order. */
const byQueueOrder = (a: ReadyEntry, b: ReadyEntry): number =>
  a.priority - b.priority || a.createdAt.localeCompare(b.createdAt) || a.jobId.localeCompare(b.jobId);

const byJobId = (e: { readonly jobId: string }) => e.jobId;

export const withoutJob = (desk: DeskDoc, jobId: string): DeskDoc => ({
  ...desk,
  readyToClaim: removeBy(desk.readyToClaim, byJobId, jobId),
  activeJob: desk.activeJob?.jobId === jobId ? null : desk.activeJob,
});

const readyEntry = (job: DeskJobDoc): ReadyEntry => ({
  jobId: job.jobId,
  title: job.title,
  priority: job.priority,
  createdAt: job.createdAt,
  surface: job.surface,
  tier: job.tier,
  customer: job.customer,
  deferUntil: job.deferUntil,
});

/** The desk with this job in the place its state says (removing it from wherever it was first). */
export const placed = (desk: DeskDoc, job: DeskJobDoc): DeskDoc => {
  const without = withoutJob(desk, job.jobId);
  if (operatorSlugOf(job.assignee) !== desk._id) return without;
  // A job whose attempt budget is spent waits for an admin's resubmit: nothing to claim on the Desk.
  if (job.phase === 'ready' && job.attemptsUsed < job.maxAttempts) {
    return { ...without, readyToClaim: [...without.readyToClaim, readyEntry(job)].sort(byQueueOrder) };
  }
  if (job.phase === 'active' && job.attempt) return { ...without, activeJob: { jobId: job.jobId, title: job.title, ...job.attempt } };
  return without;
};

/** A completion goes on top of the list; the same job completed again replaces its entry. */
export const withCompletion = (desk: DeskDoc, job: DeskJobDoc): DeskDoc => ({
  ...desk,
  recentCompletions: [
    { jobId: job.jobId, title: job.title, completedAt: job.completedAt ?? job.updatedAt, recordId: null },
    ...removeBy(desk.recentCompletions, byJobId, job.jobId),
  ].slice(0, MAX_COMPLETIONS),
});

/** The record sealed for a listed completion; a completion that fell off the list is not brought back. */
export const withRecord = (desk: DeskDoc, jobId: string, recordId: string): DeskDoc => ({
  ...desk,
  recentCompletions: desk.recentCompletions.map((c) => (c.jobId === jobId ? { ...c, recordId } : c)),
});
