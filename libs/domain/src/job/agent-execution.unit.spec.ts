import { fold } from '../shared/decider';
import { spec } from '../testing/decider-specification';
import { LATER, LEASE, NOW, agent, claimed, jobCreated, started } from '../testing/job-fixtures';
import { waitBackoffSeconds } from './backoff';
import type { JobCommand } from './commands';
import { jobDecider } from './decider';
import type { JobEvent } from './events';
import { interpretResult } from './json-result';
import type { ExistingJob } from './state';

const job = spec(jobDecider);
const agentJob = jobCreated({ assignee: undefined, requiredEvidence: [], allowedEvidence: [], maxAttempts: 2 });
const running = (se = 'se-1', n = 1): JobEvent[] => [claimed(se, n, agent), started(se)];

const result = (serviceEventId: string, block: Record<string, unknown>, unresolvedBlockers: string[] = [], now = NOW): JobCommand => ({
  type: 'RecordResult', serviceEventId, outcome: interpretResult(block), unresolvedBlockers, now,
});
const waiting = (se: string, deferUntil?: string): JobEvent => ({
  type: 'ServiceEventWaiting', data: { serviceEventId: se, summary: 'waiting on CI', reason: 'waiting on CI', ...(deferUntil && { deferUntil }) },
});
const after = (events: readonly JobEvent[]) => fold(jobDecider, events) as ExistingJob;
const plus = (iso: string, seconds: number) => new Date(Date.parse(iso) + seconds * 1000).toISOString();

describe('job: agent results', () => {
  it('success completes the attempt with the block as its result; done without review', () => {
    const block = { status: 'success', summary: 'PR merged', git: { branch: 'b', commit: 'c1', pushed: true } };
    job.given([agentJob, ...running()]).when(result('se-1', block)).then([
      { type: 'ServiceEventCompleted', data: { serviceEventId: 'se-1', completedAt: NOW, summary: 'PR merged', result: block } },
    ]);
    const completed: JobEvent = { type: 'ServiceEventCompleted', data: { serviceEventId: 'se-1', completedAt: NOW, result: block } };
    expect(after([agentJob, ...running(), completed])).toMatchObject({ phase: 'done', resolution: 'completed' });
    const reviewed = jobCreated({ ...agentJob.data, reviewRequired: true });
    expect(after([reviewed, ...running(), completed])).toMatchObject({ phase: 'review', resolution: null });
  });

  it('a failed result may not give the deadline watchdog\'s reason, nor a summary standing in for it', () => {
    job.given([agentJob, ...running()]).when(result('se-1', { status: 'failed', reason: 'deadline_exceeded' }))
      .thenThrows('RESERVED_REASON', { kind: 'validation', details: { field: 'reason', reserved: 'deadline_exceeded' } });
    job.given([agentJob, ...running()]).when(result('se-1', { status: 'failed', summary: ' deadline_exceeded ' })).thenThrows('RESERVED_REASON');
  });

  it('a result on a queued attempt starts it first, in the same append', () => {
    job.given([agentJob, claimed('se-1', 1, agent)]).when(result('se-1', { status: 'failed', reason: 'no access' })).then([
      { type: 'ServiceEventStarted', data: { serviceEventId: 'se-1', startedAt: NOW } },
      { type: 'ServiceEventFailed', data: { serviceEventId: 'se-1', reason: 'no access', result: { status: 'failed', reason: 'no access' } } },
    ]);
  });

  it('waiting requeues with a backoff that doubles with each consecutive wait', () => {
    const block = { eve: { status: 'waiting' }, summary: 'waiting on CI' };
    job.given([agentJob, ...running()]).when(result('se-1', block)).then([waiting('se-1', plus(NOW, 30))]);
    const second = [agentJob, ...running(), waiting('se-1', plus(NOW, 30)), ...running('se-2', 2)];
    job.given(second).when(result('se-2', block)).then([waiting('se-2', plus(NOW, 60))]);
    const state = after([...second, waiting('se-2', plus(NOW, 60))]);
    expect(state).toMatchObject({ phase: 'ready', assignee: null, attemptsUsed: 0, consecutiveWaits: 2, deferUntil: plus(NOW, 60) });
  });

  it('a completed or failed attempt resets the run of waits', () => {
    const events = [agentJob, ...running(), waiting('se-1'), ...running('se-2', 2),
      { type: 'ServiceEventFailed', data: { serviceEventId: 'se-2', reason: 'x' } } as JobEvent, ...running('se-3', 3)];
    job.given(events).when(result('se-3', { status: 'waiting', summary: 'waiting on CI' })).then([waiting('se-3', plus(NOW, 30))]);
  });

  it('waiting with unresolved blockers is not deferred: the blocker holds the job', () => {
    job.given([agentJob, ...running()]).when(result('se-1', { status: 'waiting', summary: 'waiting on CI' }, ['acme-00000001'])).then([waiting('se-1')]);
  });

  it('the backoff is 30 s, doubling, capped at one hour', () => {
    expect([1, 2, 3, 4, 7, 8, 50].map(waitBackoffSeconds)).toEqual([30, 60, 120, 240, 1920, 3600, 3600]);
  });

  it('failed retries while attempts remain, then ends the job failed', () => {
    const failedEvent = (se: string): JobEvent => ({ type: 'ServiceEventFailed', data: { serviceEventId: se, reason: 'tests red', result: { status: 'failed', reason: 'tests red' } } });
    job.given([agentJob, ...running()]).when(result('se-1', { status: 'failed', reason: 'tests red' })).then([failedEvent('se-1')]);
    expect(after([agentJob, ...running(), failedEvent('se-1')])).toMatchObject({ phase: 'ready' });
    expect(after([agentJob, ...running(), failedEvent('se-1'), ...running('se-2', 2), failedEvent('se-2')]))
      .toMatchObject({ phase: 'done', resolution: 'failed' });
  });

  it('is fenced: a result naming an ended attempt is STALE_SERVICE_EVENT', () => {
    const released: JobEvent = { type: 'JobReleased', data: { serviceEventId: 'se-1', reason: 'lease_expired' } };
    job.given([agentJob, ...running(), released, ...running('se-2', 2)]).when(result('se-1', { status: 'success' }))
      .thenThrows('STALE_SERVICE_EVENT', { kind: 'conflict', details: { currentServiceEventId: 'se-2' } });
  });

  it('success still needs the required evidence of the attempt', () => {
    const withEvidence = jobCreated({ ...agentJob.data, requiredEvidence: ['report'] });
    job.given([withEvidence, ...running()]).when(result('se-1', { status: 'success' })).thenThrows('EVIDENCE_MISSING', { kind: 'rule' });
  });
});

describe('job: submit for review', () => {
  const submit = (serviceEventId: string, summary: string): JobCommand => ({ type: 'SubmitForReview', serviceEventId, summary, now: NOW });

  it('hands the attempt over with its summary → review', () => {
    job.given([agentJob, ...running()]).when(submit('se-1', ' PR #12 ready ')).then([
      { type: 'JobSubmittedForReview', data: { serviceEventId: 'se-1', summary: 'PR #12 ready' } },
    ]);
  });

  it('needs a summary and the current ServiceEvent', () => {
    job.given([agentJob, ...running()]).when(submit('se-1', '  ')).thenThrows('FIELD_REQUIRED', { kind: 'validation' });
    job.given([agentJob, ...running()]).when(submit('se-9', 'x')).thenThrows('STALE_SERVICE_EVENT');
  });

  it('a reviewer rejection sends it back to ready with the reason as latestRejectionReason', () => {
    const submitted: JobEvent = { type: 'JobSubmittedForReview', data: { serviceEventId: 'se-1', summary: 'PR' } };
    job.given([agentJob, ...running(), submitted]).when({ type: 'RejectJob', reason: 'no tests' }).then([{ type: 'JobRejected', data: { reason: 'no tests' } }]);
    expect(after([agentJob, ...running(), submitted, { type: 'JobRejected', data: { reason: 'no tests' } }]))
      .toMatchObject({ phase: 'ready', latestRejectionReason: 'no tests' });
  });
});

describe('job: results and submissions are agents\'', () => {
  it('refuses both on an operator\'s ServiceEvent: its governed assignment is never handed back by a result', () => {
    const serviceJob = jobCreated({ maxAttempts: 2 });
    const operators: JobEvent[] = [claimed('se-1', 1), started('se-1')];
    job.given([serviceJob, ...operators]).when(result('se-1', { status: 'waiting', reason: 'later' })).thenThrows('AGENT_ATTEMPT_ONLY', { kind: 'rule' });
    const submit: JobCommand = { type: 'SubmitForReview', serviceEventId: 'se-1', summary: 'done', now: NOW };
    job.given([serviceJob, ...operators]).when(submit).thenThrows('AGENT_ATTEMPT_ONLY', { kind: 'rule' });
  });
});

describe('job: deadline', () => {
  const expire = (serviceEventId: string, now: string): JobCommand => ({ type: 'ExpireDeadline', serviceEventId, now });
  const claimedWithDeadline: JobEvent = { type: 'JobClaimed', data: { serviceEventId: 'se-1', attemptNumber: 1, claimant: agent, leaseExpiresAt: LEASE, deadlineAt: LATER } };

  it('fails an attempt past its deadline (it counts against the budget)', () => {
    job.given([agentJob, claimedWithDeadline]).when(expire('se-1', plus(LATER, 1))).then([
      { type: 'ServiceEventFailed', data: { serviceEventId: 'se-1', reason: 'deadline_exceeded' } },
    ]);
  });

  it('refuses before the deadline, without one, and for an ended attempt', () => {
    job.given([agentJob, claimedWithDeadline]).when(expire('se-1', NOW)).thenThrows('DEADLINE_NOT_PASSED', { kind: 'conflict' });
    job.given([agentJob, ...running()]).when(expire('se-1', plus(LATER, 3600))).thenThrows('DEADLINE_NOT_PASSED');
    const released: JobEvent = { type: 'JobReleased', data: { serviceEventId: 'se-1', reason: 'released' } };
    job.given([agentJob, claimedWithDeadline, released]).when(expire('se-1', plus(LATER, 1))).thenThrows('STALE_SERVICE_EVENT');
  });
});
