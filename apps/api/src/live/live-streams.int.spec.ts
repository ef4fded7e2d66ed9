import { streams } from '../../../../libs/domain/src/shared/streams';
import { coordinationKey } from '../../../../libs/domain/src/thread/keys';
import { agentToken, AGENT_PROJECT, createAgentJob } from '../testing/agent-job-tree';
import { collect, refusal, type Received } from '../testing/sse';
import { startTestServer, type TestServer } from '../testing/test-server';

jest.setTimeout(60_000);

describe('SSE: job, attempt and thread streams, resumable with Last-Event-ID', () => {
  let s: TestServer;
  let agent: string;
  beforeAll(async () => {
    s = await startTestServer();
    agent = agentToken(s, 'harness-1');
    expect((await s.call('POST', '/projects', { token: s.token('admin'), body: { slug: AGENT_PROJECT, name: 'Agents', defaults: { reviewRequired: false, maxAttempts: 3 } } })).status).toBe(201);
  });
  afterAll(() => s.stop());

  const ok = async (r: Promise<{ status: number; body: any }>) => {
    const answer = await r;
    if (answer.status >= 300) throw new Error(`${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  const claim = (jobId: string) => ok(s.call('POST', `/jobs/${jobId}/claim`, { token: agent, body: { start: true } }));
  const log = (jobId: string, serviceEventId: string, n: number, message: string) =>
    ok(s.call('POST', `/jobs/${jobId}/attempts/${n}/logs`, { token: agent, body: { serviceEventId, entries: [{ level: 'info', message }] } }));
  const complete = (jobId: string, serviceEventId: string) => ok(s.call('POST', `/jobs/${jobId}/result`, { token: agent, body: { serviceEventId, resultJson: { status: 'success', summary: 'green' } } }));
  /** Every event of the job and its log, by position: what a follower must see, once each. */
  const positionsOf = async (jobId: string) => {
    const all = [...(await s.backends.eventStore.readStream(streams.job(jobId))), ...(await s.backends.eventStore.readStream(streams.joblog(jobId)))];
    return all.map((e) => e.position).sort((a, b) => (a < b ? -1 : 1)).map(String);
  };
  const isDone = (events: Received[]) => events.some((e) => e.event === 'job' && e.data.phase === 'done');

  it('a client reconnecting with Last-Event-ID misses nothing and sees nothing twice, across catch-up and live', async () => {
    const jobId = await createAgentJob(s, { title: 'Resume me' });
    const first = await collect(s, `/jobs/${jobId}/stream`, agent, { until: (events) => events.length === 1 });
    expect(first.events.map((e) => [e.event, e.data.type, e.data.phase])).toEqual([['job', 'JobCreated', 'ready']]);

    // While disconnected: a claim and log lines.
    const { serviceEventId } = await claim(jobId);
    for (const line of ['compiling', 'testing']) await log(jobId, serviceEventId, 1, line);

    // Reconnected: the missed events come from the store, then more arrive live, through to the end.
    const second = await collect(s, `/jobs/${jobId}/stream`, agent, {
      lastEventId: first.events[0].id,
      onOpen: async () => {
        await log(jobId, serviceEventId, 1, 'shipping');
        await complete(jobId, serviceEventId);
      },
      until: isDone,
    });
    const ids = [...first.events, ...second.events].map((e) => e.id);
    expect(ids).toEqual(await positionsOf(jobId));
    expect(second.events.filter((e) => e.event === 'log').map((e) => [e.data.attemptNumber, e.data.message])).toEqual([[1, 'compiling'], [1, 'testing'], [1, 'shipping']]);
    expect(second.events.filter((e) => e.event === 'job').map((e) => e.data.type)).toEqual(['JobClaimed', 'ServiceEventStarted', 'ServiceEventCompleted']);

    // `?lastEventId=` does the same for clients that cannot set the header.
    const third = await collect(s, `/jobs/${jobId}/stream?lastEventId=${second.events[1].id}`, agent, { until: isDone });
    expect(third.events.map((e) => e.id)).toEqual(second.events.slice(2).map((e) => e.id));
  });

  it("streams one attempt: its log lines and its ServiceEvent's events, not the other attempt's", async () => {
    const jobId = await createAgentJob(s, { title: 'Two attempts' });
    const one = await claim(jobId);
    await log(jobId, one.serviceEventId, 1, 'first try');
    await ok(s.call('POST', `/jobs/${jobId}/release`, { token: agent, body: { serviceEventId: one.serviceEventId, reason: 'retry' } }));
    const two = await claim(jobId);
    await log(jobId, two.serviceEventId, 2, 'second try');
    const seen = await collect(s, `/jobs/${jobId}/attempts/1/stream`, agent, { until: (events) => events.some((e) => e.data.type === 'JobReleased') });
    expect(seen.events.map((e) => (e.event === 'log' ? e.data.message : e.data.type))).toEqual(['JobClaimed', 'ServiceEventStarted', 'first try', 'JobReleased']);
    const second = await collect(s, `/jobs/${jobId}/attempts/2/stream`, agent, { until: (events) => events.some((e) => e.event === 'log') });
    expect(second.events.map((e) => (e.event === 'log' ? e.data.message : e.data.type))).toEqual(['JobClaimed', 'ServiceEventStarted', 'second try']);
  });

  it.each([
    ['cancelled', (id: string) => `/jobs/${id}/cancel`, 'JobCancelled'],
    ['closed', (id: string) => `/jobs/${id}/close`, 'JobClosed'],
    ['force-completed', (id: string) => `/admin/jobs/${id}/complete`, 'JobForceCompleted'],
  ])('shows an attempt ended by an admin (%s) though the event names no ServiceEvent', async (how, path, type) => {
    const jobId = await createAgentJob(s, { title: `Ended: ${how}` });
    await claim(jobId);
    await ok(s.call('POST', path(jobId), { token: s.token('admin'), body: { reason: 'by hand' } }));
    const seen = await collect(s, `/jobs/${jobId}/attempts/1/stream`, agent, { until: (events) => events.some((e) => e.data.type === type) });
    expect(seen.events.map((e) => e.data.type)).toEqual(['JobClaimed', 'ServiceEventStarted', type]);
  });

  it('does not show in a sealed attempt a forced completion that leaves it as it was (after a resubmit, no new claim)', async () => {
    const admin = s.token('admin');
    const jobId = await createAgentJob(s, { title: 'Done, resubmitted, forced' });
    const { serviceEventId } = await claim(jobId);
    await complete(jobId, serviceEventId);
    await ok(s.call('POST', `/admin/jobs/${jobId}/resubmit`, { token: admin, body: { reason: 'again' } }));
    await ok(s.call('POST', `/admin/jobs/${jobId}/complete`, { token: admin, body: { reason: 'by hand' } }));
    // The job's history is all stored, and sent at once: what the attempt's stream shows of it
    // within the bound is all it will show.
    const attempt = await collect(s, `/jobs/${jobId}/attempts/1/stream`, agent, { boundMs: 2_000 });
    expect(attempt.events.map((e) => e.data.type)).toEqual(['JobClaimed', 'ServiceEventStarted', 'ServiceEventCompleted']);
  });

  it('streams a thread by id or key, resuming after the last message seen', async () => {
    const parentId = await createAgentJob(s, { title: 'Parent' });
    const childId = await createAgentJob(s, { title: 'Child', parentId, n: 1 });
    const key = encodeURIComponent(coordinationKey(parentId));
    const post = (body: string) => ok(s.call('POST', `/threads/${key}/messages`, { token: agent, body: { kind: 'update', body } }));
    await post('one');
    const first = await collect(s, `/threads/${key}/stream`, agent, { until: (events) => events.length === 1 });
    expect(first.events[0]).toMatchObject({ event: 'message', data: { kind: 'update', body: 'one', author: { role: 'agent' } } });
    await post('two');
    const rest = await collect(s, `/threads/${key}/stream`, agent, {
      lastEventId: first.events[0].id,
      onOpen: async () => {
        const { serviceEventId } = await claim(childId);
        await complete(childId, serviceEventId);
      },
      until: (events) => events.some((e) => e.data.kind === 'status'),
    });
    expect(rest.events.map((e) => e.data.body)).toEqual(['two', `${childId} "Child" — attempt 1 completed: green`]);
  });

  describe('wait', () => {
    it('answers with one final `done` event and ends, once the job finishes', async () => {
      const jobId = await createAgentJob(s, { title: 'Wait for me' });
      const { serviceEventId } = await claim(jobId);
      const waited = await collect(s, `/jobs/${jobId}/wait?timeout=60`, agent, { onOpen: () => complete(jobId, serviceEventId).then(() => undefined) });
      expect(waited.ended).toBe(true);
      expect(waited.events).toEqual([{ id: expect.stringMatching(/^\d+$/), event: 'done', data: expect.objectContaining({ jobId, outcome: 'done', phase: 'done', resolution: 'completed' }) }]);
      const last = (await s.backends.eventStore.readStream(streams.job(jobId))).at(-1);
      expect(waited.events[0].id).toBe(String(last?.position));
    });

    it('answers at once for a job already finished, `cancelled` for a cancelled one', async () => {
      const done = await createAgentJob(s, { title: 'Already done' });
      const { serviceEventId } = await claim(done);
      await complete(done, serviceEventId);
      expect((await collect(s, `/jobs/${done}/wait`, agent)).events.map((e) => e.event)).toEqual(['done']);
      const cancelled = await createAgentJob(s, { title: 'Cancelled' });
      const waited = await collect(s, `/jobs/${cancelled}/wait`, agent, {
        onOpen: () => ok(s.call('POST', `/jobs/${cancelled}/cancel`, { token: s.token('admin'), body: { reason: 'not needed' } })).then(() => undefined),
      });
      expect(waited.events.map((e) => [e.event, e.data.phase])).toEqual([['cancelled', 'cancelled']]);
    });

    it('ends with a `timeout` event when the job is still running', async () => {
      const jobId = await createAgentJob(s, { title: 'Slow' });
      await claim(jobId);
      const waited = await collect(s, `/jobs/${jobId}/wait?timeout=1`, agent);
      expect(waited.ended).toBe(true);
      expect(waited.events.map((e) => [e.event, e.data.phase])).toEqual([['timeout', 'active']]);
      expect((await collect(s, `/jobs/${jobId}/wait?timeout=0`, agent)).events.map((e) => e.event)).toEqual(['timeout']);
    });
  });

  it('refuses like the reads: 401 without a token, 403/404 outside, 400 for bad input', async () => {
    const jobId = await createAgentJob(s, { title: 'Private' });
    const stranger = agentToken(s, 'other', ['elsewhere']);
    const operator = s.token('operator', { operator: 'olga' });
    for (const path of [`/jobs/${jobId}/stream`, `/jobs/${jobId}/wait`]) {
      expect(await refusal(s, path, '')).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
      expect(await refusal(s, path, stranger)).toEqual({ status: 403, code: 'PROJECT_FORBIDDEN' });
      expect(await refusal(s, path, operator)).toEqual({ status: 404, code: 'JOB_NOT_FOUND' });
      expect(await refusal(s, path, s.token('requester'))).toEqual({ status: 403, code: 'FORBIDDEN' });
    }
    expect(await refusal(s, `/jobs/${AGENT_PROJECT}-0000abcd/stream`, agent)).toEqual({ status: 404, code: 'JOB_NOT_FOUND' });
    expect(await refusal(s, `/jobs/${jobId}/attempts/1/stream`, agent)).toEqual({ status: 404, code: 'ATTEMPT_NOT_FOUND' });
    // The query's form is the header's: one code for a bad position, however it is sent.
    expect(await refusal(s, `/jobs/${jobId}/stream?lastEventId=abc`, agent)).toEqual({ status: 400, code: 'INVALID_LAST_EVENT_ID' });
    expect(await refusal(s, `/jobs/${jobId}/attempts/1/stream?lastEventId=-1`, agent)).toEqual({ status: 400, code: 'INVALID_LAST_EVENT_ID' });
    expect(await refusal(s, `/jobs/${jobId}/stream?lastEventId=${'1'.repeat(65)}`, agent)).toEqual({ status: 400, code: 'INVALID_LAST_EVENT_ID' });
    expect(await refusal(s, `/jobs/${jobId}/stream?lastEventId=1&lastEventId=2`, agent)).toEqual({ status: 400, code: 'INVALID_LAST_EVENT_ID' });
    expect(await refusal(s, `/jobs/${jobId}/wait?timeout=-1`, agent)).toMatchObject({ status: 400 });
    expect(await refusal(s, `/threads/${encodeURIComponent(coordinationKey(jobId))}/stream`, stranger)).toEqual({ status: 404, code: 'THREAD_NOT_FOUND' });
  });

  it('ends open streams at shutdown instead of waiting for them', async () => {
    const other = await startTestServer();
    const token = other.token('admin');
    await other.call('POST', '/projects', { token, body: { slug: AGENT_PROJECT, name: 'Agents', defaults: { reviewRequired: false, maxAttempts: 3 } } });
    const jobId = await createAgentJob(other, { title: 'Never finishes' });
    let stopped: Promise<void> | null = null;
    const waited = await collect(other, `/jobs/${jobId}/wait?timeout=300`, token, { onOpen: () => { stopped = other.stop(); } });
    expect(waited.ended).toBe(true);
    expect(waited.events).toEqual([]);
    expect(waited.comments.join('\n')).toContain('shutting down; reconnect with Last-Event-ID');
    // Held by the stream, the drain would wait its whole bound (settleTimeoutMs + 10 s) before closing.
    const held = new Promise<'held'>((resolve) => setTimeout(() => resolve('held'), other.config.settleTimeoutMs + 5_000).unref());
    expect(await Promise.race([(stopped as unknown as Promise<void>).then(() => 'stopped' as const), held])).toBe('stopped');
  });
});
