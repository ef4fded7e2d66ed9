import fc from 'fast-check';
import { recordIdForServiceEvent, sealingAt, type Sealing } from '../record/seal';
import type { RecordSealed } from '../record/events';
import { signalDecider, type SignalState } from '../signal/decider';
import type { SignalEvent } from '../signal/events';
import type { Assignee } from '../shared/assignee';
import { at, jobScenarios, operator, play, type Run } from '../testing/random-job-runs';
import type { JobEvent } from './events';
import { isTerminal } from './state';

const NUM_RUNS = 500;
/** Each property plays a generated (job, steps) pair, so a counterexample shows just those. */
const forAllRuns = (check: (run: Run) => void) =>
  fc.assert(fc.property(jobScenarios, ([job, steps]) => check(play(job, steps))), { numRuns: NUM_RUNS });
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
