import { createAgentJob, setUpAgentProject } from '../testing/agent-jobs';
import { appendsNothing } from '../testing/log-watch';
import { startTestServer, type TestServer } from '../testing/test-server';

/** What a token says (role, projects) is checked on a keyed repeat too: a token that could not send the command is not answered it (docs/decisions.md, "Idempotency"). */
describe('keyed repeats of log lines and thread posts', () => {
  let s: TestServer;
  let t: Awaited<ReturnType<typeof setUpAgentProject>>;
  beforeAll(async () => {
    s = await startTestServer();
    t = await setUpAgentProject(s, 'proj', { reviewRequired: false, maxAttempts: 3 });
    await s.call('POST', '/projects', { token: t.admin, body: { slug: 'other', name: 'o' } });
  });
  afterAll(() => s.stop());

  const held = async () => {
    const jobId = await createAgentJob(s, 'proj');
    const inProj = t.agent('bot', ['proj']);
    const claim = await s.call('POST', `/jobs/${jobId}/claim`, { token: inProj, body: {} });
    return { jobId, inProj, serviceEventId: claim.body.serviceEventId as string };
  };

  /** A job's coordination thread opens with its first child (the reactor): its messages path, once it is open. */
  const threadOfHeldJob = async () => {
    const { jobId, inProj } = await held();
    expect((await s.call('POST', `/jobs/${jobId}/children`, { token: inProj, body: { description: 'child' } })).status).toBe(201);
    const thread = `/threads/${encodeURIComponent(`coord:job:${jobId}`)}/messages`;
    for (let i = 0; i < 50 && (await s.call('GET', thread, { token: t.admin })).status !== 200; i++) await new Promise((r) => setTimeout(r, 100));
    return { thread, inProj };
  };

  it('POST /jobs/:id/attempts/:n/logs repeated under the key by the same agent with a token for other projects is 403, not the first answer', async () => {
    const { jobId, inProj, serviceEventId } = await held();
    const otherProjects = t.agent('bot', ['other']); // same sub `agent:bot`, token reissued for other projects
    const body = { serviceEventId, entries: [{ level: 'info', message: 'secret line' }] };
    const headers = { 'idempotency-key': 'log-1' };
    // without a key this token is refused
    expect((await s.call('POST', `/jobs/${jobId}/attempts/1/logs`, { token: otherProjects, body })).status).toBe(403);
    expect((await s.call('POST', `/jobs/${jobId}/attempts/1/logs`, { token: inProj, body, headers })).status).toBe(201);
    const repeat = await appendsNothing(s, () => s.call('POST', `/jobs/${jobId}/attempts/1/logs`, { token: otherProjects, body, headers }));
    expect([repeat.status, repeat.body.error?.code]).toEqual([403, 'PROJECT_FORBIDDEN']);
  });

  it('POST /jobs/:id/claim repeated under the key by a token of the same subject acting as another agent claims nothing and is not told the first claim', async () => {
    const jobId = await createAgentJob(s, 'proj');
    const first = s.token('agent', { sub: 'fleet', agent: 'worker-1', projects: ['proj'] });
    const second = s.token('agent', { sub: 'fleet', agent: 'worker-2', projects: ['proj'] });
    const headers = { 'idempotency-key': 'claim-1' };
    const claim = await s.call('POST', `/jobs/${jobId}/claim`, { token: first, body: {}, headers });
    expect(claim.status).toBe(201);
    const repeat = await appendsNothing(s, () => s.call('POST', `/jobs/${jobId}/claim`, { token: second, body: {}, headers }));
    expect([repeat.status, repeat.body.serviceEventId]).toEqual([409, undefined]);
  });

  it('POST /threads/:id/messages repeated under the key by a token that may not post there is refused, not answered with the message', async () => {
    const { thread, inProj } = await threadOfHeldJob();
    const body = { kind: 'status', body: 'hello' };
    const headers = { 'idempotency-key': 'post-1' };
    expect((await s.call('POST', thread, { token: inProj, body, headers })).status).toBe(201);
    const otherProjects = t.agent('bot', ['other']);
    expect((await s.call('POST', thread, { token: otherProjects, body })).status).toBe(404); // unkeyed: refused
    const repeat = await appendsNothing(s, () => s.call('POST', thread, { token: otherProjects, body, headers }));
    expect(repeat.status).toBe(404);
  });

  it('POST /threads/:id/messages: an auditor sharing the admin subject repeating its keyed post is 403', async () => {
    const { thread } = await threadOfHeldJob();
    const body = { kind: 'status', body: 'hello' };
    // an auditor (reads, 403 on post) that shares the admin's subject
    const adminS = s.token('admin', { sub: 'ops' });
    const auditorS = s.token('auditor', { sub: 'ops' });
    expect((await s.call('POST', thread, { token: adminS, body, headers: { 'idempotency-key': 'post-2' } })).status).toBe(201);
    const byAuditor = await appendsNothing(s, () => s.call('POST', thread, { token: auditorS, body, headers: { 'idempotency-key': 'post-2' } }));
    expect(byAuditor.status).toBe(403);
  });

  it('POST /jobs/:id/attempts/:n/logs: an auditor or requester sharing the admin subject repeating its keyed post is 403', async () => {
    const { jobId, serviceEventId } = await held();
    const body = { serviceEventId, entries: [{ level: 'info', message: 'admin line' }] };
    const headers = { 'idempotency-key': 'log-admin' };
    expect((await s.call('POST', `/jobs/${jobId}/attempts/1/logs`, { token: s.token('admin', { sub: 'ops2' }), body, headers })).status).toBe(201);
    const byAuditor = await appendsNothing(s, () => s.call('POST', `/jobs/${jobId}/attempts/1/logs`, { token: s.token('auditor', { sub: 'ops2' }), body, headers }));
    const byRequester = await appendsNothing(s, () => s.call('POST', `/jobs/${jobId}/attempts/1/logs`, { token: s.token('requester', { sub: 'ops2' }), body, headers }));
    expect([byAuditor.status, byRequester.status]).toEqual([403, 403]);
  });
});
