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
    const after = docOf<JobDoc>(await project(jobsProjection, [ev.jobCreated(jobId), ev.claimed(jobId, 'se-1', 1, agent('a1')), line]), JOBS, jobId) as JobDoc;
    expect(before.lastActivityAt).toBe(claimed.metadata.occurredAt);
    expect(after.lastActivityAt).toBe(line.metadata.occurredAt);
    const { lastActivityAt: _a, updatedAt: _u, lastPosition: _p, ...rest } = after;
    const { lastActivityAt: _b, updatedAt: _v, lastPosition: _q, ...restBefore } = before;
    expect(rest).toEqual(restBefore);
  });
});
