import { executeCommand } from '../../../../libs/application/src/commands/command-executor';
import { jobDecider } from '../../../../libs/domain/src/job/decider';
import { SYSTEM_ACTOR } from '../../../../libs/domain/src/shared/actor';
import { streams } from '../../../../libs/domain/src/shared/streams';
import { appendsNothing, settleAll } from '../testing/log-watch';
import { startTestServer, type TestServer } from '../testing/test-server';

/** Agent jobs in a project: creation, the execution spec, PATCH, children and the tree. */
describe('agent jobs: creation, edits and hierarchy over HTTP', () => {
  let s: TestServer;
  let admin: string;
  let bot: string;
  const agentId = 'harness-7';

  beforeAll(async () => {
    s = await startTestServer();
    admin = s.token('admin');
    bot = s.token('agent', { agent: agentId, projects: ['proj'] });
    const project = await s.call('POST', '/projects', {
      token: admin,
      body: { slug: 'proj', name: 'Project', defaults: { reviewRequired: true, maxAttempts: 4, git: { remote: 'origin', commit: 'auto', push: 'on_success', refPolicy: 'project_default' } } },
    });
    expect(project.status).toBe(201);
    await s.call('POST', '/operators', { token: admin, body: { slug: 'ana', name: 'Ana' } });
  });
  afterAll(() => s.stop());

  const create = (body: unknown, token = admin, headers: Record<string, string> = {}, slug = 'proj') =>
    s.call('POST', `/projects/${slug}/jobs`, { token, body, headers });
  const job = async (jobId: string) => (await s.call('GET', `/jobs/${jobId}`, { token: admin })).body;
  const unchanged = (call: () => Promise<{ status: number; body: any }>) => appendsNothing(s, call);

  it('creates a job: id {project}-{hash8}, title from the first line, project defaults, git resolved job → project', async () => {
    const created = await create({
      description: 'Fix the flaky parser test\nIt fails one run in ten.',
      acceptanceCriteria: 'ten green runs',
      execution: {
        harness: 'claude-code', profile: 'default', variant: 'fast', model: 'opus', reasoning: 'x-high',
        hints: { workerType: 'linux', permissionPolicy: 'auto_edit', timeoutSeconds: 900 },
        git: { branch: 'agent/${job_id}', createBranch: 'if_missing', commitMessage: 'fix: parser' },
      },
    });
    expect(created.status).toBe(201);
    const jobId = created.body.jobId as string;
    expect(jobId).toMatch(/^proj-[0-9a-f]{8}$/);
    expect(created.body.parentId).toBeNull();
    expect(await job(jobId)).toMatchObject({
      jobId, projectSlug: 'proj', depth: 1, parentId: null, title: 'Fix the flaky parser test', acceptanceCriteria: 'ten green runs',
      phase: 'ready', effectivePhase: 'ready', priority: 2, reviewRequired: true, maxAttempts: 4, assignee: null,
      execution: {
        harness: 'claude-code', profile: 'default', variant: 'fast', model: 'opus', reasoning: 'x-high',
        hints: { workerType: 'linux', permissionPolicy: 'auto_edit', timeoutSeconds: 900 },
        git: {
          remote: 'origin', commit: 'auto', push: 'on_success', refPolicy: 'project_default',
          branch: `agent/${jobId}`, createBranch: 'if_missing', commitMessage: 'fix: parser',
        },
      },
    });
  });

  it('takes the given title, priority, phase, assignee, review and attempts over the defaults', async () => {
    const { body } = await create({
      title: 'Parser', description: 'x', priority: 0, phase: 'backlog', reviewRequired: false, maxAttempts: 1,
      assignee: { kind: 'agent', agentId }, execution: { git: { push: 'never', commit: 'never' } },
    });
    expect(await job(body.jobId)).toMatchObject({
      title: 'Parser', priority: 0, phase: 'backlog', reviewRequired: false, maxAttempts: 1, assignee: { kind: 'agent', agentId },
      execution: { git: { remote: 'origin', push: 'never', commit: 'never', refPolicy: 'project_default' } },
    });
  });

  it('is idempotent with Idempotency-Key: the repeat names the same job and appends nothing', async () => {
    const key = { 'idempotency-key': 'create-once' };
    const first = await create({ description: 'Once' }, admin, key);
    const again = await unchanged(() => create({ description: 'Once' }, admin, key));
    expect(again.status).toBe(201);
    expect(again.body.jobId).toBe(first.body.jobId);
  });

  it('scopes Idempotency-Key to the route as routed: a percent-encoded spelling of the path is the same command', async () => {
    const key = { 'idempotency-key': 'create-once-encoded' };
    const jobsCreated = async () => (await s.backends.eventStore.readAll({ maxCount: 100_000, filter: { eventTypes: ['JobCreated'] } })).length;
    const before = await jobsCreated();
    const first = await create({ description: 'Once, spelled twice' }, admin, key);
    const again = await unchanged(() => create({ description: 'Once, spelled twice' }, admin, key, '%70roj'));
    expect([again.status, again.body.jobId]).toEqual([201, first.body.jobId]);
    expect(await jobsCreated()).toBe(before + 1);
  });

  it.each([
    ['a priority out of range', { description: 'x', priority: 5 }, 'priority'],
    ['a phase that is not creatable', { description: 'x', phase: 'active' }, 'phase'],
    ['no description', { title: 'x' }, 'description'],
    ['an unknown reasoning level', { description: 'x', execution: { reasoning: 'extreme' } }, 'execution.reasoning'],
    ['an unknown permission policy', { description: 'x', execution: { hints: { permissionPolicy: 'maybe' } } }, 'execution.hints.permissionPolicy'],
    ['a zero timeout', { description: 'x', execution: { hints: { timeoutSeconds: 0 } } }, 'execution.hints.timeoutSeconds'],
    ['an unknown refPolicy', { description: 'x', execution: { git: { refPolicy: 'sometimes' } } }, 'execution.git.refPolicy'],
    ['an unknown createBranch', { description: 'x', execution: { git: { createBranch: 'maybe' } } }, 'execution.git.createBranch'],
    ['an unknown commit policy', { description: 'x', execution: { git: { commit: 'always' } } }, 'execution.git.commit'],
    ['an unknown push policy', { description: 'x', execution: { git: { push: 'force' } } }, 'execution.git.push'],
    ['an unknown execution field', { description: 'x', execution: { gpu: true } }, 'execution.gpu'],
    ['an unknown job field', { description: 'x', colour: 'red' }, 'colour'],
  ])('answers 400 naming the field for %s, and appends nothing', async (_, body, field) => {
    const answer = await unchanged(() => create(body));
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(answer.body.error.details.fields)).toContain(field);
  });

  it('refuses git settings that contradict each other once resolved, and placeholders other than ${job_id}', async () => {
    const explicit = await unchanged(() => create({ description: 'x', execution: { git: { refPolicy: 'explicit' } } }));
    expect([explicit.status, explicit.body.error.code]).toEqual([400, 'INVALID_GIT_SETTINGS']);
    // the project commits `auto`; a job that says `never` cannot push
    const push = await unchanged(() => create({ description: 'x', execution: { git: { commit: 'never' } } }));
    expect([push.status, push.body.error.code]).toEqual([400, 'INVALID_GIT_SETTINGS']);
    const placeholder = await unchanged(() => create({ description: 'x', execution: { git: { branch: 'b/${user}' } } }));
    expect([placeholder.status, placeholder.body.error.code]).toEqual([400, 'INVALID_EXECUTION']);
  });

  it('answers 404 for an unknown project and 422 for an operator who is not active', async () => {
    const unknown = await unchanged(() => create({ description: 'x' }, admin, {}, 'nope'));
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'PROJECT_NOT_FOUND']);
    await s.call('POST', '/operators/ana/access', { token: admin, body: { state: 'limited', reason: 'training' } });
    const limited = await unchanged(() => create({ description: 'x', assignee: { kind: 'operator', slug: 'ana' } }));
    expect([limited.status, limited.body.error.code]).toEqual([422, 'ASSIGNEE_NOT_ACTIVE']);
    await s.call('POST', '/operators/ana/access', { token: admin, body: { state: 'active', reason: 'done' } });
  });

  it('lets only admins create root jobs (403 for agents, operators, auditors)', async () => {
    for (const token of [bot, s.token('operator', { operator: 'ana' }), s.token('auditor')]) {
      const answer = await unchanged(() => create({ description: 'x' }, token));
      expect(answer.status).toBe(403);
    }
  });

  describe('PATCH /jobs/:id', () => {
    it('changes only the given fields', async () => {
      const { body } = await create({ description: 'Edit me\nmore', priority: 3 });
      const patched = await s.call('PATCH', `/jobs/${body.jobId}`, { token: admin, body: { title: 'Edited', phase: 'backlog', assignee: { kind: 'operator', slug: 'ana' } } });
      expect(patched.status).toBe(200);
      expect(patched.body.changes).toEqual({ title: 'Edited', phase: 'backlog', assignee: { kind: 'operator', slug: 'ana' } });
      expect(await job(body.jobId)).toMatchObject({ title: 'Edited', description: 'Edit me\nmore', priority: 3, phase: 'backlog', assigneeKey: 'operator:ana' });
      const cleared = await s.call('PATCH', `/jobs/${body.jobId}`, { token: admin, body: { assignee: null, phase: 'ready' } });
      expect(cleared.body.changes).toEqual({ assignee: null, phase: 'ready' });
      expect(await job(body.jobId)).toMatchObject({ assignee: null, phase: 'ready' });
    });

    it('appends nothing when nothing changes', async () => {
      const { body } = await create({ description: 'Same', priority: 1 });
      const same = await unchanged(() => s.call('PATCH', `/jobs/${body.jobId}`, { token: admin, body: { priority: 1, title: 'Same' } }));
      expect([same.status, same.body.changes]).toEqual([200, {}]);
    });

    it('refuses a phase outside idea|backlog|ready (400), and moving an active job (409)', async () => {
      const { body } = await create({ description: 'Busy', assignee: { kind: 'agent', agentId } });
      const bad = await unchanged(() => s.call('PATCH', `/jobs/${body.jobId}`, { token: admin, body: { phase: 'done' } }));
      expect(bad.status).toBe(400);
      expect((await s.call('POST', `/jobs/${body.jobId}/claim`, { token: bot, body: {} })).status).toBe(201);
      const active = await unchanged(() => s.call('PATCH', `/jobs/${body.jobId}`, { token: admin, body: { phase: 'backlog' } }));
      expect([active.status, active.body.error.code]).toEqual([409, 'INVALID_PHASE']);
    });

    it('is for admins (403), and 404 for an unknown job', async () => {
      const { body } = await create({ description: 'Mine' });
      expect((await unchanged(() => s.call('PATCH', `/jobs/${body.jobId}`, { token: bot, body: { priority: 0 } }))).status).toBe(403);
      expect((await s.call('PATCH', '/jobs/proj-00000000', { token: admin, body: { priority: 0 } })).status).toBe(404);
    });
  });

  describe('children', () => {
    it('allocates {parent}.{n} under the parent, in order, and shows the tree', async () => {
      const parent = (await create({ description: 'Release 1.2' })).body.jobId as string;
      const first = await create({ parentId: parent, description: 'Tag the release', execution: { git: { branch: 'rel/${job_id}' } } });
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ jobId: `${parent}.1`, parentId: parent });
      const second = await s.call('POST', `/jobs/${parent}/children`, { token: admin, body: { description: 'Publish' } });
      expect(second.body.jobId).toBe(`${parent}.2`);
      const grandchild = await create({ parentId: `${parent}.1`, description: 'Sign the tag' });
      expect(grandchild.body.jobId).toBe(`${parent}.1.1`);
      const tooDeep = await unchanged(() => create({ parentId: `${parent}.1.1`, description: 'no' }));
      expect([tooDeep.status, tooDeep.body.error.code]).toEqual([422, 'JOB_TOO_DEEP']);

      expect(await job(`${parent}.1`)).toMatchObject({
        parentId: parent, depth: 2, reviewRequired: true, maxAttempts: 4, execution: { git: { branch: `rel/${parent}.1`, remote: 'origin' } },
      });
      expect((await job(parent)).children).toEqual([`${parent}.1`, `${parent}.2`]);
      const tree = await s.call('GET', `/jobs/${parent}/tree`, { token: admin });
      expect(tree.status).toBe(200);
      expect(tree.body).toMatchObject({
        jobId: parent, depth: 1,
        children: [
          { jobId: `${parent}.1`, title: 'Tag the release', children: [{ jobId: `${parent}.1.1`, depth: 3, children: [] }] },
          { jobId: `${parent}.2`, title: 'Publish', children: [] },
        ],
      });
    });

    it('is idempotent: a repeated child creation allocates nothing new', async () => {
      const parent = (await create({ description: 'Parent' })).body.jobId as string;
      const key = { 'idempotency-key': 'child-once' };
      const first = await create({ parentId: parent, description: 'Child' }, admin, key);
      const again = await unchanged(() => create({ parentId: parent, description: 'Child' }, admin, key));
      expect(again.body.jobId).toBe(first.body.jobId);
      expect((await job(parent)).children).toEqual([`${parent}.1`]);
    });

    it('refuses the key of a child sent again under another parent or none (422 IDEMPOTENCY_KEY_REUSED), creating nothing', async () => {
      const [a, b] = [(await create({ description: 'Parent a' })).body.jobId as string, (await create({ description: 'Parent b' })).body.jobId as string];
      const key = { 'idempotency-key': 'child-then-elsewhere' };
      const first = await create({ parentId: a, description: 'Child' }, admin, key);
      expect([first.status, first.body.jobId]).toEqual([201, `${a}.1`]);
      await settleAll(s, await s.backends.eventStore.headPosition());
      for (const elsewhere of [{ parentId: b, description: 'Child' }, { description: 'Child' }]) {
        const other = await unchanged(() => create(elsewhere, admin, key));
        expect([other.status, other.body.error?.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
      }
      expect(await create({ parentId: a, description: 'Child' }, admin, key)).toEqual(first);
      expect((await job(b)).children).toEqual([]);
    });

    it('refuses the key of a root job sent again naming a parent (422 IDEMPOTENCY_KEY_REUSED), creating nothing', async () => {
      const parent = (await create({ description: 'Parent' })).body.jobId as string;
      const key = { 'idempotency-key': 'root-then-child' };
      const first = await create({ description: 'Root' }, admin, key);
      expect(first.status).toBe(201);
      const other = await unchanged(() => create({ parentId: parent, description: 'Root' }, admin, key));
      expect([other.status, other.body.error?.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
      expect(await create({ description: 'Root' }, admin, key)).toEqual(first);
      expect((await job(parent)).children).toEqual([]);
    });

    it('lets an agent add children to the job it holds, and only to that one', async () => {
      const held = (await create({ description: 'Held', assignee: { kind: 'agent', agentId } })).body.jobId as string;
      const other = (await create({ description: 'Not held' })).body.jobId as string;
      const before = await unchanged(() => create({ parentId: held, description: 'Too early' }, bot));
      expect([before.status, before.body.error.code]).toEqual([403, 'NOT_HOLDING_PARENT']);
      expect((await s.call('POST', `/jobs/${held}/claim`, { token: bot, body: { start: true } })).status).toBe(201);
      const child = await create({ parentId: held, description: 'Split off' }, bot);
      expect([child.status, child.body.jobId]).toEqual([201, `${held}.1`]);
      expect((await s.call('GET', `/jobs/${held}.1`, { token: bot })).body).toMatchObject({ parentId: held, phase: 'ready' });
      expect((await unchanged(() => create({ parentId: other, description: 'no' }, bot))).status).toBe(403);
      const elsewhere = s.token('agent', { agent: agentId, projects: ['other'] });
      expect((await unchanged(() => create({ parentId: held, description: 'no' }, elsewhere))).status).toBe(403);
    });

    it('an agent\'s child takes review and attempts from its parent, and is assigned to nobody or that agent', async () => {
      const held = (await create({ description: 'Governed', assignee: { kind: 'agent', agentId }, maxAttempts: 5 })).body.jobId as string;
      expect((await s.call('POST', `/jobs/${held}/claim`, { token: bot, body: { start: true } })).status).toBe(201);
      const refused = await unchanged(() => create({ parentId: held, description: 'No review', reviewRequired: false, maxAttempts: 99 }, bot));
      expect([refused.status, refused.body.error.code, refused.body.error.details]).toEqual([403, 'FIELD_FORBIDDEN', { fields: ['reviewRequired', 'maxAttempts'] }]);
      for (const assignee of [{ kind: 'agent', agentId: 'accomplice' }, { kind: 'operator', slug: 'ana' }]) {
        const other = await unchanged(() => create({ parentId: held, description: 'Elsewhere', assignee }, bot));
        expect([other.status, other.body.error.code]).toEqual([403, 'ASSIGNEE_FORBIDDEN']);
      }
      const own = await create({ parentId: held, description: 'Mine', assignee: { kind: 'agent', agentId } }, bot);
      expect(own.status).toBe(201);
      expect(await job(own.body.jobId)).toMatchObject({ reviewRequired: true, maxAttempts: 5, assignee: { kind: 'agent', agentId } });
      const admins = await create({ parentId: held, description: 'Admin may', reviewRequired: false, maxAttempts: 1, assignee: { kind: 'operator', slug: 'ana' } });
      expect(await job(admins.body.jobId)).toMatchObject({ reviewRequired: false, maxAttempts: 1, assignee: { kind: 'operator', slug: 'ana' } });
    });

    it('refuses an agent a child outside its projects before looking at anything there', async () => {
      await s.call('POST', '/projects', { token: admin, body: { slug: 'elsewhere', name: 'Elsewhere' } });
      const parent = (await create({ description: 'Theirs' }, admin, {}, 'elsewhere')).body.jobId as string;
      const answers = [];
      for (const [slug, parentId] of [['elsewhere', parent], ['nowhere', 'nowhere-00000000'], ['elsewhere', 'elsewhere-00000000']]) {
        for (const assignee of [undefined, { kind: 'operator', slug: 'ghost' }]) {
          const answer = await unchanged(() => create({ parentId, description: 'probe', ...(assignee && { assignee }) }, bot, {}, slug));
          answers.push([answer.status, answer.body.error.code]);
        }
      }
      expect(answers).toEqual(Array(6).fill([403, 'PROJECT_FORBIDDEN']));
    });

    it('the child-creator reactor creates a child from its allocation alone (no fast path)', async () => {
      const parent = (await create({ description: 'Parent' })).body.jobId as string;
      const ctx = { commandId: 'allocate-directly', actor: SYSTEM_ACTOR, correlationId: 'c', causationId: 'c', now: new Date().toISOString() };
      const child = { title: '', description: 'Made by the reactor', priority: 1, phase: 'ready' as const, requiredEvidence: [], allowedEvidence: [], reviewRequired: false, maxAttempts: 2 };
      const allocated = await executeCommand(s.backends.eventStore, streams.job(parent), jobDecider,
        () => ({ type: 'AllocateChild' as const, projectSlug: 'proj', child }), ctx, { retries: 3 });
      await settleAll(s, allocated.position as bigint);
      expect(await job(`${parent}.1`)).toMatchObject({ title: 'Made by the reactor', parentId: parent, depth: 2, priority: 1 });
    });

    it('keeps a child in its parent\'s project', async () => {
      await s.call('POST', '/projects', { token: admin, body: { slug: 'side', name: 'Side' } });
      const parent = (await create({ description: 'Parent' })).body.jobId as string;
      const answer = await unchanged(() => create({ parentId: parent, description: 'x' }, admin, {}, 'side'));
      expect([answer.status, answer.body.error.code]).toEqual([422, 'PARENT_IN_OTHER_PROJECT']);
    });
  });
});
