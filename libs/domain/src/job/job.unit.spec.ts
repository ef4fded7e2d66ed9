import { fold } from '../shared/decider';
import { spec } from '../testing/decider-specification';
import {
  ACTIVE, LATER, LEASE, NOW, agent, alice, bob, capture, claim, claimed, complete, completed, evidence, fail, failed, heartbeat,
  inProgress, jobCreated, jobData, release, released, start, started,
} from '../testing/job-fixtures';
import type { JobCommand } from './commands';
import { jobDecider } from './decider';
import type { JobEvent } from './events';
import type { ExistingJob } from './state';

const job = spec(jobDecider);
const created = jobCreated();
const stateAfter = (events: readonly JobEvent[]) => fold(jobDecider, events) as ExistingJob;

describe('job: create', () => {
  it('creates the job in its phase with the snapshot it was given', () => {
    job.given([]).when({ type: 'CreateJob', job: jobData() }).then([jobCreated()]);
  });

  it('defaults the title to the first line of the description', () => {
    job
      .given([])
      .when({ type: 'CreateJob', job: jobData({ title: '', description: '  Wash and wax  \nthe blue van, not the red one' }) })
      .then(([e]) => {
        expect(e.type).toBe('JobCreated');
        expect(e.type === 'JobCreated' && e.data.title).toBe('Wash and wax');
        expect(e.type === 'JobCreated' && e.data.description).toBe('Wash and wax  \nthe blue van, not the red one');
      });
  });

  it('keeps an explicit title', () => {
    job.given([]).when({ type: 'CreateJob', job: jobData({ title: 'Van', description: 'Wash\nand wax' }) })
      .then(([e]) => expect(e.type === 'JobCreated' && e.data.title).toBe('Van'));
  });

  it('accepts depth 3 and refuses depth 4', () => {
    job.given([]).when({ type: 'CreateJob', job: jobData({ jobId: 'detailing-0a1b2c3d.1.2', depth: 3 }) })
      .then(([e]) => expect(e.type).toBe('JobCreated'));
    job.given([]).when({ type: 'CreateJob', job: jobData({ depth: 4 }) }).thenThrows('JOB_TOO_DEEP', { kind: 'validation' });
  });

  it.each([0, 4])('accepts priority %d', (priority) => {
    job.given([]).when({ type: 'CreateJob', job: jobData({ priority }) }).then([jobCreated({ priority })]);
  });

  it.each([-1, 5, 1.5])('refuses priority %d', (priority) => {
    job.given([]).when({ type: 'CreateJob', job: jobData({ priority }) }).thenThrows('INVALID_PRIORITY', { kind: 'validation' });
  });

  it('needs a description', () => {
    job.given([]).when({ type: 'CreateJob', job: jobData({ description: '   ' }) })
      .thenThrows('FIELD_REQUIRED', { kind: 'validation', details: { field: 'description' } });
  });

  it('creates a job once', () => {
    job.given([created]).when({ type: 'CreateJob', job: jobData() }).thenThrows('JOB_EXISTS', { kind: 'conflict' });
  });

  it('knows no commands for a job that does not exist', () => {
    job.given([]).when(claim('se-1')).thenThrows('JOB_NOT_FOUND', { kind: 'not_found' });
  });
});

describe('job: claim', () => {
  it('claims a ready job: attempt 1, ServiceEvent queued, phase active', () => {
    job.given([created]).when(claim('se-1', { harness: 'desk', sessionId: 's-9', deadlineAt: LATER }))
      .then([{ type: 'JobClaimed', data: { serviceEventId: 'se-1', attemptNumber: 1, claimant: alice, leaseExpiresAt: LEASE, deadlineAt: LATER, harness: 'desk', sessionId: 's-9' } }]);
    const s = stateAfter([created, claimed('se-1', 1)]);
    expect([s.phase, s.attempt?.status, s.attemptsUsed]).toEqual(['active', 'queued', 1]);
  });

  it('"Claim & start" emits JobClaimed and ServiceEventStarted in one decision', () => {
    job.given([created]).when(claim('se-1', { start: true })).then([claimed('se-1', 1), started('se-1', NOW)]);
  });

  it('numbers attempts 1, 2, 3… per job, also across a resubmit', () => {
    job.given([created, ...inProgress('se-1'), failed('se-1')]).when(claim('se-2')).then([claimed('se-2', 2)]);
    job
      .given([created, ...inProgress('se-1'), failed('se-1'), ...inProgress('se-2', 2), failed('se-2'), { type: 'JobResubmitted', data: { reason: 'retry' } }])
      .when(claim('se-3'))
      .then([claimed('se-3', 3)]);
  });

  it('lets anyone take on an unassigned job', () => {
    job.given([jobCreated({ assignee: undefined })]).when(claim('se-1', { claimant: agent, claimantView: { access: null } }))
      .then([claimed('se-1', 1, agent)]);
  });

  it('refuses a claimant who is not the assignee', () => {
    job.given([created]).when(claim('se-1', { claimant: bob })).thenThrows('NOT_ASSIGNEE', { kind: 'forbidden' });
    job.given([created]).when(claim('se-1', { claimant: agent })).thenThrows('NOT_ASSIGNEE');
  });

  it.each(['limited', 'suspended', null] as const)('refuses an operator whose access is %s', (access) => {
    job.given([created]).when(claim('se-1', { claimantView: { access } }))
      .thenThrows('OPERATOR_NOT_ACTIVE', { kind: 'forbidden', details: { accessState: access } });
  });

  it.each(['idea', 'backlog'] as const)('refuses a job in %s', (phase) => {
    job.given([jobCreated({ phase })]).when(claim('se-1')).thenThrows('INVALID_PHASE', { details: { phase } });
  });

  it('refuses a job in review', () => {
    job.given([jobCreated({ reviewRequired: true }), ...inProgress('se-1', 1, ['before', 'after']), completed('se-1')])
      .when(claim('se-2')).thenThrows('INVALID_PHASE', { details: { phase: 'review' } });
  });

  it('refuses a job that is already claimed', () => {
    job.given([created, claimed('se-1', 1)]).when(claim('se-2'))
      .thenThrows('JOB_ALREADY_CLAIMED', { kind: 'conflict', details: { serviceEventId: 'se-1' } });
  });

  it('refuses a blocked job', () => {
    job.given([created]).when(claim('se-1', { unresolvedBlockers: ['detailing-ffff0000'] }))
      .thenThrows('JOB_BLOCKED', { kind: 'conflict', details: { blockedBy: ['detailing-ffff0000'] } });
  });

  describe('under a cancelled ancestor (the cascade has not reached the job yet)', () => {
    const ROOT = 'detailing-0a1b2c3d';
    const grandchild = jobCreated({ jobId: `${ROOT}.1.2`, parentId: `${ROOT}.1`, depth: 3 });
    const child = jobCreated({ jobId: `${ROOT}.1`, parentId: ROOT, depth: 2 });
    const parent = (phase: 'ready' | 'active' | 'done' | 'cancelled') => ({ jobId: `${ROOT}.1`, phase });
    const root = (phase: 'ready' | 'done' | 'cancelled') => ({ jobId: ROOT, phase });

    it('refuses a child whose parent is cancelled, naming the parent, and appends nothing', () => {
      job.given([child]).when(claim('se-1', { ancestors: [root('cancelled')] }))
        .thenThrows('ANCESTOR_CANCELLED', { kind: 'conflict', details: { ancestorId: ROOT } });
    });

    it.each(['ready', 'active'] as const)('refuses a grandchild whose grandparent is cancelled and whose parent is %s: the cancellation reaches it', (phase) => {
      job.given([grandchild]).when(claim('se-1', { ancestors: [parent(phase), root('cancelled')] }))
        .thenThrows('ANCESTOR_CANCELLED', { kind: 'conflict', details: { ancestorId: ROOT } });
    });

    it('refuses a grandchild whose parent is cancelled, naming the parent', () => {
      job.given([grandchild]).when(claim('se-1', { ancestors: [parent('cancelled'), root('ready')] }))
        .thenThrows('ANCESTOR_CANCELLED', { kind: 'conflict', details: { ancestorId: `${ROOT}.1` } });
    });

    it('lets a grandchild through when its parent is done: the cascade stops at a job already done', () => {
      job.given([grandchild]).when(claim('se-1', { ancestors: [parent('done'), root('cancelled')] })).then([claimed('se-1', 1)]);
    });

    it('lets a child through when no ancestor is cancelled', () => {
      job.given([grandchild]).when(claim('se-1', { ancestors: [parent('active'), root('done')] })).then([claimed('se-1', 1)]);
    });

    it('answers for the job itself first: a job already cancelled by the cascade is JOB_TERMINAL', () => {
      const cancelled: JobEvent = { type: 'JobCancelled', data: { reason: `parent ${ROOT}.1 cancelled: scope cut` } };
      job.given([grandchild, cancelled]).when(claim('se-1', { ancestors: [parent('cancelled'), root('cancelled')] }))
        .thenThrows('JOB_TERMINAL', { kind: 'conflict' });
    });
  });

  it('refuses a deferred job until its deferral has passed', () => {
    const waiting: JobEvent = { type: 'ServiceEventWaiting', data: { serviceEventId: 'se-1', summary: 'waiting on parts', reason: 'parts', deferUntil: LATER } };
    const given = [jobCreated({ assignee: undefined }), claimed('se-1', 1), started('se-1'), waiting];
    job.given(given).when(claim('se-2')).thenThrows('JOB_DEFERRED', { details: { deferUntil: LATER } });
    job.given(given).when(claim('se-2', { now: LATER })).then([claimed('se-2', 2)]);
  });

  it('refuses once maxAttempts claims were made', () => {
    const given = [created, ...inProgress('se-1'), released('se-1'), claimed('se-2', 2), released('se-2')];
    expect(stateAfter(given).phase).toBe('ready');
    job.given(given).when(claim('se-3')).thenThrows('ATTEMPTS_EXHAUSTED', { kind: 'conflict', details: { maxAttempts: 2 } });
  });

  it('counts lapsed leases against the budget but gives a voluntarily released attempt back', () => {
    const one = jobCreated({ maxAttempts: 1 });
    job.given([one, claimed('se-1', 1), released('se-1', 'rain')]).when(claim('se-2')).then([claimed('se-2', 2)]);
    job.given([one, claimed('se-1', 1), released('se-1', 'lease_expired')]).when(claim('se-2')).thenThrows('ATTEMPTS_EXHAUSTED');
  });

  it('refuses a serviceEventId the job has used before (the fencing token must be new)', () => {
    job.given([created, claimed('se-1', 1), released('se-1')]).when(claim('se-1'))
      .thenThrows('SERVICE_EVENT_ID_REUSED', { kind: 'conflict', details: { serviceEventId: 'se-1' } });
  });
});

describe('job: start and heartbeat', () => {
  it('starts the queued ServiceEvent', () => {
    job.given([created, claimed('se-1', 1)]).when(start('se-1')).then([started('se-1', NOW)]);
    expect(stateAfter([created, claimed('se-1', 1), started('se-1')]).attempt?.status).toBe('in_progress');
  });

  it('starts only once', () => {
    job.given([created, ...inProgress('se-1')]).when(start('se-1')).thenThrows('SERVICE_EVENT_NOT_QUEUED', { details: { status: 'in_progress' } });
  });

  it('does not let an operator whose access dropped to limited start new work', () => {
    job.given([created, claimed('se-1', 1)]).when({ type: 'StartServiceEvent', serviceEventId: 'se-1', claimantView: { access: 'limited' }, now: NOW })
      .thenThrows('OPERATOR_NOT_ACTIVE');
  });

  it('extends the lease of a queued or in-progress ServiceEvent', () => {
    const extended = { type: 'LeaseExtended', data: { serviceEventId: 'se-1', leaseExpiresAt: LATER } };
    job.given([created, claimed('se-1', 1)]).when(heartbeat('se-1')).then([extended as JobEvent]);
    job.given([created, ...inProgress('se-1')]).when(heartbeat('se-1')).then([extended as JobEvent]);
  });
});

describe('job: the serviceEventId fencing token', () => {
  // se-1's lease expired and was released; se-2 is the job's current, running ServiceEvent.
  const superseded = [created, ...inProgress('se-1', 1, ['before']), released('se-1'), ...inProgress('se-2', 2)];
  const commands: [string, (se: string) => JobCommand][] = [
    ['start', start], ['heartbeat', heartbeat], ['evidence', (se) => capture(se, 'after')], ['complete', complete],
    ['fail', fail], ['release', release],
  ];

  it.each(commands)('%s naming a superseded ServiceEvent is refused', (_name, command) => {
    job.given(superseded).when(command('se-1'))
      .thenThrows('STALE_SERVICE_EVENT', { kind: 'conflict', details: { serviceEventId: 'se-1', currentServiceEventId: 'se-2' } });
  });

  it.each(commands)('%s naming an unknown ServiceEvent is refused', (_name, command) => {
    job.given(superseded).when(command('se-x')).thenThrows('STALE_SERVICE_EVENT', { details: { serviceEventId: 'se-x' } });
  });

  it.each(commands)('%s on a job with no running ServiceEvent is refused', (_name, command) => {
    job.given([created, ...inProgress('se-1', 1, ['before', 'after']), failed('se-1')]).when(command('se-1'))
      .thenThrows('STALE_SERVICE_EVENT', { details: { currentServiceEventId: null } });
  });
});

describe('job: evidence', () => {
  it('captures evidence of an allowed category on the running ServiceEvent', () => {
    job.given([created, ...inProgress('se-1')]).when(capture('se-1', 'arrival')).then([evidence('se-1', 'arrival')]);
  });

  it('allows a required category even when allowedEvidence omits it', () => {
    job.given([jobCreated({ requiredEvidence: ['signature'], allowedEvidence: [] }), ...inProgress('se-1')])
      .when(capture('se-1', 'signature')).then([evidence('se-1', 'signature')]);
  });

  it('refuses a category the job policy does not allow', () => {
    job.given([created, ...inProgress('se-1')]).when(capture('se-1', 'signature'))
      .thenThrows('EVIDENCE_CATEGORY_NOT_ALLOWED', { kind: 'rule', details: { category: 'signature' } });
  });

  it('refuses evidence before the ServiceEvent is started', () => {
    job.given([created, claimed('se-1', 1)]).when(capture('se-1', 'before'))
      .thenThrows('SERVICE_EVENT_NOT_IN_PROGRESS', { details: { status: 'queued' } });
  });
});

describe('job: complete', () => {
  it('refuses completion naming every missing required category', () => {
    job.given([created, ...inProgress('se-1', 1, ['arrival'])]).when(complete('se-1'))
      .thenThrows('EVIDENCE_MISSING', { kind: 'rule', details: { missing: ['before', 'after'] } });
  });

  it('names exactly the categories still missing', () => {
    job.given([created, ...inProgress('se-1', 1, ['before', 'before'])]).when(complete('se-1'))
      .thenThrows('EVIDENCE_MISSING', { details: { missing: ['after'] } });
  });

  it('does not count evidence captured on a previous ServiceEvent', () => {
    job.given([created, ...inProgress('se-1', 1, ['before', 'after']), failed('se-1'), ...inProgress('se-2', 2, ['before'])])
      .when(complete('se-2')).thenThrows('EVIDENCE_MISSING', { details: { missing: ['after'] } });
  });

  it('completes when every required category is on this ServiceEvent; done without review', () => {
    const given = [created, ...inProgress('se-1', 1, ['before', 'after'])];
    job.given(given).when(complete('se-1')).then([completed('se-1', NOW)]);
    const s = stateAfter([...given, completed('se-1')]);
    expect([s.phase, s.resolution, s.attempt?.status]).toEqual(['done', 'completed', 'completed']);
  });

  it('keeps payment, outcome, summary and result on the completion', () => {
    job.given([created, ...inProgress('se-1', 1, ['before', 'after'])])
      .when({ type: 'CompleteServiceEvent', serviceEventId: 'se-1', now: NOW, payment: { state: 'paid', amount: 120, currency: 'EUR' }, outcome: { notes: 'ok' }, summary: 'done', result: { ok: true } })
      .then([{ type: 'ServiceEventCompleted', data: { serviceEventId: 'se-1', completedAt: NOW, payment: { state: 'paid', amount: 120, currency: 'EUR' }, outcome: { notes: 'ok' }, summary: 'done', result: { ok: true } } }]);
  });

  it('goes to review when the job requires review', () => {
    const s = stateAfter([jobCreated({ reviewRequired: true }), ...inProgress('se-1', 1, ['before', 'after']), completed('se-1')]);
    expect([s.phase, s.resolution]).toEqual(['review', null]);
  });

  it('refuses completion before the ServiceEvent is started', () => {
    job.given([jobCreated({ requiredEvidence: [] }), claimed('se-1', 1)]).when(complete('se-1'))
      .thenThrows('SERVICE_EVENT_NOT_IN_PROGRESS');
  });

  it('refuses completing twice', () => {
    const done = [created, ...inProgress('se-1', 1, ['before', 'after']), completed('se-1')];
    job.given(done).when(complete('se-1')).thenThrows('JOB_TERMINAL');
    const inReview = [jobCreated({ reviewRequired: true }), ...inProgress('se-1', 1, ['before', 'after']), completed('se-1')];
    job.given(inReview).when(complete('se-1')).thenThrows('STALE_SERVICE_EVENT');
  });
});

describe('job: fail and release', () => {
  it('a failure returns the job to ready while attempts remain', () => {
    const given = [created, ...inProgress('se-1')];
    job.given(given).when(fail('se-1')).then([failed('se-1')]);
    const s = stateAfter([...given, failed('se-1')]);
    expect([s.phase, s.resolution, s.attempt?.status]).toEqual(['ready', null, 'failed']);
  });

  it('the last failure ends the job done/failed', () => {
    const s = stateAfter([created, ...inProgress('se-1'), failed('se-1'), claimed('se-2', 2), failed('se-2')]);
    expect([s.phase, s.resolution]).toEqual(['done', 'failed']);
  });

  it('a failure needs a reason', () => {
    job.given([created, claimed('se-1', 1)]).when(fail('se-1', ' ')).thenThrows('FIELD_REQUIRED', { details: { field: 'reason' } });
  });

  it('release returns the job to ready and ends the ServiceEvent released', () => {
    job.given([created, ...inProgress('se-1')]).when(release('se-1')).then([released('se-1', 'operator stepped away')]);
    const s = stateAfter([created, ...inProgress('se-1'), released('se-1')]);
    expect([s.phase, s.attempt?.status]).toEqual(['ready', 'released']);
  });

  it('the watchdog releases a claim whose lease has expired', () => {
    job.given([created, claimed('se-1', 1)]).when(release('se-1', 'lease_expired', LATER, true)).then([released('se-1', 'lease_expired')]);
  });

  it('a client may not give a watchdog\'s reason: its release would keep the attempt counted, its failure pass for a deadline', () => {
    job.given([created, claimed('se-1', 1)]).when(release('se-1', ' lease_expired ', LATER))
      .thenThrows('RESERVED_REASON', { kind: 'validation', details: { field: 'reason', reserved: 'lease_expired' } });
    job.given([created, claimed('se-1', 1)]).when(fail('se-1', 'deadline_exceeded'))
      .thenThrows('RESERVED_REASON', { kind: 'validation', details: { field: 'reason', reserved: 'deadline_exceeded' } });
    // Other words around them are the client's own.
    job.given([created, claimed('se-1', 1)]).when(release('se-1', 'lease_expired soon', LATER)).then([released('se-1', 'lease_expired soon')]);
  });

  it('the watchdog release is refused when a heartbeat extended the lease', () => {
    const heartbeatEvent: JobEvent = { type: 'LeaseExtended', data: { serviceEventId: 'se-1', leaseExpiresAt: '2026-03-02T09:35:00.000Z' } };
    job.given([created, claimed('se-1', 1), heartbeatEvent]).when(release('se-1', 'lease_expired', LATER, true))
      .thenThrows('LEASE_NOT_EXPIRED', { kind: 'conflict', details: { leaseExpiresAt: '2026-03-02T09:35:00.000Z' } });
  });
});

describe('job: review and admin overrides', () => {
  const inReview = [jobCreated({ reviewRequired: true }), ...inProgress('se-1', 1, ['before', 'after']), completed('se-1')];

  it('approves a job in review: done/completed', () => {
    job.given(inReview).when({ type: 'ApproveJob', comment: ' fine ' }).then([{ type: 'JobApproved', data: { comment: 'fine' } }]);
    const s = stateAfter([...inReview, { type: 'JobApproved', data: {} }]);
    expect([s.phase, s.resolution]).toEqual(['done', 'completed']);
  });

  it('approves and rejects only in review', () => {
    job.given([created]).when({ type: 'ApproveJob' }).thenThrows('INVALID_PHASE', { details: { phase: 'ready' } });
    job.given([created]).when({ type: 'RejectJob', reason: 'no' }).thenThrows('INVALID_PHASE');
  });

  it('rejects back to ready with the reason kept', () => {
    job.given(inReview).when({ type: 'RejectJob', reason: 'streaks on the glass' }).then([{ type: 'JobRejected', data: { reason: 'streaks on the glass' } }]);
    job.given(inReview).when({ type: 'RejectJob', reason: '' }).thenThrows('FIELD_REQUIRED');
    const s = stateAfter([...inReview, { type: 'JobRejected', data: { reason: 'streaks on the glass' } }]);
    expect([s.phase, s.latestRejectionReason]).toEqual(['ready', 'streaks on the glass']);
  });

  it('closes, cancels and force-completes, ending a running ServiceEvent', () => {
    const running = [created, ...inProgress('se-1')];
    const cases = [
      [{ type: 'CloseJob', reason: 'duplicate' }, { type: 'JobClosed', data: { reason: 'duplicate' } }, 'done', 'closed'],
      [{ type: 'CancelJob', reason: 'customer cancelled' }, { type: 'JobCancelled', data: { reason: 'customer cancelled' } }, 'cancelled', null],
      [{ type: 'ForceCompleteJob', reason: 'done offline' }, { type: 'JobForceCompleted', data: { reason: 'done offline' } }, 'done', 'force_completed'],
    ] as const;
    for (const [command, event, phase, resolution] of cases) {
      job.given(running).when(command).then([event]);
      const s = stateAfter([...running, event]);
      expect([s.phase, s.resolution, s.attempt?.status]).toEqual([phase, resolution, 'released']);
    }
  });

  it('resubmits a terminal job to ready with a fresh attempt budget', () => {
    const exhausted = [created, ...inProgress('se-1'), failed('se-1'), claimed('se-2', 2), failed('se-2')];
    const resubmitted: JobEvent = { type: 'JobResubmitted', data: { reason: 'customer rebooked' } };
    job.given(exhausted).when({ type: 'ResubmitJob', reason: 'customer rebooked', ancestors: [] }).then([resubmitted]);
    const s = stateAfter([...exhausted, resubmitted]);
    expect([s.phase, s.resolution, s.attemptsUsed]).toEqual(['ready', null, 0]);
    job.given([...exhausted, resubmitted]).when(claim('se-3')).then([claimed('se-3', 3)]);
  });

  it('does not resubmit a job under a cancelled one alone: it could never be claimed; under a done parent it may', () => {
    const cancelledChild = [jobCreated({ jobId: 'detailing-0a1b2c3d.1', parentId: 'detailing-0a1b2c3d', depth: 2 }), { type: 'JobCancelled', data: { reason: 'parent cancelled' } } as JobEvent];
    job.given(cancelledChild).when({ type: 'ResubmitJob', reason: 'still wanted', ancestors: [{ jobId: 'detailing-0a1b2c3d', phase: 'cancelled' }] })
      .thenThrows('ANCESTOR_CANCELLED', { kind: 'conflict', details: { ancestorId: 'detailing-0a1b2c3d' } });
    job.given(cancelledChild).when({ type: 'ResubmitJob', reason: 'still wanted', ancestors: [{ jobId: 'detailing-0a1b2c3d', phase: 'done' }] })
      .then([{ type: 'JobResubmitted', data: { reason: 'still wanted' } }]);
  });

  it('does not resubmit or reassign an active job', () => {
    job.given([created, claimed('se-1', 1)]).when({ type: 'ResubmitJob', reason: 'x', ancestors: [] }).thenThrows('JOB_ACTIVE');
    job.given([created, claimed('se-1', 1)]).when({ type: 'ReassignJob', to: bob, toView: { exists: true, ...ACTIVE }, reason: 'x' }).thenThrows('JOB_ACTIVE');
  });

  it('reassigns: the new assignee may claim, the previous one may not', () => {
    const reassigned: JobEvent = { type: 'JobReassigned', data: { from: alice, to: bob, reason: 'alice is off sick' } };
    job.given([created]).when({ type: 'ReassignJob', to: bob, toView: { exists: true, ...ACTIVE }, reason: 'alice is off sick' }).then([reassigned]);
    job.given([created, reassigned]).when(claim('se-1', { claimant: bob })).then([claimed('se-1', 1, bob)]);
    job.given([created, reassigned]).when(claim('se-1')).thenThrows('NOT_ASSIGNEE');
  });

  it('does not reassign to an operator who is not active', () => {
    job.given([created]).when({ type: 'ReassignJob', to: bob, toView: { exists: true, access: 'suspended' }, reason: 'x' }).thenThrows('ASSIGNEE_NOT_ACTIVE', { kind: 'rule' });
    job.given([created]).when({ type: 'ReassignJob', to: bob, toView: { exists: false, access: null }, reason: 'x' }).thenThrows('OPERATOR_NOT_FOUND');
  });
});

describe('job: terminal phases accept no commands but resubmit', () => {
  const terminal: [string, JobEvent[]][] = [
    ['done/completed', [created, ...inProgress('se-1', 1, ['before', 'after']), completed('se-1')]],
    ['done/failed', [jobCreated({ maxAttempts: 1 }), ...inProgress('se-1'), failed('se-1')]],
    ['done/closed', [created, { type: 'JobClosed', data: { reason: 'x' } }]],
    ['done/force_completed', [created, { type: 'JobForceCompleted', data: { reason: 'x' } }]],
    ['cancelled', [created, { type: 'JobCancelled', data: { reason: 'x' } }]],
  ];
  const commands: JobCommand[] = [
    claim('se-9'), { type: 'ApproveJob' }, { type: 'RejectJob', reason: 'x' }, { type: 'CloseJob', reason: 'x' },
    { type: 'CancelJob', reason: 'x' }, { type: 'ForceCompleteJob', reason: 'x' }, { type: 'ReassignJob', to: bob, toView: { exists: true, ...ACTIVE }, reason: 'x' },
  ];

  it.each(terminal)('%s refuses every lifecycle command with JOB_TERMINAL', (_name, given) => {
    for (const command of commands) job.given(given).when(command).thenThrows('JOB_TERMINAL', { kind: 'conflict' });
  });

  it.each(terminal)('%s can be resubmitted', (_name, given) => {
    job.given(given).when({ type: 'ResubmitJob', reason: 'again', ancestors: [] }).then([{ type: 'JobResubmitted', data: { reason: 'again' } }]);
  });
});
