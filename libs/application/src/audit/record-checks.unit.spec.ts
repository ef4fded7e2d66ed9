import { canonicalJson } from '../../../domain/src/shared/hashing';
import type { Json } from '../../../domain/src/shared/json';
import type { AuditEvent } from './audit-event';
import { jobStateAt } from './audit-reader';
import { checkChainLink, checkContentHash, checkEvidenceBlob, checkJobStream, checkSuccessor, recordChecks } from './record-checks';
import { recomputedHash, type SealedRecord } from './sealed-record';
import { auditWorld, photoBytes } from './testing/audit-world';

const world = auditWorld([120, 80, 60]);
const [r1, r2, r3] = world.chain.map((e) => e.data);
const job1 = world.jobStreams[0];
const names = (checks: { name: string; ok: boolean }[]) => checks.filter((c) => !c.ok).map((c) => c.name);
const withData = (e: AuditEvent, patch: Record<string, Json>): AuditEvent => ({ ...e, data: { ...(e.data as object), ...patch } });

describe('audit: one record', () => {
  it('passes every check when nothing was touched', () => {
    const { checks, notChecked } = recordChecks({ record: r2, jobStream: world.jobStreams[1], previous: r1, next: r3, blobs: world.blobs });
    expect(checks.map((c) => [c.name, c.ok])).toEqual([
      ['content-hash', true], ['job-stream', true], ['chain-link', true], ['chain-successor', true],
      [`evidence:${r2.evidence[0].evidenceId}`, true], [`evidence:${r2.evidence[1].evidenceId}`, true],
    ]);
    expect(notChecked).toEqual([]);
  });

  it('content-hash: fails when any sealed field changed, or a field was added', () => {
    expect(checkContentHash(r1).ok).toBe(true);
    expect(checkContentHash({ ...r1, payment: { state: 'paid', amount: 121 } }).ok).toBe(false);
    expect(checkContentHash({ ...r1, forced: true }).detail).toMatch(/altered after sealing/);
    expect(checkContentHash({ ...r1, extra: 'x' } as SealedRecord).ok).toBe(false);
  });

  it('job-stream: recomputes the body from the job stream up to jobStreamRevision', () => {
    expect(checkJobStream(r1, job1)).toMatchObject({ ok: true, detail: `recomputed from job-${r1.jobId} revisions 0..5: every field matches` });
    // Events after the sealing revision do not matter; order as given does not matter.
    const later = { ...job1[5], revision: 6, position: '99', type: 'JobClosed', data: { reason: 'x' } };
    expect(checkJobStream(r1, [later, ...[...job1].reverse()]).ok).toBe(true);
  });

  it('job-stream: names the fields an altered job event changes', () => {
    const altered = job1.map((e) => (e.type === 'ServiceEventCompleted' ? withData(e, { payment: { state: 'paid', amount: 12 } }) : e));
    expect(checkJobStream(r1, altered)).toMatchObject({ ok: false, detail: expect.stringMatching(/in: payment$/) });
    const photo = job1.map((e, i) => (i === 3 ? withData(e, { sha256: 'b'.repeat(64) }) : e));
    expect(checkJobStream(r1, photo).detail).toMatch(/in: evidence$/);
  });

  it('job-stream: fails when a job event is missing, the revision is absent, or it seals another record', () => {
    expect(checkJobStream(r1, job1.filter((e) => e.revision !== 2)).detail).toMatch(/lacks revision 2: events were removed/);
    expect(checkJobStream(r1, job1.slice(0, 5)).detail).toMatch(/has no revision 5/);
    expect(checkJobStream({ ...r1, jobStreamRevision: 4 }, job1).detail).toMatch(/revision 4 .* seals no record/);
    expect(checkJobStream({ ...r1, recordId: r2.recordId }, job1).detail).toMatch(/seals record .*, not /);
    expect(checkJobStream(r1, []).ok).toBe(false);
  });

  it('chain-link: the first record links to nothing, later ones to the recomputed hash of the one before', () => {
    expect(checkChainLink(r1, null)).toMatchObject({ ok: true, detail: 'first record of project detailing' });
    expect(checkChainLink(r2, r1).ok).toBe(true);
    expect(checkChainLink(r2, null).detail).toMatch(/a record was removed/);
    expect(checkChainLink(r3, r1).ok).toBe(false); // r2 removed between them
    // The previous record altered, even with its stored hash left as it was.
    expect(checkChainLink(r2, { ...r1, tier: 'basic' }).ok).toBe(false);
  });

  it('chain-successor: the next record links to this one as it is today', () => {
    expect(checkSuccessor(r3, null)).toMatchObject({ ok: true, detail: 'no record sealed after it yet' });
    expect(checkSuccessor(r1, r2).ok).toBe(true);
    const rewritten = { ...r1, tier: 'basic' };
    expect(checkSuccessor({ ...rewritten, contentHash: recomputedHash(rewritten) }, r2).ok).toBe(false);
  });

  it('evidence: bytes must hash to the sealed sha256; missing bytes fail; unavailable bytes are named, not assumed', () => {
    const [before] = r1.evidence;
    expect(checkEvidenceBlob(before, photoBytes(before.evidenceId)).ok).toBe(true);
    expect(checkEvidenceBlob(before, Buffer.from('swapped')).detail).toMatch(/^before: the stored bytes hash to/);
    expect(checkEvidenceBlob(before, null).detail).toMatch(/no bytes stored/);
    const { checks, notChecked } = recordChecks({ record: r1, jobStream: job1, previous: null, next: undefined, blobs: new Map([[before.sha256, null]]) });
    expect(names(checks)).toEqual([`evidence:${before.evidenceId}`]);
    expect(notChecked).toEqual(['chain-successor (records sealed after it are not available)', `evidence:${r1.evidence[1].evidenceId} (bytes not available)`]);
  });
});

describe('audit: time travel', () => {
  it('folds the job stream up to a revision, inclusive', () => {
    expect(jobStateAt(job1, 0)).toMatchObject({ status: 'created', phase: 'ready', attempt: null });
    expect(jobStateAt(job1, 2)).toMatchObject({ phase: 'active', attempt: { status: 'in_progress', evidence: [] } });
    expect(jobStateAt(job1, 5)).toMatchObject({ phase: 'done', resolution: 'completed', attempt: { payment: { amount: 120 } } });
    expect(canonicalJson(jobStateAt(job1, 99) as unknown as Json)).toBe(canonicalJson(jobStateAt(job1, 5) as unknown as Json));
  });
});
