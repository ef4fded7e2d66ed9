import type { JobEvent } from '../job/events';
import { sha256Hex } from '../shared/hashing';
import { spec } from '../testing/decider-specification';
import { LATER, NOW, agent, alice, claimed, evidence, jobCreated, started } from '../testing/job-fixtures';
import { recordDecider } from './decider';
import type { RecordBody, RecordEvent } from './events';
import { recordContentHash, recordIdForForcedCompletion, recordIdForServiceEvent, sealingAt, type JobStreamEvent } from './seal';
import { CURRENT_SEALING_RULE } from './sealing-rule';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const customer = { name: 'Dana', contact: 'dana@example.com' };
const serviceJob = (reviewRequired: boolean) => jobCreated({ reviewRequired, surface: 'auto-detailing', tier: 'premium', customer });

/** Job-stream envelopes: event i has id `evt-i`, revision i and occurs at minute i. */
const stream = (...events: JobEvent[]): JobStreamEvent[] =>
  events.map((event, i) => ({ id: `evt-${i}`, revision: i, occurredAt: `2026-03-02T10:${String(i).padStart(2, '0')}:00.000Z`, event }));
const sealings = (events: JobStreamEvent[]) => events.map((_, i) => sealingAt(events.slice(0, i + 1)));

const worked = [
  claimed('se-1', 1), started('se-1', NOW), evidence('se-1', 'before'), evidence('se-1', 'after'),
];
const completion: JobEvent = {
  type: 'ServiceEventCompleted',
  data: { serviceEventId: 'se-1', completedAt: LATER, payment: { state: 'paid', amount: 120 }, outcome: { notes: 'spotless' }, result: { photos: 2 } },
};

describe('record: sealingAt', () => {
  it('seals a completion that needs no review, from that ServiceEvent, and nothing before it', () => {
    const events = stream(serviceJob(false), ...worked, completion);
    expect(sealings(events).slice(0, -1)).toEqual([null, null, null, null, null]);
    expect(sealingAt(events)).toEqual({
      recordId: recordIdForServiceEvent('se-1'),
      jobId: 'detailing-0a1b2c3d',
      projectSlug: 'detailing',
      body: {
        recordId: recordIdForServiceEvent('se-1'), jobId: 'detailing-0a1b2c3d', serviceEventId: 'se-1', projectSlug: 'detailing',
        executor: alice, surface: 'auto-detailing', tier: 'premium', customer,
        evidence: [
          { evidenceId: 'se-1-before', category: 'before', sha256: 'sha-se-1-before' },
          { evidenceId: 'se-1-after', category: 'after', sha256: 'sha-se-1-after' },
        ],
        payment: { state: 'paid', amount: 120 }, outcome: { notes: 'spotless' }, result: { photos: 2 },
        startedAt: NOW, completedAt: LATER, forced: false, jobStreamRevision: 5, sealingRule: 3,
      },
    });
  });

  it('does not seal a completion that goes to review; seals the approval under the ServiceEvent\'s record id', () => {
    const events = stream(serviceJob(true), ...worked, completion, { type: 'JobApproved', data: {} });
    const all = sealings(events);
    expect(all.slice(0, -1).every((s) => s === null)).toBe(true);
    expect(all[6]).toMatchObject({
      recordId: recordIdForServiceEvent('se-1'),
      body: { serviceEventId: 'se-1', forced: false, completedAt: LATER, jobStreamRevision: 6, evidence: [{ category: 'before' }, { category: 'after' }] },
    });
  });

  it('does not seal a rejection, a failure, a release or a closing', () => {
    const reviewed = stream(serviceJob(true), ...worked, completion, { type: 'JobRejected', data: { reason: 'streaks' } });
    expect(sealings(reviewed).every((s) => s === null)).toBe(true);
    const others = stream(serviceJob(false), claimed('se-1', 1), { type: 'JobReleased', data: { serviceEventId: 'se-1', reason: 'x' } },
      claimed('se-2', 2), { type: 'ServiceEventFailed', data: { serviceEventId: 'se-2', reason: 'x' } }, { type: 'JobClosed', data: { reason: 'x' } });
    expect(sealings(others).every((s) => s === null)).toBe(true);
    expect(sealingAt([])).toBeNull();
  });

  it('seals a forced completion under the id of the JobForceCompleted event, marked forced', () => {
    const events = stream(serviceJob(false), claimed('se-1', 1), started('se-1'), { type: 'JobForceCompleted', data: { reason: 'done offline' } });
    expect(sealingAt(events)).toMatchObject({
      recordId: recordIdForForcedCompletion('evt-3'),
      body: { recordId: recordIdForForcedCompletion('evt-3'), forced: true, executor: alice, completedAt: events[3].occurredAt, jobStreamRevision: 3 },
    });
  });

  it('a forced completion of a job nobody was assigned or ran has no executor', () => {
    const events = stream(jobCreated({ assignee: undefined }), { type: 'JobForceCompleted', data: { reason: 'migrated' } });
    expect(sealingAt(events)?.body).toMatchObject({ executor: null, serviceEventId: null, evidence: [], startedAt: null, forced: true });
  });
});

describe('record: when reviewed work was completed, by sealing rule', () => {
  const submitted: JobEvent = { type: 'JobSubmittedForReview', data: { serviceEventId: 'se-1', summary: 'PR #12 ready' } };
  const approved: JobEvent = { type: 'JobApproved', data: { comment: 'lgtm' } };
  const agentWork = [jobCreated({ reviewRequired: true }), claimed('se-1', 1, agent), started('se-1', NOW)];

  it('rule 2 and after (new records): work submitted for review is dated at the submission, and the record names its rule', () => {
    const events = stream(...agentWork, submitted, approved);
    expect(sealingAt(events)?.body).toMatchObject({ completedAt: events[3].occurredAt, jobStreamRevision: 4, sealingRule: CURRENT_SEALING_RULE });
    expect(sealingAt(events, 2)?.body).toMatchObject({ completedAt: events[3].occurredAt, sealingRule: 2 });
    expect(CURRENT_SEALING_RULE).toBe(3);
  });

  it('rule 1 (records sealed before rules were versioned): dated at the approval, and no sealingRule field', () => {
    const events = stream(...agentWork, submitted, approved);
    const body = sealingAt(events, 1)?.body;
    expect(body).toMatchObject({ completedAt: events[4].occurredAt, jobStreamRevision: 4 });
    expect(body).not.toHaveProperty('sealingRule');
  });

  it('work completed and then reviewed is dated at its completion under both rules', () => {
    const events = stream(serviceJob(true), ...worked, completion, approved);
    expect(sealingAt(events, 1)?.body.completedAt).toBe(LATER);
    expect(sealingAt(events, 2)?.body.completedAt).toBe(LATER);
  });

  it('the approved attempt is the one dated, not an earlier submission that was rejected', () => {
    const rejected: JobEvent = { type: 'JobRejected', data: { reason: 'no tests' } };
    const again: JobEvent = { type: 'JobSubmittedForReview', data: { serviceEventId: 'se-2', summary: 'tests added' } };
    const events = stream(...agentWork, submitted, rejected, claimed('se-2', 2, agent), started('se-2', LATER), again, approved);
    expect(events[7].event).toBe(again);
    expect(sealingAt(events)?.body).toMatchObject({ serviceEventId: 'se-2', completedAt: events[7].occurredAt });
  });

  it('a forced record is dated at the force under both rules, even when its attempt was submitted before', () => {
    const events = stream(...agentWork, submitted, { type: 'JobForceCompleted', data: { reason: 'merged by hand' } });
    expect(sealingAt(events, 1)?.body).toMatchObject({ forced: true, serviceEventId: 'se-1', completedAt: events[4].occurredAt });
    expect(sealingAt(events, 2)?.body).toMatchObject({ forced: true, serviceEventId: 'se-1', completedAt: events[4].occurredAt });
  });
});

describe('record: forced completion after the work was already sealed', () => {
  const resubmitted: JobEvent = { type: 'JobResubmitted', data: { reason: 'customer asked again' } };
  const forced: JobEvent = { type: 'JobForceCompleted', data: { reason: 'done by phone' } };

  it('does not carry an attempt that already has its record into a second one', () => {
    const sealing = sealingAt(stream(serviceJob(false), ...worked, completion, resubmitted, forced));
    expect(sealing?.body).toMatchObject({ forced: true, serviceEventId: null, evidence: [], payment: null, executor: alice });
  });

  it('carries an attempt still awaiting review into the forced record', () => {
    const sealing = sealingAt(stream(serviceJob(true), ...worked, completion, forced));
    expect(sealing?.body).toMatchObject({ forced: true, serviceEventId: 'se-1', payment: { state: 'paid', amount: 120 } });
    expect(sealing?.body.evidence.map((e) => e.category)).toEqual(['before', 'after']);
  });

  it('does not carry that attempt into a second forced record, after a resubmit', () => {
    const events = stream(serviceJob(true), ...worked, completion, forced, resubmitted, forced);
    expect(sealingAt(events.slice(0, 7))?.body).toMatchObject({ serviceEventId: 'se-1' });
    expect(sealingAt(events)?.body).toMatchObject({ forced: true, serviceEventId: null, evidence: [], payment: null, executor: alice });
  });

  it('carries a running attempt, ended by the override, into the forced record once', () => {
    const events = stream(serviceJob(false), ...worked, forced, resubmitted, forced);
    expect(sealingAt(events.slice(0, 6))?.body).toMatchObject({ serviceEventId: 'se-1', evidence: [{ category: 'before' }, { category: 'after' }] });
    expect(sealingAt(events)?.body).toMatchObject({ serviceEventId: null, evidence: [] });
  });
});

describe('record: what a forced completion carries, by sealing rule', () => {
  const forced: JobEvent = { type: 'JobForceCompleted', data: { reason: 'done by hand' } };
  const agentJob = jobCreated({ assignee: undefined });
  const ended: Record<string, JobEvent> = {
    failed: { type: 'ServiceEventFailed', data: { serviceEventId: 'se-1', reason: 'crashed' } },
    released: { type: 'JobReleased', data: { serviceEventId: 'se-1', reason: 'handed back' } },
    'lease expired': { type: 'JobReleased', data: { serviceEventId: 'se-1', reason: 'lease_expired' } },
    waiting: { type: 'ServiceEventWaiting', data: { serviceEventId: 'se-1', summary: 'waiting', reason: 'upstream down' } },
  };
  const submitted: JobEvent = { type: 'JobSubmittedForReview', data: { serviceEventId: 'se-1', summary: 'ready' } };
  const rejected: JobEvent = { type: 'JobRejected', data: { reason: 'no tests' } };
  const streams: Record<string, JobEvent[]> = {
    ...Object.fromEntries(Object.entries(ended).map(([end, e]) => [end, [agentJob, claimed('se-1', 1, agent), started('se-1'), e, forced]])),
    'was rejected': [jobCreated({ assignee: undefined, reviewRequired: true }), claimed('se-1', 1, agent), started('se-1'), submitted, rejected, forced],
  };

  it.each(Object.keys(streams))('rule 3: an attempt that %s did not do the work: no attempt, no executor, no ⭐ to its claimant', (end) => {
    const events = stream(...streams[end]);
    expect(sealingAt(events)?.body).toMatchObject({ forced: true, serviceEventId: null, executor: null, evidence: [], result: null, startedAt: null, sealingRule: 3 });
    // Rules 1 and 2 carried it, and credited its claimant: their records keep verifying so.
    expect(sealingAt(events, 2)?.body).toMatchObject({ serviceEventId: 'se-1', executor: agent, sealingRule: 2 });
    expect(sealingAt(events, 1)?.body).toMatchObject({ serviceEventId: 'se-1', executor: agent });
  });

  it('rule 3: an attempt under way or whose work awaits review is carried and credited, as before', () => {
    const queued = stream(agentJob, claimed('se-1', 1, agent), forced);
    const running = stream(agentJob, claimed('se-1', 1, agent), started('se-1'), forced);
    const inReview = stream(jobCreated({ assignee: undefined, reviewRequired: true }), claimed('se-1', 1, agent), started('se-1'), submitted, forced);
    for (const events of [queued, running, inReview]) expect(sealingAt(events)?.body).toMatchObject({ serviceEventId: 'se-1', executor: agent, sealingRule: 3 });
  });

  it('rule 3: the assignee is credited for a forced job whatever its latest attempt did, as the admin forced its work', () => {
    const events = stream(serviceJob(false), claimed('se-1', 1), started('se-1'), ended.failed, forced);
    expect(sealingAt(events)?.body).toMatchObject({ serviceEventId: null, executor: alice, evidence: [] });
  });
});

describe('record ids', () => {
  it('are derived deterministically from what triggers sealing', () => {
    expect(recordIdForServiceEvent('se-1')).toMatch(UUID);
    expect(recordIdForServiceEvent('se-1')).toBe(recordIdForServiceEvent('se-1'));
    expect(recordIdForServiceEvent('se-1')).not.toBe(recordIdForServiceEvent('se-2'));
    expect(recordIdForForcedCompletion('evt-3')).toBe(recordIdForForcedCompletion('evt-3'));
    expect(recordIdForForcedCompletion('se-1')).not.toBe(recordIdForServiceEvent('se-1'));
  });
});

describe('record content hash', () => {
  const body: RecordBody = {
    recordId: 'rec-1', jobId: 'detailing-0a1b2c3d', serviceEventId: 'se-1', projectSlug: 'detailing', executor: { kind: 'operator', slug: 'alice' },
    surface: 'auto-detailing', tier: 'premium', customer: { name: 'Dana', contact: 'dana@example.com' },
    evidence: [{ evidenceId: 'ev-1', category: 'before', sha256: 'aa' }], payment: { state: 'paid', amount: 120.5 }, outcome: { notes: 'ok' },
    result: null, startedAt: '2026-03-02T09:00:00.000Z', completedAt: '2026-03-02T09:30:00.000Z', forced: false, jobStreamRevision: 5,
    previousRecordHash: null,
  };

  it('is the SHA-256 of the RFC 8785 canonical JSON of the body', () => {
    const canonical =
      '{"completedAt":"2026-03-02T09:30:00.000Z","customer":{"contact":"dana@example.com","name":"Dana"},' +
      '"evidence":[{"category":"before","evidenceId":"ev-1","sha256":"aa"}],"executor":{"kind":"operator","slug":"alice"},' +
      '"forced":false,"jobId":"detailing-0a1b2c3d","jobStreamRevision":5,"outcome":{"notes":"ok"},' +
      '"payment":{"amount":120.5,"state":"paid"},"previousRecordHash":null,"projectSlug":"detailing","recordId":"rec-1",' +
      '"result":null,"serviceEventId":"se-1","startedAt":"2026-03-02T09:00:00.000Z","surface":"auto-detailing","tier":"premium"}';
    expect(recordContentHash(body)).toBe(sha256Hex(canonical));
  });

  it('does not depend on key order, at any depth', () => {
    const reversed = Object.fromEntries(
      Object.entries(body).reverse().map(([k, v]) => [k, v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v]),
    ) as RecordBody;
    expect(JSON.stringify(reversed)).not.toBe(JSON.stringify(body));
    expect(recordContentHash(reversed)).toBe(recordContentHash(body));
  });

  const altered: { [K in keyof RecordBody]: RecordBody[K] } = {
    recordId: 'rec-2', jobId: 'detailing-0a1b2c3e', serviceEventId: 'se-2', projectSlug: 'detailing-b', executor: { kind: 'operator', slug: 'bob' },
    surface: 'consultation', tier: 'basic', customer: { name: 'Dana', contact: 'dana@example.org' },
    evidence: [{ evidenceId: 'ev-1', category: 'before', sha256: 'ab' }], payment: { state: 'paid', amount: 120.6 }, outcome: { notes: 'ok.' },
    result: { ok: true }, startedAt: '2026-03-02T09:00:01.000Z', completedAt: '2026-03-02T09:30:01.000Z', forced: true, jobStreamRevision: 6,
    previousRecordHash: 'f'.repeat(64),
  };

  it.each(Object.keys(body) as (keyof RecordBody)[])('changes when %s changes', (key) => {
    expect(recordContentHash({ ...body, [key]: altered[key] })).not.toBe(recordContentHash(body));
  });

  it('covers the sealing rule a record names', () => {
    expect(recordContentHash({ ...body, sealingRule: 2 })).not.toBe(recordContentHash(body));
    expect(recordContentHash({ ...body, sealingRule: 1 })).not.toBe(recordContentHash({ ...body, sealingRule: 2 }));
  });
});

describe('record decider', () => {
  const body: RecordBody = {
    recordId: 'rec-1', jobId: 'detailing-0a1b2c3d', serviceEventId: 'se-1', projectSlug: 'detailing', executor: alice, surface: null, tier: null,
    customer: null, evidence: [], payment: null, outcome: null, result: null, startedAt: null, completedAt: LATER, forced: false,
    jobStreamRevision: 3, previousRecordHash: 'e'.repeat(64),
  };
  const sealed: RecordEvent = { type: 'RecordSealed', data: { ...body, contentHash: recordContentHash(body) } };

  it('seals a new record with its content hash', () => {
    spec(recordDecider).given([]).when({ type: 'SealRecord', body }).then([sealed]);
  });

  it('decides nothing for a record already sealed, whatever body is offered', () => {
    spec(recordDecider).given([sealed]).when({ type: 'SealRecord', body }).thenNothing();
    spec(recordDecider).given([sealed]).when({ type: 'SealRecord', body: { ...body, forced: true } }).thenNothing();
  });
});

