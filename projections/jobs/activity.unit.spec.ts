import { jobsProjection, JOBS, type JobDoc } from '.';
import { agent, docOf, ev, project, recorded, resetLog } from '../testing';

beforeEach(resetLog);

describe('jobs: lastActivityAt', () => {
  it('moves with a log line on the job\'s log stream, without changing anything else the job shows', async () => {
    const jobId = 'acme-0000000a';
    const created = ev.jobCreated(jobId);
    const claimed = ev.claimed(jobId, 'se-1', 1, agent('a1'));
    const line = recorded(`joblog-${jobId}`, 'LogAppended', { attemptNumber: 1, level: 'info', message: 'compiling', agentId: 'a1' });
    const before = docOf<JobDoc>(await project(jobsProjection, [created, claimed]), JOBS, jobId) as JobDoc;
    resetLog();
    const after = docOf<JobDoc>(await project(jobsProjection, [created, claimed, line]), JOBS, jobId) as JobDoc;
    expect(before.lastActivityAt).toBe(claimed.metadata.occurredAt);
    expect(after.lastActivityAt).toBe(line.metadata.occurredAt);
    const { lastActivityAt: _a, updatedAt: _u, lastPosition: _p, ...rest } = after;
    const { lastActivityAt: _b, updatedAt: _v, lastPosition: _q, ...restBefore } = before;
    expect(rest).toEqual(restBefore);
  });
});

describe('jobs: updatedAt and lastActivityAt follow the log, not the dates of events', () => {
  it('a follow-up dated at its trigger but appended after a later-dated event (a cascaded cancellation) moves them forward, to when it was recorded', async () => {
    const jobId = 'acme-0000000b';
    const [created, claimed, started] = [ev.jobCreated(jobId), ev.claimed(jobId, 'se-1', 1, agent('a1')), ev.started(jobId, 'se-1')];
    // The parent's cancellation was decided before the child's attempt started; the
    // child-canceller appends the child's share of it afterwards, dated at the parent's.
    const cascaded = recorded(`job-${jobId}`, 'JobCancelled', { reason: 'parent acme-0000000a cancelled: scope dropped' }, {
      occurredAt: new Date(Date.parse(claimed.metadata.occurredAt) + 1).toISOString(),
      recordedAt: new Date(Date.parse(started.recordedAt) + 5).toISOString(),
    });
    expect(cascaded.metadata.occurredAt < started.metadata.occurredAt).toBe(true);
    const before = docOf<JobDoc>(await project(jobsProjection, [created, claimed, started]), JOBS, jobId) as JobDoc;
    resetLog();
    const events = [ev.jobCreated(jobId), ev.claimed(jobId, 'se-1', 1, agent('a1')), ev.started(jobId, 'se-1'), cascaded];
    const after = docOf<JobDoc>(await project(jobsProjection, events), JOBS, jobId) as JobDoc;
    expect(after.phase).toBe('cancelled');
    expect([after.updatedAt, after.lastActivityAt]).toEqual([cascaded.recordedAt, cascaded.recordedAt]);
    expect(after.updatedAt > before.updatedAt).toBe(true);
    // Business times stay the events' own: created when decided, the attempt ended when cancelled.
    expect(after.createdAt).toBe(created.metadata.occurredAt);
    expect(after.attempts[0].endedAt).toBe(cascaded.metadata.occurredAt);
  });

  it('a log line is activity from when it was recorded', async () => {
    const jobId = 'acme-0000000c';
    const [created, claimed] = [ev.jobCreated(jobId), ev.claimed(jobId, 'se-1', 1, agent('a1'))];
    const line = recorded(`joblog-${jobId}`, 'LogAppended', { attemptNumber: 1, level: 'info', message: 'compiling', agentId: 'a1' }, {
      occurredAt: '2026-01-05T08:00:00.000Z', recordedAt: '2026-01-05T10:00:00.000Z',
    });
    const job = docOf<JobDoc>(await project(jobsProjection, [created, claimed, line]), JOBS, jobId) as JobDoc;
    expect([job.updatedAt, job.lastActivityAt]).toEqual([line.recordedAt, line.recordedAt]);
  });
});
