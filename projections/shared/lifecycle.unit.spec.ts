import fc from 'fast-check';
import type { JobCreatedData, JobEvent } from '../../libs/domain/src/job/events';
import { evolveJob, initialJobState } from '../../libs/domain/src/job/state';
import type { Assignee } from '../../libs/domain/src/shared/assignee';
import { recorded, resetLog } from '../testing';
import { evolveLifecycle, lifecycleOf, type Lifecycle } from './lifecycle';

const dana: Assignee = { kind: 'operator', slug: 'dana' };
const bot: Assignee = { kind: 'agent', agentId: 'bot' };
const se = 'se-1';

/** Any job event after creation, valid or not: the mirror must agree with the decider's fold on every sequence. */
const jobEvent: fc.Arbitrary<JobEvent> = fc.oneof(
  fc.constantFrom<JobEvent>(
    { type: 'JobClaimed', data: { serviceEventId: se, attemptNumber: 1, claimant: dana, leaseExpiresAt: 'x' } },
    { type: 'ServiceEventStarted', data: { serviceEventId: se, startedAt: 'x' } },
    { type: 'ServiceEventCompleted', data: { serviceEventId: se, completedAt: 'x' } },
    { type: 'ServiceEventFailed', data: { serviceEventId: se, reason: 'r' } },
    { type: 'ServiceEventWaiting', data: { serviceEventId: se, summary: 's', reason: 'r', deferUntil: '2030-01-01T00:00:00.000Z' } },
    { type: 'ServiceEventWaiting', data: { serviceEventId: se, summary: 's', reason: 'r' } },
    { type: 'JobReleased', data: { serviceEventId: se, reason: 'r' } },
    { type: 'JobSubmittedForReview', data: { serviceEventId: se, summary: 's' } },
    { type: 'JobApproved', data: {} },
    { type: 'JobRejected', data: { reason: 'r' } },
    { type: 'JobClosed', data: { reason: 'r' } },
    { type: 'JobCancelled', data: { reason: 'r' } },
    { type: 'JobForceCompleted', data: { reason: 'r' } },
    { type: 'JobResubmitted', data: { reason: 'r' } },
    { type: 'JobReassigned', data: { from: null, to: bot, reason: 'r' } },
    { type: 'JobUpdated', data: { changes: { assignee: null } } },
    { type: 'JobUpdated', data: { changes: { phase: 'backlog', priority: 0 } } },
    { type: 'LeaseExtended', data: { serviceEventId: se, leaseExpiresAt: 'y' } },
  ),
);

const created = (maxAttempts: number, reviewRequired: boolean): JobCreatedData => ({
  jobId: 'acme-00000001', projectSlug: 'acme', depth: 1, title: 't', description: 'd', assignee: dana,
  priority: 2, phase: 'ready', requiredEvidence: [], allowedEvidence: [], reviewRequired, maxAttempts,
});

describe('shared lifecycle mirrors the job decider', () => {
  it('agrees with evolveJob on phase, resolution, assignee, priority, attempt budget and deferral for any event sequence', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.boolean(), fc.array(jobEvent, { maxLength: 25 }), (maxAttempts, review, events) => {
        resetLog();
        const job = created(maxAttempts, review);
        let decider = evolveJob(initialJobState(), { type: 'JobCreated', data: job });
        let mirror: Lifecycle = lifecycleOf(job);
        for (const e of events) {
          decider = evolveJob(decider, e);
          mirror = evolveLifecycle(mirror, recorded('job-acme-00000001', e.type, e.data as never));
          if (decider.status !== 'created') throw new Error('unreachable');
          const { phase, resolution, assignee, priority, attemptsUsed, deferUntil } = decider;
          expect({ phase: mirror.phase, resolution: mirror.resolution, assignee: mirror.assignee, priority: mirror.priority, attemptsUsed: mirror.attemptsUsed, deferUntil: mirror.deferUntil })
            .toEqual({ phase, resolution, assignee, priority, attemptsUsed, deferUntil });
        }
      }),
      { numRuns: 300 },
    );
  });
});
