import { coordinationKey, threadIdFor } from '../../../../libs/domain/src/thread/keys';
import { streams } from '../../../../libs/domain/src/shared/streams';
import { agentToken, createAgentJob } from '../testing/agent-job-tree';
import { startTestServer, type TestServer } from '../testing/test-server';

type Message = { seq: number; kind: string; body: string; postedAt: string; author: { id: string; role: string; agent?: string } };

describe('threads: coordination of a parent job and its children', () => {
  let s: TestServer;
  let agent: string;
  let parentId: string;
  let key: string;
  beforeAll(async () => {
    s = await startTestServer();
    agent = agentToken(s, 'harness-1');
    parentId = await createAgentJob(s, { title: 'Ship the feature' });
    key = coordinationKey(parentId);
    await createAgentJob(s, { title: 'Write the code', parentId, n: 1 });
    await createAgentJob(s, { title: 'Write the tests', parentId, n: 2 });
    await createAgentJob(s, { title: 'Write the docs', parentId, n: 3 });
  });
  afterAll(() => s.stop());

  const threadStream = () => streams.thread(threadIdFor(key));
  const eventsOf = async (type: string) => (await s.backends.eventStore.readStream(threadStream())).filter((e) => e.type === type).length;
  const messages = async (query = '', token = agent) => {
    const r = await s.call('GET', `/threads/${encodeURIComponent(key)}/messages${query}`, { token });
    expect(r.status).toBe(200);
    return r.body.messages as Message[];
  };
  const work = async (jobId: string, end: 'complete' | 'fail' | 'release') => {
    const { serviceEventId } = (await s.call('POST', `/jobs/${jobId}/claim`, { token: agent, body: { start: true } })).body;
    // An agent ends its attempt with a result (SPEC §5), or gives it back.
    const [path, body] = end === 'release'
      ? ['release', { serviceEventId, reason: 'handing back' }]
      : ['result', { serviceEventId, resultJson: end === 'fail' ? { status: 'failed', reason: 'harness crashed' } : { status: 'success', summary: 'all green' } }];
    expect((await s.call('POST', `/jobs/${jobId}/${path}`, { token: agent, body })).status).toBe(200);
  };

  it('opens one thread, keyed by the parent, with the first child; found by its id or its key', async () => {
    expect(await eventsOf('ThreadOpened')).toBe(1);
    const byKey = await s.call('GET', `/threads/${encodeURIComponent(key)}/messages`, { token: agent });
    const byId = await s.call('GET', `/threads/${threadIdFor(key)}/messages`, { token: agent });
    expect(byKey.body.thread).toMatchObject({ threadId: threadIdFor(key), key, jobId: parentId, projectSlug: 'agents' });
    expect(byId.body).toEqual(byKey.body);
  });

  it('posts a status message when a child\'s ServiceEvent ends (failed, released, completed, ended by an override)', async () => {
    await work(`${parentId}.1`, 'fail');
    await work(`${parentId}.1`, 'release');
    await work(`${parentId}.2`, 'complete');
    // Force-completing a child with nothing running ends no ServiceEvent; with one running, it does.
    await s.call('POST', `/admin/jobs/${parentId}.2/resubmit`, { token: s.token('admin'), body: { reason: 'redo' } });
    await s.call('POST', `/admin/jobs/${parentId}.2/complete`, { token: s.token('admin'), body: { reason: 'not needed' } });
    await s.call('POST', `/jobs/${parentId}.3/claim`, { token: agent, body: {} });
    await s.call('POST', `/admin/jobs/${parentId}.3/complete`, { token: s.token('admin'), body: { reason: 'done by hand' } });
    const status = (await messages()).filter((m) => m.kind === 'status');
    expect(status.map((m) => m.body)).toEqual([
      `${parentId}.1 "Write the code" — attempt 1 failed: harness crashed`,
      `${parentId}.1 "Write the code" — attempt 2 released: handing back`,
      `${parentId}.2 "Write the tests" — attempt 1 completed: all green`,
      `${parentId}.3 "Write the docs" — attempt 1 released: the job was force-completed (done by hand)`,
    ]);
    expect(status[0].author).toEqual({ id: 'jobledger', role: 'system' });
  });

  it('lets an agent of the project post, and reads back in order from a seq', async () => {
    const posted = await s.call('POST', `/threads/${encodeURIComponent(key)}/messages`, { token: agent, body: { kind: 'question', body: 'which branch?' } });
    expect(posted.status).toBe(201);
    await s.call('POST', `/threads/${encodeURIComponent(key)}/messages`, { token: s.token('admin'), body: { kind: 'directive', body: 'use main' } });
    const all = await messages();
    expect(all.slice(-2).map((m) => [m.kind, m.body, m.author.role])).toEqual([['question', 'which branch?', 'agent'], ['directive', 'use main', 'admin']]);
    expect(all.map((m) => m.seq)).toEqual([...all.map((m) => m.seq)].sort((a, b) => a - b));
    expect((await messages(`?since=${posted.body.seq}`)).map((m) => m.body)).toEqual(['use main']);
    const firstTwo = await s.call('GET', `/threads/${encodeURIComponent(key)}/messages?limit=2`, { token: agent });
    expect(firstTwo.body.messages).toHaveLength(2);
    expect((await messages(`?since=${firstTwo.body.nextCursor}`))[0].seq).toBe(all[2].seq);
    // A page that ends the thread says so, also when it is exactly full.
    const whole = await s.call('GET', `/threads/${encodeURIComponent(key)}/messages?limit=${all.length}`, { token: agent });
    expect([whole.body.messages.length, whole.body.nextCursor]).toEqual([all.length, null]);
  });

  it('names the agent a token acts as, when tokens of one subject act as several', async () => {
    const asAgent = (name: string) => s.token('agent', { sub: 'harness-svc', agent: name, projects: ['agents'] });
    for (const name of ['a1', 'a2']) {
      const r = await s.call('POST', `/threads/${encodeURIComponent(key)}/messages`, { token: asAgent(name), body: { kind: 'update', body: `from ${name}` } });
      expect(r.status).toBe(201);
    }
    const authors = (await messages()).filter((m) => m.author.id === 'harness-svc').map((m) => [m.body, m.author]);
    expect(authors).toEqual([['from a1', { id: 'harness-svc', role: 'agent', agent: 'a1' }], ['from a2', { id: 'harness-svc', role: 'agent', agent: 'a2' }]]);
  });

  it('takes a repeat under one Idempotency-Key as the same post whether the thread is named by its key or its id', async () => {
    const before = await eventsOf('MessagePosted');
    const post = (ref: string) => s.call('POST', `/threads/${ref}/messages`, { token: agent, body: { kind: 'question', body: 'same one?' }, headers: { 'idempotency-key': 'thread-by-two-names' } });
    const first = await post(encodeURIComponent(key));
    const again = await post(threadIdFor(key));
    expect([first.status, again.status, again.body.seq]).toEqual([201, 201, first.body.seq]);
    expect(await eventsOf('MessagePosted')).toBe(before + 1);
  });

  it('reads a since time without a zone as UTC, whatever the server\'s time zone, and refuses one past the year 9999', async () => {
    const all = await messages();
    const last = Date.parse(all[all.length - 1].postedAt);
    const zoneless = (ms: number) => new Date(ms).toISOString().slice(0, -1);
    // The suite runs in Pacific/Chatham (UTC+13:45 or +12:45): read locally, an hour later would be a day earlier.
    expect(await messages(`?since=${zoneless(last + 3_600_000)}`)).toEqual([]);
    const fromLast = await messages(`?since=${zoneless(last)}`);
    expect(fromLast.map((m) => m.seq)).toContain(all[all.length - 1].seq);
    expect(fromLast.every((m) => Date.parse(m.postedAt) >= last)).toBe(true);
    const far = await s.call('GET', `/threads/${encodeURIComponent(key)}/messages?since=${encodeURIComponent('9999-12-31T23:59:59-01:00')}`, { token: agent });
    expect([far.status, far.body.error?.code]).toEqual([400, 'INVALID_SINCE']);
  });

  it('answers 400 for bad input, 404 for unknown threads and strangers, 403 to readers who may not post — appending nothing', async () => {
    const before = await s.backends.eventStore.streamRevision(threadStream());
    const post = (body: unknown, token = agent, ref = encodeURIComponent(key)) => s.call('POST', `/threads/${ref}/messages`, { token, body });
    for (const body of [{ kind: 'shout', body: 'x' }, { kind: 'update', body: '' }, { kind: 'update' }, { kind: 'update', body: 'x', extra: 1 }, { kind: 'update', body: 'x'.repeat(20_001) }]) {
      expect((await post(body)).status).toBe(400);
    }
    expect((await s.call('GET', `/threads/${encodeURIComponent(key)}/messages?since=yesterday`, { token: agent })).status).toBe(400);
    expect((await post({ kind: 'update', body: 'x' }, agent, encodeURIComponent('coord:job:agents-00000000'))).body.error.code).toBe('THREAD_NOT_FOUND');
    expect((await post({ kind: 'update', body: 'x' }, agentToken(s, 'stranger', ['elsewhere']))).status).toBe(404);
    expect((await s.call('GET', `/threads/${encodeURIComponent(key)}/messages`, { token: agentToken(s, 'stranger', ['elsewhere']) })).status).toBe(404);
    expect((await post({ kind: 'update', body: 'x' }, s.token('auditor'))).status).toBe(403);
    expect((await post({ kind: 'update', body: 'x' }, s.token('reviewer', { projects: ['agents'] }))).status).toBe(403);
    expect((await post({ kind: 'update', body: 'x' }, s.token('operator', { operator: 'ana' }))).status).toBe(404);
    expect((await s.call('GET', `/threads/${encodeURIComponent(key)}/messages`, { token: s.token('auditor') })).status).toBe(200);
    expect((await s.call('GET', `/threads/${encodeURIComponent(key)}/messages`, { token: s.token('reviewer', { projects: ['agents'] }) })).status).toBe(200);
    expect(await s.backends.eventStore.streamRevision(threadStream())).toBe(before);
  });

  it('re-running the reactor and the projection from zero duplicates nothing', async () => {
    const before = { opened: await eventsOf('ThreadOpened'), posted: await eventsOf('MessagePosted'), read: await messages() };
    await s.worker.host.runner('reactor:thread-status')?.rebuild();
    await s.worker.host.runner('threads')?.rebuild();
    expect(await s.worker.host.settle(await s.backends.eventStore.headPosition(), 10_000)).toBe(true);
    expect({ opened: await eventsOf('ThreadOpened'), posted: await eventsOf('MessagePosted'), read: await messages() }).toEqual(before);
  });
});
