import { appendsNothing } from '../testing/log-watch';
import { startTestServer, type TestServer } from '../testing/test-server';

/** `POST /templates`, `GET /templates`, `POST /templates/:id/jobs`: a job and its children from one definition. */
describe('templates over HTTP', () => {
  let s: TestServer;
  let admin: string;

  beforeAll(async () => {
    s = await startTestServer();
    admin = s.token('admin');
    await s.call('POST', '/projects', { token: admin, body: { slug: 'proj', name: 'Project', defaults: { maxAttempts: 5, git: { remote: 'origin' } } } });
  });
  afterAll(() => s.stop());

  const release = {
    name: 'Release',
    job: { description: 'Release\nthe whole thing', priority: 1, execution: { harness: 'claude-code', git: { branch: 'release/${job_id}' } } },
    children: [
      { description: 'Tag', children: [{ description: 'Sign the tag', priority: 0 }] },
      { description: 'Publish', reviewRequired: true },
    ],
  };
  const unchanged = (call: () => Promise<{ status: number; body: any }>) => appendsNothing(s, call);

  it('defines a template, lists it, and instantiates the job with its children', async () => {
    const defined = await s.call('POST', '/templates', { token: admin, body: release });
    expect(defined.status).toBe(201);
    const { templateId } = defined.body;
    expect(templateId).toEqual(expect.any(String));

    const listed = await s.call('GET', '/templates', { token: s.token('auditor') });
    expect(listed.body.items).toEqual([expect.objectContaining({ templateId, name: 'Release', job: release.job, children: release.children })]);

    const made = await s.call('POST', `/templates/${templateId}/jobs`, { token: admin, body: { projectSlug: 'proj' } });
    expect(made.status).toBe(201);
    const root = made.body.jobId as string;
    expect(root).toMatch(/^proj-[0-9a-f]{8}$/);
    expect(made.body.jobs).toEqual([
      { jobId: root, parentId: null },
      { jobId: `${root}.1`, parentId: root },
      { jobId: `${root}.1.1`, parentId: `${root}.1` },
      { jobId: `${root}.2`, parentId: root },
    ]);
    const job = async (id: string) => (await s.call('GET', `/jobs/${id}`, { token: admin })).body;
    expect(await job(root)).toMatchObject({
      title: 'Release', priority: 1, maxAttempts: 5, execution: { harness: 'claude-code', git: { branch: `release/${root}`, remote: 'origin' } },
    });
    expect(await job(`${root}.1.1`)).toMatchObject({ title: 'Sign the tag', priority: 0, depth: 3 });
    expect(await job(`${root}.2`)).toMatchObject({ title: 'Publish', reviewRequired: true });
  });

  it('queues the children of one instantiation in the order they were made (.2 before .10)', async () => {
    await s.call('POST', '/projects', { token: admin, body: { slug: 'fifo', name: 'FIFO' } });
    const children = Array.from({ length: 11 }, (_, i) => ({ description: `step ${i + 1}`, priority: 1 }));
    const { templateId } = (await s.call('POST', '/templates', { token: admin, body: { name: 'Eleven', job: { description: 'eleven', priority: 4 }, children } })).body;
    const root = (await s.call('POST', `/templates/${templateId}/jobs`, { token: admin, body: { projectSlug: 'fifo' } })).body.jobId as string;
    const agent = s.token('agent', { agent: 'fifo-bot', projects: ['fifo'] });
    const ready = await s.call('GET', '/projects/fifo/jobs/ready?limit=12', { token: agent });
    expect(ready.body.items.map((j: { jobId: string }) => j.jobId)).toEqual([...children.map((_, i) => `${root}.${i + 1}`), root]);
    const claimed = [];
    for (let i = 0; i < 3; i++) claimed.push((await s.call('POST', '/projects/fifo/jobs/claim-next', { token: agent, body: {} })).body.jobId);
    expect(claimed).toEqual([`${root}.1`, `${root}.2`, `${root}.3`]);
  });

  it('refuses an instantiation whole when a child is invalid only with the project\'s defaults: no root is left behind', async () => {
    expect((await s.call('POST', '/projects', { token: admin, body: { slug: 'pushes', name: 'Pushes', defaults: { git: { push: 'on_success' } } } })).status).toBe(201);
    const body = { name: 'Half', job: { description: 'root of half' }, children: [{ description: 'no commits', execution: { git: { commit: 'never' } } }] };
    const { templateId } = (await s.call('POST', '/templates', { token: admin, body })).body;
    const refused = await unchanged(() => s.call('POST', `/templates/${templateId}/jobs`, { token: admin, body: { projectSlug: 'pushes' } }));
    expect([refused.status, refused.body.error.code]).toEqual([400, 'INVALID_GIT_SETTINGS']);
  });

  it('instantiates once per Idempotency-Key', async () => {
    const { templateId } = (await s.call('POST', '/templates', { token: admin, body: { ...release, name: 'Again' } })).body;
    const key = { 'idempotency-key': 'release-42' };
    const first = await s.call('POST', `/templates/${templateId}/jobs`, { token: admin, body: { projectSlug: 'proj' }, headers: key });
    const again = await unchanged(() => s.call('POST', `/templates/${templateId}/jobs`, { token: admin, body: { projectSlug: 'proj' }, headers: key }));
    expect(again.body.jobs).toEqual(first.body.jobs);
    // The project is in the body: the same key for another one is another request, not a second tree.
    await s.call('POST', '/projects', { token: admin, body: { slug: 'other', name: 'Other' } });
    const elsewhere = await unchanged(() => s.call('POST', `/templates/${templateId}/jobs`, { token: admin, body: { projectSlug: 'other' }, headers: key }));
    expect([elsewhere.status, elsewhere.body.error?.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
  });

  // A repeat answers from the stored events; only what is new is checked against the project and its assignees as they are now.
  it('answers a keyed repeat as the first time after its assignee was limited', async () => {
    await s.call('POST', '/operators', { token: admin, body: { slug: 'cid', name: 'Cid' } });
    const body = { name: 'OpT', job: { description: 'root', assignee: { kind: 'operator', slug: 'cid' } }, children: [{ description: 'child' }] };
    const { templateId } = (await s.call('POST', '/templates', { token: admin, body })).body;
    const key = { 'idempotency-key': 'inst-limited' };
    const first = await s.call('POST', `/templates/${templateId}/jobs`, { token: admin, body: { projectSlug: 'proj' }, headers: key });
    expect(first.status).toBe(201);
    expect((await s.call('POST', '/operators/cid/access', { token: admin, body: { state: 'limited', reason: 'test' } })).status).toBe(200);
    const again = await unchanged(() => s.call('POST', `/templates/${templateId}/jobs`, { token: admin, body: { projectSlug: 'proj' }, headers: key }));
    expect([again.status, again.body]).toEqual([201, first.body]);
    const fresh = await unchanged(() => s.call('POST', `/templates/${templateId}/jobs`, { token: admin, body: { projectSlug: 'proj' }, headers: { 'idempotency-key': 'inst-new' } }));
    expect([fresh.status, fresh.body.error.code]).toEqual([422, 'ASSIGNEE_NOT_ACTIVE']);
  });

  it('answers a keyed repeat as the first time after the project\'s git defaults changed', async () => {
    await s.call('POST', '/projects', { token: admin, body: { slug: 'gamma', name: 'Gamma', defaults: { git: { commit: 'auto' } } } });
    const body = { name: 'Pushing', job: { description: 'root' }, children: [{ description: 'push it', execution: { git: { push: 'on_success' } } }] };
    const { templateId } = (await s.call('POST', '/templates', { token: admin, body })).body;
    const key = { 'idempotency-key': 'inst-git' };
    const first = await s.call('POST', `/templates/${templateId}/jobs`, { token: admin, body: { projectSlug: 'gamma' }, headers: key });
    expect(first.status).toBe(201);
    expect((await s.call('PATCH', '/projects/gamma', { token: admin, body: { defaults: { git: { commit: 'never' } } } })).status).toBe(200);
    const again = await unchanged(() => s.call('POST', `/templates/${templateId}/jobs`, { token: admin, body: { projectSlug: 'gamma' }, headers: key }));
    expect([again.status, again.body]).toEqual([201, first.body]);
    const fresh = await unchanged(() => s.call('POST', `/templates/${templateId}/jobs`, { token: admin, body: { projectSlug: 'gamma' }, headers: { 'idempotency-key': 'inst-git-new' } }));
    expect([fresh.status, fresh.body.error.code]).toEqual([400, 'INVALID_GIT_SETTINGS']);
  });

  it('leaves git settings to the project\'s defaults, as a job can: checked as resolved at instantiation', async () => {
    const body = { name: 'Git1', job: { description: 'g', execution: { git: { createBranch: 'always' } } }, children: [{ description: 'pinned', execution: { git: { refPolicy: 'explicit' } } }] };
    const definedTemplate = await s.call('POST', '/templates', { token: admin, body });
    expect(definedTemplate.status).toBe(201);
    const { templateId } = definedTemplate.body;
    await s.call('POST', '/projects', { token: admin, body: { slug: 'branchy', name: 'Branchy', defaults: { git: { branch: 'work/${job_id}', ref: 'main' } } } });
    const made = await s.call('POST', `/templates/${templateId}/jobs`, { token: admin, body: { projectSlug: 'branchy' } });
    expect(made.status).toBe(201);
    const root = made.body.jobId as string;
    expect((await s.call('GET', `/jobs/${root}`, { token: admin })).body.execution.git).toEqual({ createBranch: 'always', branch: `work/${root}`, ref: 'main' });
    expect((await s.call('GET', `/jobs/${root}.1`, { token: admin })).body.execution.git).toEqual({ refPolicy: 'explicit', branch: `work/${root}.1`, ref: 'main' });
    // A project whose defaults leave the rule unmet refuses the instantiation whole.
    const refused = await unchanged(() => s.call('POST', `/templates/${templateId}/jobs`, { token: admin, body: { projectSlug: 'proj' } }));
    expect([refused.status, refused.body.error.code]).toEqual([400, 'INVALID_GIT_SETTINGS']);
  });

  it('refuses templates whose jobs could not be created, and unknown templates or projects', async () => {
    const tooDeep = { name: 'Deep', job: { description: 'a' }, children: [{ description: 'b', children: [{ description: 'c', children: [{ description: 'd' }] }] }] };
    const deep = await unchanged(() => s.call('POST', '/templates', { token: admin, body: tooDeep }));
    expect([deep.status, deep.body.error.code]).toEqual([400, 'JOB_TOO_DEEP']);
    const bad = await unchanged(() => s.call('POST', '/templates', { token: admin, body: { name: 'Bad', job: { description: 'a', priority: 9 } } }));
    expect(bad.status).toBe(400);
    const unknown = await unchanged(() => s.call('POST', '/templates/nope/jobs', { token: admin, body: { projectSlug: 'proj' } }));
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'TEMPLATE_NOT_FOUND']);
    const { templateId } = (await s.call('POST', '/templates', { token: admin, body: { name: 'Small', job: { description: 'x' } } })).body;
    const noProject = await unchanged(() => s.call('POST', `/templates/${templateId}/jobs`, { token: admin, body: { projectSlug: 'nope' } }));
    expect([noProject.status, noProject.body.error.code]).toEqual([404, 'PROJECT_NOT_FOUND']);
  });

  it('checks every job of the template before creating any: a suspended assignee deep down refuses it all', async () => {
    await s.call('POST', '/operators', { token: admin, body: { slug: 'sid', name: 'Sid' } });
    await s.call('POST', '/operators/sid/access', { token: admin, body: { state: 'suspended', reason: 'investigation' } });
    const body = { name: 'Handover', job: { description: 'Hand over' }, children: [{ description: 'Brief', children: [{ description: 'To Sid', assignee: { kind: 'operator', slug: 'sid' } }] }] };
    const { templateId } = (await s.call('POST', '/templates', { token: admin, body })).body;
    const refused = await unchanged(() => s.call('POST', `/templates/${templateId}/jobs`, { token: admin, body: { projectSlug: 'proj' } }));
    expect([refused.status, refused.body.error.code]).toEqual([422, 'ASSIGNEE_NOT_ACTIVE']);
  });

  it('names a surface whose evidence policy each job made from it snapshots; an unknown one refuses the instantiation whole', async () => {
    await s.call('POST', '/surfaces', { token: admin, body: { key: 'site-visit', name: 'Site visit', kind: 'physical', requiredEvidence: ['arrival', 'after'], allowedEvidence: ['signature'] } });
    const body = { name: 'Visit', job: { description: 'Visit', surface: 'site-visit' }, children: [{ description: 'Check', surface: 'site-visit' }] };
    const { templateId } = (await s.call('POST', '/templates', { token: admin, body })).body;
    const made = await s.call('POST', `/templates/${templateId}/jobs`, { token: admin, body: { projectSlug: 'proj' } });
    expect(made.status).toBe(201);
    for (const { jobId } of made.body.jobs as { jobId: string }[]) {
      const job = (await s.call('GET', `/jobs/${jobId}`, { token: admin })).body;
      expect([job.surface, job.requiredEvidence, job.allowedEvidence]).toEqual(['site-visit', ['arrival', 'after'], ['signature', 'arrival', 'after']]);
    }
    const unknown = (await s.call('POST', '/templates', { token: admin, body: { name: 'Nowhere', job: { description: 'x' }, children: [{ description: 'y', surface: 'nowhere' }] } })).body;
    const refused = await unchanged(() => s.call('POST', `/templates/${unknown.templateId}/jobs`, { token: admin, body: { projectSlug: 'proj' } }));
    expect([refused.status, refused.body.error.code]).toEqual([422, 'SURFACE_NOT_FOUND']);
    const badSlug = await unchanged(() => s.call('POST', '/templates', { token: admin, body: { name: 'Bad', job: { description: 'x', surface: 'Not A Slug' } } }));
    expect(badSlug.status).toBe(400);
  });

  it('is for admins to define and instantiate (403)', async () => {
    const agent = s.token('agent', { agent: 'bot', projects: ['proj'] });
    expect((await unchanged(() => s.call('POST', '/templates', { token: agent, body: release }))).status).toBe(403);
    const { templateId } = (await s.call('POST', '/templates', { token: admin, body: { name: 'Mine', job: { description: 'x' } } })).body;
    expect((await unchanged(() => s.call('POST', `/templates/${templateId}/jobs`, { token: agent, body: { projectSlug: 'proj' } }))).status).toBe(403);
    expect((await s.call('GET', '/templates', { token: s.token('operator', { operator: 'ana' }) })).status).toBe(403);
  });
});
