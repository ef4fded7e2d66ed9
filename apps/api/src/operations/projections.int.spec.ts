import { GENERATIONS, type GenerationDoc } from '../../../../libs/application/src/generations/documents';
import { ALL_PROJECTIONS } from '../../../../projections';
import { evidenceForm, governedJob, png, setUpWorld, type World } from '../testing/fixtures';
import { dumpReadModels, until } from '../testing/read-models';
import { startTestServer, type TestServer } from '../testing/test-server';

type Row = { name: string; kind: string; state: string; generation: number | null; checkpoint: string | null; lag: { events: number }; rebuild: { id: string; state: string } | null; lastRebuild: { requestId: string; generation: number } | null };

describe('projection operations over HTTP', () => {
  let s: TestServer;
  let w: World;
  beforeAll(async () => {
    // A short generation cache, hence a short grace before a retired generation is dropped.
    s = await startTestServer({ JOBLEDGER_GENERATION_CACHE_MS: '50', JOBLEDGER_GENERATION_DROP_MS: '1100', JOBLEDGER_REBUILD_POLL_MS: '20', JOBLEDGER_HEALTH_MAX_LAG_MS: '200' });
    w = await setUpWorld(s, ['ana']);
    const ana = w.operator('ana');
    const { jobId } = await governedJob(s, w, 'ana');
    const se = (await s.call('POST', `/jobs/${jobId}/claim`, { token: ana, body: { start: true } })).body.serviceEventId;
    for (const category of ['arrival', 'before', 'after']) {
      await s.call('POST', `/jobs/${jobId}/evidence`, { token: ana, body: evidenceForm({ serviceEventId: se, category }, { bytes: png(category), type: 'image/png' }) });
    }
    await s.call('POST', `/jobs/${jobId}/complete`, { token: ana, body: { serviceEventId: se } });
    await governedJob(s, w, 'ana');
    expect(await s.worker.host.settle(await s.backends.eventStore.headPosition(), 10_000)).toBe(true);
  });
  afterAll(() => s.stop());

  const status = async (): Promise<Row[]> => (await s.call('GET', '/admin/projections', { token: w.admin })).body.processors;
  const row = async (name: string) => (await status()).find((r) => r.name === name) as Row;

  it('lists every projection and reactor with its checkpoint, lag and state, to admins and auditors only', async () => {
    const answer = await s.call('GET', '/admin/projections', { token: s.token('auditor') });
    expect(answer.status).toBe(200);
    const rows: Row[] = answer.body.processors;
    expect(rows.filter((r) => r.kind === 'projection').map((r) => r.name)).toEqual(ALL_PROJECTIONS.map((p) => p.name));
    expect(rows.map((r) => r.name)).toEqual(expect.arrayContaining(['jobs', 'desks', 'trust-signals', 'tasks', 'requests', 'records', 'directory']));
    expect(rows.filter((r) => r.kind === 'reactor').map((r) => r.name)).toContain('reactor:record-sealer');
    for (const r of rows) {
      expect([r.name, r.state, r.lag.events]).toEqual([r.name, 'running', 0]);
      // A decimal position, or null for a processor no event has concerned yet.
      expect([r.name, r.checkpoint === null || /^\d+$/.test(r.checkpoint)]).toEqual([r.name, true]);
    }
    expect(rows.find((r) => r.name === 'jobs')?.checkpoint).toMatch(/^\d+$/);
    expect(rows.find((r) => r.name === 'jobs')?.generation).toBe(1);

    for (const token of [w.operator('ana'), w.requester]) {
      const refused = await s.call('GET', '/admin/projections', { token });
      expect([refused.status, refused.body.error.code]).toEqual([403, 'FORBIDDEN']);
    }
    expect((await s.call('GET', '/admin/projections')).status).toBe(401);
  });

  it('refuses a rebuild to non-admins, of an unknown name, and of a reactor, storing nothing', async () => {
    const auditor = await s.call('POST', '/admin/projections/jobs/rebuild', { token: s.token('auditor') });
    expect([auditor.status, auditor.body.error.code]).toEqual([403, 'FORBIDDEN']);
    const unknown = await s.call('POST', '/admin/projections/nope/rebuild', { token: w.admin });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'PROJECTION_NOT_FOUND']);
    const reactor = await s.call('POST', '/admin/projections/reactor:record-sealer/rebuild', { token: w.admin });
    expect([reactor.status, reactor.body.error.code]).toEqual([422, 'REACTOR_NOT_REBUILDABLE']);
    expect((await status()).every((r) => r.rebuild === null)).toBe(true);
  });

  it('rebuilds blue-green into a new generation with the same documents, then drops the old one', async () => {
    const before = await dumpReadModels(s.backends.readStore);
    // While no worker runs the projection the request waits, stored; a repeat joins it.
    const live = s.worker.host.runner('jobs');
    await live?.stop();
    const accepted = await s.call('POST', '/admin/projections/jobs/rebuild', { token: w.admin });
    expect([accepted.status, accepted.body.state, accepted.body.name]).toEqual([202, 'requested', 'jobs']);
    const again = await s.call('POST', '/admin/projections/jobs/rebuild', { token: w.admin });
    expect([again.status, again.body.id]).toEqual([202, accepted.body.id]);
    expect(await row('jobs')).toMatchObject({ state: 'stopped', rebuild: { id: accepted.body.id, state: 'requested' } });
    await live?.start();

    await until(async () => (await row('jobs')).lastRebuild?.requestId === accepted.body.id, 'the switch');
    const jobs = await row('jobs');
    expect([jobs.generation, jobs.rebuild, jobs.state]).toEqual([2, null, 'running']);
    expect(await dumpReadModels(s.backends.readStore)).toEqual(before);

    // The retired generation goes once no process can still be reading it.
    await until(async () => (await s.backends.readStore.collection<GenerationDoc>(GENERATIONS).get('jobs'))?.retired.length === 0, 'the old generation to be dropped');
    const tables = (await s.backends.readStore.collection('jobs').count({}));
    expect(tables).toBe(0); // `jobs` (generation 1) was dropped: the name reads as an empty collection

    // And the live generation keeps following new events.
    const { jobId } = await governedJob(s, w, 'ana');
    expect((await s.call('GET', `/jobs/${jobId}`, { token: w.operator('ana') })).status).toBe(200);
  });

  it("rebuilds a projection asked for by a read model's name (SPEC's trust_signals is built by trust-signals), answering its own name", async () => {
    const asked = await s.call('POST', '/admin/projections/trust_signals/rebuild', { token: w.admin });
    expect([asked.status, asked.body.name]).toEqual([202, 'trust-signals']);
    await until(async () => (await row('trust-signals')).lastRebuild?.requestId === asked.body.id, 'the switch');
    const byEntries = await s.call('POST', '/admin/projections/trust_signal_entries/rebuild', { token: w.admin });
    expect([byEntries.status, byEntries.body.name]).toEqual([202, 'trust-signals']);
    await until(async () => (await row('trust-signals')).lastRebuild?.requestId === byEntries.body.id, 'the second switch');
    // A reactor builds no read model: only its own name finds it, and it is refused as before.
    const unknown = await s.call('POST', '/admin/projections/record-sealer/rebuild', { token: w.admin });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'PROJECTION_NOT_FOUND']);
  });

  it('serves Prometheus metrics to admins and auditors: requests by route and status, append latency, the read-your-writes wait, projection lag', async () => {
    // A stream is counted once, whoever ends it: the client (the desk) or the server (a wait that times out).
    const { jobId } = await governedJob(s, w, 'ana');
    const waited = await fetch(`${s.url}/jobs/${jobId}/wait?timeout=0`, { headers: { authorization: `Bearer ${w.admin}` } });
    expect(waited.status).toBe(200);
    await waited.text();
    // A path Fastify refuses before any route (a malformed escape) is counted too, as unmatched.
    expect((await fetch(`${s.url}/jobs/%zz`)).status).toBe(400);
    const ac = new AbortController();
    const stream = await fetch(`${s.url}/operators/ana/desk/stream`, { headers: { authorization: `Bearer ${w.operator('ana')}` }, signal: ac.signal });
    expect(stream.status).toBe(200);
    ac.abort();
    await stream.body?.cancel().catch(() => undefined);
    expect((await s.call('GET', '/metrics')).status).toBe(401);
    expect((await s.call('GET', '/metrics', { token: w.operator('ana') })).status).toBe(403);
    const answer = await s.call('GET', '/metrics', { token: s.token('auditor') });
    expect(answer.status).toBe(200);
    const text = String(answer.body);
    expect(text).toMatch(/jobledger_http_requests_total\{method="POST",route="\/jobs\/:id\/claim",status="201"\} 1/);
    expect(text).toMatch(/jobledger_http_requests_total\{method="GET",route="\/admin\/projections",status="403"\} [1-9]/);
    expect(text).toMatch(/jobledger_http_request_duration_seconds_count\{method="POST",route="\/jobs\/:id\/claim"\} 1/);
    expect(text).toMatch(/jobledger_http_requests_total\{method="GET",route="\/operators\/:slug\/desk\/stream",status="200"\} 1\n/);
    expect(text).toMatch(/jobledger_http_requests_total\{method="GET",route="\/jobs\/:id\/wait",status="200"\} 1\n/);
    expect(text).toMatch(/jobledger_http_requests_total\{method="GET",route="unmatched",status="400"\} 1\n/);
    expect(text).toMatch(/jobledger_http_request_duration_seconds_count\{method="GET",route="\/jobs\/:id\/wait"\} 1\n/);
    expect(text).toMatch(/jobledger_event_append_duration_seconds_count [1-9]/);
    expect(text).toMatch(/jobledger_command_settle_seconds_count [1-9]/);
    expect(text).toMatch(/jobledger_projection_lag_events\{processor="jobs",kind="projection"\} 0/);
    expect(text).toMatch(/jobledger_projection_checkpoint\{processor="desks",kind="projection"\} \d+/);
  });

  it('reports lag on /health and is degraded while a projection falls behind the threshold', async () => {
    const healthy = await s.call('GET', '/health');
    expect([healthy.status, healthy.body.lag.maxLagMs]).toEqual([200, 200]);
    const runner = s.worker.host.runner('requests');
    await runner?.stop();
    try {
      await s.call('POST', '/requests', { token: w.requester, body: { projectSlug: w.project, surface: w.surface, tier: 'basic', customer: { name: 'Lee', contact: 'lee@example.com' }, details: 'wash' } });
      await new Promise((r) => setTimeout(r, 300));
      const behind = await s.call('GET', '/health');
      expect([behind.status, behind.body.status]).toEqual([503, 'degraded']);
      expect(behind.body.laggingProcessors).toEqual(['requests']);
      expect(behind.body.lag.processors.find((p: { name: string }) => p.name === 'requests')).toMatchObject({ events: 1, oldestUnprocessedMs: expect.any(Number) });
    } finally {
      await runner?.start();
    }
    await until(async () => (await s.call('GET', '/health')).status === 200, 'health to recover');
  });
});
