import { sameAssignee } from '../shared/assignee';
import { conflict, forbidden } from '../shared/errors';
import { requireAssignable } from '../operator/access-view';
import { requireText } from '../shared/guards';
import { requireBoundedJson } from '../shared/json-bounds';
import type { JobCommand } from './commands';
import { checkedJobData } from './creation';
import { decideStructure } from './decide-structure';
import { decideExpireDeadline } from './decide-deadline';
import { decideRecordResult, decideSubmitForReview } from './decide-result';
import type { JobEvent } from './events';
import {
  requireCurrent, requireEvidenceComplete, requireMayCaptureEvidence, requireJob, requireMayTakeWork, requireNoCancelledAncestor,
  requireOpen, requirePhase,
} from './rules';
import type { JobState } from './state';
import { DEADLINE_EXCEEDED, LEASE_EXPIRED, requireOwnReason } from './watchdog-reasons';

/**
 * The job lifecycle, one command at a time:
 * created (ready) → claimed (ServiceEvent queued) → started (in_progress) → evidence →
 * completed (→ review or done) | failed (→ ready or done/failed) | released (→ ready).
 */
export const decideJob = (command: JobCommand, state: JobState): JobEvent[] => {
  switch (command.type) {
    case 'CreateJob':
      if (state.status !== 'absent') throw conflict('JOB_EXISTS', `job ${command.job.jobId} already exists`);
      return [{ type: 'JobCreated', data: checkedJobData(command.job) }];

    case 'UpdateJob':
    case 'AllocateChild':
    case 'AddDependency':
    case 'RemoveDependency':
      return decideStructure(command, state);

    case 'ClaimJob': {
      const job = requireOpen(state);
      if (job.phase === 'active') throw conflict('JOB_ALREADY_CLAIMED', 'the job is already claimed', { serviceEventId: job.attempt?.serviceEventId });
      requirePhase(job, 'ready');
      requireNoCancelledAncestor(command.ancestors, 'nothing under it is claimed');
      if (job.assignee && !sameAssignee(job.assignee, command.claimant)) {
        throw forbidden('NOT_ASSIGNEE', 'the job is assigned to someone else');
      }
      requireMayTakeWork(command.claimant, command.claimantView);
      if (command.unresolvedBlockers.length) {
        throw conflict('JOB_BLOCKED', 'the job is blocked', { blockedBy: command.unresolvedBlockers });
      }
      if (job.deferUntil && job.deferUntil > command.now) {
        throw conflict('JOB_DEFERRED', `the job is deferred until ${job.deferUntil}`, { deferUntil: job.deferUntil });
      }
      if (job.attemptsUsed >= job.job.maxAttempts) {
        throw conflict('ATTEMPTS_EXHAUSTED', `all ${job.job.maxAttempts} attempts are used`, { maxAttempts: job.job.maxAttempts });
      }
      const { serviceEventId, claimant, leaseExpiresAt, deadlineAt, harness, sessionId } = command;
      // A reused id would revive an ended attempt's token: its old holder could act on the new one.
      if (job.usedServiceEventIds.includes(serviceEventId)) {
        throw conflict('SERVICE_EVENT_ID_REUSED', `ServiceEvent ${serviceEventId} was already used by this job`, { serviceEventId });
      }
      const claimed: JobEvent = {
        type: 'JobClaimed',
        data: {
          serviceEventId, attemptNumber: job.lastAttemptNumber + 1, claimant, leaseExpiresAt,
          ...(deadlineAt && { deadlineAt }), ...(harness && { harness }), ...(sessionId && { sessionId }),
        },
      };
      // "Claim & start": both events in one append, so nobody sees a half-done claim.
      return command.start
        ? [claimed, { type: 'ServiceEventStarted', data: { serviceEventId, startedAt: command.now } }]
        : [claimed];
    }

    case 'StartServiceEvent': {
      const job = requireOpen(state);
      const attempt = requireCurrent(job, command.serviceEventId, 'queued');
      requireMayTakeWork(attempt.claimant, command.claimantView);
      return [{ type: 'ServiceEventStarted', data: { serviceEventId: command.serviceEventId, startedAt: command.now } }];
    }

    case 'ExtendLease': {
      const job = requireOpen(state);
      requireCurrent(job, command.serviceEventId, 'queued', 'in_progress');
      return [{ type: 'LeaseExtended', data: { serviceEventId: command.serviceEventId, leaseExpiresAt: command.leaseExpiresAt } }];
    }

    case 'CaptureEvidence': {
      requireMayCaptureEvidence(state, command.serviceEventId, command.category);
      const { serviceEventId, evidenceId, category, contentType, sizeBytes, sha256, blobRef, note } = command;
      return [{
        type: 'EvidenceCaptured',
        data: { serviceEventId, evidenceId, category, contentType, sizeBytes, sha256, blobRef, ...(note && { note }), capturedAt: command.now },
      }];
    }

    case 'CompleteServiceEvent': {
      const job = requireOpen(state);
      const attempt = requireCurrent(job, command.serviceEventId, 'in_progress');
      requireEvidenceComplete(job, attempt);
      requireBoundedJson('result', command.result);
      const { serviceEventId, payment, outcome, summary, result } = command;
      return [{
        type: 'ServiceEventCompleted',
        data: {
          serviceEventId, completedAt: command.now, ...(payment && { payment }), ...(outcome && { outcome }),
          ...(summary && { summary }), ...(result !== undefined && { result }),
        },
      }];
    }

    case 'FailServiceEvent': {
      const job = requireOpen(state);
      requireCurrent(job, command.serviceEventId, 'queued', 'in_progress');
      const reason = requireOwnReason(requireText('reason', command.reason, 2000), DEADLINE_EXCEEDED);
      requireBoundedJson('result', command.result);
      return [{
        type: 'ServiceEventFailed',
        data: { serviceEventId: command.serviceEventId, reason, ...(command.result !== undefined && { result: command.result }) },
      }];
    }

    case 'ReleaseJob': {
      const job = requireOpen(state);
      const attempt = requireCurrent(job, command.serviceEventId, 'queued', 'in_progress');
      const reason = requireText('reason', command.reason, 2000);
      if (!command.onlyIfLeaseExpired) requireOwnReason(reason, LEASE_EXPIRED);
      else if (attempt.leaseExpiresAt > command.now) {
        throw conflict('LEASE_NOT_EXPIRED', 'the lease was extended', { leaseExpiresAt: attempt.leaseExpiresAt });
      }
      return [{ type: 'JobReleased', data: { serviceEventId: command.serviceEventId, reason } }];
    }

    case 'RecordResult':
      return decideRecordResult(command, state);

    case 'SubmitForReview':
      return decideSubmitForReview(command, state);

    case 'ExpireDeadline':
      return decideExpireDeadline(command, state);

    case 'ApproveJob': {
      const job = requireOpen(state);
      requirePhase(job, 'review');
      return [{ type: 'JobApproved', data: command.comment?.trim() ? { comment: command.comment.trim() } : {} }];
    }

    case 'RejectJob': {
      const job = requireOpen(state);
      requirePhase(job, 'review');
      return [{ type: 'JobRejected', data: { reason: requireText('reason', command.reason, 2000) } }];
    }

    case 'CloseJob':
      requireOpen(state);
      return [{ type: 'JobClosed', data: { reason: requireText('reason', command.reason, 2000) } }];

    case 'CancelJob':
      requireOpen(state);
      return [{ type: 'JobCancelled', data: { reason: requireText('reason', command.reason, 2000) } }];

    case 'ForceCompleteJob':
      requireOpen(state);
      return [{ type: 'JobForceCompleted', data: { reason: requireText('reason', command.reason, 2000) } }];

    case 'ResubmitJob': {
      // The explicit admin override: any job that is not active, terminal ones included.
      const job = requireJob(state);
      if (job.phase === 'active') throw conflict('JOB_ACTIVE', 'release or end the running ServiceEvent first');
      requireNoCancelledAncestor(command.ancestors, 'resubmit it first, then the jobs under it');
      return [{ type: 'JobResubmitted', data: { reason: requireText('reason', command.reason, 2000) } }];
    }

    case 'ReassignJob': {
      const job = requireOpen(state);
      if (job.phase === 'active') throw conflict('JOB_ACTIVE', 'release or end the running ServiceEvent first');
      requireAssignable(command.to, command.toView);
      const reason = requireText('reason', command.reason, 2000);
      return [{ type: 'JobReassigned', data: { from: job.assignee, to: command.to, reason } }];
    }
  }
};

