import { setUpWorld, type World } from '../testing/fixtures';
import { startTestServer, type TestServer } from '../testing/test-server';

describe('governance over HTTP: only Create Job puts work on the Desk', () => {
  let s: TestServer;
  let w: World;
  beforeAll(async () => {
    s = await startTestServer();
    w = await setUpWorld(s, ['ana', 'bob']);
  });
  afterAll(() => s.stop());

  const submit = () =>
    s.call('POST', '/requests', {
      token: w.requester,
      body: { projectSlug: w.project, surface: w.surface, tier: 'basic', customer: { name: 'Kim', contact: '555-0101' }, details: 'Wash and wax' },
    });
  const deskJobs = async (slug: string) => (await s.call('GET', `/operators/${slug}/desk`, { token: w.operator(slug) })).body.readyToClaim.map((j: { jobId: string }) => j.jobId);

  it('refuses Create Job before approval and before assignment, and the Desk stays empty until it runs', async () => {
    const { body: { requestId } } = await submit();
    expect((await s.call('GET', `/requests/${requestId}`, { token: w.requester })).body.status).toBe('submitted');
    const intake = await s.call('POST', `/requests/${requestId}/intake`, { token: w.admin, body: {} });
    expect(intake.status).toBe(201);
    const { taskId } = intake.body;
    expect((await s.call('GET', `/tasks/${taskId}`, { token: w.admin })).body).toMatchObject({ state: 'open', summary: 'Wash and wax' });

    const early = await s.call('POST', `/tasks/${taskId}/create-job`, { token: w.admin });
    expect(early.status).toBe(422);
    expect(early.body.error.code).toBe('TASK_NOT_APPROVED');

    expect((await s.call('POST', `/tasks/${taskId}/approve`, { token: w.admin, body: { comment: 'ok' } })).status).toBe(200);
    const unassigned = await s.call('POST', `/tasks/${taskId}/create-job`, { token: w.admin });
    expect(unassigned.status).toBe(422);
    expect(unassigned.body.error.code).toBe('TASK_NOT_ASSIGNED');

    // An assignee names one executor: the other kind's field is refused, not dropped.
    for (const assignee of [{ kind: 'operator', slug: 'ana', agentId: 'bot' }, { kind: 'agent', agentId: 'bot', slug: 'ana' }]) {
      const mixed = await s.call('POST', `/tasks/${taskId}/assign`, { token: w.admin, body: { assignee } });
      expect([mixed.status, mixed.body.error?.code]).toEqual([400, 'VALIDATION_FAILED']);
    }
    // null for the other kind's field is as good as leaving it out (clients that always send both)
    expect((await s.call('POST', `/tasks/${taskId}/assign`, { token: w.admin, body: { assignee: { kind: 'operator', slug: 'ana', agentId: null } } })).status).toBe(200);
    expect(await deskJobs('ana')).toEqual([]);
    const inbox = await s.call('GET', '/tasks?assignee=ana', { token: w.operator('ana') });
    expect(inbox.body.items.map((t: { taskId: string }) => t.taskId)).toContain(taskId);

    const created = await s.call('POST', `/tasks/${taskId}/create-job`, { token: w.admin });
    expect(created.status).toBe(201);
    expect(created.body.jobId).toMatch(/^detailing-[0-9a-f]{8}$/);
    expect(await deskJobs('ana')).toEqual([created.body.jobId]);
    expect(await deskJobs('bob')).toEqual([]);
    expect((await s.call('GET', `/requests/${requestId}`, { token: w.requester })).body).toMatchObject({ status: 'scheduled', jobId: created.body.jobId });

    const twice = await s.call('POST', `/tasks/${taskId}/create-job`, { token: w.admin });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('TASK_ALREADY_CONVERTED');
  });

  it('snapshots the request, intake notes and the evidence policy in force onto the job', async () => {
    const { body: { requestId } } = await submit();
    const { body: { taskId } } = await s.call('POST', `/requests/${requestId}/intake`, { token: w.admin, body: { intakeNotes: 'side entrance' } });
    await s.call('POST', `/tasks/${taskId}/approve`, { token: w.admin, body: {} });
    await s.call('POST', `/tasks/${taskId}/assign`, { token: w.admin, body: { assignee: { kind: 'operator', slug: 'ana' } } });
    const { body: { jobId } } = await s.call('POST', `/tasks/${taskId}/create-job`, { token: w.admin });
    const job = (await s.call('GET', `/operators/ana/jobs?job=${jobId}`, { token: w.operator('ana') })).body;
    expect(job).toMatchObject({
      jobId, phase: 'ready', tier: 'basic', customer: { name: 'Kim', contact: '555-0101' },
      intake: { details: 'Wash and wax', notes: '', intakeNotes: 'side entrance' },
      requiredEvidence: ['arrival', 'before', 'after'], origin: { requestId, taskId },
    });
  });

  it('a request is intaken at most once and withdrawn only before intake, by its requester', async () => {
    const { body: { requestId } } = await submit();
    const other = s.token('requester', { sub: 'someone-else' });
    expect((await s.call('POST', `/requests/${requestId}/withdraw`, { token: other, body: { reason: 'x' } })).status).toBe(404);
    expect((await s.call('POST', `/requests/${requestId}/intake`, { token: w.admin, body: {} })).status).toBe(201);
    const again = await s.call('POST', `/requests/${requestId}/intake`, { token: w.admin, body: {} });
    expect([again.status, again.body.error.code]).toEqual([409, 'REQUEST_ALREADY_INTAKEN']);
    const late = await s.call('POST', `/requests/${requestId}/withdraw`, { token: w.requester, body: { reason: 'changed my mind' } });
    expect([late.status, late.body.error.code]).toEqual([409, 'REQUEST_ALREADY_INTAKEN']);
  });

  it('requesters cannot govern, and operators without canGovern cannot either', async () => {
    const { body: { requestId } } = await submit();
    expect((await s.call('POST', `/requests/${requestId}/intake`, { token: w.requester, body: {} })).status).toBe(403);
    const noGovern = await s.call('POST', `/requests/${requestId}/intake`, { token: w.operator('ana'), body: {} });
    expect([noGovern.status, noGovern.body.error.code]).toEqual([403, 'NOT_A_GOVERNOR']);
  });

  it('reads back operators, surfaces and projects; partial project defaults keep the others', async () => {
    expect((await s.call('GET', '/operators/ana', { token: w.admin })).body).toEqual({ slug: 'ana', name: 'ANA', canGovern: false, accessState: 'active' });
    expect((await s.call('GET', '/operators/ana', { token: w.operator('bob') })).status).toBe(403);
    const surfaces = (await s.call('GET', '/surfaces', { token: w.requester })).body.items;
    expect(surfaces).toEqual([expect.objectContaining({ key: w.surface, requiredEvidence: ['arrival', 'before', 'after'], allowedEvidence: ['signature', 'arrival', 'before', 'after'] })]);
    expect((await s.call('POST', '/projects', { token: w.admin, body: { slug: 'reviews', name: 'R', defaults: { reviewRequired: true } } })).status).toBe(201);
    expect((await s.call('GET', '/projects/reviews', { token: w.admin })).body.defaults).toEqual({ reviewRequired: true, maxAttempts: 3, git: {} });
  });

  it('an operator whose governing right was withdrawn in the registry loses the queue, whatever its token says', async () => {
    await s.call('POST', '/operators', { token: w.admin, body: { slug: 'gov', name: 'Gov', canGovern: true } });
    const gov = s.token('operator', { operator: 'gov', canGovern: true });
    expect((await s.call('GET', '/tasks', { token: gov })).status).toBe(200);
    await s.call('POST', '/operators/gov/access', { token: w.admin, body: { state: 'limited', reason: 'review' } });
    const inbox = await s.call('GET', '/tasks', { token: gov });
    expect(inbox.status).toBe(200);
    expect(inbox.body.items).toEqual([]); // only its own (empty) inbox now
    const { body: { requestId } } = await submit();
    expect((await s.call('POST', `/requests/${requestId}/intake`, { token: gov, body: {} })).status).toBe(403);
  });

  it('assignment needs an active operator', async () => {
    await s.call('POST', '/operators', { token: w.admin, body: { slug: 'cy', name: 'Cy' } });
    await s.call('POST', '/operators/cy/access', { token: w.admin, body: { state: 'suspended', reason: 'audit' } });
    const { body: { requestId } } = await submit();
    const { body: { taskId } } = await s.call('POST', `/requests/${requestId}/intake`, { token: w.admin, body: {} });
    const r = await s.call('POST', `/tasks/${taskId}/assign`, { token: w.admin, body: { assignee: { kind: 'operator', slug: 'cy' } } });
    expect([r.status, r.body.error.code]).toEqual([422, 'ASSIGNEE_NOT_ACTIVE']);
  });
});
