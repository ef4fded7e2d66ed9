import fc from 'fast-check';
import type { JobCommand } from '../job/commands';
import { jobDecider } from '../job/decider';
import type { JobCreatedData, JobEvent } from '../job/events';
import { CONTROL_STATUSES, interpretResult, type ControlStatus } from '../job/json-result';
import type { ExistingJob, JobState } from '../job/state';
import type { JobStreamEvent } from '../record/seal';
import type { Assignee } from '../shared/assignee';
import { DomainError } from '../shared/errors';

/**
 * Random command sequences against the job decider. Each step picks a command and which
 * serviceEventId it names (the current one, an earlier one, or one the job never saw),
 * decides against the folded state, and appends what was decided; DomainErrors are the
 * decider saying no and are skipped. Properties are then checked on the whole stream with
 * oracles computed from the events, not from the decider's own state.
 */

const CATEGORIES = ['arrival', 'before', 'after', 'signature', 'odometer'] as const;
export const operator: Assignee = { kind: 'operator', slug: 'alice' };
const T0 = Date.UTC(2026, 2, 2, 9, 0, 0);
export const at = (minute: number) => new Date(T0 + minute * 60_000).toISOString();

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

export type Run = { job: JobCreatedData; stream: JobStreamEvent[]; decisions: { before: JobState; events: JobEvent[] }[] };

/** Plays the steps: decide against the fold of the stream so far, append what was decided. */
export const play = (job: JobCreatedData, steps: readonly Step[]): Run => {
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
            type: 'ClaimJob', serviceEventId, claimant: operator, claimantView: { access: 'active' }, unresolvedBlockers: [], ancestors: [], now,
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
        case 'resubmit': return { type: 'ResubmitJob', reason: 'again', ancestors: [] };
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

/** A job and the steps played against it; `play` turns them into a run. */
export const jobScenarios = jobArb.chain((job) => fc.tuple(fc.constant(job), fc.array(stepFor(job), { minLength: 1, maxLength: 80, size: 'large' })));
