import type { Assignee } from '../../../../../libs/domain/src/shared/assignee';
import { who } from '../shared/table';
import type { JobContext } from './types';

export type Diagnosis = { jobId: string; claimable: boolean; reasons: string[]; notes: string[] };

const same = (a: Assignee, b: Assignee) =>
  a.kind === b.kind && (a.kind === 'operator' ? a.slug === (b as typeof a).slug : a.agentId === (b as typeof a).agentId);

const PHASE_REASONS: Record<string, string> = {
  idea: 'wrong phase: idea (move it to ready: `jobledger job update <id> --phase ready`)',
  backlog: 'wrong phase: backlog (move it to ready: `jobledger job update <id> --phase ready`)',
  review: 'wrong phase: review (it awaits approve or reject)',
  cancelled: 'wrong phase: cancelled',
};

/**
 * Why a claim of this job would be refused now, in the decider's order of rules
 * (libs/domain/src/job/decide.ts, ClaimJob), all of them at once rather than the first.
 * `caller`: who would claim; unknown (null) means an assignment is reported as a reason.
 */
export const diagnose = (ctx: JobContext, now: Date, caller: Assignee | null): Diagnosis => {
  const { job } = ctx;
  const reasons: string[] = [];
  const notes: string[] = [];
  const attempt = ctx.latestAttempt;
  if (job.phase === 'active' && attempt) {
    reasons.push(`lease held by ${who(attempt.claimant)} until ${attempt.leaseExpiresAt} (attempt #${attempt.attemptNumber}, ${attempt.status})`);
  } else if (job.phase === 'done') {
    reasons.push(`wrong phase: done (${job.resolution ?? 'completed'})`);
  } else if (PHASE_REASONS[job.phase]) {
    reasons.push(PHASE_REASONS[job.phase].replace('<id>', job.jobId));
  } else if (job.phase !== 'ready') {
    reasons.push(`wrong phase: ${job.phase}`);
  }
  if (job.assignee && !(caller && same(job.assignee, caller))) {
    reasons.push(`assigned to ${who(job.assignee)}${caller ? `, not ${who(caller)}` : ''}`);
  }
  // The claim asks the nearest finished ancestor; the context names the parent only, so a cancelled
  // grandparent under a parent not yet cancelled by the cascade is not seen here.
  if (ctx.parent?.phase === 'cancelled' && job.phase !== 'cancelled') {
    reasons.push(`parent ${ctx.parent.jobId} is cancelled: nothing under it is claimed (ANCESTOR_CANCELLED)`);
  }
  for (const b of ctx.relations.blocking) reasons.push(`blocked by ${b.jobId}${b.phase ? ` (${b.phase})` : ''}`);
  if (job.deferUntil && Date.parse(job.deferUntil) > now.getTime()) reasons.push(`deferred until ${job.deferUntil}`);
  if (job.attemptsUsed >= job.maxAttempts) reasons.push(`attempts exhausted: ${job.attemptsUsed} of ${job.maxAttempts} used`);
  for (const w of ctx.relations.dependencies.filter((d) => d.relation === 'waits_for' && d.resolved !== true)) {
    notes.push(`waits for ${w.jobId}: ordering only, it does not stop a claim`);
  }
  if (job.latestRejectionReason) notes.push(`last rejected: ${job.latestRejectionReason}`);
  return { jobId: job.jobId, claimable: reasons.length === 0, reasons, notes };
};

export const formatDiagnosis = (d: Diagnosis): string =>
  [
    d.claimable ? `${d.jobId}: claimable` : `${d.jobId}: not claimable`,
    ...d.reasons.map((r) => `  - ${r}`),
    ...d.notes.map((n) => `  note: ${n}`),
  ].map((l) => `${l}\n`).join('');
