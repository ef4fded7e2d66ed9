import { ALL_PROJECTIONS, JOB_CLAIMS } from '../../../../projections';
import { completedJob, governedJob, setUpWorld, type World } from '../testing/fixtures';
import { dump, projectFromZero, until } from '../testing/read-models';
import { startTestServer, type TestServer } from '../testing/test-server';

describe('reactors and projections are durable and idempotent', () => {
  let s: TestServer;
  let w: World;
  beforeAll(async () => {
    s = await startTestServer();
    w = await setUpWorld(s, ['ana', 'bob']);
    // Some history: three completed jobs (records + signals), one released, one waiting on the desk.
    for (const who of ['ana', 'bob', 'ana']) await completedJob(s, w, who);
    // A policy and a defaults change, which the jobs after them snapshot (and the directory shows).
    const policy = await s.call('PATCH', `/surfaces/${w.surface}`, { token: w.admin, body: { requiredEvidence: ['arrival', 'after', 'signature'] } });
    const defaults = await s.call('PATCH', `/projects/${w.project}`, { token: w.admin, body: { defaults: { reviewRequired: true, maxAttempts: 2 } } });
    if (policy.status !== 200 || defaults.status !== 200) throw new Error(`set-up failed: ${policy.status} ${defaults.status}`);
    const { jobId } = await governedJob(s, w, 'bob');
    const se = (await s.call('POST', `/jobs/${jobId}/claim`, { token: w.operator('bob'), body: {} })).body.serviceEventId;
    await s.call('POST', `/jobs/${jobId}/release`, { token: w.operator('bob'), body: { serviceEventId: se } });
    await governedJob(s, w, 'ana');
  });
  afterAll(() => s.stop());

  const countOf = async (type: string) => (await s.backends.eventStore.readAll({ maxCount: 100_000, filter: { eventTypes: [type] } })).length;

  it('seals exactly one record per completion and one signal per record, even when the reactors run again from zero', async () => {
    expect(await countOf('RecordSealed')).toBe(3);
    expect(await countOf('SignalEmitted')).toBe(3);
    for (const name of ['reactor:record-sealer', 'reactor:signal-emitter', 'reactor:job-creator', 'reactor:task-opener']) {
      await s.worker.host.runner(name)?.rebuild();
    }
    expect(await s.worker.host.settle(await s.backends.eventStore.headPosition(), 10_000)).toBe(true);
    expect(await countOf('RecordSealed')).toBe(3);
    expect(await countOf('SignalEmitted')).toBe(3);
    expect(await countOf('JobCreated')).toBe(5);
    expect(await countOf('TaskOpened')).toBe(5);
    const records = await s.backends.eventStore.readAll({ maxCount: 100, filter: { eventTypes: ['RecordSealed'] } });
    const chain = records.map((r) => r.data as { contentHash: string; previousRecordHash: string | null });
    expect(chain.map((r) => r.previousRecordHash)).toEqual([null, chain[0].contentHash, chain[1].contentHash]);
  });

  it('answers /health 503 while a projector is not running, and 200 once it is back', async () => {
    const runner = s.worker.host.runner('desks');
    expect(runner).toBeDefined();
    await runner?.stop();
    const down = await s.call('GET', '/health');
    expect([down.status, down.body.status, down.body.stuckProcessors]).toEqual([503, 'degraded', ['desks']]);
    await runner?.start();
    expect((await s.call('GET', '/health')).status).toBe(200);
  });

  it('rebuilds every projection from position zero into exactly the live documents', async () => {
    const head = await s.backends.eventStore.headPosition();
    expect(await s.worker.host.settle(head, 10_000)).toBe(true);
    // not vacuous where it matters: the claims are kept by command (claim-next repeats read them)
    expect((await dump(s.backends.readStore, [JOB_CLAIMS]))[JOB_CLAIMS]).toHaveLength(4);
    for (const projection of ALL_PROJECTIONS) {
      const names = projection.collections.map((c) => c.name);
      const live = await dump(s.backends.readStore, names);
      const rebuilt = await projectFromZero(s.backends.eventStore, projection, head);
      expect({ projection: projection.name, docs: rebuilt }).toEqual({ projection: projection.name, docs: live });
    }
  });
});

describe('the lease watchdog', () => {
  let s: TestServer;
  let w: World;
  beforeAll(async () => {
    s = await startTestServer({ JOBLEDGER_OPERATOR_LEASE_SECONDS: '1', JOBLEDGER_LEASE_CHECK_MS: '50' });
    w = await setUpWorld(s, ['ana']);
  });
  afterAll(() => s.stop());

  it('releases a silent claim with reason lease_expired, after which the old ServiceEvent is stale', async () => {
    const ana = w.operator('ana');
    const { jobId } = await governedJob(s, w, 'ana');
    const se = (await s.call('POST', `/jobs/${jobId}/claim`, { token: ana, body: { start: true } })).body.serviceEventId;
    await until(async () => (await s.backends.eventStore.readStream(`job-${jobId}`)).some((e) => e.type === 'JobReleased'), 'the lease to expire');
    const released = (await s.backends.eventStore.readStream(`job-${jobId}`)).find((e) => e.type === 'JobReleased');
    expect(released?.data).toEqual({ serviceEventId: se, reason: 'lease_expired' });
    expect(released?.metadata.actor.role).toBe('system');
    const late = await s.call('POST', `/jobs/${jobId}/complete`, { token: ana, body: { serviceEventId: se } });
    expect([late.status, late.body.error.code]).toEqual([409, 'STALE_SERVICE_EVENT']);
    await until(async () => (await s.call('GET', '/operators/ana/desk', { token: ana })).body.readyToClaim.some((j: { jobId: string }) => j.jobId === jobId), 'the job back on the desk');
  });

  it('keeps a claim whose worker heartbeats', async () => {
    const ana = w.operator('ana');
    const { jobId } = await governedJob(s, w, 'ana');
    const se = (await s.call('POST', `/jobs/${jobId}/claim`, { token: ana, body: { start: true } })).body.serviceEventId;
    for (let i = 0; i < 8; i++) {
      const beat = await s.call('POST', `/jobs/${jobId}/heartbeat`, { token: ana, body: { serviceEventId: se } });
      expect(beat.status).toBe(200);
      await new Promise((r) => setTimeout(r, 250));
    }
    expect((await s.backends.eventStore.readStream(`job-${jobId}`)).some((e) => e.type === 'JobReleased')).toBe(false);
  });
});
