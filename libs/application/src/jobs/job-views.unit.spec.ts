import { jobsProjection, JOBS, type JobDoc } from '../../../../projections/jobs';
import { agent, docOf, ev, project, resetLog } from '../../../../projections/testing';
import { presentJob } from './job-views';

beforeEach(resetLog);

describe('a job as the API shows it', () => {
  it('names no command that claimed it, also for a document projected before claims were kept apart', async () => {
    const jobId = 'acme-0000000a';
    const doc = docOf<JobDoc>(await project(jobsProjection, [ev.jobCreated(jobId), ev.claimed(jobId, 'se-1', 1, agent('a1'))]), JOBS, jobId) as JobDoc;
    const shown = presentJob({ ...doc, claimCommandIds: ['cmd-1'] });
    expect(shown).not.toHaveProperty('claimCommandIds');
    expect(shown).toEqual(presentJob(doc));
    expect(shown).toMatchObject({ jobId, attempts: [{ serviceEventId: 'se-1' }] });
  });
});
