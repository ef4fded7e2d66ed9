import { jobsProjection, JOBS, type JobDoc } from '.';
import { docOf, ev, MemoryReadStore, operator, project, resetLog } from '../testing';

const A = 'acme-000000a1';
const B = 'acme-000000b2';
const C = 'acme-000000c3';

beforeEach(resetLog);

const docs = async (events: Parameters<typeof project>[1]) => {
  const projected = await project(jobsProjection, events);
  return (id: string) => docOf<JobDoc>(projected, JOBS, id) as JobDoc;
};

describe('jobs: dependencies read right from both ends', () => {
  it('"A blocks B" makes B blocked_by A: B is blocked, A lists B as its dependent', async () => {
    const job = await docs([ev.jobCreated(A), ev.jobCreated(B), ev.dependencyAdded(A, B, 'blocks')]);
    expect(job(B)).toMatchObject({ blocked: true, effectivePhase: 'blocked', phase: 'ready' });
    expect(job(B).relations).toEqual({ dependencies: [{ jobId: A, relation: 'blocked_by' }], dependents: [] });
    expect(job(A).relations).toEqual({ dependencies: [], dependents: [{ jobId: B, relation: 'blocked_by' }] });
    expect(job(A)).toMatchObject({ blocked: false, effectivePhase: 'ready' });
  });

  it('the same dependency recorded from both sides is listed once', async () => {
    const job = await docs([ev.jobCreated(A), ev.jobCreated(B), ev.dependencyAdded(A, B, 'blocks'), ev.dependencyAdded(B, A, 'blocked_by')]);
    expect(job(B).relations.dependencies).toEqual([{ jobId: A, relation: 'blocked_by' }]);
    expect(job(A).relations.dependents).toEqual([{ jobId: B, relation: 'blocked_by' }]);
  });

  it('B unblocks when its blocker is done, and is blocked again when the blocker is resubmitted', async () => {
    const base = [ev.jobCreated(A), ev.jobCreated(B), ev.dependencyAdded(B, A, 'blocked_by'),
      ev.claimed(A, 'se-1', 1, operator('dana')), ev.started(A, 'se-1'), ev.completed(A, 'se-1')];
    const done = await docs(base);
    expect(done(B)).toMatchObject({ blocked: false, effectivePhase: 'ready' });
    const again = await docs([...base, ev.resubmitted(A)]);
    expect(again(B)).toMatchObject({ blocked: true, effectivePhase: 'blocked' });
  });

  it('a cancelled blocker no longer blocks; one blocker still open keeps the job blocked', async () => {
    const job = await docs([ev.jobCreated(A), ev.jobCreated(B), ev.jobCreated(C),
      ev.dependencyAdded(C, A, 'blocked_by'), ev.dependencyAdded(C, B, 'blocked_by'), ev.cancelled(A)]);
    expect(job(C)).toMatchObject({ blocked: true });
    resetLog();
    const both = await docs([ev.jobCreated(A), ev.jobCreated(B), ev.jobCreated(C),
      ev.dependencyAdded(C, A, 'blocked_by'), ev.dependencyAdded(C, B, 'blocked_by'), ev.cancelled(A), ev.closed(B)]);
    expect(both(C)).toMatchObject({ blocked: false, effectivePhase: 'ready' });
  });

  it('a dependency on a job that is already done does not block', async () => {
    const job = await docs([ev.jobCreated(A), ev.closed(A), ev.jobCreated(B), ev.dependencyAdded(B, A, 'blocked_by')]);
    expect(job(B).blocked).toBe(false);
  });

  it('waits_for is listed but does not block; removing a blocked_by unblocks', async () => {
    const job = await docs([ev.jobCreated(A), ev.jobCreated(B), ev.jobCreated(C),
      ev.dependencyAdded(C, A, 'waits_for'), ev.dependencyAdded(C, B, 'blocked_by'), ev.dependencyRemoved(C, B, 'blocked_by')]);
    expect(job(C)).toMatchObject({ blocked: false, effectivePhase: 'ready' });
    expect(job(C).relations.dependencies).toEqual([{ jobId: A, relation: 'waits_for' }]);
    expect(job(B).relations.dependents).toEqual([]);
    expect(job(A).relations.dependents).toEqual([{ jobId: C, relation: 'waits_for' }]);
  });

  it('removing "A blocks B" from A unblocks B', async () => {
    const job = await docs([ev.jobCreated(A), ev.jobCreated(B), ev.dependencyAdded(A, B, 'blocks'), ev.dependencyRemoved(A, B, 'blocks')]);
    expect(job(B)).toMatchObject({ blocked: false, relations: { dependencies: [], dependents: [] } });
    expect(job(A).relations.dependents).toEqual([]);
  });
});

describe('jobs: idempotent per event', () => {
  const lifecycle = () => [
    ev.jobCreated(A, { requiredEvidence: ['arrival'], assignee: operator('dana') }), ev.jobCreated(B), ev.childAllocated(A, 1),
    ev.jobCreated(`${A}.1`, { parentId: A, depth: 2 }), ev.dependencyAdded(A, B, 'blocks'),
    ev.claimed(A, 'se-1', 1, operator('dana')), ev.started(A, 'se-1'), ev.evidence(A, 'se-1', 'ev-1', 'arrival'),
    ev.failed(A, 'se-1'), ev.claimed(A, 'se-2', 2, operator('dana')), ev.started(A, 'se-2'),
    ev.evidence(A, 'se-2', 'ev-2', 'arrival'), ev.completed(A, 'se-2'),
    ev.recordSealed('rec-1', A, operator('dana'), 'se-2'), ev.signalEmitted('rec-1', A, operator('dana')),
  ];

  it('applying the whole event list twice gives identical documents', async () => {
    const events = lifecycle();
    const store = new MemoryReadStore();
    const once = await project(jobsProjection, events, store);
    const twice = await project(jobsProjection, events, store);
    expect(twice).toEqual(once);
    expect(docOf<JobDoc>(once, JOBS, A)?.attempts).toHaveLength(2);
    expect(docOf<JobDoc>(once, JOBS, B)).toMatchObject({ blocked: false });
  });

  it('a duplicated delivery in the middle of the stream changes nothing', async () => {
    const events = lifecycle();
    const clean = await project(jobsProjection, events);
    const withDuplicates = events.flatMap((e, i) => (i % 3 === 0 ? [e, e] : [e]));
    expect(await project(jobsProjection, withDuplicates)).toEqual(clean);
  });
});
