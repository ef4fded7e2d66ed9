import { setUpAgentProject } from '../testing/agent-jobs';
import { evidenceForm, governedJob, png, setUpWorld, type World } from '../testing/fixtures';
import { startTestServer, type TestServer } from '../testing/test-server';

/**
 * SPEC §5: a repeat (same caller, route and Idempotency-Key) returns the first answer and
 * appends nothing — the answer as it was then, whatever the stream holds since — and the same
 * key with another request is refused (docs/decisions.md, "Idempotency").
 */
describe('Idempotency-Key repeats', () => {
  let s: TestServer;
  let w: World;
  let agents: Awaited<ReturnType<typeof setUpAgentProject>>;
  let n = 0;
  const key = (label: string) => ({ 'idempotency-key': `${label}-${++n}` });
  const head = async () => String(await s.backends.eventStore.headPosition());

  beforeAll(async () => {
    s = await startTestServer();
    w = await setUpWorld(s, ['ana', 'bob', 'dan']);
    agents = await setUpAgentProject(s, 'agents', { reviewRequired: false, maxAttempts: 5 });
  });
  afterAll(() => s.stop());

  const agentJob = async () => (await s.call('POST', '/projects/agents/jobs', { token: agents.admin, body: { description: 'work' } })).body.jobId as string;

  it('answers a thread post with its own seq and time, not those of the message after it', async () => {
    const parent = await agentJob();
    expect((await s.call('POST', `/jobs/${parent}/children`, { token: agents.admin, body: { description: 'child' } })).status).toBe(201);
    const thread = `coord:job:${parent}`;
    const k = key('post');
    const post = () => s.call('POST', `/threads/${thread}/messages`, { token: agents.agent('bot-1'), headers: k, body: { kind: 'update', body: 'one' } });
    const first = await post();
    expect(first.status).toBe(201);
    expect((await s.call('POST', `/threads/${thread}/messages`, { token: agents.admin, body: { kind: 'directive', body: 'two' } })).status).toBe(201);
    await new Promise((resolve) => setTimeout(resolve, 5)); // a later clock
    const before = await head();
    expect(await post()).toEqual(first);
    expect(await head()).toBe(before);
  });

  it('answers a release with the phase it left the job in, after the job was claimed again', async () => {
    const jobId = await agentJob();
    const agent = agents.agent('bot-2');
    const { serviceEventId } = (await s.call('POST', `/jobs/${jobId}/claim`, { token: agent, body: {} })).body;
    const k = key('release');
    const release = () => s.call('POST', `/jobs/${jobId}/release`, { token: agent, headers: k, body: { serviceEventId } });
    const first = await release();
    expect([first.status, first.body.phase]).toEqual([200, 'ready']);
    expect((await s.call('POST', `/jobs/${jobId}/claim`, { token: agent, body: {} })).status).toBe(201);
    expect(await release()).toEqual(first);
  });

  it('answers an access change with the state it set, after a later change', async () => {
    expect((await s.call('POST', '/operators', { token: w.admin, body: { slug: 'cleo', name: 'Cleo' } })).status).toBe(201);
    const k = key('access');
    const limit = () => s.call('POST', '/operators/cleo/access', { token: w.admin, headers: k, body: { state: 'limited', reason: 'late' } });
    const first = await limit();
    expect(first.body.accessState).toBe('limited');
    expect((await s.call('POST', '/operators/cleo/access', { token: w.admin, body: { state: 'active', reason: 'back' } })).body.accessState).toBe('active');
    expect(await limit()).toEqual(first);
  });

  it('answers a governor\'s repeat as the first time after the right to govern was withdrawn; a new command is refused', async () => {
    expect((await s.call('POST', '/operators', { token: w.admin, body: { slug: 'gil', name: 'Gil', canGovern: true } })).status).toBe(201);
    const gil = s.token('operator', { operator: 'gil', canGovern: true });
    const intake = async () => {
      const request = await s.call('POST', '/requests', {
        token: w.requester, body: { projectSlug: w.project, surface: w.surface, tier: 'standard', customer: { name: 'Jo', contact: 'jo@example.com' }, details: 'dent' },
      });
      return (await s.call('POST', `/requests/${request.body.requestId}/intake`, { token: w.admin, body: {} })).body.taskId as string;
    };
    const [taskId, later] = [await intake(), await intake()];
    const k = key('decline');
    const decline = () => s.call('POST', `/tasks/${taskId}/decline`, { token: gil, headers: k, body: { reason: 'out of area' } });
    const first = await decline();
    expect([first.status, first.body.state]).toEqual([200, 'declined']);
    expect((await s.call('POST', '/operators/gil/access', { token: w.admin, body: { state: 'limited', reason: 'training' } })).status).toBe(200);
    const before = await head();
    expect(await decline()).toEqual(first);
    const other = await s.call('POST', `/tasks/${later}/decline`, { token: gil, headers: key('decline'), body: { reason: 'out of area' } });
    expect([other.status, other.body.error?.code]).toEqual([403, 'NOT_A_GOVERNOR']);
    expect(await head()).toBe(before);
  });

  it('answers a release repeated after the operator was suspended as the first time; a new command is refused', async () => {
    const { jobId } = await governedJob(s, w, 'dan');
    const dan = w.operator('dan');
    const { serviceEventId } = (await s.call('POST', `/jobs/${jobId}/claim`, { token: dan, body: {} })).body;
    const k = key('release-suspended');
    const release = () => s.call('POST', `/jobs/${jobId}/release`, { token: dan, headers: k, body: { serviceEventId } });
    const first = await release();
    expect([first.status, first.body.phase]).toEqual([200, 'ready']);
    expect((await s.call('POST', '/operators/dan/access', { token: w.admin, body: { state: 'suspended', reason: 'audit' } })).status).toBe(200);
    const before = await head();
    expect(await release()).toEqual(first);
    const claim = await s.call('POST', `/jobs/${jobId}/claim`, { token: dan, headers: key('claim-suspended'), body: {} });
    expect([claim.status, claim.body.error?.code]).toEqual([403, 'OPERATOR_SUSPENDED']);
    expect(await head()).toBe(before);
  });

  it('refuses the same key with another body (422 IDEMPOTENCY_KEY_REUSED) and appends nothing; the same body in another key order is a repeat', async () => {
    const jobId = await agentJob();
    const agent = agents.agent('bot-3');
    const { serviceEventId } = (await s.call('POST', `/jobs/${jobId}/claim`, { token: agent, body: { start: true } })).body;
    const k = key('result');
    const first = await s.call('POST', `/jobs/${jobId}/result`, { token: agent, headers: k, body: { serviceEventId, resultJson: { status: 'success', summary: 'done', ok: true } } });
    expect(first.status).toBe(200);
    const before = await head();
    const other = await s.call('POST', `/jobs/${jobId}/result`, { token: agent, headers: k, body: { serviceEventId: '11111111-1111-4111-8111-111111111111', resultJson: { status: 'success' } } });
    expect([other.status, other.body.error?.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
    const reordered = await s.call('POST', `/jobs/${jobId}/result`, { token: agent, headers: k, body: { resultJson: { ok: true, summary: 'done', status: 'success' }, serviceEventId } });
    expect(reordered).toEqual(first);
    expect(await head()).toBe(before);
  });

  it('takes a body left out and `{}` as the same request: a repeat may switch between them, either way round', async () => {
    const request = await s.call('POST', '/requests', {
      token: w.requester, body: { projectSlug: w.project, surface: w.surface, tier: 'standard', customer: { name: 'Jo', contact: 'jo@example.com' }, details: 'dent' },
    });
    const { taskId } = (await s.call('POST', `/requests/${request.body.requestId}/intake`, { token: w.admin, body: {} })).body;
    const approve = key('approve-empty');
    const approved = await s.call('POST', `/tasks/${taskId}/approve`, { token: w.admin, headers: approve });
    expect(approved.status).toBe(200);
    expect(await s.call('POST', `/tasks/${taskId}/approve`, { token: w.admin, headers: approve, body: {} })).toEqual(approved);
    await s.call('POST', `/tasks/${taskId}/assign`, { token: w.admin, body: { assignee: { kind: 'operator', slug: 'bob' } } });
    const create = key('create-empty');
    const created = await s.call('POST', `/tasks/${taskId}/create-job`, { token: w.admin, headers: create, body: {} });
    expect(created.status).toBe(201);
    const before = await head();
    expect(await s.call('POST', `/tasks/${taskId}/create-job`, { token: w.admin, headers: create })).toEqual(created);
    expect(await head()).toBe(before);
  });

  it('refuses a task assignment repeated with the key of an earlier one to someone else', async () => {
    const request = await s.call('POST', '/requests', {
      token: w.requester, body: { projectSlug: w.project, surface: w.surface, tier: 'standard', customer: { name: 'Ines', contact: 'ines@example.com' }, details: 'leak' },
    });
    const { taskId } = (await s.call('POST', `/requests/${request.body.requestId}/intake`, { token: w.admin, body: {} })).body;
    const k = key('assign');
    expect((await s.call('POST', `/tasks/${taskId}/assign`, { token: w.admin, headers: k, body: { assignee: { kind: 'operator', slug: 'bob' } } })).status).toBe(200);
    const before = await head();
    const other = await s.call('POST', `/tasks/${taskId}/assign`, { token: w.admin, headers: k, body: { assignee: { kind: 'operator', slug: 'ana' } } });
    expect([other.status, other.body.error?.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
    expect(await head()).toBe(before);
  });

  it('compares an evidence upload by its parts: the same key with another file is refused, with the same file answered as before', async () => {
    const { jobId } = await governedJob(s, w, 'ana');
    const { serviceEventId } = (await s.call('POST', `/jobs/${jobId}/claim`, { token: w.operator('ana'), body: { start: true } })).body;
    const k = key('evidence');
    const upload = (label: string) => s.call('POST', `/jobs/${jobId}/evidence`, {
      token: w.operator('ana'), headers: k, body: evidenceForm({ serviceEventId, category: 'arrival' }, { bytes: png(label), type: 'image/png' }),
    });
    const first = await upload('door');
    expect(first.status).toBe(201);
    const before = await head();
    const other = await upload('window');
    expect([other.status, other.body.error?.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
    expect(await upload('door')).toEqual(first);
    expect(await head()).toBe(before);
  });
});
