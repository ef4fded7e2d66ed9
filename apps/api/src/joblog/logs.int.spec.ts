import { streams } from '../../../../libs/domain/src/shared/streams';
import { agentToken, createAgentJob } from '../testing/agent-job-tree';
import { startTestServer, type TestServer } from '../testing/test-server';

describe('attempt logs: POST|GET /jobs/:id/attempts/:n/logs', () => {
  let s: TestServer;
  let agent: string;
  beforeAll(async () => {
    s = await startTestServer();
    agent = agentToken(s, 'harness-1');
  });
  afterAll(() => s.stop());

  const claimed = async (title: string) => {
    const jobId = await createAgentJob(s, { title });
    const claim = await s.call('POST', `/jobs/${jobId}/claim`, { token: agent, body: { start: true } });
    expect(claim.status).toBe(201);
    return { jobId, serviceEventId: claim.body.serviceEventId as string };
  };
  const logLength = (jobId: string) => s.backends.eventStore.streamRevision(streams.joblog(jobId));

  it('appends lines and reads them back in order, with their level, payloads and agent', async () => {
    const { jobId, serviceEventId } = await claimed('log lines');
    const first = await s.call('POST', `/jobs/${jobId}/attempts/1/logs`, {
      token: agent,
      body: { serviceEventId, entries: [{ level: 'info', message: 'cloning' }, { level: 'debug', message: 'GET /api', requestPayload: { q: 1 }, responsePayload: { ok: true } }] },
    });
    expect([first.status, first.body.appended]).toEqual([201, 2]);
    await s.call('POST', `/jobs/${jobId}/attempts/1/logs`, { token: agent, body: { serviceEventId, entries: [{ level: 'error', message: 'tests failed' }] } });

    const read = await s.call('GET', `/jobs/${jobId}/attempts/1/logs`, { token: agent });
    expect(read.status).toBe(200);
    expect(read.body.entries.map((e: { level: string; message: string }) => `${e.level}:${e.message}`)).toEqual(['info:cloning', 'debug:GET /api', 'error:tests failed']);
    expect(read.body.entries[1]).toMatchObject({ requestPayload: { q: 1 }, responsePayload: { ok: true }, agentId: 'harness-1' });

    const page = await s.call('GET', `/jobs/${jobId}/attempts/1/logs?limit=2`, { token: agent });
    const rest = await s.call('GET', `/jobs/${jobId}/attempts/1/logs?after=${page.body.nextCursor}`, { token: agent });
    expect([...page.body.entries, ...rest.body.entries].map((e: { message: string }) => e.message)).toEqual(['cloning', 'GET /api', 'tests failed']);
    expect(rest.body.nextCursor).toBeNull();
    expect((await s.call('GET', `/jobs/${jobId}/attempts/2/logs`, { token: agent })).body.error.code).toBe('ATTEMPT_NOT_FOUND');
  });

  it('moves the job\'s lastActivityAt to the latest log line: logs count as activity', async () => {
    const { jobId, serviceEventId } = await claimed('activity');
    await s.call('POST', `/jobs/${jobId}/attempts/1/logs`, { token: agent, body: { serviceEventId, entries: [{ level: 'info', message: 'alive' }] } });
    const line = (await s.call('GET', `/jobs/${jobId}/attempts/1/logs`, { token: agent })).body.entries[0];
    // Activity dates from when the line was stored; the line's `at` is when it was posted, a moment before.
    const [stored] = await s.backends.eventStore.readStream(streams.joblog(jobId));
    const { lastActivityAt } = (await s.call('GET', `/jobs/${jobId}`, { token: agent })).body;
    expect(lastActivityAt).toBe(stored.recordedAt);
    expect(lastActivityAt >= line.at).toBe(true);
  });

  it('answers a repeated post (same Idempotency-Key) as it did, also once the attempt has ended; another body under that key is 422', async () => {
    const { jobId, serviceEventId } = await claimed('repeat after the end');
    const key = { 'idempotency-key': `log-${jobId}` };
    const body = { serviceEventId, entries: [{ level: 'info', message: 'once' }, { level: 'info', message: 'twice' }] };
    const post = (b: unknown) => s.call('POST', `/jobs/${jobId}/attempts/1/logs`, { token: agent, headers: key, body: b });
    const first = await post(body);
    expect([first.status, first.body.appended]).toEqual([201, 2]);
    expect(await post(body)).toEqual(first); // while the attempt runs
    const longer = await post({ ...body, entries: [...body.entries, { level: 'info', message: 'thrice' }] });
    expect([longer.status, longer.body.error?.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
    const result = await s.call('POST', `/jobs/${jobId}/result`, { token: agent, body: { serviceEventId, resultJson: { status: 'success', summary: 'done' } } });
    expect(result.status).toBe(200);
    const length = await logLength(jobId);
    expect(await post(body)).toEqual(first);
    const other = await post({ serviceEventId, entries: [{ level: 'info', message: 'something else' }] });
    expect([other.status, other.body.error?.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
    const unkeyed = await s.call('POST', `/jobs/${jobId}/attempts/1/logs`, { token: agent, body });
    expect([unkeyed.status, unkeyed.body.error?.code]).toEqual([409, 'STALE_SERVICE_EVENT']);
    expect(await logLength(jobId)).toBe(length);
  });

  it('answers 400 for bad input and appends nothing', async () => {
    const { jobId, serviceEventId } = await claimed('bad input');
    const post = (body: unknown) => s.call('POST', `/jobs/${jobId}/attempts/1/logs`, { token: agent, body });
    const bad = [
      { serviceEventId, entries: [] },
      { serviceEventId, entries: Array(501).fill({ level: 'info', message: 'x' }) },
      { serviceEventId, entries: [{ level: 'trace', message: 'x' }] },
      { serviceEventId, entries: [{ level: 'info', message: '' }] },
      { serviceEventId, entries: [{ level: 'info', message: 'x'.repeat(10_001) }] },
      { serviceEventId, entries: [{ level: 'info', message: 'x', requestPayload: 'y'.repeat(70_000) }] },
      { serviceEventId, entries: [{ level: 'info', message: 'x', extra: 1 }] },
      { serviceEventId: 'not-a-uuid', entries: [{ level: 'info', message: 'x' }] },
    ];
    for (const body of bad) {
      const r = await post(body);
      expect([r.status, typeof r.body.error.code]).toEqual([400, 'string']);
    }
    expect((await s.call('POST', `/jobs/${jobId}/attempts/0/logs`, { token: agent, body: { serviceEventId, entries: [{ level: 'info', message: 'x' }] } })).status).toBe(400);
    expect(await logLength(jobId)).toBe(-1);
  });

  it('fences: a ServiceEvent that is not attempt n\'s current one gets 409 STALE_SERVICE_EVENT', async () => {
    const { jobId, serviceEventId } = await claimed('fencing');
    await s.call('POST', `/jobs/${jobId}/release`, { token: agent, body: { serviceEventId } });
    const stale = await s.call('POST', `/jobs/${jobId}/attempts/1/logs`, { token: agent, body: { serviceEventId, entries: [{ level: 'info', message: 'late' }] } });
    expect([stale.status, stale.body.error.code]).toEqual([409, 'STALE_SERVICE_EVENT']);
    const second = (await s.call('POST', `/jobs/${jobId}/claim`, { token: agent, body: {} })).body;
    const wrongN = await s.call('POST', `/jobs/${jobId}/attempts/1/logs`, { token: agent, body: { serviceEventId: second.serviceEventId, entries: [{ level: 'info', message: 'x' }] } });
    expect([wrongN.status, wrongN.body.error.code]).toEqual([409, 'STALE_SERVICE_EVENT']);
    const missing = await s.call('POST', `/jobs/${jobId}/attempts/9/logs`, { token: agent, body: { serviceEventId: second.serviceEventId, entries: [{ level: 'info', message: 'x' }] } });
    expect([missing.status, missing.body.error.code]).toEqual([404, 'ATTEMPT_NOT_FOUND']);
    expect(await logLength(jobId)).toBe(-1);
  });

  it('lets only the claimant post (403 otherwise) and refuses agents of other projects (PROJECT_FORBIDDEN: the project is in the job id, so nothing leaks)', async () => {
    const { jobId, serviceEventId } = await claimed('roles');
    const body = { serviceEventId, entries: [{ level: 'info', message: 'x' }] };
    const other = await s.call('POST', `/jobs/${jobId}/attempts/1/logs`, { token: agentToken(s, 'harness-2'), body });
    expect([other.status, other.body.error.code]).toEqual([403, 'NOT_CLAIMANT']);
    expect((await s.call('POST', `/jobs/${jobId}/attempts/1/logs`, { token: s.token('auditor'), body })).status).toBe(403);
    expect((await s.call('POST', `/jobs/${jobId}/attempts/1/logs`, { token: s.token('requester'), body })).status).toBe(403);
    const outsider = await s.call('GET', `/jobs/${jobId}/attempts/1/logs`, { token: agentToken(s, 'harness-3', ['elsewhere']) });
    expect([outsider.status, outsider.body.error.code]).toEqual([403, 'PROJECT_FORBIDDEN']);
    expect((await s.call('GET', `/jobs/${jobId}/attempts/1/logs`, { token: s.token('auditor') })).status).toBe(200);
    expect(await logLength(jobId)).toBe(-1);
  });

  it('looks for a refused keyed post\'s lines only where its caller could have logged, and then a page at a time', async () => {
    const { jobId, serviceEventId } = await claimed('a long log');
    const post = (token: string, key: string, entries: unknown[]) =>
      s.call('POST', `/jobs/${jobId}/attempts/1/logs`, { token, headers: { 'idempotency-key': key }, body: { serviceEventId, entries } });
    const lines = Array.from({ length: 500 }, (_, i) => ({ level: 'info', message: `line ${i}` }));
    for (let i = 0; i < 4; i++) expect((await post(agent, `bulk-${i}`, lines)).status).toBe(201);
    const mine = await post(agent, 'mine', [{ level: 'info', message: 'last' }]);
    const read = jest.spyOn(s.backends.eventStore, 'readStream');
    const logReads = () => read.mock.calls.filter(([stream]) => stream === streams.joblog(jobId)).map(([, options]) => options?.maxCount);
    try {
      const other = await post(agentToken(s, 'harness-2'), 'not-mine', [{ level: 'info', message: 'x' }]);
      expect([other.status, other.body.error?.code, logReads()]).toEqual([403, 'NOT_CLAIMANT', []]);
      const noSuchAttempt = await s.call('POST', `/jobs/${jobId}/attempts/7/logs`, {
        token: agentToken(s, 'harness-2'), headers: { 'idempotency-key': 'not-mine-7' }, body: { serviceEventId, entries: [{ level: 'info', message: 'x' }] },
      });
      expect([noSuchAttempt.status, logReads()]).toEqual([403, []]); // attempt 7 never was: nobody logged on it
      await s.call('POST', `/jobs/${jobId}/result`, { token: agent, body: { serviceEventId, resultJson: { status: 'success' } } });
      const madeUp = await s.call('POST', `/jobs/${jobId}/attempts/1/logs`, {
        token: agent, headers: { 'idempotency-key': 'made-up' }, body: { serviceEventId: '00000000-0000-4000-8000-000000000000', entries: [{ level: 'info', message: 'x' }] },
      });
      expect([madeUp.status, logReads()]).toEqual([409, []]); // a ServiceEvent the job never had: nothing was logged with it
      read.mockClear();
      const stale = await post(agent, 'never-sent', [{ level: 'info', message: 'late' }]);
      expect([stale.status, stale.body.error?.code]).toEqual([409, 'STALE_SERVICE_EVENT']);
      expect(logReads().length).toBeGreaterThanOrEqual(20); // 2,001 lines, looked through a page at a time
      expect(logReads().every((n) => n !== undefined && n <= 100)).toBe(true);
      expect(await post(agent, 'mine', [{ level: 'info', message: 'last' }])).toEqual(mine);
    } finally {
      read.mockRestore();
    }
  });

  it('repeats nothing for a repeated Idempotency-Key', async () => {
    const { jobId, serviceEventId } = await claimed('idempotent');
    const send = () => s.call('POST', `/jobs/${jobId}/attempts/1/logs`, {
      token: agent, headers: { 'idempotency-key': 'batch-1' }, body: { serviceEventId, entries: [{ level: 'info', message: 'once' }] },
    });
    expect((await send()).status).toBe(201);
    expect((await send()).status).toBe(201);
    expect(await logLength(jobId)).toBe(0);
  });

  it("answers a keyed repeat from the log's latest lines, never asking the store to append again (EventStoreDB forgets ids it saw)", async () => {
    const { jobId, serviceEventId } = await claimed('a retry after a restart');
    const send = () => s.call('POST', `/jobs/${jobId}/attempts/1/logs`, {
      token: agent, headers: { 'idempotency-key': 'retry-1' }, body: { serviceEventId, entries: [{ level: 'info', message: 'once' }] },
    });
    const first = await send();
    expect(first.status).toBe(201);
    const append = jest.spyOn(s.backends.eventStore, 'append');
    try {
      expect(await send()).toEqual(first);
      expect(append.mock.calls.filter(([stream]) => stream === streams.joblog(jobId))).toEqual([]);
    } finally {
      append.mockRestore();
    }
    expect(await logLength(jobId)).toBe(0);
  });

  it('ten thousand log lines never touch the job stream, and loading the job reads no log event', async () => {
    const { jobId, serviceEventId } = await claimed('noisy');
    const jobRevision = await s.backends.eventStore.streamRevision(streams.job(jobId));
    for (let batch = 0; batch < 20; batch++) {
      const entries = Array.from({ length: 500 }, (_, i) => ({ level: 'info', message: `line ${batch * 500 + i}` }));
      expect((await s.call('POST', `/jobs/${jobId}/attempts/1/logs`, { token: agent, body: { serviceEventId, entries } })).status).toBe(201);
    }
    expect(await logLength(jobId)).toBe(9_999);
    expect(await s.backends.eventStore.streamRevision(streams.job(jobId))).toBe(jobRevision);

    const read = jest.spyOn(s.backends.eventStore, 'readStream');
    try {
      const job = await s.call('GET', `/jobs/${jobId}`, { token: agent });
      expect(job.status).toBe(200);
      const heartbeat = await s.call('POST', `/jobs/${jobId}/heartbeat`, { token: agent, body: { serviceEventId } });
      expect(heartbeat.status).toBe(200);
      expect(read.mock.calls.map(([stream]) => stream)).not.toContain(streams.joblog(jobId));
    } finally {
      read.mockRestore();
    }
    const last = await s.call('GET', `/jobs/${jobId}/attempts/1/logs?after=9997`, { token: agent });
    expect(last.body.entries.map((e: { message: string }) => e.message)).toEqual(['line 9998', 'line 9999']);
  });
});
