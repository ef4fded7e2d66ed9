import { recordContentHash } from '../../../../libs/domain/src/record/seal';
import { setUpWorld, type World } from '../testing/fixtures';
import { startTestServer, type TestServer } from '../testing/test-server';
import { completedJob, swapEvidenceBytes, tamperWithLog } from './audit-fixtures';

type Check = { name: string; ok: boolean; detail: string };
type Digest = { project: string; recordCount: number; headHash: string };
const failed = (checks: Check[]) => checks.filter((c) => !c.ok).map((c) => c.name);

/**
 * The SQLite file edited behind the server's back (server stopped, triggers dropped, rows
 * rewritten or removed): what the audit routes catch after the restart.
 */
describe('audit: tampering with the stored log is caught', () => {
  let s: TestServer;
  let w: World;
  let first: Awaited<ReturnType<typeof completedJob>>;
  let second: Awaited<ReturnType<typeof completedJob>>;
  let digest: Digest;
  const auditor = () => s.token('auditor');
  const verifyRecord = async (recordId: string) => (await s.call('GET', `/audit/records/${recordId}/verify`, { token: auditor() })).body;
  const verifyLedger = async (d: Digest) => (await s.call('GET', `/audit/ledger/${d.project}/verify?count=${d.recordCount}&headHash=${d.headHash}`, { token: auditor() })).body;

  beforeEach(async () => {
    s = await startTestServer();
    w = await setUpWorld(s, ['ana']);
    first = await completedJob(s, w, 'ana', 120);
    second = await completedJob(s, w, 'ana', 80);
    digest = (await s.call('GET', '/audit/ledger/detailing/digest', { token: auditor() })).body;
  });
  afterEach(() => s.stop());

  it('keeps everything across a restart: records still verify and the chain still extends the digest', async () => {
    s = await s.restart();
    expect((await verifyRecord(first.recordId)).valid).toBe(true);
    expect((await verifyRecord(second.recordId)).valid).toBe(true);
    expect((await verifyLedger(digest)).valid).toBe(true);
    expect((await s.call('GET', '/audit/ledger/detailing/digest', { token: auditor() })).body).toEqual(digest);
    expect((await s.call('GET', `/jobs/${first.jobId}`, { token: auditor() })).body.phase).toBe('done');
  });

  it('catches a job event rewritten in the file: the record no longer follows from its job stream', async () => {
    s = await s.restart((dir) => {
      const changed = tamperWithLog(dir, "UPDATE events SET data = json_set(data, '$.payment.amount', 12) WHERE stream_id = ? AND type = 'ServiceEventCompleted'", `job-${first.jobId}`);
      expect(changed).toBe(1);
    });
    const result = await verifyRecord(first.recordId);
    expect(result.valid).toBe(false);
    expect(failed(result.checks)).toEqual(['job-stream']);
    expect(result.checks.find((c: Check) => c.name === 'job-stream').detail).toContain('in: payment');
    // The records themselves were not touched: the chain still extends the digest.
    expect((await verifyLedger(digest)).valid).toBe(true);
  });

  it('catches an edit made while the server runs, though the server had already read the stream', async () => {
    expect((await verifyRecord(first.recordId)).valid).toBe(true);
    tamperWithLog(s.dataDir, "UPDATE events SET data = json_set(data, '$.payment.amount', 12) WHERE stream_id = ? AND type = 'ServiceEventCompleted'", `job-${first.jobId}`);
    expect(failed((await verifyRecord(first.recordId)).checks)).toEqual(['job-stream']);
  });

  it('catches a job event removed from the file: the stream has a hole below the sealed revision', async () => {
    s = await s.restart((dir) => {
      expect(tamperWithLog(dir, "DELETE FROM events WHERE stream_id = ? AND revision = 3", `job-${first.jobId}`)).toBe(1);
    });
    const result = await verifyRecord(first.recordId);
    expect(failed(result.checks)).toEqual(['job-stream']);
    expect(result.checks.find((c: Check) => c.name === 'job-stream').detail).toMatch(/lacks revision 3: events were removed/);
  });

  it('catches a sealed record rewritten in the file, in the record and in the ledger', async () => {
    s = await s.restart((dir) => {
      tamperWithLog(dir, "UPDATE events SET data = json_set(data, '$.payment.amount', 1200) WHERE stream_id = ?", `record-${first.recordId}`);
    });
    const result = await verifyRecord(first.recordId);
    expect(failed(result.checks)).toEqual(['content-hash', 'job-stream', 'chain-successor']);
    expect(failed((await verifyRecord(second.recordId)).checks)).toEqual(['chain-link']);
    const ledger = await verifyLedger(digest);
    expect([ledger.valid, failed(ledger.checks)]).toEqual([false, ['content-hashes', 'chain-links']]);
  });

  it('catches a record rewritten with its hash recomputed: the next record no longer links to it', async () => {
    const rewritten = await s.call('GET', `/records/${first.recordId}`, { token: auditor() });
    const { contentHash: _old, sealedAt: _s, position: _p, ...body } = rewritten.body;
    const forged = { ...body, payment: { state: 'paid', amount: 1200 } };
    const forgedHash = recordContentHash(forged);
    s = await s.restart((dir) => {
      tamperWithLog(dir, 'UPDATE events SET data = ? WHERE stream_id = ?', JSON.stringify({ ...forged, contentHash: forgedHash }), `record-${first.recordId}`);
    });
    const result = await verifyRecord(first.recordId);
    expect(failed(result.checks)).toEqual(['job-stream', 'chain-successor']);
    const ledger = await verifyLedger(digest);
    expect([ledger.valid, failed(ledger.checks)]).toEqual([false, ['chain-links']]);
  });

  it('catches evidence bytes swapped on disk', async () => {
    const record = (await s.call('GET', `/records/${first.recordId}`, { token: auditor() })).body;
    const sha: string = record.evidence[1].sha256;
    expect(swapEvidenceBytes(s.dataDir, sha, Buffer.from('not the photo'))).toBe('log'); // a small photo: kept in the log's file
    const result = await verifyRecord(first.recordId);
    expect(failed(result.checks)).toEqual([`evidence:${record.evidence[1].evidenceId}`]);
  });

  it("answers evidence whose bytes were removed as the server's loss (500 EVIDENCE_BYTES_MISSING), never 404 as if the id were wrong", async () => {
    const record = (await s.call('GET', `/records/${first.recordId}`, { token: auditor() })).body;
    const { evidenceId, sha256 } = record.evidence[1] as { evidenceId: string; sha256: string };
    s = await s.restart((dir) => {
      expect(tamperWithLog(dir, 'DELETE FROM evidence_blobs WHERE sha256 = ?', sha256)).toBe(1);
    });
    const lost = await s.call('GET', `/jobs/${first.jobId}/evidence/${evidenceId}/content`, { token: auditor() });
    expect([lost.status, lost.body.error?.code, lost.body.error?.details]).toEqual([500, 'EVIDENCE_BYTES_MISSING', { sha256 }]);
    const unknown = await s.call('GET', `/jobs/${first.jobId}/evidence/${first.serviceEventId}/content`, { token: auditor() });
    expect([unknown.status, unknown.body.error?.code]).toEqual([404, 'EVIDENCE_NOT_FOUND']);
  });

  it('catches a removed record: the ledger no longer extends the digest, the next record links to nothing known', async () => {
    s = await s.restart((dir) => {
      expect(tamperWithLog(dir, 'DELETE FROM events WHERE stream_id = ?', `record-${first.recordId}`)).toBe(1);
    });
    const ledger = await verifyLedger(digest);
    expect(ledger.valid).toBe(false);
    expect(failed(ledger.checks)).toEqual(['digest-count', 'chain-links', 'signalled-records']);
    expect(ledger.today).toMatchObject({ recordCount: 1, headHash: digest.headHash });

    const gone = await verifyRecord(first.recordId);
    expect([gone.valid, failed(gone.checks)]).toEqual([false, ['record-stream']]);
    expect(failed((await verifyRecord(second.recordId)).checks)).toEqual(['chain-link']);
  });

  it('catches the last record removed, against a digest that counted it', async () => {
    s = await s.restart((dir) => {
      tamperWithLog(dir, 'DELETE FROM events WHERE stream_id IN (?, ?)', `record-${second.recordId}`, `signal-${second.recordId}`);
    });
    const ledger = await verifyLedger(digest);
    expect([ledger.valid, failed(ledger.checks)]).toEqual([false, ['digest-count']]);
    expect((await verifyRecord(first.recordId)).valid).toBe(true);
  });

  describe('edits that leave a value of another kind are failures to report, not errors (never a 500)', () => {
    const answered = async (recordId: string) => {
      const r = await s.call('GET', `/audit/records/${recordId}/verify`, { token: auditor() });
      return { status: r.status, valid: r.body.valid, failed: failed(r.body.checks ?? []), details: (r.body.checks ?? []).map((c: Check) => c.detail).join(' | ') };
    };

    it('a job event renamed to a type no job stream holds: job-stream fails, naming its revision', async () => {
      s = await s.restart((dir) => {
        expect(tamperWithLog(dir, "UPDATE events SET type = 'Bogus' WHERE stream_id = ? AND type = 'ServiceEventCompleted'", `job-${first.jobId}`)).toBe(1);
      });
      const r = await answered(first.recordId);
      expect([r.status, r.valid, r.failed]).toEqual([200, false, ['job-stream']]);
      expect(r.details).toMatch(/has type "Bogus", which no job stream holds/);
      expect((await s.call('GET', `/audit/jobs/${first.jobId}/state`, { token: auditor() })).status).toBe(200);
    });

    it('a job event whose data no longer folds: job-stream fails, saying the stream cannot be folded', async () => {
      s = await s.restart((dir) => {
        expect(tamperWithLog(dir, "UPDATE events SET data = 'null' WHERE stream_id = ? AND type = 'JobClaimed'", `job-${first.jobId}`)).toBe(1);
      });
      const r = await answered(first.recordId);
      expect([r.status, r.valid, r.failed]).toEqual([200, false, ['job-stream']]);
      expect(r.details).toMatch(/cannot be folded/);
      // The state at a revision says so too, naming where, as a refusal and not a server error.
      const state = await s.call('GET', `/audit/jobs/${first.jobId}/state`, { token: auditor() });
      expect([state.status, state.body.error?.code, state.body.error?.details]).toEqual([422, 'JOB_STREAM_ALTERED', { revision: expect.any(Number) }]);
      expect((await s.call('GET', `/audit/jobs/${first.jobId}/state?revision=0`, { token: auditor() })).status).toBe(200);
    });

    it('an event whose stored data is no longer JSON at all: 500 EVENT_UNREADABLE naming where it is, not a bare internal error', async () => {
      s = await s.restart((dir) => {
        expect(tamperWithLog(dir, "UPDATE events SET data = '{' WHERE stream_id = ? AND type = 'JobClaimed'", `job-${first.jobId}`)).toBe(1);
      });
      for (const path of [`/audit/jobs/${first.jobId}/state`, `/audit/records/${first.recordId}/verify`]) {
        const r = await s.call('GET', path, { token: auditor() });
        expect([path, r.status, r.body.error?.code, r.body.error?.details]).toEqual([path, 500, 'EVENT_UNREADABLE', { stream: `job-${first.jobId}`, revision: expect.any(Number), position: expect.any(String) }]);
      }
    });

    it('a previousRecordHash rewritten to a number: record-shape and the hashes fail, the ledger too', async () => {
      s = await s.restart((dir) => {
        expect(tamperWithLog(dir, "UPDATE events SET data = json_set(data, '$.previousRecordHash', 5) WHERE stream_id = ?", `record-${second.recordId}`)).toBe(1);
      });
      const r = await answered(second.recordId);
      expect([r.status, r.valid, r.failed]).toEqual([200, false, ['record-shape', 'content-hash', 'chain-link']]);
      expect(r.details).toMatch(/previousRecordHash is not a string or null/);
      const ledger = await s.call('GET', `/audit/ledger/${digest.project}/verify?count=${digest.recordCount}&headHash=${digest.headHash}`, { token: auditor() });
      expect([ledger.status, ledger.body.valid]).toEqual([200, false]);
    });

    it('evidence rewritten to a string: record-shape fails, and no evidence is looked up from it', async () => {
      s = await s.restart((dir) => {
        expect(tamperWithLog(dir, "UPDATE events SET data = json_set(data, '$.evidence', 'x') WHERE stream_id = ?", `record-${first.recordId}`)).toBe(1);
      });
      const r = await answered(first.recordId);
      expect([r.status, r.valid, r.failed]).toEqual([200, false, ['record-shape', 'content-hash', 'job-stream', 'chain-successor']]);
    });

    it('a record that is no longer an object: record-shape alone, as nothing names its job or project', async () => {
      s = await s.restart((dir) => {
        expect(tamperWithLog(dir, "UPDATE events SET data = '[1]' WHERE stream_id = ?", `record-${first.recordId}`)).toBe(1);
      });
      const r = await answered(first.recordId);
      expect([r.status, r.valid, r.failed]).toEqual([200, false, ['record-shape']]);
    });
  });
});
