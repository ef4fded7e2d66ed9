import { agentToken, createAgentJob } from '../testing/agent-job-tree';
import { startTestServer, type TestServer } from '../testing/test-server';

describe('Jobs Management: /admin/jobs and /admin/metrics', () => {
  let s: TestServer;
  let admin: string;
  let agent: string;
  beforeAll(async () => {
    s = await startTestServer();
    admin = s.token('admin');
    agent = agentToken(s, 'harness-1');
    expect((await s.call('POST', '/operators', { token: admin, body: { slug: 'ana', name: 'Ana' } })).status).toBe(201);
  });
  afterAll(() => s.stop());

  const countOf = async (type: string) => (await s.backends.eventStore.readAll({ maxCount: 100_000, filter: { eventTypes: [type] } })).length;
  const claim = async (jobId: string) => (await s.call('POST', `/jobs/${jobId}/claim`, { token: agent, body: { start: true } })).body.serviceEventId as string;
  const detail = async (jobId: string) => (await s.call('GET', `/admin/jobs/${jobId}`, { token: admin })).body;

  it('is for admins only (auditors may read it): 403 to every other role, appending nothing', async () => {
    const jobId = await createAgentJob(s, { title: 'guarded' });
    const auditor = s.token('auditor');
    expect((await s.call('GET', '/admin/jobs', { token: auditor })).status).toBe(200);
    expect((await s.call('GET', `/admin/jobs/${jobId}`, { token: auditor })).status).toBe(200);
    expect((await s.call('GET', '/admin/metrics', { token: auditor })).status).toBe(200);
    for (const token of [agent, auditor, s.token('operator', { operator: 'ana' }), s.token('reviewer', { projects: ['agents'] })]) {
      if (token !== auditor) {
        expect((await s.call('GET', '/admin/jobs', { token })).status).toBe(403);
        expect((await s.call('GET', `/admin/jobs/${jobId}`, { token })).status).toBe(403);
        expect((await s.call('GET', '/admin/metrics', { token })).status).toBe(403);
      }
      expect((await s.call('POST', `/admin/jobs/${jobId}/complete`, { token, body: { reason: 'x' } })).status).toBe(403);
      expect((await s.call('POST', '/admin/jobs/batch', { token, body: { action: 'complete', jobIds: [jobId], reason: 'x' } })).status).toBe(403);
    }
    expect((await s.call('GET', '/admin/jobs')).status).toBe(401);
    expect(await countOf('JobForceCompleted')).toBe(0);
  });

  it('force-completes a running job: done / force_completed, the attempt released, a record that says forced', async () => {
    const jobId = await createAgentJob(s, { title: 'force me' });
    await claim(jobId);
    const r = await s.call('POST', `/admin/jobs/${jobId}/complete`, { token: admin, body: { reason: 'done by hand' } });
    expect([r.status, r.body.phase, r.body.resolution]).toEqual([200, 'done', 'force_completed']);
    const d = await detail(jobId);
    expect(d.job.attempts[0].status).toBe('released');
    expect(d.record).toMatchObject({ jobId, forced: true });
    expect(d.job.recordId).toBe(d.record.recordId);
    const again = await s.call('POST', `/admin/jobs/${jobId}/complete`, { token: admin, body: { reason: 'again' } });
    expect([again.status, again.body.error.code]).toEqual([409, 'JOB_TERMINAL']);
  });

  it('a force after its claimant failed or released the job carries no attempt and credits nobody (sealing rule 3)', async () => {
    const flaky = agentToken(s, 'flaky-2');
    for (const end of ['failed', 'released']) {
      const jobId = await createAgentJob(s, { title: `force after ${end}` });
      const se = (await s.call('POST', `/jobs/${jobId}/claim`, { token: flaky, body: { start: true } })).body.serviceEventId as string;
      const ended = end === 'failed'
        ? await s.call('POST', `/jobs/${jobId}/result`, { token: flaky, body: { serviceEventId: se, resultJson: { status: 'failed', reason: 'crashed' } } })
        : await s.call('POST', `/jobs/${jobId}/release`, { token: flaky, body: { serviceEventId: se, reason: 'handing back' } });
      expect([end, ended.status, ended.body.phase]).toEqual([end, 200, 'ready']);
      expect((await s.call('POST', `/admin/jobs/${jobId}/complete`, { token: admin, body: { reason: 'done by hand' } })).status).toBe(200);
      const { record } = await detail(jobId);
      expect([end, record]).toEqual([end, expect.objectContaining({ forced: true, sealingRule: 3, executor: null, serviceEventId: null, result: null })]);
    }
  });

  it('does not resubmit a child of a cancelled job alone (409 ANCESTOR_CANCELLED); after its parent, it may', async () => {
    const parent = await createAgentJob(s, { title: 'scope' });
    const child = await createAgentJob(s, { title: 'part', parentId: parent });
    expect((await s.call('POST', `/jobs/${parent}/cancel`, { token: admin, body: { reason: 'scope cut' } })).status).toBe(200);
    for (let i = 0; i < 100 && (await detail(child)).job.phase !== 'cancelled'; i++) await new Promise((r) => setTimeout(r, 50));
    const before = await s.backends.eventStore.headPosition();
    const refused = await s.call('POST', `/admin/jobs/${child}/resubmit`, { token: admin, body: { reason: 'still wanted' } });
    expect([refused.status, refused.body.error.code, refused.body.error.details]).toEqual([409, 'ANCESTOR_CANCELLED', { ancestorId: parent }]);
    expect(await s.backends.eventStore.headPosition()).toBe(before);
    expect((await s.call('POST', `/admin/jobs/${parent}/resubmit`, { token: admin, body: { reason: 'scope back' } })).status).toBe(200);
    expect((await s.call('POST', `/admin/jobs/${child}/resubmit`, { token: admin, body: { reason: 'still wanted' } })).body.phase).toBe('ready');
    expect((await s.call('POST', `/jobs/${child}/claim`, { token: agent, body: {} })).status).toBe(201);
  });

  it('resubmits a job whose attempts ran out, with a fresh budget', async () => {
    const jobId = await createAgentJob(s, { title: 'flaky', overrides: { maxAttempts: 1 } });
    const se = await claim(jobId);
    await s.call('POST', `/jobs/${jobId}/result`, { token: agent, body: { serviceEventId: se, resultJson: { status: 'failed', reason: 'boom' } } });
    expect((await detail(jobId)).job).toMatchObject({ phase: 'done', resolution: 'failed' });
    const r = await s.call('POST', `/admin/jobs/${jobId}/resubmit`, { token: admin, body: { reason: 'fixed the harness' } });
    expect([r.status, r.body.phase]).toEqual([200, 'ready']);
    expect((await s.call('POST', `/jobs/${jobId}/claim`, { token: agent, body: {} })).status).toBe(201);
    const active = await s.call('POST', `/admin/jobs/${jobId}/resubmit`, { token: admin, body: { reason: 'x' } });
    expect([active.status, active.body.error.code]).toEqual([409, 'JOB_ACTIVE']);
  });

  it('reassigns to an agent or a registered operator; refuses unknown operators and empty reasons', async () => {
    const jobId = await createAgentJob(s, { title: 'reassign me' });
    const toAgent = await s.call('POST', `/admin/jobs/${jobId}/reassign`, { token: admin, body: { to: { kind: 'agent', agentId: 'harness-9' }, reason: 'specialist' } });
    expect([toAgent.status, toAgent.body.assignee]).toEqual([200, { kind: 'agent', agentId: 'harness-9' }]);
    const toAna = await s.call('POST', `/admin/jobs/${jobId}/reassign`, { token: admin, body: { to: { kind: 'operator', slug: 'ana' }, reason: 'on site' } });
    expect(toAna.body.assignee).toEqual({ kind: 'operator', slug: 'ana' });
    expect((await detail(jobId)).job.assignee).toEqual({ kind: 'operator', slug: 'ana' });
    const ghost = await s.call('POST', `/admin/jobs/${jobId}/reassign`, { token: admin, body: { to: { kind: 'operator', slug: 'ghost' }, reason: 'x' } });
    expect([ghost.status, ghost.body.error.code]).toEqual([404, 'OPERATOR_NOT_FOUND']);
    // As assigning a task or creating a job: an operator who may not be given work is a rule, not the caller's rights.
    expect((await s.call('POST', '/operators', { token: admin, body: { slug: 'off-duty', name: 'Off Duty' } })).status).toBe(201);
    expect((await s.call('POST', '/operators/off-duty/access', { token: admin, body: { state: 'suspended', reason: 'leave' } })).status).toBe(200);
    const suspended = await s.call('POST', `/admin/jobs/${jobId}/reassign`, { token: admin, body: { to: { kind: 'operator', slug: 'off-duty' }, reason: 'x' } });
    expect([suspended.status, suspended.body.error.code]).toEqual([422, 'ASSIGNEE_NOT_ACTIVE']);
    expect((await s.call('POST', `/admin/jobs/${jobId}/reassign`, { token: admin, body: { to: { kind: 'agent', agentId: 'x' }, reason: ' ' } })).status).toBe(400);
    expect((await s.call('POST', `/admin/jobs/${jobId}/reassign`, { token: admin, body: { reason: 'no target' } })).status).toBe(400);
    expect(await countOf('JobReassigned')).toBe(2);
  });

  it('single overrides: 400 without a reason and 404 for unknown jobs, appending nothing', async () => {
    const jobId = await createAgentJob(s, { title: 'needs a reason' });
    const before = await s.backends.eventStore.headPosition();
    for (const action of ['resubmit', 'complete']) {
      expect((await s.call('POST', `/admin/jobs/${jobId}/${action}`, { token: admin, body: {} })).status).toBe(400);
      const blank = await s.call('POST', `/admin/jobs/${jobId}/${action}`, { token: admin, body: { reason: '  ' } });
      expect([blank.status, blank.body.error.code]).toEqual([400, 'FIELD_REQUIRED']);
      expect((await s.call('POST', `/admin/jobs/agents-00000000/${action}`, { token: admin, body: { reason: 'x' } })).status).toBe(404);
    }
    expect((await s.call('GET', '/admin/jobs/agents-00000000', { token: admin })).status).toBe(404);
    expect(await s.backends.eventStore.headPosition()).toBe(before);
  });

  it('batch: per-job results, partial failure reported, a repeated batch repeats nothing', async () => {
    const a = await createAgentJob(s, { title: 'batch a' });
    const b = await createAgentJob(s, { title: 'batch b' });
    await s.call('POST', `/admin/jobs/${b}/complete`, { token: admin, body: { reason: 'already' } });
    const before = await countOf('JobForceCompleted');
    const send = () => s.call('POST', '/admin/jobs/batch', {
      token: admin, headers: { 'idempotency-key': 'batch-42' }, body: { action: 'complete', jobIds: [a, b, 'agents-00000000'], reason: 'sprint closed' },
    });
    const r = await send();
    expect(r.status).toBe(200);
    expect([r.body.succeeded, r.body.failed]).toEqual([1, 2]);
    expect(r.body.results.map((x: { jobId: string; ok: boolean; error?: { code: string } }) => [x.jobId, x.ok, x.error?.code])).toEqual([
      [a, true, undefined], [b, false, 'JOB_TERMINAL'], ['agents-00000000', false, 'JOB_NOT_FOUND'],
    ]);
    expect((await send()).body.results.map((x: { ok: boolean }) => x.ok)).toEqual([true, false, false]);
    expect(await countOf('JobForceCompleted')).toBe(before + 1);
  });

  it('batch: 400 for bad input, appending nothing', async () => {
    const jobId = await createAgentJob(s, { title: 'batch bad' });
    const before = await s.backends.eventStore.headPosition();
    for (const body of [
      { action: 'complete', jobIds: [], reason: 'x' },
      { action: 'complete', jobIds: Array.from({ length: 101 }, (_, i) => `agents-${String(i).padStart(8, '0')}`), reason: 'x' },
      { action: 'explode', jobIds: [jobId], reason: 'x' },
      { action: 'reassign', jobIds: [jobId], reason: 'x' },
      { action: 'complete', jobIds: ['not a job id'], reason: 'x' },
      { action: 'complete', jobIds: [jobId] },
      { action: 'complete', jobIds: [jobId, jobId], reason: 'x' },
      { action: 'resubmit', jobIds: [jobId], reason: 'x', to: { kind: 'operator', slug: 'ana' } },
    ]) {
      const r = await s.call('POST', '/admin/jobs/batch', { token: admin, body });
      expect([body, r.status, typeof r.body.error.code]).toEqual([body, 400, 'string']);
    }
    expect(await s.backends.eventStore.headPosition()).toBe(before);
  });

  it('lists every job with filters and a cursor', async () => {
    const jobId = await createAgentJob(s, { title: 'listed needle' });
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { jobId: string }[]; nextCursor: string | null } } = await s.call('GET', `/admin/jobs?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token: admin });
      all.push(...page.body.items.map((j) => j.jobId));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(new Set(all).size).toBe(all.length);
    expect(all).toContain(jobId);
    const needle = await s.call('GET', '/admin/jobs?q=needle&phase=ready&project=agents', { token: admin });
    expect(needle.body.items.map((j: { jobId: string }) => j.jobId)).toEqual([jobId]);
    // q searches title and description, as the project lists do
    const described = await createAgentJob(s, { title: 'plain', overrides: { description: 'plain\nthe haystack hides a pin' } });
    const pin = await s.call('GET', '/admin/jobs?q=PIN&project=agents', { token: admin });
    expect(pin.body.items.map((j: { jobId: string }) => j.jobId)).toEqual([described]);
    expect((await s.call('GET', '/admin/jobs?phase=done', { token: admin })).body.items.every((j: { phase: string }) => j.phase === 'done')).toBe(true);
    expect((await s.call('GET', '/admin/jobs?stuck=true', { token: admin })).body.items).toEqual([]);
    expect((await s.call('GET', '/admin/jobs?phase=nope', { token: admin })).status).toBe(400);
  });

  it('metrics: counts by phase and effectivePhase, completions per day, claim→complete median, compliance, signals — global and per project', async () => {
    const jobId = await createAgentJob(s, { title: 'measured' });
    const se = await claim(jobId);
    expect((await s.call('POST', `/jobs/${jobId}/result`, { token: agent, body: { serviceEventId: se, resultJson: { status: 'success' } } })).status).toBe(200);
    const global = (await s.call('GET', '/admin/metrics', { token: admin })).body;
    const project = (await s.call('GET', '/admin/metrics?project=agents', { token: admin })).body;
    const all = (await s.call('GET', '/admin/jobs?limit=500', { token: admin })).body.items as { phase: string; effectivePhase: string }[];
    const count = (field: 'phase' | 'effectivePhase', v: string) => all.filter((j) => j[field] === v).length;
    expect(global.jobs.total).toBe(all.length);
    expect(global.jobs.byPhase.done).toBe(count('phase', 'done'));
    expect(global.jobs.byPhase.ready).toBe(count('phase', 'ready'));
    expect(global.jobs.byEffectivePhase.active).toBe(count('effectivePhase', 'active'));
    expect(global.forcedCompletions).toBe(await countOf('JobForceCompleted'));
    expect(global.evidenceCompliance.records).toBe(await countOf('RecordSealed'));
    expect(global.signals).toBe(await countOf('SignalEmitted'));
    expect(global.signals).toBeGreaterThan(0);
    expect(global.completedPerDay.reduce((n: number, d: { count: number }) => n + d.count, 0)).toBe(global.evidenceCompliance.records);
    expect(typeof global.medianClaimToCompleteSeconds).toBe('number');
    expect(project).toMatchObject({ scope: 'project', projectSlug: 'agents', jobs: global.jobs, signals: global.signals });
    expect(global.projects.map((p: { projectSlug: string }) => p.projectSlug)).toEqual(['agents']);
  });

  it('metrics: the projects list is paged with a cursor, so no project is left out of a dashboard', async () => {
    for (const slug of ['pg-a', 'pg-b', 'pg-c']) {
      expect((await s.call('POST', '/projects', { token: admin, body: { slug, name: slug } })).status).toBe(201);
      expect((await s.call('POST', `/projects/${slug}/jobs`, { token: admin, body: { description: 'work' } })).status).toBe(201);
    }
    const whole = (await s.call('GET', '/admin/metrics', { token: admin })).body;
    const slugs = (page: { projects: { projectSlug: string }[] }) => page.projects.map((p) => p.projectSlug);
    expect([whole.nextCursor, slugs(whole).filter((p) => p.startsWith('pg-'))]).toEqual([null, ['pg-a', 'pg-b', 'pg-c']]);
    const walked: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { projects: { projectSlug: string }[]; nextCursor: string | null } = (await s.call('GET', `/admin/metrics?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token: admin })).body;
      expect(page.projects.length).toBeLessThanOrEqual(2);
      walked.push(...slugs(page));
      cursor = page.nextCursor;
    } while (cursor);
    expect(walked).toEqual(slugs(whole));
    expect((await s.call('GET', '/admin/metrics?limit=0', { token: admin })).status).toBe(400);
  });

  it('metrics of a project that does not exist: 404 PROJECT_NOT_FOUND, not zeros; a project without jobs: zeros', async () => {
    const nope = await s.call('GET', '/admin/metrics?project=nope', { token: admin });
    expect([nope.status, nope.body.error?.code]).toEqual([404, 'PROJECT_NOT_FOUND']);
    expect((await s.call('GET', '/admin/metrics?project=nope', { token: agent })).status).toBe(403);
    // A page of the project list, asked with one project: refused, not ignored.
    for (const q of ['cursor=zzz', 'limit=2']) {
      const paged = await s.call('GET', `/admin/metrics?project=agents&${q}`, { token: admin });
      expect([q, paged.status, paged.body.error?.code]).toEqual([q, 400, 'VALIDATION_FAILED']);
    }
    expect((await s.call('POST', '/projects', { token: admin, body: { slug: 'quiet', name: 'Quiet' } })).status).toBe(201);
    const quiet = await s.call('GET', '/admin/metrics?project=quiet', { token: s.token('auditor') });
    expect([quiet.status, quiet.body.jobs.total, quiet.body.evidenceCompliance.records]).toEqual([200, 0, 0]);
  });

  it('jobs of a project that does not exist: 404 PROJECT_NOT_FOUND, not an empty list; a project without such jobs: an empty list', async () => {
    const nope = await s.call('GET', '/admin/jobs?project=nope', { token: admin });
    expect([nope.status, nope.body.error?.code]).toEqual([404, 'PROJECT_NOT_FOUND']);
    expect((await s.call('GET', '/admin/jobs?project=nope', { token: agent })).status).toBe(403);
    await s.call('POST', '/projects', { token: admin, body: { slug: 'empty', name: 'Empty' } });
    const empty = await s.call('GET', '/admin/jobs?project=empty&phase=done', { token: s.token('auditor') });
    expect([empty.status, empty.body.items]).toEqual([200, []]);
  });
});

describe('Jobs Management: stuck jobs', () => {
  let s: TestServer;
  // A short agent lease, and a watchdog that does not come round during the test: a silent claim stays active.
  beforeAll(async () => { s = await startTestServer({ JOBLEDGER_LEASE_SECONDS: '3', JOBLEDGER_LEASE_CHECK_MS: '600000' }); });
  afterAll(() => s.stop());

  it('lists an active job silent for longer than its lease as stuck, until a log line shows it alive', async () => {
    const admin = s.token('admin');
    const agent = agentToken(s, 'harness-1');
    const jobId = await createAgentJob(s, { title: 'silent' });
    const { serviceEventId } = (await s.call('POST', `/jobs/${jobId}/claim`, { token: agent, body: { start: true } })).body;
    const stuckIds = async () => (await s.call('GET', '/admin/jobs?stuck=true', { token: admin })).body.items.map((j: { jobId: string }) => j.jobId);
    expect(await stuckIds()).toEqual([]);
    for (let i = 0; i < 200 && !(await stuckIds()).includes(jobId); i++) await new Promise((r) => setTimeout(r, 50));
    expect(await stuckIds()).toEqual([jobId]);
    // stuck narrows a phase filter, never replaces it: only active jobs are ever stuck
    expect((await s.call('GET', '/admin/jobs?stuck=true&phase=ready', { token: admin })).body.items).toEqual([]);
    expect((await s.call('GET', '/admin/jobs?stuck=true&phase=active', { token: admin })).body.items.map((j: { jobId: string }) => j.jobId)).toEqual([jobId]);
    expect((await s.call('GET', `/admin/jobs/${jobId}`, { token: admin })).body.job.stuck).toBe(true);
    await s.call('POST', `/jobs/${jobId}/attempts/1/logs`, { token: agent, body: { serviceEventId, entries: [{ level: 'info', message: 'still here' }] } });
    expect(await stuckIds()).toEqual([]);
  });
});
