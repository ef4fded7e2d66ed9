import { setUpAgentProject } from '../testing/agent-jobs';
import { setUpWorld, type World } from '../testing/fixtures';
import { appendsNothing } from '../testing/log-watch';
import { startTestServer, type TestServer } from '../testing/test-server';

/**
 * A command id is scoped by the token's `sub`, which tokens of other projects or another role
 * may share (an agent's token reissued for other projects, reviewers minted with the default
 * subject): what the token itself allows is checked before a repeat is answered.
 */
describe('a keyed repeat and the token\'s projects', () => {
  let s: TestServer;
  beforeAll(async () => { s = await startTestServer(); });
  afterAll(() => s.stop());

  it('refuses a claim repeated by a token of the same agent no longer scoped to the project', async () => {
    const p = await setUpAgentProject(s, 'scoped', { reviewRequired: false, maxAttempts: 5 });
    await setUpAgentProject(s, 'other', { reviewRequired: false, maxAttempts: 5 });
    const jobId = (await s.call('POST', '/projects/scoped/jobs', { token: p.admin, body: { description: 'work' } })).body.jobId as string;
    const headers = { 'idempotency-key': 'claim-1' };
    const first = await s.call('POST', `/jobs/${jobId}/claim`, { token: p.agent('bot'), headers, body: {} });
    expect(first.status).toBe(201);
    const elsewhere = p.agent('bot', ['other']); // same sub agent:bot, projects ['other']
    const fresh = await s.call('POST', `/jobs/${jobId}/heartbeat`, { token: elsewhere, body: { serviceEventId: first.body.serviceEventId } });
    expect([fresh.status, fresh.body.error?.code]).toEqual([403, 'PROJECT_FORBIDDEN']); // a new command is refused
    const repeat = await appendsNothing(s, () => s.call('POST', `/jobs/${jobId}/claim`, { token: elsewhere, headers, body: {} }));
    expect([repeat.status, repeat.body.error?.code]).toEqual([403, 'PROJECT_FORBIDDEN']);
  });

  it('refuses a keyed child create sent again by a token of the same agent for other projects, before looking at the key', async () => {
    const p = await setUpAgentProject(s, 'shaped', { reviewRequired: false, maxAttempts: 5 });
    const parent = (await s.call('POST', '/projects/shaped/jobs', { token: p.admin, body: { description: 'parent' } })).body.jobId as string;
    const bot = p.agent('bot-c');
    await s.call('POST', `/jobs/${parent}/claim`, { token: bot, body: {} });
    const headers = { 'idempotency-key': 'child-1' };
    expect((await s.call('POST', '/projects/shaped/jobs', { token: bot, headers, body: { description: 'child', parentId: parent } })).status).toBe(201);
    const elsewhere = p.agent('bot-c', ['other']);
    const other = await appendsNothing(s, () => s.call('POST', '/projects/shaped/jobs', { token: elsewhere, headers, body: { description: 'another child', parentId: parent } }));
    expect([other.status, other.body.error?.code]).toEqual([403, 'PROJECT_FORBIDDEN']);
  });

  it('refuses an approval repeated by a reviewer of another project (default subject)', async () => {
    const p = await setUpAgentProject(s, 'reviewed', { reviewRequired: true, maxAttempts: 5 });
    const jobId = (await s.call('POST', '/projects/reviewed/jobs', { token: p.admin, body: { description: 'work' } })).body.jobId as string;
    const bot = p.agent('bot-r');
    const { serviceEventId } = (await s.call('POST', `/jobs/${jobId}/claim`, { token: bot, body: { start: true } })).body;
    const submitted = await s.call('POST', `/jobs/${jobId}/submit`, { token: bot, body: { serviceEventId, summary: 'done' } });
    expect(submitted.status).toBe(200);
    const headers = { 'idempotency-key': 'approve-1' };
    const first = await s.call('POST', `/jobs/${jobId}/approve`, { token: p.reviewer(['reviewed']), headers, body: {} });
    expect(first.status).toBe(200);
    const otherReviewer = p.reviewer(['elsewhere']); // sub 'reviewer:test' as the first one
    const fresh = await s.call('POST', `/jobs/${jobId}/approve`, { token: otherReviewer, body: {} });
    expect([fresh.status, fresh.body.error?.code]).toEqual([403, 'PROJECT_FORBIDDEN']);
    const repeat = await s.call('POST', `/jobs/${jobId}/approve`, { token: otherReviewer, headers, body: {} });
    expect([repeat.status, repeat.body]).toEqual([403, fresh.body]);
  });
});

describe('a keyed repeat and the token\'s role', () => {
  let s: TestServer;
  beforeAll(async () => { s = await startTestServer(); });
  afterAll(() => s.stop());

  it('refuses a task decline repeated by an auditor token of the same subject (auditors: no commands)', async () => {
    const w = await setUpWorld(s, []);
    const request = await s.call('POST', '/requests', {
      token: w.requester, body: { projectSlug: w.project, surface: w.surface, tier: 'standard', customer: { name: 'Jo', contact: 'jo@example.com' }, details: 'dent' },
    });
    const { taskId } = (await s.call('POST', `/requests/${request.body.requestId}/intake`, { token: w.admin, body: {} })).body;
    const headers = { 'idempotency-key': 'decline-1' };
    const first = await s.call('POST', `/tasks/${taskId}/decline`, { token: w.admin, headers, body: { reason: 'out of area' } });
    expect(first.status).toBe(200);
    const auditor = s.token('auditor', { sub: 'admin:test' }); // the admin's subject, role auditor
    const repeat = await s.call('POST', `/tasks/${taskId}/decline`, { token: auditor, headers, body: { reason: 'out of area' } });
    expect([repeat.status, repeat.body.error?.code]).toEqual([403, 'NOT_A_GOVERNOR']);
  });
});

/** SPEC §5: a keyed repeat returns the first answer, whatever changed since (docs/decisions.md, "Idempotency"). */
describe('a keyed POST /projects/:slug/jobs repeated after its assignee was limited', () => {
  let s: TestServer;
  let w: World;
  beforeAll(async () => { s = await startTestServer(); w = await setUpWorld(s, ['ana']); });
  afterAll(() => s.stop());

  it('answers the repeat as the first time (201, same job), not 422 ASSIGNEE_NOT_ACTIVE', async () => {
    const headers = { 'idempotency-key': 'create-for-ana' };
    const create = () => s.call('POST', `/projects/${w.project}/jobs`, { token: w.admin, headers, body: { description: 'work', assignee: { kind: 'operator', slug: 'ana' } } });
    const first = await create();
    expect(first.status).toBe(201);
    expect((await s.call('POST', '/operators/ana/access', { token: w.admin, body: { state: 'limited', reason: 'training' } })).status).toBe(200);
    const repeat = await appendsNothing(s, create);
    expect([repeat.status, repeat.body.jobId, repeat.body.error?.code]).toEqual([201, first.body.jobId, undefined]);
  });
});
