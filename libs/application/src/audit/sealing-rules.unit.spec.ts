import type { JobEvent } from '../../../domain/src/job/events';
import { recordContentHash } from '../../../domain/src/record/seal';
import type { SealingRule } from '../../../domain/src/record/sealing-rule';
import { streams } from '../../../domain/src/shared/streams';
import { agent, claimed, jobCreated, started } from '../../../domain/src/testing/job-fixtures';
import { toJobStreamEvent, type AuditEvent } from './audit-event';
import { buildExport, formatExport, parseExport } from './audit-export';
import { verifyExport } from './export-verification';
import { checkJobStream, recordChecks } from './record-checks';
import { bodyOf, sealingsOf, type SealedRecord } from './sealed-record';
import { auditEvents } from './testing/audit-world';

/** Agent work submitted for review (revision 3) and approved (revision 4), a minute apart. */
const reviewedWork = (jobId: string): JobEvent[] => [
  jobCreated({ jobId, reviewRequired: true }), claimed(`se-${jobId}`, 1, agent), started(`se-${jobId}`),
  { type: 'JobSubmittedForReview', data: { serviceEventId: `se-${jobId}`, summary: 'PR ready' } },
  { type: 'JobApproved', data: {} },
];

/**
 * Job 1 sealed before rules were versioned (rule 1, as the sealer then wrote it), job 2 after
 * (the current rule), chained in that order: a project's log after an upgrade.
 */
const jobs = [
  { jobId: 'detailing-00000001', rule: 1 as SealingRule, at: 0 },
  { jobId: 'detailing-00000002', rule: 2 as SealingRule, at: 10 },
];
let previousRecordHash: string | null = null;
const world = jobs.map(({ jobId, rule, at }) => {
  const jobStream = auditEvents(streams.job(jobId), reviewedWork(jobId), at);
  const [sealing] = sealingsOf(jobStream.map(toJobStreamEvent), rule);
  const body = { ...sealing.body, previousRecordHash };
  const data: SealedRecord = { ...body, contentHash: recordContentHash(body) };
  previousRecordHash = data.contentHash;
  const record = auditEvents(streams.record(sealing.recordId), [{ type: 'RecordSealed', data }], at + 5)[0] as AuditEvent<SealedRecord>;
  return { jobId, jobStream, record };
});
const [old, current] = world;
const failing = (checks: readonly { name: string; ok: boolean }[]) => checks.filter((c) => !c.ok).map((c) => c.name);
const rehashed = (record: SealedRecord): SealedRecord => ({ ...record, contentHash: recordContentHash(bodyOf(record)) });

describe('audit: records sealed by different rules', () => {
  it('a rule 1 record (no sealingRule, dated at the approval) still passes every check', () => {
    expect(old.record.data).not.toHaveProperty('sealingRule');
    expect(old.record.data.completedAt).toBe(old.jobStream[4].occurredAt);
    const { checks } = recordChecks({ record: old.record.data, jobStream: old.jobStream, previous: null, next: current.record.data, blobs: new Map() });
    expect(checks.map((c) => [c.name, c.ok])).toEqual([['content-hash', true], ['job-stream', true], ['chain-link', true], ['chain-successor', true]]);
  });

  it('a new record names rule 2, is dated at the submission, and passes every check', () => {
    expect(current.record.data).toMatchObject({ sealingRule: 2, completedAt: current.jobStream[3].occurredAt });
    const { checks } = recordChecks({ record: current.record.data, jobStream: current.jobStream, previous: old.record.data, next: null, blobs: new Map() });
    expect(failing(checks)).toEqual([]);
  });

  it('fails a record whose sealingRule was changed, removed or added, hash recomputed or not', () => {
    const r2 = current.record.data;
    const { sealingRule: _rule, ...withoutRule } = r2;
    expect(failing(recordChecks({ record: { ...r2, sealingRule: 1 }, jobStream: current.jobStream, previous: old.record.data, next: null, blobs: new Map() }).checks))
      .toEqual(['content-hash', 'job-stream']);
    expect(checkJobStream(rehashed({ ...r2, sealingRule: 1 }), current.jobStream))
      .toMatchObject({ ok: false, detail: 'the record names sealingRule 1, which no jobledger record carries (rule 1 records name none)' });
    expect(checkJobStream(rehashed(withoutRule), current.jobStream).detail).toMatch(/in: completedAt$/);
    const unknown = rehashed({ ...r2, sealingRule: 4 } as unknown as SealedRecord);
    expect(checkJobStream(unknown, current.jobStream)).toMatchObject({ ok: false, detail: expect.stringMatching(/^the record names sealingRule 4, which/) });
    // A rule 1 record rewritten to claim the new rule (and its date) does not match its job stream either.
    const upgraded = rehashed({ ...old.record.data, sealingRule: 2 });
    expect(checkJobStream(upgraded, old.jobStream).detail).toMatch(/in: completedAt$/);
  });

  it('a rule 3 forced record (no failed attempt carried) passes; the same record relabelled rule 2 does not', () => {
    const jobId = 'detailing-00000003';
    const failedThenForced: JobEvent[] = [
      jobCreated({ jobId, assignee: undefined }), claimed(`se-${jobId}`, 1, agent), started(`se-${jobId}`),
      { type: 'ServiceEventFailed', data: { serviceEventId: `se-${jobId}`, reason: 'crashed' } },
      { type: 'JobForceCompleted', data: { reason: 'done by hand' } },
    ];
    const jobStream = auditEvents(streams.job(jobId), failedThenForced, 20);
    const [sealing] = sealingsOf(jobStream.map(toJobStreamEvent), 3);
    const body = { ...sealing.body, previousRecordHash: null };
    const record: SealedRecord = { ...body, contentHash: recordContentHash(body) };
    expect(record).toMatchObject({ sealingRule: 3, serviceEventId: null, executor: null });
    expect(checkJobStream(record, jobStream)).toMatchObject({ ok: true });
    expect(checkJobStream(rehashed({ ...record, sealingRule: 2 }), jobStream).detail).toMatch(/executor/);
  });

  it('an export holding both verifies offline, each record by its own rule', () => {
    const chain = world.map((w) => w.record);
    for (const { jobId, jobStream, record } of world) {
      const lines = buildExport({ jobId, projectSlug: 'detailing', source: 'test', exportedAt: '2026-03-03T00:00:00.000Z', events: [...jobStream, record], chain });
      const result = verifyExport(parseExport(formatExport(lines)));
      expect([jobId, result.valid, result.records.map((r) => failing(r.checks))]).toEqual([jobId, true, [[]]]);
    }
  });
});
