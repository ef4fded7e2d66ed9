import { jobsProjection, JOBS, type JobDoc } from '.';
import { NOT_DEFERRED } from '../desks';
import { agent, docOf, ev, project, resetLog } from '../testing';

const A = 'acme-000000a1';
const B = 'acme-000000b2';
const bot = agent('bot');

const docs = async (events: Parameters<typeof project>[1]) => {
  const projected = await project(jobsProjection, events);
  return (id: string) => docOf<JobDoc>(projected, JOBS, id) as JobDoc;
};

beforeEach(resetLog);

describe('jobs: the ready queue fields', () => {
  it('a new ready job is claimable now; a backlog job is not', async () => {
    const job = await docs([ev.jobCreated(A), ev.jobCreated(B, { phase: 'backlog' })]);
    expect(job(A)).toMatchObject({ claimable: true, claimableFrom: NOT_DEFERRED });
    expect(job(B)).toMatchObject({ claimable: false });
  });

  it('a claimed job leaves the queue; a waiting one comes back, claimable from its deferral', async () => {
    const until = '2030-01-01T00:00:00.000Z';
    expect((await docs([ev.jobCreated(A), ev.claimed(A, 'se-1', 1, bot)]))(A).claimable).toBe(false);
    resetLog();
    const job = await docs([ev.jobCreated(A), ev.claimed(A, 'se-1', 1, bot), ev.waiting(A, 'se-1', until)]);
    expect(job(A)).toMatchObject({ claimable: true, claimableFrom: until, effectivePhase: 'waiting', deferUntil: until });
  });

  it('a blocked job, or one whose attempt budget is spent, is not claimable', async () => {
    expect((await docs([ev.jobCreated(A), ev.jobCreated(B), ev.dependencyAdded(B, A, 'blocked_by')]))(B).claimable).toBe(false);
    resetLog();
    const spent = await docs([ev.jobCreated(A, { maxAttempts: 1 }), ev.claimed(A, 'se-1', 1, bot), ev.released(A, 'se-1', 'lease_expired')]);
    expect(spent(A)).toMatchObject({ phase: 'ready', claimable: false });
  });

  it('shows the git state of the latest successful attempt as resolvedGit', async () => {
    const git = { ref: 'refs/heads/fix', branch: 'fix', commit: 'abc123', pushed: true };
    const job = await docs([ev.jobCreated(A, { reviewRequired: true }), ev.claimed(A, 'se-1', 1, bot), ev.started(A, 'se-1'),
      ev.completed(A, 'se-1', { result: { status: 'success', summary: 'fixed', git } })]);
    expect(job(A)).toMatchObject({ phase: 'review', resolvedGit: git });
    expect(job(A).attempts[0]).toMatchObject({ resultSummary: 'fixed' });
  });
});
