import { jobsProjection, JOBS, type JobDoc } from '.';
import { docOf, ev, operator, project, resetLog, serviceJobStory } from '../testing';

const jobAfter = async (events: Parameters<typeof project>[1], jobId = 'acme-0000000a') =>
  docOf<JobDoc>(await project(jobsProjection, events), JOBS, jobId) as JobDoc;

beforeEach(resetLog);

describe('jobs: a governed service job from Create Job to its record', () => {
  it('shows what Create Job snapshotted, ready and unclaimed', async () => {
    const story = serviceJobStory();
    const job = await jobAfter([...story.governance, story.created]);
    expect(job).toMatchObject({
      _id: 'acme-0000000a', title: 'Detail a blue sedan', projectSlug: 'acme', surface: 'auto-detailing', tier: 'gold',
      customer: { name: 'Ada Customer', contact: 'ada@example.com' },
      origin: { requestId: 'req-1', taskId: 'task-1' },
      intake: { details: 'Full detail of a blue sedan', notes: 'Gate code 1234', intakeNotes: 'Customer prefers mornings' },
      assignee: operator('dana'), assigneeKey: 'operator:dana', priority: 2,
      phase: 'ready', effectivePhase: 'ready', resolution: null, blocked: false, waiting: false,
      attempts: [], attemptsUsed: 0, currentServiceEventId: null, parentId: null, children: [],
      evidenceStatus: [{ category: 'arrival', satisfied: false }, { category: 'after', satisfied: false }],
      recordId: null, signal: null,
    });
    expect(job.createdAt).toBe(story.created.metadata.occurredAt);
    expect(job.lastPosition).toBe(story.created.position.toString());
  });

  it('tracks the running attempt and which required evidence is still missing', async () => {
    const story = serviceJobStory();
    const job = await jobAfter([...story.governance, story.created, ...story.work.slice(0, 3)]);
    expect(job.phase).toBe('active');
    expect(job.attemptsUsed).toBe(1);
    expect(job.currentServiceEventId).toBe('se-1');
    expect(job.attempts[0]).toMatchObject({ serviceEventId: 'se-1', attemptNumber: 1, status: 'in_progress', claimant: operator('dana') });
    expect(job.attempts[0].startedAt).not.toBeNull();
    expect(job.evidenceStatus).toEqual([{ category: 'arrival', satisfied: true }, { category: 'after', satisfied: false }]);
  });

  it('after the full lifecycle: done/completed, the attempt with its evidence, the record and the signal', async () => {
    const story = serviceJobStory();
    const job = await jobAfter(story.all);
    expect(job).toMatchObject({ phase: 'done', resolution: 'completed', effectivePhase: 'done', currentServiceEventId: null, recordId: story.recordId });
    expect(job.signal).toEqual({ signalId: `sig-${story.recordId}`, recordId: story.recordId, earner: operator('dana'), emittedAt: story.sealed[1].metadata.occurredAt });
    expect(job.evidenceStatus).toEqual([{ category: 'arrival', satisfied: true }, { category: 'after', satisfied: true }]);
    const [attempt] = job.attempts;
    expect(attempt).toMatchObject({
      status: 'completed', summary: 'Car detailed', resultSummary: 'Car detailed',
      payment: { state: 'paid', amount: 120, currency: 'EUR' }, outcome: { notes: 'all good' }, reason: null,
    });
    expect(attempt.endedAt).not.toBeNull();
    expect(attempt.evidence.map((e) => [e.evidenceId, e.category, e.contentType, e.sizeBytes])).toEqual([
      ['ev-1', 'arrival', 'image/jpeg', 1024],
      ['ev-2', 'after', 'image/jpeg', 1024],
    ]);
    // the record and signal changed the document, but they are not activity on the job
    expect(job.lastActivityAt).toBe(story.work[4].metadata.occurredAt);
    expect(job.updatedAt).toBe(story.sealed[1].metadata.occurredAt);
  });

  it('a newer record that earns no signal (forced, no executor) is not shown beside the earlier record\'s signal', async () => {
    const story = serviceJobStory();
    const { jobId } = story.created.data;
    const later = [ev.resubmitted(jobId), ev.forceCompleted(jobId), ev.recordSealed('rec-2', jobId, null)];
    const job = await jobAfter([...story.all, ...later]);
    expect([job.recordId, job.signal]).toEqual(['rec-2', null]);
  });

  it('a heartbeat moves the lease of the attempt it names', async () => {
    const j = 'acme-0000000b';
    const job = await jobAfter([ev.jobCreated(j), ev.claimed(j, 'se-1', 1, operator('dana')), ev.leaseExtended(j, 'se-1', 99)], j);
    expect(job.attempts[0].leaseExpiresAt).toBe(new Date(Date.UTC(2026, 0, 6) + 99 * 60_000).toISOString());
  });
});

describe('jobs: review, rejection and the attempt budget', () => {
  const j = 'acme-0000000c';

  it('review required: completion goes to review, rejection back to ready with its reason, approval to done', async () => {
    const inReview = [ev.jobCreated(j, { reviewRequired: true }), ev.claimed(j, 'se-1', 1, operator('dana')), ev.started(j, 'se-1'), ev.completed(j, 'se-1')];
    expect((await jobAfter(inReview, j)).phase).toBe('review');
    const rejected = [...inReview, ev.rejected(j, 'the wheels are dirty')];
    expect(await jobAfter(rejected, j)).toMatchObject({ phase: 'ready', latestRejectionReason: 'the wheels are dirty', resolution: null });
    const approved = [...rejected, ev.claimed(j, 'se-2', 2, operator('dana')), ev.started(j, 'se-2'), ev.completed(j, 'se-2'), ev.approved(j)];
    const job = await jobAfter(approved, j);
    expect(job).toMatchObject({ phase: 'done', resolution: 'completed', attemptsUsed: 2 });
    expect(job.attempts.map((a) => [a.attemptNumber, a.status])).toEqual([[1, 'completed'], [2, 'completed']]);
  });

  it('a failure requeues while attempts remain and ends the job done/failed when they are used up', async () => {
    const events = [ev.jobCreated(j, { maxAttempts: 2 }), ev.claimed(j, 'se-1', 1, operator('dana')), ev.failed(j, 'se-1', 'customer absent')];
    expect(await jobAfter(events, j)).toMatchObject({ phase: 'ready', resolution: null, attemptsUsed: 1 });
    const job = await jobAfter([...events, ev.claimed(j, 'se-2', 2, operator('dana')), ev.failed(j, 'se-2', 'unsafe site')], j);
    expect(job).toMatchObject({ phase: 'done', resolution: 'failed', attemptsUsed: 2 });
    expect(job.attempts.map((a) => [a.status, a.reason])).toEqual([['failed', 'customer absent'], ['failed', 'unsafe site']]);
  });

  it('a waiting attempt gives its attempt back, frees the job, and shows as waiting until the next claim', async () => {
    const deferUntil = '2026-02-01T00:00:00.000Z';
    const events = [ev.jobCreated(j, { maxAttempts: 1, assignee: { kind: 'agent', agentId: 'bot' } }), ev.claimed(j, 'se-1', 1, { kind: 'agent', agentId: 'bot' }), ev.waiting(j, 'se-1', deferUntil)];
    expect(await jobAfter(events, j)).toMatchObject({
      phase: 'ready', effectivePhase: 'waiting', waiting: true, deferUntil, assignee: null, assigneeKey: null, attemptsUsed: 0,
    });
    const reclaimed = [...events, ev.claimed(j, 'se-2', 2, { kind: 'agent', agentId: 'bot' })];
    expect(await jobAfter(reclaimed, j)).toMatchObject({ phase: 'active', effectivePhase: 'active', waiting: false, deferUntil: null, attemptsUsed: 1 });
    // the budget of one was not spent by the waiting attempt: this failure is the first
    expect(await jobAfter([...reclaimed, ev.failed(j, 'se-2')], j)).toMatchObject({ phase: 'done', resolution: 'failed' });
  });

  it('a resubmit resets the budget of a failed job', async () => {
    const events = [ev.jobCreated(j, { maxAttempts: 1 }), ev.claimed(j, 'se-1', 1, operator('dana')), ev.failed(j, 'se-1'), ev.resubmitted(j)];
    expect(await jobAfter(events, j)).toMatchObject({ phase: 'ready', resolution: null, attemptsUsed: 0 });
  });

  it('cancelling a running job ends its attempt released, with the reason', async () => {
    const job = await jobAfter([ev.jobCreated(j), ev.claimed(j, 'se-1', 1, operator('dana')), ev.started(j, 'se-1'), ev.cancelled(j, 'customer moved')], j);
    expect(job).toMatchObject({ phase: 'cancelled', effectivePhase: 'cancelled', currentServiceEventId: null });
    expect(job.attempts[0]).toMatchObject({ status: 'released', reason: 'customer moved' });
  });

  it('close and force-complete set their resolutions', async () => {
    expect(await jobAfter([ev.jobCreated(j), ev.closed(j)], j)).toMatchObject({ phase: 'done', resolution: 'closed' });
    resetLog();
    expect(await jobAfter([ev.jobCreated(j), ev.forceCompleted(j)], j)).toMatchObject({ phase: 'done', resolution: 'force_completed' });
  });

  it('an agent submission completes its attempt with the summary and waits for review', async () => {
    const bot = { kind: 'agent', agentId: 'bot' } as const;
    const job = await jobAfter([ev.jobCreated(j), ev.claimed(j, 'se-1', 1, bot), ev.started(j, 'se-1'), ev.submitted(j, 'se-1', 'PR ready')], j);
    expect(job).toMatchObject({ phase: 'review', currentServiceEventId: null });
    expect(job.attempts[0]).toMatchObject({ status: 'completed', summary: 'PR ready', resultSummary: 'PR ready' });
  });

  it('keeps the summary of a structured result apart from the completion summary', async () => {
    const events = [ev.jobCreated(j), ev.claimed(j, 'se-1', 1, operator('dana')), ev.started(j, 'se-1'),
      ev.completed(j, 'se-1', { summary: 'done', result: { status: 'success', summary: 'all 12 tests pass' } })];
    expect((await jobAfter(events, j)).attempts[0]).toMatchObject({ summary: 'done', resultSummary: 'all 12 tests pass', result: { status: 'success', summary: 'all 12 tests pass' } });
  });

  it('trims the structured result\'s summary as the attempt\'s own, and takes a blank one for none', async () => {
    const after = async (summary: string) => {
      resetLog();
      const events = [ev.jobCreated(j), ev.claimed(j, 'se-1', 1, operator('dana')), ev.started(j, 'se-1'),
        ev.completed(j, 'se-1', { summary: 'done', result: { status: 'success', summary } })];
      return (await jobAfter(events, j)).attempts[0].resultSummary;
    };
    expect([await after('  all good  '), await after('   ')]).toEqual(['all good', 'done']);
  });
});

describe('jobs: edits, reassignment and children', () => {
  const j = 'acme-0000000d';

  it('JobUpdated changes only the fields it names; clearing the assignee clears the key', async () => {
    const job = await jobAfter([ev.jobCreated(j, { assignee: operator('dana') }), ev.jobUpdated(j, { title: 'New title', priority: 0, assignee: null })], j);
    expect(job).toMatchObject({ title: 'New title', priority: 0, description: `Job ${j}\nmore`, assignee: null, assigneeKey: null });
  });

  it('a reassignment moves the assignee key', async () => {
    const job = await jobAfter([ev.jobCreated(j, { assignee: operator('dana') }), ev.reassigned(j, operator('dana'), operator('eli'))], j);
    expect(job).toMatchObject({ assignee: operator('eli'), assigneeKey: 'operator:eli' });
  });

  it('a parent lists its allocated children; a child names its parent', async () => {
    const projected = await project(jobsProjection, [
      ev.jobCreated(j), ev.childAllocated(j, 1), ev.jobCreated(`${j}.1`, { parentId: j, depth: 2 }), ev.childAllocated(j, 2),
    ]);
    expect(docOf<JobDoc>(projected, JOBS, j)?.children).toEqual([`${j}.1`, `${j}.2`]);
    expect(docOf<JobDoc>(projected, JOBS, `${j}.1`)).toMatchObject({ parentId: j, depth: 2 });
  });
});
