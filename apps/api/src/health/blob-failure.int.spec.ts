import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { evidenceForm, governedJob, png, setUpWorld } from '../testing/fixtures';
import { startTestServer, type TestServer } from '../testing/test-server';

/**
 * Evidence kept outside the log (photos over the inline bound) is written to files of its own:
 * a disk that refuses them must show on /health as a refused append does, or a load balancer
 * keeps sending uploads to the instance that cannot take them.
 */
describe('/health when evidence files cannot be written', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ JOBLEDGER_INLINE_EVIDENCE_MAX_BYTES: '0' });
  });
  afterAll(() => s.stop());

  it('is 503 unavailable, naming the blob store, until a write succeeds again', async () => {
    const w = await setUpWorld(s, ['ana']);
    const { jobId } = await governedJob(s, w, 'ana');
    const token = w.operator('ana');
    const se = (await s.call('POST', `/jobs/${jobId}/claim`, { token, body: { start: true } })).body.serviceEventId as string;
    const upload = (label: string) =>
      s.call('POST', `/jobs/${jobId}/evidence`, { token, body: evidenceForm({ serviceEventId: se, category: 'arrival' }, { bytes: png(label), type: 'image/png' }) });
    const first = await upload('first');
    expect(first.status).toBe(201);
    // Read back: placed at its address, not only journalled.
    expect((await s.call('GET', `/jobs/${jobId}/evidence/${first.body.evidenceId}/content`, { token })).status).toBe(200);

    const incoming = join(s.dataDir, 'blobs', '.incoming');
    rmSync(incoming, { recursive: true, force: true });
    writeFileSync(incoming, 'in the way');
    expect((await upload('second')).status).toBeGreaterThanOrEqual(500);
    // The first photo again is answered without a write: the disk is still not shown writable.
    expect((await upload('first')).status).toBe(201);
    const failing = await s.call('GET', '/health', { token: w.admin });
    expect([failing.status, failing.body.status, failing.body.eventStore.ok, failing.body.blobStore]).toEqual([
      503, 'unavailable', true, { ok: false, error: expect.stringMatching(/^the last write failed: E[A-Z]+: /) },
    ]);
    // Without a token the probe says that, not why.
    expect((await s.call('GET', '/health')).body.blobStore).toEqual({ ok: false, error: expect.stringMatching(/^withheld/) });

    rmSync(incoming);
    mkdirSync(incoming);
    expect((await upload('third')).status).toBe(201);
    const again = await s.call('GET', '/health', { token: w.admin });
    expect([again.status, again.body.blobStore]).toEqual([200, { ok: true }]);
  });
});
