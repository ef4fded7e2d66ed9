import { recordContentHash } from '../../../domain/src/record/seal';
import { streams } from '../../../domain/src/shared/streams';
import { byPosition, toJobStreamEvent, type AuditEvent } from './audit-event';
import { buildExport, formatExport, parseExport, type ExportInput, type ExportLine } from './audit-export';
import { verifyExport } from './export-verification';
import { sealingsOf, type SealedRecord } from './sealed-record';
import { auditEvents, auditWorld, photoBytes, reworked, workedJob } from './testing/audit-world';

const world = auditWorld([120, 80, 60]);
const jobId = 'detailing-00000001';
const own = world.chain[1];
const input = (overrides: Partial<ExportInput> = {}): ExportInput => ({
  jobId, projectSlug: 'detailing', source: 'http://127.0.0.1:3000', exportedAt: '2026-03-03T00:00:00.000Z',
  events: [...world.jobStreams[1], own].sort(byPosition), chain: world.chain, ...overrides,
});
const roundTrip = (i: ExportInput) => verifyExport(parseExport(formatExport(buildExport(i))));
const failing = (checks: readonly { name: string; ok: boolean }[]) => checks.filter((c) => !c.ok).map((c) => c.name);

describe('audit export: JSON Lines an auditor can verify offline', () => {
  it('holds a header, the job’s events, and the chain up to the job’s last record', () => {
    const lines = buildExport(input());
    expect(lines[0]).toMatchObject({ kind: 'header', format: 'jobledger-audit-export', version: 1, jobId });
    expect(lines.filter((l) => l.kind === 'event')).toHaveLength(7);
    expect(lines.filter((l) => l.kind === 'chain').map((l) => (l.kind === 'chain' ? l.event.data.recordId : ''))).toEqual(
      world.chain.slice(0, 2).map((e) => e.data.recordId),
    );
    expect(formatExport(lines).split('\n')).toHaveLength(lines.length + 1);
  });

  it('verifies every record of the job and the chain; says what it could not check', () => {
    const result = roundTrip(input());
    expect(result.valid).toBe(true);
    expect(result.records).toHaveLength(1);
    expect(result.records[0].checks.map((c) => [c.name, c.ok])).toEqual([['in-chain', true], ['content-hash', true], ['job-stream', true], ['chain-link', true]]);
    expect(result.records[0].notChecked).toEqual([
      'chain-successor (records sealed after it are not available)',
      ...own.data.evidence.map((e) => `evidence:${e.evidenceId} (bytes not available)`),
    ]);
    expect(result.chain.checks.map((c) => c.name)).toEqual(['content-hashes', 'chain-links']);
    expect(result.chain.notChecked).toEqual(['records sealed after the export (verify a digest against the server for those)']);
  });

  it('checks exported evidence bytes', () => {
    const blobs = own.data.evidence.map((e) => ({ sha256: e.sha256, contentType: 'image/png', bytes: photoBytes(e.evidenceId) }));
    const result = roundTrip(input({ blobs }));
    expect(result.valid).toBe(true);
    expect(result.records[0].checks.filter((c) => c.name.startsWith('evidence:'))).toHaveLength(2);
    const swapped = roundTrip(input({ blobs: [{ ...blobs[0], bytes: Buffer.from('other') }, blobs[1]] }));
    expect([swapped.valid, failing(swapped.records[0].checks)]).toEqual([false, [`evidence:${own.data.evidence[0].evidenceId}`]]);
  });

  it('fails an export made with the bytes from which one evidence\'s bytes were deleted', () => {
    const blobs = own.data.evidence.map((e) => ({ sha256: e.sha256, contentType: 'image/png', bytes: photoBytes(e.evidenceId) }));
    const lines = buildExport(input({ blobs }));
    const cut = lines.filter((l) => !(l.kind === 'blob' && l.sha256 === own.data.evidence[0].sha256));
    const result = verifyExport(parseExport(formatExport(cut)));
    expect([result.valid, failing(result.records[0].checks)]).toEqual([false, [`evidence:${own.data.evidence[0].evidenceId}`]]);
    expect(result.records[0].notChecked.filter((n) => n.startsWith('evidence:'))).toEqual([]);
    // Without the bytes asked for, they are named as not checked, as before.
    expect(lines[0]).toMatchObject({ withBlobs: true });
    expect(buildExport(input())[0]).toMatchObject({ withBlobs: false });
  });

  it('catches an export edited after the fact: a job event, the record, or the chain', () => {
    const events = input().events.map((e) => (e.type === 'ServiceEventCompleted' ? { ...e, data: { ...(e.data as object), payment: { state: 'paid', amount: 1 } } } : e));
    expect(failing(roundTrip(input({ events })).records[0].checks)).toEqual(['job-stream']);

    const forged = (e: AuditEvent): AuditEvent => (e.type === 'RecordSealed' ? { ...e, data: { ...(e.data as SealedRecord), tier: 'basic' } } : e);
    const recordEdited = roundTrip(input({ events: input().events.map(forged) }));
    expect(failing(recordEdited.records[0].checks)).toEqual(['in-chain', 'content-hash', 'job-stream']);

    const chainWithoutFirst = roundTrip(input({ chain: world.chain.slice(1) }));
    expect(chainWithoutFirst.records[0].notChecked).toContain('chain-link (the record sealed before it is not available)');
    expect(chainWithoutFirst.chain.notChecked).toContain('records sealed before the first exported one');
    expect(chainWithoutFirst.valid).toBe(true);
  });

  it('fails an export whose edits leave values of another kind, without throwing (the CLI exits 1, not 2)', () => {
    const renamed = input().events.map((e) => (e.type === 'ServiceEventCompleted' ? { ...e, type: 'Bogus' } : e));
    expect(failing(roundTrip(input({ events: renamed })).records[0].checks)).toEqual(['job-stream']);

    const recordAs = (data: unknown) => input({ events: input().events.map((e) => (e.type === 'RecordSealed' ? { ...e, data } : e)) });
    const numberLink = roundTrip(recordAs({ ...own.data, previousRecordHash: 5 }));
    expect([numberLink.valid, failing(numberLink.records[0].checks)]).toEqual([false, ['in-chain', 'record-shape', 'content-hash', 'chain-link']]);
    const stringEvidence = roundTrip(recordAs({ ...own.data, evidence: 'x' }));
    expect([stringEvidence.valid, failing(stringEvidence.records[0].checks)]).toEqual([false, ['in-chain', 'record-shape', 'content-hash', 'job-stream']]);
    const noObject = roundTrip(recordAs(null));
    expect([noObject.valid, noObject.records.map((r) => [r.recordId, failing(r.checks)])]).toEqual([false, [
      [own.data.recordId, ['record-shape']],
      [own.data.recordId, ['in-export']], // and the job stream seals a record the file no longer holds
    ]]);
  });

  it('catches a record of the job left out of the file, with or without its chain line', () => {
    // One job, two attempts, two records: the second attempt's is the one left out.
    const twice = 'detailing-0000000a';
    const stream = auditEvents(streams.job(twice), [...workedJob(twice, 120), { type: 'JobResubmitted', data: { reason: 'again' } }, ...reworked(twice, 2, 80)], 0);
    let previous: string | null = null;
    const records = sealingsOf(stream.map(toJobStreamEvent)).map((s, i) => {
      const body = { ...s.body, previousRecordHash: previous };
      const data: SealedRecord = { ...body, contentHash: recordContentHash(body) };
      previous = data.contentHash;
      return auditEvents(streams.record(s.recordId), [{ type: 'RecordSealed', data }], 100 + i)[0] as AuditEvent<SealedRecord>;
    });
    expect(records).toHaveLength(2);
    const whole = { ...input(), jobId: twice, events: [...stream, ...records], chain: records };
    expect(roundTrip(whole).valid).toBe(true);
    const isSecond = (l: ExportLine) => (l.kind === 'event' || l.kind === 'chain') && l.event.type === 'RecordSealed' && (l.event.data as SealedRecord).recordId === records[1].data.recordId;
    for (const left of [(l: ExportLine) => isSecond(l) && l.kind === 'event', isSecond]) {
      const result = verifyExport(parseExport(formatExport(buildExport(whole).filter((l) => !left(l)))));
      expect(result.valid).toBe(false);
      expect(result.records.map((r) => [r.recordId, failing(r.checks)])).toContainEqual([records[1].data.recordId, ['in-export']]);
    }
  });

  it('is not valid when it holds no record', () => {
    const result = roundTrip(input({ events: world.jobStreams[1].slice(0, 3), chain: [] }));
    expect([result.valid, result.records]).toEqual([false, []]);
  });

  it('refuses files that are not exports', () => {
    expect(() => parseExport('not json')).toThrow('line 1 is not JSON');
    expect(() => parseExport('{"kind":"event"}')).toThrow(/first line must be its header/);
    expect(() => parseExport('{"kind":"header","format":"jobledger-audit-export","version":2}')).toThrow(/version 2 is not supported/);
    expect(() => parseExport(`${formatExport(buildExport(input()))}{"kind":"other"}\n`)).toThrow(/line 11 is not an export line/);
  });
});
