import fc from 'fast-check';
import { recordIdForServiceEvent, sealingAt, type JobStreamEvent, type Sealing } from '../record/seal';
import type { RecordSealed } from '../record/events';
import { signalDecider, type SignalState } from '../signal/decider';
import type { SignalEvent } from '../signal/events';
import type { Assignee } from '../shared/assignee';
import { DomainError } from '../shared/errors';
import type { JobCommand } from './commands';
import { jobDecider } from './decider';
import type { JobCreatedData, JobEvent } from './events';
import { CONTROL_STATUSES, interpretResult, type ControlStatus } from './json-result';
import { isTerminal, type ExistingJob, type JobState } from './state';

/**
 * Random command sequences against the job decider. Each step picks a command and which
 * serviceEventId it names (the current one, an earlier one, or one the job never saw),
 * decides against the folded state, and appends what was decided; DomainErrors are the
 * decider saying no and are skipped. The properties are then checked on the whole stream
 * with oracles computed from the events, not from the decider's own state.
 */

const CATEGORIES = ['arrival', 'before', 'after', 'signature', 'odometer'] as const;
const operator: Assignee = { kind: 'operator', slug: 'alice' };
const T0 = Date.UTC(2026, 2, 2, 9, 0, 0);
const at = (minute: number) => new Date(T0 + minute * 60_000).toISOString();

type IdChoice = { kind: 'current' } | { kind: 'earlier'; pick: number } | { kind: 'unknown' };
type Step =
  | { op: 'claim'; start: boolean; reuse: number | null; lease: number; deadline: number | null }
  | { op: 'start' | 'complete' | 'fail'; id: IdChoice }
  | { op: 'heartbeat'; id: IdChoice; lease: number }
  | { op: 'evidence'; id: IdChoice; category: string }
  | { op: 'release'; id: IdChoice; watchdog: boolean }
  | { op: 'result'; id: IdChoice; status: ControlStatus; blocked: boolean }
  | { op: 'submit' | 'deadline'; id: IdChoice }
  | { op: 'approve' | 'reject' | 'close' | 'cancel' | 'force' | 'resubmit' };

const idChoice: fc.Arbitrary<IdChoice> = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ kind: 'current' as const }) },
  { weight: 2, arbitrary: fc.nat().map((pick) => ({ kind: 'earlier' as const, pick })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'unknown' as const }) },
);

const jobArb: fc.Arbitrary<JobCreatedData> = fc
  .record({
    required: fc.subarray([...CATEGORIES], { maxLength: 3 }),
    extra: fc.subarray([...CATEGORIES]),
    maxAttempts: fc.integer({ min: 1, max: 4 }),
    reviewRequired: fc.boolean(),
    assigned: fc.boolean(),
  })
  .map(({ required, extra, maxAttempts, reviewRequired, assigned }) => ({
    jobId: 'detailing-0a1b2c3d', projectSlug: 'detailing', depth: 1, title: 'Detail', description: 'Detail', priority: 2,
    phase: 'ready', requiredEvidence: required, allowedEvidence: extra.filter((c) => !required.includes(c)), reviewRequired, maxAttempts,
    ...(assigned && { assignee: operator }),
  }));

/** Steps for one job: evidence mostly of its required categories, sometimes of any (allowed or not). */
const stepFor = (job: JobCreatedData): fc.Arbitrary<Step> => {
  const category = job.requiredEvidence.length
    ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...job.requiredEvidence) }, { weight: 1, arbitrary: fc.constantFrom(...CATEGORIES) })
    : fc.constantFrom(...CATEGORIES);
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fc.record({
        op: fc.constant('claim' as const), start: fc.boolean(), reuse: fc.option(fc.nat(), { freq: 6 }), lease: fc.integer({ min: 1, max: 5 }),
        deadline: fc.option(fc.integer({ min: 1, max: 5 }), { freq: 2 }),
      }),
    },
    { weight: 4, arbitrary: fc.record({ op: fc.constant('start' as const), id: idChoice }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('heartbeat' as const), id: idChoice, lease: fc.integer({ min: 1, max: 5 }) }) },
    { weight: 12, arbitrary: fc.record({ op: fc.constant('evidence' as const), id: idChoice, category }) },
    { weight: 6, arbitrary: fc.record({ op: fc.constant('complete' as const), id: idChoice }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('fail' as const), id: idChoice }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('release' as const), id: idChoice, watchdog: fc.boolean() }) },
    { weight: 3, arbitrary: fc.record({ op: fc.constantFrom('approve' as const, 'reject' as const) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constantFrom('close' as const, 'cancel' as const, 'force' as const) }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('resubmit' as const) }) },
    { weight: 4, arbitrary: fc.record({ op: fc.constant('result' as const), id: idChoice, status: fc.constantFrom(...CONTROL_STATUSES), blocked: fc.boolean() }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constantFrom('submit' as const, 'deadline' as const), id: idChoice }) },
  );
};

type Run = { job: JobCreatedData; stream: JobStreamEvent[]; decisions: { before: JobState; events: JobEvent[] }[] };

/** Plays the steps: decide against the fold of the stream so far, append what was decided. */
const play = (job: JobCreatedData, steps: readonly Step[]): Run => {
  let state = jobDecider.evolve(jobDecider.initialState(), { type: 'JobCreated', data: job });
  const stream: JobStreamEvent[] = [{ id: 'evt-0', revision: 0, occurredAt: at(0), event: { type: 'JobCreated', data: job } }];
  const decisions: Run['decisions'] = [];
  const used: string[] = [];
  let fresh = 0;

  steps.forEach((s, i) => {
    const minute = i + 1;
    const now = at(minute);
    const current = (state as ExistingJob).attempt?.serviceEventId ?? 'se-none';
    const pickId = (c: IdChoice) =>
      c.kind === 'current' ? current : c.kind === 'earlier' && used.length ? used[c.pick % used.length] : `se-unknown-${minute}`;
    const command = ((): JobCommand => {
      switch (s.op) {
        case 'claim': {
          const serviceEventId = s.reuse !== null && used.length ? used[s.reuse % used.length] : `se-${++fresh}`;
          return {
            type: 'ClaimJob', serviceEventId, claimant: operator, claimantView: { access: 'active' }, unresolvedBlockers: [], now,
            leaseExpiresAt: at(minute + s.lease), start: s.start, ...(s.deadline !== null && { deadlineAt: at(minute + s.deadline) }),
          };
        }
        case 'start': return { type: 'StartServiceEvent', serviceEventId: pickId(s.id), claimantView: { access: 'active' }, now };
        case 'heartbeat': return { type: 'ExtendLease', serviceEventId: pickId(s.id), leaseExpiresAt: at(minute + s.lease), now };
        case 'evidence':
          return {
            type: 'CaptureEvidence', serviceEventId: pickId(s.id), evidenceId: `ev-${minute}`, category: s.category,
            contentType: 'image/jpeg', sizeBytes: 10, sha256: `sha-${minute}`, blobRef: `blob-${minute}`, now,
          };
        case 'complete': return { type: 'CompleteServiceEvent', serviceEventId: pickId(s.id), now };
        case 'fail': return { type: 'FailServiceEvent', serviceEventId: pickId(s.id), reason: 'customer absent', now };
        case 'release':
          return { type: 'ReleaseJob', serviceEventId: pickId(s.id), reason: s.watchdog ? 'lease_expired' : 'stepped away', onlyIfLeaseExpired: s.watchdog, now };
        case 'approve': return { type: 'ApproveJob' };
        case 'reject': return { type: 'RejectJob', reason: 'not clean' };
        case 'close': return { type: 'CloseJob', reason: 'duplicate' };
        case 'cancel': return { type: 'CancelJob', reason: 'customer cancelled' };
        case 'force': return { type: 'ForceCompleteJob', reason: 'done offline' };
        case 'resubmit': return { type: 'ResubmitJob', reason: 'again' };
        case 'result':
          return {
            type: 'RecordResult', serviceEventId: pickId(s.id), outcome: interpretResult({ status: s.status, summary: 'did it' }),
            unresolvedBlockers: s.blocked ? ['detailing-00000001'] : [], now,
          };
        case 'submit': return { type: 'SubmitForReview', serviceEventId: pickId(s.id), summary: 'please review', now };
        case 'deadline': return { type: 'ExpireDeadline', serviceEventId: pickId(s.id), now };
      }
    })();
    let events: JobEvent[];
    try {
      events = [...jobDecider.decide(command, state)];
    } catch (error) {
      if (error instanceof DomainError) return;
      throw error;
    }
    decisions.push({ before: state, events });
    for (const event of events) {
      if (event.type === 'JobClaimed') used.push(event.data.serviceEventId);
      stream.push({ id: `evt-${stream.length}`, revision: stream.length, occurredAt: now, event });
      state = jobDecider.evolve(state, event);
    }
  });
  return { job, stream, decisions };
};

const NUM_RUNS = 500;
const scenarios = jobArb.chain((job) => fc.tuple(fc.constant(job), fc.array(stepFor(job), { minLength: 1, maxLength: 80, size: 'large' })));
/** Each property plays a generated (job, steps) pair, so a counterexample shows just those. */
const forAllRuns = (check: (run: Run) => void) =>
  fc.assert(fc.property(scenarios, ([job, steps]) => check(play(job, steps))), { numRuns: NUM_RUNS });
const events = (run: Run) => run.stream.map((e) => e.event);
const serviceEventIdOf = (e: JobEvent): string | null =>
  'serviceEventId' in e.data && typeof e.data.serviceEventId === 'string' ? e.data.serviceEventId : null;

describe('job lifecycle over random command sequences', () => {
  it('a ServiceEvent completes (or is submitted) only with every required category captured on that same ServiceEvent', () => {
    forAllRuns((run) => {
      const captured = new Map<string, Set<string>>();
      for (const e of events(run)) {
        if (e.type === 'EvidenceCaptured') {
          captured.set(e.data.serviceEventId, (captured.get(e.data.serviceEventId) ?? new Set()).add(e.data.category));
        }
        if (e.type === 'ServiceEventCompleted' || e.type === 'JobSubmittedForReview') {
          const have = captured.get(e.data.serviceEventId) ?? new Set();
          expect(run.job.requiredEvidence.filter((c) => !have.has(c))).toEqual([]);
        }
      }
    });
  });

  it('attempt numbers across the stream are exactly 1..n', () => {
    forAllRuns((run) => {
      const numbers = events(run).flatMap((e) => (e.type === 'JobClaimed' ? [e.data.attemptNumber] : []));
      expect(numbers).toEqual(numbers.map((_, i) => i + 1));
    });
  });

  it('claims that count against the budget never exceed maxAttempts between resubmits', () => {
    forAllRuns((run) => {
      // A voluntary release and a `waiting` result give their attempt back; a lapsed lease does not.
      let used = 0;
      for (const e of events(run)) {
        if (e.type === 'JobResubmitted') used = 0;
        if (e.type === 'JobClaimed') expect(++used).toBeLessThanOrEqual(run.job.maxAttempts);
        if ((e.type === 'JobReleased' && e.data.reason !== 'lease_expired') || e.type === 'ServiceEventWaiting') used--;
      }
    });
  });

  it('a serviceEventId is claimed once and completed or submitted at most once', () => {
    forAllRuns((run) => {
      const ofType = (type: JobEvent['type']) => events(run).filter((e) => e.type === type).map(serviceEventIdOf);
      const finished = [...ofType('ServiceEventCompleted'), ...ofType('JobSubmittedForReview')];
      for (const ids of [ofType('JobClaimed'), finished]) expect(new Set(ids).size).toBe(ids.length);
    });
  });

  it('every event naming a serviceEventId names the then-current, running ServiceEvent', () => {
    forAllRuns((run) => {
      let current: string | null = null;
      let running = false;
      for (const e of events(run)) {
        const id = serviceEventIdOf(e);
        if (e.type === 'JobClaimed') {
          expect(running).toBe(false);
          current = id;
          running = true;
          continue;
        }
        if (id !== null) expect({ id, running }).toEqual({ id: current, running: true });
        if (['ServiceEventCompleted', 'ServiceEventFailed', 'ServiceEventWaiting', 'JobReleased', 'JobSubmittedForReview', 'JobClosed', 'JobCancelled', 'JobForceCompleted'].includes(e.type)) {
          running = false;
        }
      }
    });
  });

  it('a job leaves a terminal phase only by resubmit', () => {
    forAllRuns((run) => {
      for (const { before, events: decided } of run.decisions) {
        if (before.status === 'created' && isTerminal(before.phase)) expect(decided.map((e) => e.type)).toEqual(['JobResubmitted']);
      }
    });
  });

  it('sealing every prefix yields at most one record per recordId, one per completed ServiceEvent', () => {
    forAllRuns((run) => {
      const sealings: Sealing[] = [];
      for (let n = 1; n <= run.stream.length; n++) {
        const s = sealingAt(run.stream.slice(0, n));
        if (s) sealings.push(s);
      }
      const recordIds = sealings.map((s) => s.recordId);
      expect(new Set(recordIds).size).toBe(recordIds.length);

      // A submitted attempt is a completed one waiting for its review.
      const completedIds = events(run).flatMap((e) => (e.type === 'ServiceEventCompleted' || e.type === 'JobSubmittedForReview' ? [e.data.serviceEventId] : []));
      const unforced = sealings.filter((s) => !s.body.forced);
      for (const s of unforced) {
        // Sealed from a completed ServiceEvent, under the id derived from it, with its required evidence.
        expect(completedIds).toContain(s.body.serviceEventId);
        expect(s.recordId).toBe(recordIdForServiceEvent(s.body.serviceEventId as string));
        const categories = new Set(s.body.evidence.map((e) => e.category));
        expect(run.job.requiredEvidence.filter((c) => !categories.has(c))).toEqual([]);
      }
      expect(new Set(unforced.map((s) => s.body.serviceEventId)).size).toBe(unforced.length);
      // Distinct completed ServiceEvents never share a recordId.
      expect(new Set(completedIds.map(recordIdForServiceEvent)).size).toBe(new Set(completedIds).size);
      // Without review every completion seals at once; a submission (and, with review, every
      // completion) waits for its approval, which seals.
      const approvals = events(run).filter((e) => e.type === 'JobApproved').length;
      const completions = events(run).filter((e) => e.type === 'ServiceEventCompleted').length;
      expect(unforced.length).toBe(approvals + (run.job.reviewRequired ? 0 : completions));
    });
  });
});

describe('signal decider', () => {
  const record = (executor: Assignee | null): RecordSealed['data'] => ({
    recordId: 'rec-1', jobId: 'detailing-0a1b2c3d', serviceEventId: 'se-1', projectSlug: 'detailing', executor, surface: null, tier: null,
    customer: null, evidence: [], payment: null, outcome: null, result: null, startedAt: null, completedAt: at(0), forced: false,
    jobStreamRevision: 3, contentHash: 'h', previousRecordHash: null,
  });
  const emitRepeatedly = (times: number, executor: Assignee | null) => {
    let state: SignalState = signalDecider.initialState();
    const emitted: SignalEvent[] = [];
    for (let i = 0; i < times; i++) {
      for (const e of signalDecider.decide({ type: 'EmitSignal', record: record(executor) }, state)) {
        emitted.push(e);
        state = signalDecider.evolve(state, e);
      }
    }
    return emitted;
  };

  it('emitting any number of times for one record yields exactly one SignalEmitted', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 30 }), (times) => {
      expect(emitRepeatedly(times, operator).map((e) => e.type)).toEqual(['SignalEmitted']);
    }));
  });

  it('a record without an executor never yields a signal', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 30 }), (times) => {
      expect(emitRepeatedly(times, null)).toEqual([]);
    }));
  });
});
