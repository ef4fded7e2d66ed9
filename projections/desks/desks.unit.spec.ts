import type { JobEvent } from '../../libs/domain/src/job/events';
import { recordIdForServiceEvent, sealingAt, type Sealing } from '../../libs/domain/src/record/seal';
import type { RecordedEvent } from '../../libs/eventstore/src/port';
import { desksProjection, DESK_JOBS, DESKS, NOT_DEFERRED, readyEntryOf, type DeskDoc, type DeskJobDoc } from '.';
import { placed, withRecord } from './placement';
import { docOf, ev, MemoryReadStore, operator, project, resetLog, serviceJobStory, type Projected } from '../testing';

beforeEach(resetLog);

/**
 * The jobs `desk_jobs` puts on a desk's ready queue, as the Desk shows them, by job id: the
 * queue's order and the deferral cut are the query's (operator.queries.int.spec.ts runs it on
 * the real store).
 */
const queuedOn = (projected: Projected, slug: string) =>
  (projected.get(DESK_JOBS) as DeskJobDoc[]).filter((j) => j.operator === slug && j.claimable).map(readyEntryOf);

/** A desk document with the ready queue beside it (no longer inside it). */
const deskAfter = async (events: Parameters<typeof project>[1], slug = 'dana') => {
  const projected = await project(desksProjection, events);
  const desk = docOf<DeskDoc>(projected, DESKS, slug) as DeskDoc;
  return { ...desk, activeJob: desk.activeJobs[0] ?? null, readyToClaim: queuedOn(projected, slug) };
};

describe('desks: only Create Job puts work on a Desk', () => {
  it('a submitted request, an approved and assigned task put nothing on the Desk; the created job does', async () => {
    const story = serviceJobStory();
    const governed = await deskAfter(story.governance);
    expect(governed).toMatchObject({ operator: 'dana', name: 'Dana Diaz', accessState: 'active', readyToClaim: [], activeJob: null });

    const desk = await deskAfter([...story.governance, story.created]);
    expect(desk.readyToClaim).toEqual([{
      jobId: 'acme-0000000a', title: 'Detail a blue sedan', priority: 2, createdAt: story.created.metadata.occurredAt,
      surface: 'auto-detailing', tier: 'gold', customer: { name: 'Ada Customer', contact: 'ada@example.com' }, deferUntil: null,
    }]);
  });

  it('a job created in backlog, or assigned to an agent or nobody, is not on any Desk', async () => {
    const desk = await deskAfter([
      ev.operatorRegistered('dana'),
      ev.jobCreated('acme-00000001', { assignee: operator('dana'), phase: 'backlog' }),
      ev.jobCreated('acme-00000002', { assignee: { kind: 'agent', agentId: 'bot' } }),
      ev.jobCreated('acme-00000003'),
    ]);
    expect(desk.readyToClaim).toEqual([]);
  });

  it('keeps on desk_jobs the keys the ready queue is ordered by: an edit renames a job without moving it to the back', async () => {
    const dana = operator('dana');
    const created = ev.jobCreated('acme-00000001', { assignee: dana, priority: 2 });
    const projected = await project(desksProjection, [
      ev.operatorRegistered('dana'),
      created,
      ev.jobCreated('acme-00000002', { assignee: dana, priority: 0 }),
      ev.jobUpdated('acme-00000001', { title: 'renamed' }),
      ev.jobUpdated('acme-00000002', { priority: 1 }),
    ]);
    expect(docOf<DeskJobDoc>(projected, DESK_JOBS, 'acme-00000001')).toMatchObject({
      operator: 'dana', claimable: true, claimableFrom: NOT_DEFERRED, phase: 'ready', priority: 2, createdAt: created.metadata.occurredAt, title: 'renamed',
    });
    expect(docOf<DeskJobDoc>(projected, DESK_JOBS, 'acme-00000002')).toMatchObject({ priority: 1, attemptsUsed: 0, maxAttempts: 3, deferUntil: null });
  });

  it('a job back on a desk after a deferral is claimable from the deferral on', async () => {
    const j = 'acme-000000d1';
    const until = '2026-02-01T08:00:00.000Z';
    const projected = await project(desksProjection, [
      ev.operatorRegistered('dana'),
      ev.jobCreated(j, { assignee: operator('dana') }), ev.claimed(j, 'se-d', 1, operator('dana')), ev.waiting(j, 'se-d', until),
      ev.reassigned(j, null, operator('dana')),
    ]);
    expect(docOf<DeskJobDoc>(projected, DESK_JOBS, j)).toMatchObject({ operator: 'dana', claimable: true, deferUntil: until, claimableFrom: until });
  });

  it('events that only move jobs in, out of or around the ready queue do not rewrite the desk document', async () => {
    const dana = operator('dana');
    const registered = ev.operatorRegistered('dana');
    const projected = await project(desksProjection, [
      registered,
      ev.jobCreated('acme-00000001', { assignee: dana }), ev.jobCreated('acme-00000002', { assignee: dana }),
      ev.jobUpdated('acme-00000001', { title: 'renamed', priority: 0 }), ev.cancelled('acme-00000002'),
    ]);
    const desk = docOf<DeskDoc>(projected, DESKS, 'dana');
    expect(desk?.lastPosition).toBe(registered.position.toString());
    expect(desk).not.toHaveProperty('readyToClaim');
    expect(queuedOn(projected, 'dana').map((j) => j.jobId)).toEqual(['acme-00000001']);
  });
});

describe('desks: claiming, finishing and coming back', () => {
  it('a claim moves the job to activeJob; starting shows it in progress', async () => {
    const story = serviceJobStory();
    const desk = await deskAfter([...story.governance, story.created, ...story.work.slice(0, 2)]);
    expect(desk.readyToClaim).toEqual([]);
    expect(desk.activeJob).toMatchObject({ jobId: 'acme-0000000a', title: 'Detail a blue sedan', serviceEventId: 'se-1', attemptNumber: 1, status: 'in_progress' });
    expect(desk.activeJob?.startedAt).not.toBeNull();
  });

  it('an operator holding two active jobs keeps both on the Desk, the latest claimed first, until each ends', async () => {
    const dana = operator('dana');
    const [a, b] = ['acme-000000a2', 'acme-000000b2'];
    const start = [
      ev.operatorRegistered('dana'),
      ev.jobCreated(a, { assignee: dana }), ev.jobCreated(b, { assignee: dana }),
      ev.claimed(a, 'se-a', 1, dana), ev.started(a, 'se-a'), ev.claimed(b, 'se-b', 1, dana), ev.started(b, 'se-b'),
    ];
    const both = await deskAfter(start);
    expect(both.activeJobs.map((j) => j.jobId)).toEqual([b, a]);
    expect(both.activeJob?.jobId).toBe(b);

    const afterRelease = await deskAfter([...start, ev.released(b, 'se-b')]);
    expect(afterRelease.activeJobs.map((j) => j.jobId)).toEqual([a]);
    expect(afterRelease.activeJob).toMatchObject({ jobId: a, serviceEventId: 'se-a', status: 'in_progress' });
    expect(afterRelease.readyToClaim.map((j) => j.jobId)).toEqual([b]);
  });

  it('a desk written before activeJobs (only its activeJob) keeps that job when another is claimed', async () => {
    const dana = operator('dana');
    const [a, b] = ['acme-000000a3', 'acme-000000b3'];
    const projected = await project(desksProjection, [
      ev.operatorRegistered('dana'),
      ev.jobCreated(a, { assignee: dana }), ev.jobCreated(b, { assignee: dana }), ev.claimed(a, 'se-a', 1, dana), ev.claimed(b, 'se-b', 1, dana),
    ]);
    const { activeJobs, ...desk } = docOf<DeskDoc>(projected, DESKS, 'dana') as DeskDoc;
    const older = { ...desk, activeJob: activeJobs.find((j) => j.jobId === a) } as unknown as DeskDoc;
    const now = placed(older, docOf<DeskJobDoc>(projected, DESK_JOBS, b) as DeskJobDoc);
    expect(now.activeJobs.map((j) => j.jobId)).toEqual([b, a]);
    expect(now).not.toHaveProperty('activeJob');
  });

  it('completion shows in recentCompletions, then with its record; the signal is counted', async () => {
    const story = serviceJobStory();
    const done = await deskAfter([...story.governance, story.created, ...story.work]);
    expect(done.activeJob).toBeNull();
    expect(done.recentCompletions).toEqual([{ jobId: 'acme-0000000a', title: 'Detail a blue sedan', completedAt: (story.work[4].data as { completedAt: string }).completedAt, recordId: null, sealsAs: story.recordId }]);
    expect(done.trustSignals).toEqual({ count: 0, state: 'none' });

    resetLog();
    const sealed = await deskAfter(serviceJobStory().all);
    expect(sealed.recentCompletions[0].recordId).toBe(story.recordId);
    expect(sealed.trustSignals).toEqual({ count: 1, state: 'present' });
  });

  it('lists a forced completion of work a reviewer rejected at the force, as its record dates it', async () => {
    const dana = operator('dana');
    const j = 'acme-0000f0cc';
    const registered = ev.operatorRegistered('dana'); // events are positioned as they are made
    const jobEvents = [
      ev.jobCreated(j, { assignee: dana, reviewRequired: true }), ev.claimed(j, 'se-1', 1, dana), ev.started(j, 'se-1'),
      ev.completed(j, 'se-1'), ev.rejected(j), ev.forceCompleted(j, 'accept anyway'),
    ];
    const sealing = sealingAt(jobEvents.map((e) => ({ id: e.id, revision: e.revision, occurredAt: e.metadata.occurredAt, event: { type: e.type, data: e.data } as JobEvent })));
    if (!sealing) throw new Error('a forced completion seals a record');
    const desk = await deskAfter([registered, ...jobEvents, ev.recordSealed(sealing.recordId, j, dana, null, sealing.body.completedAt)]);
    expect(desk.recentCompletions).toEqual([{ jobId: j, title: expect.any(String), completedAt: sealing.body.completedAt, recordId: sealing.recordId, sealsAs: sealing.recordId }]);
  });

  it('lists a job completed, resubmitted and completed again twice, each with its own record, also when the records come late or one fell off the list', async () => {
    const dana = operator('dana');
    const j = 'acme-0000abcd';
    const [rec1, rec2] = [recordIdForServiceEvent('se-1'), recordIdForServiceEvent('se-2')];
    const registered = ev.operatorRegistered('dana'); // events are positioned as they are made
    const first = [ev.jobCreated(j, { assignee: dana }), ev.claimed(j, 'se-1', 1, dana), ev.started(j, 'se-1'), ev.completed(j, 'se-1')];
    const sealed1 = [ev.recordSealed(rec1, j, dana, 'se-1'), ev.signalEmitted(rec1, j, dana)];
    const again = [ev.resubmitted(j), ev.claimed(j, 'se-2', 2, dana), ev.started(j, 'se-2'), ev.completed(j, 'se-2')];
    const sealed2 = [ev.recordSealed(rec2, j, dana, 'se-2'), ev.signalEmitted(rec2, j, dana)];
    const inTurn = await deskAfter([registered, ...first, ...sealed1, ...again, ...sealed2]);
    expect(inTurn.trustSignals.count).toBe(2);
    expect(inTurn.recentCompletions.map((c) => c.recordId)).toEqual([rec2, rec1]);

    // The sealer behind: both records come after the second completion, in either order.
    const inOrder = (events: RecordedEvent[]) => events.map((e, i) => ({ ...e, position: BigInt(i + 1) }));
    expect((await deskAfter(inOrder([registered, ...first, ...again, sealed1[0], sealed2[0]]))).recentCompletions.map((c) => c.recordId)).toEqual([rec2, rec1]);
    expect((await deskAfter(inOrder([registered, ...first, ...again, sealed2[0]]))).recentCompletions.map((c) => c.recordId)).toEqual([rec2, null]);

    // The first completion fell off the list before its record came: that record names no other.
    const others = ['acme-000000c1', 'acme-000000c2', 'acme-000000c3', 'acme-000000c4'].flatMap((o, k) => [
      ev.jobCreated(o, { assignee: dana }), ev.claimed(o, `se-o${k}`, 1, dana), ev.started(o, `se-o${k}`), ev.completed(o, `se-o${k}`),
    ]);
    const fellOff = await deskAfter(inOrder([registered, ...first, ...again, ...others, sealed1[0], sealed2[0]]));
    expect(fellOff.recentCompletions.find((c) => c.jobId === j)?.recordId).toBe(rec2);
    expect(fellOff.recentCompletions.filter((c) => c.recordId === rec1)).toEqual([]);
  });

  it('gives a completion listed before records were foreseen (no sealsAs) its job\'s record, as before', async () => {
    const desk = await deskAfter([ev.operatorRegistered('dana')]);
    const listed = { jobId: 'acme-000000d9', title: 'T', completedAt: '2026-01-06T00:03:00.000Z', recordId: null };
    const older = { ...desk, recentCompletions: [listed] } as DeskDoc;
    expect(withRecord(older, { jobId: 'acme-000000d9', recordId: 'r-old' }).recentCompletions).toEqual([{ ...listed, recordId: 'r-old' }]);
    expect(withRecord(older, { jobId: 'acme-000000e9', recordId: 'r-other' }).recentCompletions).toEqual([listed]);
  });

  it('keeps the last five completions, newest first', async () => {
    const dana = operator('dana');
    const events: RecordedEvent[] = [ev.operatorRegistered('dana')];
    for (let i = 1; i <= 7; i++) {
      const j = `acme-0000000${i}`;
      events.push(ev.jobCreated(j, { assignee: dana }), ev.claimed(j, `se-${i}`, 1, dana), ev.started(j, `se-${i}`), ev.completed(j, `se-${i}`));
    }
    const desk = await deskAfter(events);
    expect(desk.recentCompletions.map((c) => c.jobId)).toEqual(['acme-00000007', 'acme-00000006', 'acme-00000005', 'acme-00000004', 'acme-00000003']);
  });

  it('failed and released jobs come back to readyToClaim; a job in review or cancelled is not on the Desk', async () => {
    const dana = operator('dana');
    const [a, b, c, d] = ['acme-000000a1', 'acme-000000b1', 'acme-000000c1', 'acme-000000d1'];
    const desk = await deskAfter([
      ev.operatorRegistered('dana'),
      ev.jobCreated(a, { assignee: dana }), ev.claimed(a, 'se-a', 1, dana), ev.failed(a, 'se-a'),
      ev.jobCreated(b, { assignee: dana }), ev.claimed(b, 'se-b', 1, dana), ev.released(b, 'se-b'),
      ev.jobCreated(c, { assignee: dana, reviewRequired: true }), ev.claimed(c, 'se-c', 1, dana), ev.started(c, 'se-c'), ev.completed(c, 'se-c'),
      ev.jobCreated(d, { assignee: dana }), ev.cancelled(d),
    ]);
    // c is in review: not on the desk until the reviewer sends it back
    expect(desk.readyToClaim.map((j) => j.jobId)).toEqual([a, b]);
    expect(desk.activeJob).toBeNull();
  });

  it('a job whose attempt budget is spent by lapsed leases leaves readyToClaim; a voluntary release keeps it', async () => {
    const dana = operator('dana');
    const [spent, kept] = ['acme-000000e1', 'acme-000000f1'];
    const desk = await deskAfter([
      ev.operatorRegistered('dana'),
      ev.jobCreated(spent, { assignee: dana, maxAttempts: 1 }), ev.claimed(spent, 'se-e', 1, dana), ev.released(spent, 'se-e', 'lease_expired'),
      ev.jobCreated(kept, { assignee: dana, maxAttempts: 1 }), ev.claimed(kept, 'se-f', 1, dana), ev.released(kept, 'se-f', 'rain'),
    ]);
    expect(desk.readyToClaim.map((j) => j.jobId)).toEqual([kept]);
  });

  it('a rejection puts the job back; closing removes it', async () => {
    const dana = operator('dana');
    const c = 'acme-000000c1';
    const events = [
      ev.operatorRegistered('dana'),
      ev.jobCreated(c, { assignee: dana, reviewRequired: true }), ev.claimed(c, 'se-c', 1, dana), ev.started(c, 'se-c'), ev.completed(c, 'se-c'),
      ev.rejected(c),
    ];
    const desk = await deskAfter(events);
    expect(desk.readyToClaim.map((j) => j.jobId)).toEqual([c]);
    expect(desk.recentCompletions).toEqual([]);
    expect((await deskAfter([...events, ev.closed(c)])).readyToClaim).toEqual([]);
  });

  it('an approval after review is the completion', async () => {
    const dana = operator('dana');
    const c = 'acme-000000c1';
    const desk = await deskAfter([
      ev.operatorRegistered('dana'),
      ev.jobCreated(c, { assignee: dana, reviewRequired: true }), ev.claimed(c, 'se-c', 1, dana), ev.started(c, 'se-c'), ev.completed(c, 'se-c'),
      ev.approved(c),
    ]);
    expect(desk.readyToClaim).toEqual([]);
    expect(desk.recentCompletions.map((x) => x.jobId)).toEqual([c]);
  });

  it('a job whose last attempt failed for good is not a completion and leaves the Desk', async () => {
    const dana = operator('dana');
    const j = 'acme-000000e1';
    const desk = await deskAfter([ev.operatorRegistered('dana'), ev.jobCreated(j, { assignee: dana, maxAttempts: 1 }), ev.claimed(j, 'se', 1, dana), ev.failed(j, 'se')]);
    expect(desk).toMatchObject({ readyToClaim: [], activeJob: null, recentCompletions: [] });
  });

  it('a reassignment moves the job from one Desk to the other', async () => {
    const j = 'acme-000000f1';
    const projected = await project(desksProjection, [
      ev.operatorRegistered('dana'), ev.operatorRegistered('eli'),
      ev.jobCreated(j, { assignee: operator('dana') }), ev.reassigned(j, operator('dana'), operator('eli')),
    ]);
    expect(queuedOn(projected, 'dana')).toEqual([]);
    expect(queuedOn(projected, 'eli').map((r) => r.jobId)).toEqual([j]);
  });

  it('assigning an unassigned job by JobUpdated puts it on the Desk', async () => {
    const j = 'acme-000000f2';
    const desk = await deskAfter([ev.operatorRegistered('dana'), ev.jobCreated(j), ev.jobUpdated(j, { assignee: operator('dana') })]);
    expect(desk.readyToClaim.map((r) => r.jobId)).toEqual([j]);
  });
});

/** What the record sealer decides at the last of these job events (libs/domain/src/record/seal.ts). */
const sealedBy = (jobEvents: readonly RecordedEvent[]): Sealing => {
  const sealing = sealingAt(jobEvents.map((e) => ({ id: e.id, revision: e.revision, occurredAt: e.metadata.occurredAt, event: { type: e.type, data: e.data } as JobEvent })));
  if (!sealing) throw new Error('the last event seals nothing');
  return sealing;
};

describe('desks: a completion is credited to the operator its record and ⭐ are credited to', () => {
  const dana = operator('dana');
  const erin = operator('erin');
  /** The record (and the ⭐, when it has an executor) the reactors append for the last of these job events. */
  const sealFor = (j: string, jobEvents: readonly RecordedEvent[]) => {
    const { recordId, body } = sealedBy(jobEvents);
    const record = ev.recordSealed(recordId, j, body.executor, body.serviceEventId);
    return { recordId, executor: body.executor, events: body.executor ? [record, ev.signalEmitted(recordId, j, body.executor)] : [record] };
  };
  const completionsOf = (projected: Projected, slug: string) =>
    (docOf<DeskDoc>(projected, DESKS, slug)?.recentCompletions ?? []).map((c) => [c.jobId, c.recordId]);

  it('a forced completion of a job reassigned after a failed attempt goes to the new assignee, not to the last claimant', async () => {
    // The record credits a forced completion to the assignee first: the Desk used to list it on
    // the claimant's desk while the record and the ⭐ went to the assignee.
    const j = 'acme-0000000f';
    const registered = [ev.operatorRegistered('dana'), ev.operatorRegistered('erin')];
    const jobEvents = [
      ev.jobCreated(j, { assignee: dana }), ev.claimed(j, 'se-1', 1, dana), ev.started(j, 'se-1'), ev.failed(j, 'se-1'),
      ev.reassigned(j, dana, erin), ev.forceCompleted(j),
    ];
    const seal = sealFor(j, jobEvents);
    expect(seal.executor).toEqual(erin);

    const projected = await project(desksProjection, [...registered, ...jobEvents, ...seal.events]);

    expect({ dana: completionsOf(projected, 'dana'), erin: completionsOf(projected, 'erin') }).toEqual({ dana: [], erin: [[j, seal.recordId]] });
    expect(docOf<DeskDoc>(projected, DESKS, 'erin')?.trustSignals.count).toBe(1);
  });

  it('a forced completion of an unassigned job after a resubmit of sealed work is nobody\'s: its record holds no attempt', async () => {
    const j = 'acme-0000001f';
    const registered = ev.operatorRegistered('dana');
    const completed = [ev.jobCreated(j), ev.claimed(j, 'se-1', 1, dana), ev.started(j, 'se-1'), ev.completed(j, 'se-1')];
    const first = sealFor(j, completed);
    const again = [ev.resubmitted(j), ev.forceCompleted(j)];
    const forced = sealFor(j, [...completed, ...again]);
    expect(forced.executor).toBeNull();

    const projected = await project(desksProjection, [registered, ...completed, ...first.events, ...again, ...forced.events]);

    // dana's completion of se-1 stays listed, with its record; the forced completion is on no desk
    expect(completionsOf(projected, 'dana')).toEqual([[j, first.recordId]]);
  });

  it('a completion, and a forced completion of a running attempt, go to the claimant, as in their records', async () => {
    const [c, f] = ['acme-0000002f', 'acme-0000003f'];
    const registered = ev.operatorRegistered('erin');
    const completed = [ev.jobCreated(c), ev.claimed(c, 'se-c', 1, erin), ev.started(c, 'se-c'), ev.completed(c, 'se-c')];
    const sealedC = sealFor(c, completed);
    const forced = [ev.jobCreated(f), ev.claimed(f, 'se-f', 1, erin), ev.started(f, 'se-f'), ev.forceCompleted(f)];
    const sealedF = sealFor(f, forced);
    expect([sealedC.executor, sealedF.executor]).toEqual([erin, erin]);

    const projected = await project(desksProjection, [registered, ...completed, ...sealedC.events, ...forced, ...sealedF.events]);

    expect(completionsOf(projected, 'erin')).toEqual([[f, sealedF.recordId], [c, sealedC.recordId]]);
  });
});

describe('desks: the operator', () => {
  it('shows a limited operator as limited, and active again when restored', async () => {
    const events = [ev.operatorRegistered('dana', 'Dana Diaz'), ev.accessChanged('dana', 'active', 'limited')];
    expect(await deskAfter(events)).toMatchObject({ name: 'Dana Diaz', accessState: 'limited' });
    expect((await deskAfter([...events, ev.accessChanged('dana', 'limited', 'active')])).accessState).toBe('active');
  });

  it('applying the whole event list twice gives identical documents', async () => {
    const story = serviceJobStory();
    const events = [...story.all, ev.accessChanged('dana', 'active', 'limited'), ev.resubmitted('acme-0000000a')];
    const store = new MemoryReadStore();
    const once = await project(desksProjection, events, store);
    expect(await project(desksProjection, events, store)).toEqual(once);
    expect(docOf<DeskDoc>(once, DESKS, 'dana')?.trustSignals.count).toBe(1);
  });
});

describe('desks rebuilt over forced records sealed by an earlier rule', () => {
  const sealedBy = (jobEvents: readonly RecordedEvent[], rule: 2 | 3) =>
    sealingAt(jobEvents.map((e) => ({ id: e.id, revision: e.revision, occurredAt: e.metadata.occurredAt, event: { type: e.type, data: e.data } as JobEvent })), rule)!;

  it('list the completion a rule 2 record credited, though rule 3 credits nobody for it, with the record and its ⭐', async () => {
    const dana = operator('dana');
    const j = 'acme-0000000f';
    const registered = ev.operatorRegistered('dana'); // events are positioned as they are made
    // dana's attempt ends waiting (which clears the assignee), then an admin forces the job complete.
    const jobEvents = [ev.jobCreated(j, { assignee: dana }), ev.claimed(j, 'se-1', 1, dana), ev.started(j, 'se-1'), ev.waiting(j, 'se-1'), ev.forceCompleted(j)];
    const old = sealedBy(jobEvents, 2);
    expect([old.body.executor, sealedBy(jobEvents, 3).body.executor]).toEqual([dana, null]);
    const record = ev.recordSealed(old.recordId, j, dana, old.body.serviceEventId, old.body.completedAt);
    const sealed = [{ ...record, data: { ...record.data, forced: true } }, ev.signalEmitted(old.recordId, j, dana)];

    const desk = docOf<DeskDoc>(await project(desksProjection, [registered, ...jobEvents, ...sealed]), DESKS, 'dana')!;
    expect(desk.trustSignals.count).toBe(1);
    expect(desk.recentCompletions.map((c) => [c.jobId, c.recordId, c.completedAt])).toEqual([[j, old.recordId, old.body.completedAt]]);
  });
});
