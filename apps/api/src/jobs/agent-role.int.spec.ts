import { evidenceForm, png } from '../testing/fixtures';
import { setUpAgentProject } from '../testing/agent-jobs';
import { appendsNothing } from '../testing/log-watch';
import { startTestServer, type TestServer } from '../testing/test-server';

/** SPEC §5: an agent may claim, claim-next, heartbeat, log, post a result, submit and release; the service path's steps are an operator's. */
describe('agent role', () => {
  let s: TestServer;
  let t: Awaited<ReturnType<typeof setUpAgentProject>>;
  beforeAll(async () => {
    s = await startTestServer();
    t = await setUpAgentProject(s, 'proj', { reviewRequired: false, maxAttempts: 3 });
  });
  afterAll(() => s.stop());
  const claimed = async (agentId: string, start: boolean) => {
    const jobId = (await s.call('POST', '/projects/proj/jobs', { token: t.admin, body: { description: 'd' } })).body.jobId as string;
    const token = t.agent(agentId);
    const claim = await s.call('POST', `/jobs/${jobId}/claim`, { token, body: { start } });
    return { jobId, token, serviceEventId: claim.body.serviceEventId as string };
  };

  it.each([['start', false], ['complete', true], ['fail', true]] as const)('an agent may not POST /jobs/:id/%s: 403, nothing appended', async (verb, start) => {
    const { jobId, token, serviceEventId } = await claimed(`bot-${verb}`, start);
    const r = await appendsNothing(s, () => s.call('POST', `/jobs/${jobId}/${verb}`, { token, body: { serviceEventId, ...(verb === 'fail' && { reason: 'x' }) } }));
    expect([r.status, r.body.error.code]).toEqual([403, 'FORBIDDEN']);
  });

  it('an agent may not capture evidence: 403 before its bytes are stored', async () => {
    const { jobId, token, serviceEventId } = await claimed('bot-evidence', true);
    const r = await appendsNothing(s, () => s.call('POST', `/jobs/${jobId}/evidence`, { token, body: evidenceForm({ serviceEventId, category: 'log' }, { bytes: png('agent'), type: 'image/png' }) }));
    expect([r.status, r.body.error.code]).toEqual([403, 'FORBIDDEN']);
  });

  it('an agent ends its attempt with a result; a body with neither output nor resultJson is 400 RESULT_BODY_INVALID', async () => {
    const { jobId, token, serviceEventId } = await claimed('bot-result', false);
    const neither = await appendsNothing(s, () => s.call('POST', `/jobs/${jobId}/result`, { token, body: { serviceEventId } }));
    expect([neither.status, neither.body.error.code]).toEqual([400, 'RESULT_BODY_INVALID']);
    expect(Object.keys(neither.body.error.details.fields)).toEqual(['output', 'resultJson']);
    const both = await appendsNothing(s, () => s.call('POST', `/jobs/${jobId}/result`, { token, body: { serviceEventId, output: 'x', resultJson: { status: 'success' } } }));
    expect([both.status, both.body.error.code]).toEqual([400, 'RESULT_BODY_INVALID']);
    const done = await s.call('POST', `/jobs/${jobId}/result`, { token, body: { serviceEventId, resultJson: { status: 'success', summary: 'ok' } } });
    expect([done.status, done.body.phase]).toEqual([200, 'done']);
  });

  it("claim-next passes over a job whose policy requires evidence (an operator's); it stays claimable by id", async () => {
    await s.call('POST', '/surfaces', { token: t.admin, body: { key: 'photo-site', name: 'Photo site', kind: 'physical', requiredEvidence: ['arrival'] } });
    await s.call('POST', '/projects', { token: t.admin, body: { slug: 'mixed', name: 'Mixed' } });
    const create = async (body: object) => (await s.call('POST', '/projects/mixed/jobs', { token: t.admin, body: { description: 'd', ...body } })).body.jobId as string;
    const photo = await create({ surface: 'photo-site', priority: 0 });
    const code = await create({ priority: 1 });
    const bot = t.agent('bot-mixed', ['mixed']);
    const next = await s.call('POST', '/projects/mixed/jobs/claim-next', { token: bot, body: {} });
    expect([next.status, next.body.jobId]).toEqual([201, code]);
    expect((await s.call('POST', `/jobs/${photo}/claim`, { token: bot, body: {} })).status).toBe(201);
  });
});
