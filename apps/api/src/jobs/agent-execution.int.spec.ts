import { evidenceForm, png } from '../testing/fixtures';
import { createAgentJob, jsonResult, setUpAgentProject } from '../testing/agent-jobs';
import { startTestServer, type TestServer } from '../testing/test-server';

type Tokens = Awaited<ReturnType<typeof setUpAgentProject>>;

describe('agent jobs over HTTP: claims, results, review', () => {
  let s: TestServer;
  let t: Tokens;
  const P = 'agents';
  beforeAll(async () => {
    s = await startTestServer();
    t = await setUpAgentProject(s, P, { reviewRequired: false, maxAttempts: 3 });
  });
  afterAll(() => s.stop());

  const appendsNothing = async (run: () => ReturnType<TestServer['call']>, status: number, code?: string) => {
    const before = await s.backends.eventStore.headPosition();
    const r = await run();
    expect([r.status, r.body.error?.code ?? null]).toEqual([status, code ?? r.body.error?.code ?? null]);
    expect(await s.backends.eventStore.headPosition()).toBe(before);
    return r;
  };
  const claim = async (jobId: string, token: string, body: object = { start: true }) => {
    const r = await s.call('POST', `/jobs/${jobId}/claim`, { token, body });
    if (r.status !== 201) throw new Error(`claim failed: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.serviceEventId as string;
  };
  const result = (jobId: string, token: string, body: object) => s.call('POST', `/jobs/${jobId}/result`, { token, body });
  const job = async (jobId: string) => (await s.call('GET', `/jobs/${jobId}`, { token: t.admin })).body;

  it('success without review: done, sealed, the git state shown, the result readable per attempt', async () => {
    const bot = t.agent('bot-1');
    const jobId = await createAgentJob(s, P, { priority: 0 });
    const se = await claim(jobId, bot);
    const git = { ref: 'refs/heads/fix-login', branch: 'fix-login', commit: '9f1c2e7', pushed: true };
    const output = jsonResult({ eve: { status: 'success' }, summary: 'login fixed, 14 tests pass', git }, jsonResult({ status: 'failed', summary: 'an example' }));
    const r = await result(jobId, bot, { serviceEventId: se, output });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ jobId, serviceEventId: se, status: 'completed', phase: 'done', resolution: 'completed', recordId: expect.any(String) });

    expect(await job(jobId)).toMatchObject({ phase: 'done', resolution: 'completed', resolvedGit: git, recordId: r.body.recordId });
    const got = await s.call('GET', `/jobs/${jobId}/result`, { token: bot });
    expect(got.body).toMatchObject({ attemptNumber: 1, status: 'completed', resultSummary: 'login fixed, 14 tests pass', result: { git }, resolvedGit: git });
    expect((await s.call('GET', `/jobs/${jobId}/result?attempt=1`, { token: t.auditor })).body.serviceEventId).toBe(se);
    expect((await s.call('GET', `/jobs/${jobId}/result?attempt=2`, { token: t.auditor })).status).toBe(404);
    const record = await s.call('GET', `/records/${r.body.recordId}`, { token: t.auditor });
    expect(record.body).toMatchObject({ jobId, serviceEventId: se, executor: { kind: 'agent', agentId: 'bot-1' } });
  });

  it('waiting (the control-signal example): requeued to ready, assignee cleared, no review, deferred by the backoff', async () => {
    const bot = t.agent('bot-2');
    const jobId = await createAgentJob(s, P, { assignee: { kind: 'agent', agentId: 'bot-2' }, reviewRequired: true });
    const se = await claim(jobId, bot);
    const before = Date.now();
    const output = jsonResult({ eve: { status: 'waiting' }, summary: 'Waiting for the upstream API change', reason: 'blocked on upstream PR #42' });
    const r = await result(jobId, bot, { serviceEventId: se, output });
    expect(r.body).toMatchObject({ status: 'waiting', phase: 'ready', deferUntil: expect.any(String) });
    const deferredBy = Date.parse(r.body.deferUntil) - before;
    expect(deferredBy).toBeGreaterThanOrEqual(29_000);
    expect(deferredBy).toBeLessThanOrEqual(31_000 + (Date.now() - before));

    const after = await job(jobId);
    expect(after).toMatchObject({ phase: 'ready', effectivePhase: 'waiting', waiting: true, assignee: null, attemptsUsed: 0, deferUntil: r.body.deferUntil });
    const attempts = (await s.call('GET', `/jobs/${jobId}/attempts`, { token: bot })).body;
    expect(attempts.items).toHaveLength(1);
    expect(attempts.items[0]).toMatchObject({ status: 'waiting', resultSummary: 'Waiting for the upstream API change', reason: 'blocked on upstream PR #42' });
    const queue = (await s.call('GET', `/projects/${P}/jobs/ready?limit=500`, { token: bot })).body.items.map((j: { jobId: string }) => j.jobId);
    expect(queue).not.toContain(jobId);
    await appendsNothing(() => s.call('POST', `/jobs/${jobId}/claim`, { token: t.agent('bot-9'), body: {} }), 409, 'JOB_DEFERRED');
  });

  it('failed: retried while attempts remain, then done / failed', async () => {
    const bot = t.agent('bot-3');
    const jobId = await createAgentJob(s, P, { maxAttempts: 2 });
    const failed = { resultJson: { status: 'failed', reason: 'tests red' } };
    const first = await result(jobId, bot, { serviceEventId: await claim(jobId, bot), ...failed });
    expect(first.body).toMatchObject({ status: 'failed', phase: 'ready', reason: 'tests red' });
    const second = await result(jobId, bot, { serviceEventId: await claim(jobId, bot, {}), ...failed });
    expect(second.body).toMatchObject({ status: 'failed', phase: 'done', resolution: 'failed' });
    expect((await s.call('GET', `/jobs/${jobId}/attempts`, { token: bot })).body).toMatchObject({ attemptsUsed: 2, maxAttempts: 2 });
  });

  it('refuses bad result bodies with a clear 4xx and appends nothing', async () => {
    const bot = t.agent('bot-4');
    const jobId = await createAgentJob(s, P);
    const se = await claim(jobId, bot);
    await appendsNothing(() => result(jobId, bot, { serviceEventId: se, output: 'no block here' }), 422, 'JSON_RESULT_MISSING');
    await appendsNothing(() => result(jobId, bot, { serviceEventId: se, output: '```json-result\n{oops}\n```' }), 422, 'JSON_RESULT_INVALID');
    await appendsNothing(() => result(jobId, bot, { serviceEventId: se, output: jsonResult({ status: 'done' }) }), 422, 'JSON_RESULT_INVALID');
    await appendsNothing(() => result(jobId, bot, { serviceEventId: se }), 400, 'RESULT_BODY_INVALID');
    // Raw output is JSON the server parses itself: what the body parser and pipe refuse in a
    // body is refused in it too (a lone surrogate would seal a record no RFC 8785 tool accepts).
    for (const block of ['{"status":"success","summary":"a\\ud800b"}', '{"status":"success","git":{"__proto__":{"x":1}}}', '{"status":"success","constructor":{"name":"Bob"},"valueOf":2}', '{"status":"success","n":1e400}', '{"status":"success","\\udc00":1}']) {
      await appendsNothing(() => result(jobId, bot, { serviceEventId: se, output: '```json-result\n' + block + '\n```' }), 400, 'VALIDATION_FAILED');
    }
    await appendsNothing(() => result(jobId, bot, { output: jsonResult({ status: 'success' }) }), 400, 'VALIDATION_FAILED');
    await appendsNothing(() => result(jobId, bot, { serviceEventId: se, output: jsonResult({ status: 'success' }), resultJson: { status: 'success' } }), 400, 'RESULT_BODY_INVALID');
    await appendsNothing(() => result(jobId, bot, { serviceEventId: se, resultJson: ['success'] }), 400, 'VALIDATION_FAILED');
    await appendsNothing(() => s.call('POST', `/jobs/${jobId}/submit`, { token: bot, body: { serviceEventId: se } }), 400, 'VALIDATION_FAILED');
    await appendsNothing(() => s.call('POST', `/jobs/${jobId}/reject`, { token: t.reviewer(), body: {} }), 400, 'VALIDATION_FAILED');
    await appendsNothing(() => s.call('GET', `/jobs/${jobId}/result?attempt=zero`, { token: bot }), 400, 'VALIDATION_FAILED');
    expect((await job(jobId)).attempts[0].status).toBe('in_progress');
  });

  it('fences by serviceEventId: a worker whose lease lapsed cannot report on the next attempt', async () => {
    const [a, b] = [t.agent('bot-5'), t.agent('bot-6')];
    const jobId = await createAgentJob(s, P);
    const old = await claim(jobId, a);
    await s.call('POST', `/jobs/${jobId}/release`, { token: a, body: { serviceEventId: old } });
    const current = await claim(jobId, b);
    const stale = await appendsNothing(() => result(jobId, a, { serviceEventId: old, resultJson: { status: 'success' } }), 409, 'STALE_SERVICE_EVENT');
    expect(stale.body.error.details).toMatchObject({ serviceEventId: old, currentServiceEventId: current });
    await appendsNothing(() => s.call('POST', `/jobs/${jobId}/heartbeat`, { token: a, body: { serviceEventId: old } }), 409, 'STALE_SERVICE_EVENT');
    await appendsNothing(() => s.call('POST', `/jobs/${jobId}/submit`, { token: a, body: { serviceEventId: old, summary: 'mine' } }), 409, 'STALE_SERVICE_EVENT');
    await appendsNothing(() => s.call('POST', `/jobs/${jobId}/attempts/1/logs`, { token: a, body: { serviceEventId: old, entries: [{ level: 'info', message: 'late' }] } }), 409, 'STALE_SERVICE_EVENT');
    const latePhoto = evidenceForm({ serviceEventId: old, category: 'screenshot' }, { bytes: png(`late-${jobId}`), type: 'image/png' });
    await appendsNothing(() => s.call('POST', `/jobs/${jobId}/evidence`, { token: a, body: latePhoto }), 403, 'FORBIDDEN'); // evidence is an operator's (SPEC §5)
    // naming the current one is not enough: it is someone else's claim
    await appendsNothing(() => result(jobId, a, { serviceEventId: current, resultJson: { status: 'success' } }), 403, 'NOT_CLAIMANT');
  });

  it('review: submit → reject (reason kept) → result again → approve seals the record', async () => {
    const reviewed = 'reviewed';
    const r = await setUpAgentProject(s, reviewed, { reviewRequired: true, maxAttempts: 3 });
    const bot = r.agent('bot-7');
    const reviewer = r.reviewer();
    const jobId = await createAgentJob(s, reviewed, { reviewRequired: true });

    const se1 = await claim(jobId, bot);
    const submitted = await s.call('POST', `/jobs/${jobId}/submit`, { token: bot, body: { serviceEventId: se1, summary: 'PR #12 ready' } });
    expect(submitted.body).toMatchObject({ phase: 'review', status: 'completed' });
    await appendsNothing(() => s.call('POST', `/jobs/${jobId}/approve`, { token: bot, body: {} }), 403, 'FORBIDDEN');
    await appendsNothing(() => s.call('POST', `/jobs/${jobId}/reject`, { token: r.reviewer(['elsewhere']), body: { reason: 'x' } }), 403, 'PROJECT_FORBIDDEN');
    const rejected = await s.call('POST', `/jobs/${jobId}/reject`, { token: reviewer, body: { reason: 'no tests for the edge case' } });
    expect(rejected.body).toMatchObject({ phase: 'ready', latestRejectionReason: 'no tests for the edge case' });
    expect(await job(jobId)).toMatchObject({ phase: 'ready', latestRejectionReason: 'no tests for the edge case' });

    const se2 = await claim(jobId, bot);
    const done = await result(jobId, bot, { serviceEventId: se2, output: jsonResult({ status: 'success', summary: 'edge case covered' }) });
    expect(done.body).toMatchObject({ status: 'completed', phase: 'review', recordId: null });
    const approved = await s.call('POST', `/jobs/${jobId}/approve`, { token: reviewer, body: { comment: 'lgtm' } });
    expect(approved.body).toMatchObject({ phase: 'done', resolution: 'completed', recordId: expect.any(String) });
    const record = await s.call('GET', `/records/${approved.body.recordId}`, { token: t.auditor });
    expect(record.body).toMatchObject({ jobId, serviceEventId: se2 });
    await appendsNothing(() => s.call('POST', `/jobs/${jobId}/reject`, { token: reviewer, body: { reason: 'late' } }), 409, 'JOB_TERMINAL');
  });

  it('close and cancel are admin commands with a reason', async () => {
    const [a, b] = [await createAgentJob(s, P), await createAgentJob(s, P)];
    await appendsNothing(() => s.call('POST', `/jobs/${a}/close`, { token: t.reviewer(), body: { reason: 'dup' } }), 403, 'FORBIDDEN');
    await appendsNothing(() => s.call('POST', `/jobs/${a}/cancel`, { token: t.agent('bot-1'), body: { reason: 'dup' } }), 403, 'FORBIDDEN');
    await appendsNothing(() => s.call('POST', `/jobs/${a}/close`, { token: t.admin, body: { reason: '' } }), 400, 'VALIDATION_FAILED');
    expect((await s.call('POST', `/jobs/${a}/close`, { token: t.admin, body: { reason: 'duplicate of another job' } })).body).toMatchObject({ phase: 'done', resolution: 'closed' });
    await claim(b, t.agent('bot-1'));
    expect((await s.call('POST', `/jobs/${b}/cancel`, { token: t.admin, body: { reason: 'no longer needed' } })).body).toMatchObject({ phase: 'cancelled' });
    expect((await job(b)).attempts[0]).toMatchObject({ status: 'released', reason: 'no longer needed' });
  });

  it('keeps agents to their projects, reviewers to review and auditors to reading', async () => {
    const jobId = await createAgentJob(s, P);
    const outsider = t.agent('bot-x', ['other']);
    await appendsNothing(() => s.call('POST', `/projects/${P}/jobs/claim-next`, { token: outsider, body: {} }), 403, 'PROJECT_FORBIDDEN');
    await appendsNothing(() => s.call('POST', `/jobs/${jobId}/claim`, { token: outsider, body: {} }), 403, 'PROJECT_FORBIDDEN');
    expect((await s.call('GET', `/projects/${P}/jobs/ready`, { token: outsider })).status).toBe(403);
    expect((await s.call('GET', `/jobs/${jobId}/attempts`, { token: outsider })).status).toBe(403);
    // the project itself, whether or not it exists: which projects there are does not leak either
    for (const slug of [P, 'no-such-project']) {
      const project = await s.call('GET', `/projects/${slug}`, { token: outsider });
      expect([slug, project.status, project.body.error?.code]).toEqual([slug, 403, 'PROJECT_FORBIDDEN']);
    }
    // project settings are for who works in projects or reads everything, not requesters or operators
    const readers = { agent: t.agent('bot-in'), reviewer: t.reviewer(), auditor: s.token('auditor'), requester: s.token('requester', { sub: 'portal' }), operator: s.token('operator', { operator: 'ana' }) };
    const seen = await Promise.all(Object.entries(readers).map(async ([role, token]) => [role, (await s.call('GET', `/projects/${P}`, { token })).status]));
    expect(Object.fromEntries(seen)).toEqual({ agent: 200, reviewer: 200, auditor: 200, requester: 403, operator: 403 });
    // by the id's project, whether or not the job exists: nothing leaks
    expect((await s.call('GET', `/jobs/${P}-00000000/result`, { token: outsider })).status).toBe(403);

    const se = await claim(jobId, t.agent('bot-8'));
    const reviewer = t.reviewer();
    for (const [method, path, body] of [
      ['POST', `/projects/${P}/jobs/claim-next`, {}], ['POST', `/jobs/${jobId}/claim`, {}], ['POST', `/jobs/${jobId}/heartbeat`, { serviceEventId: se }],
      ['POST', `/jobs/${jobId}/result`, { serviceEventId: se, resultJson: { status: 'success' } }],
      ['POST', `/jobs/${jobId}/submit`, { serviceEventId: se, summary: 's' }], ['POST', `/jobs/${jobId}/release`, { serviceEventId: se }],
      ['POST', `/jobs/${jobId}/close`, { reason: 'r' }], ['POST', `/jobs/${jobId}/cancel`, { reason: 'r' }],
    ] as const) {
      await appendsNothing(() => s.call(method, path, { token: reviewer, body }), 403);
    }
    for (const [path, body] of [
      [`/projects/${P}/jobs/claim-next`, {}], [`/jobs/${jobId}/result`, { serviceEventId: se, resultJson: { status: 'success' } }],
      [`/jobs/${jobId}/submit`, { serviceEventId: se, summary: 's' }], [`/jobs/${jobId}/approve`, {}], [`/jobs/${jobId}/reject`, { reason: 'r' }],
      [`/jobs/${jobId}/close`, { reason: 'r' }], [`/jobs/${jobId}/cancel`, { reason: 'r' }],
    ] as const) {
      await appendsNothing(() => s.call('POST', path, { token: t.auditor, body }), 403);
    }
    expect((await s.call('GET', `/jobs/${jobId}/attempts`, { token: t.auditor })).status).toBe(200);
    expect((await s.call('GET', `/projects/${P}/jobs/ready`, { token: reviewer })).status).toBe(200);
  });

  it('documents the agent routes in the OpenAPI document', async () => {
    const paths = Object.keys((await s.call('GET', '/docs/openapi.json')).body.paths);
    expect(paths).toEqual(expect.arrayContaining([
      '/projects/{slug}/jobs/ready', '/projects/{slug}/jobs/claim-next', '/jobs/{id}/result', '/jobs/{id}/attempts', '/jobs/{id}/submit',
      '/jobs/{id}/approve', '/jobs/{id}/reject', '/jobs/{id}/close', '/jobs/{id}/cancel',
    ]));
  });
});
