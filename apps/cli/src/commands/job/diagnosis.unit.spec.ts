import { diagnose, formatDiagnosis } from './diagnosis';
import type { Attempt, Job, JobContext, RelatedJob } from './types';

const NOW = new Date('2026-03-01T12:00:00.000Z');

const job = (over: Partial<Job> = {}): Job => ({
  jobId: 'proj-1a2b3c4d', projectSlug: 'proj', parentId: null, depth: 1, title: 'T', description: 'T', acceptanceCriteria: null,
  origin: null, intake: null, surface: null, tier: null, customer: null, requiredEvidence: [], allowedEvidence: [], execution: null,
  phase: 'ready', resolution: null, assignee: null, priority: 2, attemptsUsed: 0, maxAttempts: 3, reviewRequired: false, deferUntil: null,
  assigneeKey: null, blocked: false, waiting: false, effectivePhase: 'ready', claimable: true, claimableFrom: '1970-01-01T00:00:00.000Z',
  resolvedGit: null, attempts: [], currentServiceEventId: null, evidenceStatus: [], children: [], relations: { dependencies: [], dependents: [] },
  latestRejectionReason: null, recordId: null, signal: null, createdAt: NOW.toISOString(), updatedAt: NOW.toISOString(), lastActivityAt: NOW.toISOString(),
  ...over,
});

const attempt = (over: Partial<Attempt> = {}): Attempt => ({
  serviceEventId: 'se-1', attemptNumber: 1, status: 'in_progress', claimant: { kind: 'agent', agentId: 'bot-1' }, claimedAt: NOW.toISOString(),
  startedAt: NOW.toISOString(), endedAt: null, leaseExpiresAt: '2026-03-01T12:05:00.000Z', deadlineAt: null, harness: null, sessionId: null,
  evidence: [], payment: null, outcome: null, summary: null, resultSummary: null, result: null, reason: null, ...over,
});

const related = (jobId: string, relation: RelatedJob['relation'], resolved = false): RelatedJob => ({ jobId, relation, resolved, phase: 'ready' });

const context = (j: Job, over: Partial<JobContext> = {}): JobContext => ({
  job: j, parent: null, children: [], relations: { dependencies: [], dependents: [], blocking: [] }, latestAttempt: j.attempts[j.attempts.length - 1] ?? null,
  latestRejectionReason: j.latestRejectionReason, blocked: j.blocked, waiting: j.waiting, effectivePhase: j.effectivePhase, ...over,
});

describe('job diagnose: why a job is not claimable, from its context', () => {
  it('says claimable for a ready job nobody holds, blocks, defers or owns', () => {
    const d = diagnose(context(job()), NOW, null);
    expect(d).toEqual({ jobId: 'proj-1a2b3c4d', claimable: true, reasons: [], notes: [] });
    expect(formatDiagnosis(d)).toBe('proj-1a2b3c4d: claimable\n');
  });

  it('says a job under a cancelled parent is not claimable, as the claim answers ANCESTOR_CANCELLED', () => {
    const child = job({ jobId: 'proj-1a2b3c4d.1', parentId: 'proj-1a2b3c4d', depth: 2 });
    expect(diagnose(context(child, { parent: { jobId: 'proj-1a2b3c4d', phase: 'cancelled' } }), NOW, null)).toMatchObject({
      claimable: false, reasons: ['parent proj-1a2b3c4d is cancelled: nothing under it is claimed (ANCESTOR_CANCELLED)'],
    });
    expect(diagnose(context(child, { parent: { jobId: 'proj-1a2b3c4d', phase: 'done' } }), NOW, null).claimable).toBe(true);
  });

  it('names every blocker, the deferral, the assignee and an exhausted budget at once', () => {
    const blocked = job({ assignee: { kind: 'operator', slug: 'ana' }, deferUntil: '2026-03-02T00:00:00.000Z', attemptsUsed: 3, blocked: true });
    const blocking = [related('proj-1a2b3c4d.1', 'blocked_by'), related('proj-99999999', 'blocked_by')];
    const d = diagnose(context(blocked, { relations: { dependencies: blocking, dependents: [], blocking } }), NOW, { kind: 'agent', agentId: 'bot-1' });
    expect(d.claimable).toBe(false);
    expect(d.reasons).toEqual([
      'assigned to operator:ana, not agent:bot-1',
      'blocked by proj-1a2b3c4d.1 (ready)',
      'blocked by proj-99999999 (ready)',
      'deferred until 2026-03-02T00:00:00.000Z',
      'attempts exhausted: 3 of 3 used',
    ]);
  });

  it('does not hold the assignment against its own assignee, nor a deferral that has passed', () => {
    const mine = job({ assignee: { kind: 'agent', agentId: 'bot-1' }, deferUntil: '2026-03-01T11:00:00.000Z' });
    expect(diagnose(context(mine), NOW, { kind: 'agent', agentId: 'bot-1' }).claimable).toBe(true);
    expect(diagnose(context(mine), NOW, null).reasons).toEqual(['assigned to agent:bot-1']);
  });

  it('names who holds the lease, and until when, on an active job', () => {
    const active = job({ phase: 'active', effectivePhase: 'active', attempts: [attempt({ attemptNumber: 2 })] });
    expect(diagnose(context(active), NOW, null).reasons).toEqual(['lease held by agent:bot-1 until 2026-03-01T12:05:00.000Z (attempt #2, in_progress)']);
  });

  it('names a wrong phase, with the way out where there is one', () => {
    const reasons = (over: Partial<Job>) => diagnose(context(job(over)), NOW, null).reasons;
    expect(reasons({ phase: 'backlog' })).toEqual(['wrong phase: backlog (move it to ready: `jobledger job update proj-1a2b3c4d --phase ready`)']);
    expect(reasons({ phase: 'review' })).toEqual(['wrong phase: review (it awaits approve or reject)']);
    expect(reasons({ phase: 'done', resolution: 'failed' })).toEqual(['wrong phase: done (failed)']);
    expect(reasons({ phase: 'cancelled' })).toEqual(['wrong phase: cancelled']);
  });

  it('notes an unresolved waits_for and the last rejection without counting them against the claim', () => {
    const waiting = job({ latestRejectionReason: 'no tests' });
    const deps = [related('proj-00000001', 'waits_for'), related('proj-00000002', 'waits_for', true)];
    const d = diagnose(context(waiting, { relations: { dependencies: deps, dependents: [], blocking: [] } }), NOW, null);
    expect(d.claimable).toBe(true);
    expect(formatDiagnosis(d)).toBe('proj-1a2b3c4d: claimable\n  note: waits for proj-00000001: ordering only, it does not stop a claim\n  note: last rejected: no tests\n');
  });
});
