import { appendsNothing, settleAll } from '../testing/log-watch';
import { startTestServer, type TestServer } from '../testing/test-server';

/** Dependencies, `blocked`, the context of a job, and a parent's cancellation reaching its children. */
describe('agent jobs: dependencies and context over HTTP', () => {
  let s: TestServer;
  let admin: string;
  let bot: string;

  beforeAll(async () => {
    s = await startTestServer();
    admin = s.token('admin');
    bot = s.token('agent', { agent: 'bot', projects: ['proj'] });
    await s.call('POST', '/projects', { token: admin, body: { slug: 'proj', name: 'Project' } });
  });
  afterAll(() => s.stop());

  const newJob = async (title: string, extra: object = {}) =>
    (await s.call('POST', '/projects/proj/jobs', { token: admin, body: { title, description: `${title}\nbody`, ...extra } })).body.jobId as string;
  const depend = (jobId: string, relatedJobId: string, relation: string, token = admin) =>
    s.call('POST', `/jobs/${jobId}/dependencies`, { token, body: { relatedJobId, relation } });
  const get = async (path: string, token = admin) => (await s.call('GET', path, { token })).body;
  const unchanged = (call: () => Promise<{ status: number; body: any }>) => appendsNothing(s, call);
  const finish = async (jobId: string) => {
    const claim = await s.call('POST', `/jobs/${jobId}/claim`, { token: bot, body: { start: true } });
    expect(claim.status).toBe(201);
    return s.call('POST', `/jobs/${jobId}/result`, { token: bot, body: { serviceEventId: claim.body.serviceEventId, resultJson: { status: 'success' } } });
  };

  it('blocked_by holds a claim until the blocker is done; the job shows blocked meanwhile', async () => {
    const a = await newJob('Schema');
    const b = await newJob('Migration');
    const added = await depend(b, a, 'blocked_by');
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ jobId: b, relatedJobId: a, relation: 'blocked_by', stored: { jobId: b, relatedJobId: a, relation: 'blocked_by' } });
    expect(await get(`/jobs/${b}`)).toMatchObject({ blocked: true, effectivePhase: 'blocked', phase: 'ready' });
    expect((await get('/projects/proj/jobs/blocked')).items.map((j: { jobId: string }) => j.jobId)).toEqual([b]);

    const refused = await unchanged(() => s.call('POST', `/jobs/${b}/claim`, { token: bot, body: {} }));
    expect([refused.status, refused.body.error.code, refused.body.error.details.blockedBy]).toEqual([409, 'JOB_BLOCKED', [a]]);

    expect((await finish(a)).status).toBe(200);
    expect(await get(`/jobs/${b}`)).toMatchObject({ blocked: false, effectivePhase: 'ready' });
    expect((await get('/projects/proj/jobs/blocked')).items).toEqual([]);
    expect((await s.call('POST', `/jobs/${b}/claim`, { token: bot, body: {} })).status).toBe(201);
  });

  it('`A blocks B` is stored as `B blocked_by A`: B cannot be claimed', async () => {
    const a = await newJob('Design');
    const b = await newJob('Build');
    const added = await depend(a, b, 'blocks');
    expect(added.body.stored).toEqual({ jobId: b, relatedJobId: a, relation: 'blocked_by' });
    expect((await get(`/jobs/${b}/dependencies`)).dependencies).toEqual([
      expect.objectContaining({ jobId: a, relation: 'blocked_by', title: 'Design', resolved: false }),
    ]);
    expect((await get(`/jobs/${a}/dependencies`)).dependents).toEqual([expect.objectContaining({ jobId: b, relation: 'blocked_by' })]);
    const refused = await s.call('POST', `/jobs/${b}/claim`, { token: bot, body: {} });
    expect([refused.status, refused.body.error.code]).toEqual([409, 'JOB_BLOCKED']);
  });

  it('waits_for and conditional_blocks are recorded but never hold a claim', async () => {
    const a = await newJob('Upstream');
    const b = await newJob('Downstream');
    expect((await depend(b, a, 'waits_for')).status).toBe(201);
    expect((await depend(b, a, 'conditional_blocks')).status).toBe(201);
    expect(await get(`/jobs/${b}`)).toMatchObject({ blocked: false, effectivePhase: 'ready' });
    expect((await s.call('POST', `/jobs/${b}/claim`, { token: bot, body: {} })).status).toBe(201);
  });

  it('refuses a self-dependency (400), an unknown job (404), a duplicate (409) and a cycle (422), appending nothing', async () => {
    const a = await newJob('A');
    const b = await newJob('B');
    const c = await newJob('C');
    expect((await unchanged(() => depend(a, a, 'blocked_by'))).body.error.code).toBe('SELF_DEPENDENCY');
    const unknown = await unchanged(() => depend(a, 'proj-00000000', 'blocked_by'));
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'RELATED_JOB_NOT_FOUND']);
    await depend(a, b, 'blocked_by');
    const duplicate = await unchanged(() => depend(a, b, 'blocked_by'));
    expect([duplicate.status, duplicate.body.error.code]).toEqual([409, 'DEPENDENCY_EXISTS']);
    await depend(b, c, 'waits_for');
    const cycle = await unchanged(() => depend(c, a, 'blocked_by'));
    expect([cycle.status, cycle.body.error.code, cycle.body.error.details.cycle]).toEqual([422, 'DEPENDENCY_CYCLE', [c, a, b, c]]);
    // `a blocks c` is `c blocked_by a`: the same cycle, found on c's side
    const inverse = await unchanged(() => depend(a, c, 'blocks'));
    expect([inverse.status, inverse.body.error.code, inverse.body.error.details.cycle]).toEqual([422, 'DEPENDENCY_CYCLE', [c, a, b, c]]);
    const bad = await unchanged(() => depend(a, c, 'depends_on'));
    expect(bad.status).toBe(400);
  });

  it('refuses a key used before with another body wherever the first was stored (`blocks` lives on the other job), adding nothing', async () => {
    const [x, y, z] = [await newJob('X'), await newJob('Y'), await newJob('Z')];
    const add = (relatedJobId: string, relation: string) => s.call('POST', `/jobs/${x}/dependencies`, { token: admin, body: { relatedJobId, relation }, headers: { 'idempotency-key': `add-${x}` } });
    expect([(await add(y, 'blocks')).status, (await add(y, 'blocks')).status]).toEqual([201, 201]);
    for (const [related, relation] of [[z, 'blocks'], [z, 'waits_for'], [y, 'conditional_blocks']]) {
      const other = await unchanged(() => add(related, relation));
      expect([relation, other.status, other.body.error?.code]).toEqual([relation, 422, 'IDEMPOTENCY_KEY_REUSED']);
    }
    expect((await get(`/jobs/${z}`)).relations.dependencies).toEqual([]);
  });

  it('never stores a cycle from two additions sent at once (one of each pair is 422 DEPENDENCY_CYCLE)', async () => {
    for (let round = 0; round < 5; round++) {
      const a = await newJob(`Round ${round} a`);
      const b = await newJob(`Round ${round} b`);
      const both = await Promise.all([depend(a, b, 'blocked_by'), round % 2 ? depend(a, b, 'blocks') : depend(b, a, 'waits_for')]);
      expect(both.map((r) => r.status).sort()).toEqual([201, 422]);
      expect(both.find((r) => r.status === 422)?.body.error.code).toBe('DEPENDENCY_CYCLE');
    }
  });

  it('removes dependencies, the inverse `blocks` included; 404 when there is none', async () => {
    const a = await newJob('One');
    const b = await newJob('Two');
    await depend(b, a, 'blocked_by');
    await depend(b, a, 'waits_for');
    const one = await s.call('DELETE', `/jobs/${b}/dependencies/${a}?relation=waits_for`, { token: admin });
    expect([one.status, one.body.removed]).toEqual([200, ['waits_for']]);
    const inverse = await s.call('DELETE', `/jobs/${a}/dependencies/${b}?relation=blocks`, { token: admin });
    expect([inverse.status, inverse.body.removed]).toEqual([200, ['blocks']]);
    expect(await get(`/jobs/${b}`)).toMatchObject({ blocked: false, relations: { dependencies: [], dependents: [] } });
    const none = await unchanged(() => s.call('DELETE', `/jobs/${b}/dependencies/${a}`, { token: admin }));
    expect([none.status, none.body.error.code]).toEqual([404, 'DEPENDENCY_NOT_FOUND']);
  });

  it('removes all of a pair\'s relations or none: one stored on a finished job refuses the whole request', async () => {
    const a = await newJob('Blocker');
    const b = await newJob('Blocked');
    expect((await depend(a, b, 'blocks')).status).toBe(201); // stored on b, still open
    expect((await depend(a, b, 'conditional_blocks')).status).toBe(201); // stored on a
    expect((await finish(a)).status).toBe(200);
    const refused = await unchanged(() => s.call('DELETE', `/jobs/${a}/dependencies/${b}`, { token: admin }));
    expect([refused.status, refused.body.error.code]).toEqual([409, 'JOB_TERMINAL']);
  });

  it('refuses a key used before for another ?relation= (or none) whole, 422 IDEMPOTENCY_KEY_REUSED, before removing anything', async () => {
    const a = await newJob('Keyed');
    const b = await newJob('Its blocker');
    await depend(a, b, 'blocked_by');
    await depend(a, b, 'waits_for');
    const remove = (query: string) => s.call('DELETE', `/jobs/${a}/dependencies/${b}${query}`, { token: admin, headers: { 'idempotency-key': `del-${a}` } });
    expect([(await remove('?relation=waits_for')).status, (await remove('?relation=waits_for')).status]).toEqual([200, 200]);
    for (const query of ['?relation=blocked_by', '']) {
      const other = await unchanged(() => remove(query));
      expect([query, other.status, other.body.error?.code]).toEqual([query, 422, 'IDEMPOTENCY_KEY_REUSED']);
    }
    expect((await get(`/jobs/${a}`)).relations.dependencies).toEqual([expect.objectContaining({ jobId: b, relation: 'blocked_by' })]);
  });

  it('is for admins to change; agents of the project read', async () => {
    const a = await newJob('X');
    const b = await newJob('Y');
    expect((await unchanged(() => depend(b, a, 'blocked_by', bot))).status).toBe(403);
    expect((await s.call('GET', `/jobs/${b}/dependencies`, { token: bot })).status).toBe(200);
    const outsider = s.token('agent', { agent: 'bot', projects: ['other'] });
    expect((await s.call('GET', `/jobs/${b}/dependencies`, { token: outsider })).status).toBe(403);
  });

  it('GET /jobs/:id/context gathers the job, its parent, children, relations, latest attempt and derived state', async () => {
    const blocker = await newJob('Blocker');
    const parent = await newJob('Parent');
    const job = (await s.call('POST', `/jobs/${parent}/children`, { token: admin, body: { description: 'The job' } })).body.jobId as string;
    const child = (await s.call('POST', `/jobs/${job}/children`, { token: admin, body: { description: 'Its child' } })).body.jobId as string;
    const dependent = await newJob('Dependent');
    await depend(job, blocker, 'blocked_by');
    await depend(dependent, job, 'waits_for');

    const context = await s.call('GET', `/jobs/${job}/context`, { token: bot });
    expect(context.status).toBe(200);
    expect(Object.keys(context.body).sort()).toEqual(
      ['blocked', 'children', 'effectivePhase', 'job', 'latestAttempt', 'latestRejectionReason', 'parent', 'relations', 'waiting'].sort(),
    );
    expect(context.body).toMatchObject({
      job: { jobId: job, parentId: parent, depth: 2 },
      parent: { jobId: parent, title: 'Parent', phase: 'ready' },
      children: [{ jobId: child, title: 'Its child' }],
      relations: {
        dependencies: [{ jobId: blocker, relation: 'blocked_by', resolved: false }],
        dependents: [{ jobId: dependent, relation: 'waits_for' }],
        blocking: [{ jobId: blocker, relation: 'blocked_by' }],
      },
      latestAttempt: null, latestRejectionReason: null, blocked: true, waiting: false, effectivePhase: 'blocked',
    });
    expect(context.body.job.searchText).toBeUndefined();
    expect((await s.call('GET', `/jobs/${job}/context`, { token: s.token('operator', { operator: 'ana' }) })).status).toBe(404);
  });

  it('shows a related job the caller may not see by its id and relation only, not whether it ended; a hidden blocker still says why', async () => {
    await s.call('POST', '/projects', { token: admin, body: { slug: 'other', name: 'Other' } });
    const hidden = (await s.call('POST', '/projects/other/jobs', { token: admin, body: { description: 'Hidden blocker' } })).body.jobId as string;
    const hiddenToo = (await s.call('POST', '/projects/other/jobs', { token: admin, body: { description: 'Hidden ordering' } })).body.jobId as string;
    const job = await newJob('Mine');
    await depend(job, hidden, 'blocked_by');
    await depend(job, hiddenToo, 'waits_for');
    expect((await s.call('GET', `/jobs/${hidden}`, { token: bot })).status).toBe(403);
    const shown = async () => ({ deps: (await get(`/jobs/${job}/dependencies`, bot)).dependencies, ctx: (await get(`/jobs/${job}/context`, bot)).relations });
    const idOnly = [{ jobId: hidden, relation: 'blocked_by' }, { jobId: hiddenToo, relation: 'waits_for' }];
    expect(await shown()).toEqual({ deps: idOnly, ctx: { dependencies: idOnly, dependents: [], blocking: [idOnly[0]] } });
    await s.call('POST', `/jobs/${hidden}/cancel`, { token: admin, body: { reason: 'not needed' } });
    await s.call('POST', `/jobs/${hiddenToo}/cancel`, { token: admin, body: { reason: 'not needed' } });
    expect(await shown()).toEqual({ deps: idOnly, ctx: { dependencies: idOnly, dependents: [], blocking: [] } });
    expect((await get(`/jobs/${job}/dependencies`)).dependencies.map((d: { resolved: boolean }) => d.resolved)).toEqual([true, true]);
  });

  it("does not walk a tree below a child the caller may not see: its children's ids are its state too", async () => {
    for (const slug of ['ana', 'bob']) await s.call('POST', '/operators', { token: admin, body: { slug, name: slug } });
    const parent = await newJob('Ana\'s', { assignee: { kind: 'operator', slug: 'ana' } });
    const child = (await s.call('POST', `/jobs/${parent}/children`, { token: admin, body: { description: 'Bob\'s', assignee: { kind: 'operator', slug: 'bob' } } })).body.jobId as string;
    await s.call('POST', `/jobs/${child}/children`, { token: admin, body: { description: 'Bob\'s too', assignee: { kind: 'operator', slug: 'bob' } } });
    const tree = await get(`/jobs/${parent}/tree`, s.token('operator', { operator: 'ana' }));
    expect(tree.children).toEqual([{ jobId: child, depth: 2, parentId: parent, children: [] }]);
    expect((await get(`/jobs/${parent}/tree`)).children[0].children).toHaveLength(1);
  });

  it('cancelling a parent cancels its unfinished children and theirs, leaving finished ones be', async () => {
    const parent = await newJob('Epic');
    const running = (await s.call('POST', `/jobs/${parent}/children`, { token: admin, body: { description: 'Running' } })).body.jobId as string;
    const finished = (await s.call('POST', `/jobs/${parent}/children`, { token: admin, body: { description: 'Finished' } })).body.jobId as string;
    const grandchild = (await s.call('POST', `/jobs/${running}/children`, { token: admin, body: { description: 'Deep' } })).body.jobId as string;
    await s.call('POST', `/jobs/${running}/claim`, { token: bot, body: { start: true } });
    expect((await finish(finished)).status).toBe(200);

    const cancelled = await s.call('POST', `/jobs/${parent}/cancel`, { token: admin, body: { reason: 'scope cut' } });
    expect(cancelled.status).toBe(200);
    // Each cancellation is a follow-up of the one above it.
    await settleAll(s, BigInt(cancelled.body.position));
    expect(await get(`/jobs/${running}`)).toMatchObject({ phase: 'cancelled', attempts: [{ status: 'released', reason: `parent ${parent} cancelled: scope cut` }] });
    expect(await get(`/jobs/${grandchild}`)).toMatchObject({ phase: 'cancelled' });
    expect(await get(`/jobs/${finished}`)).toMatchObject({ phase: 'done', resolution: 'completed' });
  });
});
