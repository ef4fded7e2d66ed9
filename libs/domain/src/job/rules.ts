import type { AncestorView, ClaimantView } from './commands';
import type { Assignee } from '../shared/assignee';
import { conflict, forbidden, notFound, ruleViolated } from '../shared/errors';
import { isTerminal, type Attempt, type ExistingJob, type JobState } from './state';
import type { ServiceEventStatus } from './events';

export const requireJob = (state: JobState): ExistingJob => {
  if (state.status === 'absent') throw notFound('JOB_NOT_FOUND', 'job not found');
  return state;
};

/** Terminal phases accept no further commands (admin resubmit is the one explicit override). */
export const requireOpen = (state: JobState): ExistingJob => {
  const job = requireJob(state);
  if (isTerminal(job.phase)) {
    throw conflict('JOB_TERMINAL', `job ${job.job.jobId} is ${job.phase}${job.resolution ? ` (${job.resolution})` : ''}`, {
      phase: job.phase,
      resolution: job.resolution,
    });
  }
  return job;
};

export const requirePhase = (job: ExistingJob, ...phases: ExistingJob['phase'][]): void => {
  if (!phases.includes(job.phase)) {
    throw conflict('INVALID_PHASE', `job is ${job.phase}; this needs ${phases.join(' or ')}`, { phase: job.phase, expected: phases });
  }
};

/**
 * Results and submissions are how agents end their attempts. An operator's ServiceEvent ends
 * with complete, fail or release: a result's `waiting` would hand its governed job back to
 * the project's unassigned pool.
 */
export const requireAgentAttempt = (attempt: Attempt): void => {
  if (attempt.claimant.kind !== 'agent') {
    throw ruleViolated('AGENT_ATTEMPT_ONLY', "results and submissions end an agent's attempt; an operator's ServiceEvent ends with complete, fail or release", {
      claimant: attempt.claimant,
    });
  }
};

/**
 * The fencing token: an execution command must name the job's current ServiceEvent. A worker
 * whose lease expired (or whose attempt otherwise ended) can never act on a newer attempt.
 */
export const requireCurrent = (job: ExistingJob, serviceEventId: string, ...statuses: ServiceEventStatus[]): Attempt => {
  const a = job.attempt;
  if (!a || a.serviceEventId !== serviceEventId || !(a.status === 'queued' || a.status === 'in_progress')) {
    throw conflict('STALE_SERVICE_EVENT', `ServiceEvent ${serviceEventId} is not the job's current one`, {
      serviceEventId,
      currentServiceEventId: a && (a.status === 'queued' || a.status === 'in_progress') ? a.serviceEventId : null,
    });
  }
  if (!statuses.includes(a.status)) {
    const code = statuses.length === 1 && statuses[0] === 'in_progress' ? 'SERVICE_EVENT_NOT_IN_PROGRESS' : 'SERVICE_EVENT_NOT_QUEUED';
    throw conflict(code, `ServiceEvent is ${a.status}; this needs ${statuses.join(' or ')}`, { status: a.status });
  }
  return a;
};

/**
 * A job below a cancelled one is on its way to being cancelled: the child-canceller cancels
 * each child of a cancelled job that is not done or cancelled, and their own cancellations
 * carry it down. A job already done stops the cascade, so the nearest finished ancestor
 * decides: cancelled refuses the claim, and an admin's resubmit (which would revive one job
 * alone under a cancelled scope, to be claimed never); done (a grandparent's cancellation does
 * not pass it), or none finished, lets it through.
 */
export const requireNoCancelledAncestor = (ancestors: readonly AncestorView[], consequence: string): void => {
  const finished = ancestors.find((a) => isTerminal(a.phase));
  if (finished?.phase === 'cancelled') {
    throw conflict('ANCESTOR_CANCELLED', `job ${finished.jobId}, above this one, is cancelled: ${consequence}`, { ancestorId: finished.jobId });
  }
};

/** `limited` may finish what is in progress but not take on work; `suspended` may do nothing. */
export const requireMayTakeWork = (claimant: Assignee, view: ClaimantView): void => {
  if (claimant.kind !== 'operator') return;
  if (view.access !== 'active') {
    throw forbidden('OPERATOR_NOT_ACTIVE', `operator ${claimant.slug} is ${view.access ?? 'not registered'} and cannot take on work`, {
      accessState: view.access,
    });
  }
};

export const missingEvidence = (job: ExistingJob, attempt: Attempt): string[] => {
  const captured = new Set(attempt.evidence.map((e) => e.category));
  return job.job.requiredEvidence.filter((c) => !captured.has(c));
};

export const requireEvidenceComplete = (job: ExistingJob, attempt: Attempt): void => {
  const missing = missingEvidence(job, attempt);
  if (missing.length) {
    throw ruleViolated('EVIDENCE_MISSING', `required evidence is missing: ${missing.join(', ')}`, {
      missing,
      required: job.job.requiredEvidence,
    });
  }
};

export const requireCategoryAllowed = (job: ExistingJob, category: string): void => {
  const allowed = new Set([...job.job.allowedEvidence, ...job.job.requiredEvidence]);
  if (!allowed.has(category)) {
    throw ruleViolated('EVIDENCE_CATEGORY_NOT_ALLOWED', `evidence category '${category}' is not allowed for this job`, {
      category,
      allowed: [...allowed],
    });
  }
};

/**
 * What a photo needs, in this order: an open job, its current ServiceEvent in progress, a category
 * its surface allows. The command and the check made before its bytes are stored share it, so
 * both refuse the same request with the same code.
 */
export const requireMayCaptureEvidence = (state: JobState, serviceEventId: string, category: string): ExistingJob => {
  const job = requireOpen(state);
  requireCurrent(job, serviceEventId, 'in_progress');
  requireCategoryAllowed(job, category);
  return job;
};
