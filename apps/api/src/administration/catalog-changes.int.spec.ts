import { evidenceForm, governedJob, png, setUpWorld, type World } from '../testing/fixtures';
import { allFromZero, dumpReadModels } from '../testing/read-models';
import { startTestServer, type TestServer } from '../testing/test-server';

/**
 * `PATCH /surfaces/:key` and `PATCH /projects/:slug` (docs/decisions.md, "Changing a surface's
 * evidence policy and a project's defaults"): what the next jobs get changes; the jobs already
 * created keep what they snapshotted (SPEC §2).
 */
describe("changing a surface's evidence policy and a project's defaults", () => {
  let s: TestServer;
  let w: World;
  beforeAll(async () => {
    s = await startTestServer();
    w = await setUpWorld(s, ['ana']);
  });
  afterAll(() => s.stop());

  const head = () => s.backends.eventStore.headPosition();
  const photo = (jobId: string, serviceEventId: string, category: string) =>
    s.call('POST', `/jobs/${jobId}/evidence`, { token: w.operator('ana'), body: evidenceForm({ serviceEventId, category }, { bytes: png(`${category}-${serviceEventId}`), type: 'image/png' }) });
  const claimAndStart = async (jobId: string) =>
    (await s.call('POST', `/jobs/${jobId}/claim`, { token: w.operator('ana'), body: { start: true } })).body.serviceEventId as string;
  const complete = (jobId: string, serviceEventId: string) => s.call('POST', `/jobs/${jobId}/complete`, { token: w.operator('ana'), body: { serviceEventId } });

  /** A project of its own with a surface needing no evidence, so that completing is one call. */
  const plainWorld = async (project: string, defaults: object): Promise<World> => {
    expect((await s.call('POST', '/projects', { token: w.admin, body: { slug: project, name: project, defaults } })).status).toBe(201);
    await s.call('POST', '/surfaces', { token: w.admin, body: { key: 'consultation', name: 'Consultation', kind: 'advisory', requiredEvidence: [] } });
    return { ...w, project, surface: 'consultation' };
  };

  it('a job created before a policy change keeps its required and allowed evidence; one created after needs the new set', async () => {
    const before = (await governedJob(s, w, 'ana')).jobId;
    const changed = await s.call('PATCH', `/surfaces/${w.surface}`, { token: w.admin, body: { requiredEvidence: ['arrival', 'after', 'odometer'] } });
    expect(changed.status).toBe(200);
    const policy = { requiredEvidence: ['arrival', 'after', 'odometer'], allowedEvidence: ['signature', 'arrival', 'before', 'after', 'odometer'] };
    expect(changed.body).toMatchObject({ key: w.surface, name: 'Auto detailing', kind: 'physical', ...policy, settled: true });
    expect((await s.call('GET', '/surfaces', { token: w.admin })).body.items).toEqual([expect.objectContaining({ key: w.surface, ...policy })]);
    const after = (await governedJob(s, w, 'ana')).jobId;

    expect((await s.call('GET', `/jobs/${before}`, { token: w.admin })).body).toMatchObject({
      requiredEvidence: ['arrival', 'before', 'after'], allowedEvidence: ['signature', 'arrival', 'before', 'after'],
    });
    expect((await s.call('GET', `/jobs/${after}`, { token: w.admin })).body).toMatchObject(policy);

    // The job made before: the old set completes it, and the new category is not even allowed on it.
    const se1 = await claimAndStart(before);
    const odometer = await photo(before, se1, 'odometer');
    expect([odometer.status, odometer.body.error.code]).toEqual([422, 'EVIDENCE_CATEGORY_NOT_ALLOWED']);
    for (const category of ['arrival', 'before', 'after']) expect((await photo(before, se1, category)).status).toBe(201);
    expect((await complete(before, se1)).body).toMatchObject({ phase: 'done' });

    // The job made after: exactly the new categories are missing, `before` no longer is.
    const se2 = await claimAndStart(after);
    expect((await photo(after, se2, 'arrival')).status).toBe(201);
    const missing = await complete(after, se2);
    expect([missing.status, missing.body.error.code, missing.body.error.details.missing]).toEqual([422, 'EVIDENCE_MISSING', ['after', 'odometer']]);
    for (const category of ['after', 'odometer']) expect((await photo(after, se2, category)).status).toBe(201);
    expect((await complete(after, se2)).body).toMatchObject({ phase: 'done' });
  });

  it('jobs created after a defaults change get the new reviewRequired and maxAttempts; jobs created before keep theirs', async () => {
    const fleet = await plainWorld('fleet', { reviewRequired: false, maxAttempts: 3 });
    const before = (await governedJob(s, fleet, 'ana')).jobId;
    const changed = await s.call('PATCH', '/projects/fleet', { token: w.admin, body: { defaults: { reviewRequired: true, maxAttempts: 1 } } });
    expect([changed.status, changed.body]).toEqual([200, expect.objectContaining({ slug: 'fleet', name: 'fleet', defaults: { reviewRequired: true, maxAttempts: 1, git: {} } })]);
    expect((await s.call('GET', '/projects/fleet', { token: w.admin })).body).toEqual({ slug: 'fleet', name: 'fleet', defaults: { reviewRequired: true, maxAttempts: 1, git: {} } });
    const failing = (await governedJob(s, fleet, 'ana')).jobId;
    const reviewed = (await governedJob(s, fleet, 'ana')).jobId;
    const agentJob = (await s.call('POST', '/projects/fleet/jobs', { token: w.admin, body: { description: 'rotate the tyres' } })).body.jobId as string;

    expect((await s.call('GET', `/jobs/${before}`, { token: w.admin })).body).toMatchObject({ reviewRequired: false, maxAttempts: 3 });
    for (const jobId of [failing, reviewed, agentJob]) {
      expect((await s.call('GET', `/jobs/${jobId}`, { token: w.admin })).body).toMatchObject({ jobId, reviewRequired: true, maxAttempts: 1 });
    }

    // Before: a failure leaves attempts to spare, and completing needs no review.
    const se1 = await claimAndStart(before);
    expect((await s.call('POST', `/jobs/${before}/fail`, { token: w.operator('ana'), body: { serviceEventId: se1, reason: 'customer absent' } })).body.phase).toBe('ready');
    expect((await complete(before, await claimAndStart(before))).body).toMatchObject({ phase: 'done' });
    // After: one failure uses the only attempt, and completing goes to review.
    const se2 = await claimAndStart(failing);
    const failed = await s.call('POST', `/jobs/${failing}/fail`, { token: w.operator('ana'), body: { serviceEventId: se2, reason: 'customer absent' } });
    expect(failed.body).toMatchObject({ phase: 'done' });
    expect((await s.call('GET', `/jobs/${failing}`, { token: w.admin })).body).toMatchObject({ phase: 'done', resolution: 'failed' });
    expect((await complete(reviewed, await claimAndStart(reviewed))).body).toMatchObject({ phase: 'review' });
  });

  it('a change names only the defaults it changes; git is replaced as a whole and new agent jobs resolve against it', async () => {
    await plainWorld('gitty', { reviewRequired: true, maxAttempts: 4, git: { remote: 'origin', branch: 'main' } });
    const git = await s.call('PATCH', '/projects/gitty', { token: w.admin, body: { defaults: { git: { branch: 'agent/${job_id}', push: 'on_success' } } } });
    expect(git.body.defaults).toEqual({ reviewRequired: true, maxAttempts: 4, git: { branch: 'agent/${job_id}', push: 'on_success' } });
    const attempts = await s.call('PATCH', '/projects/gitty', { token: w.admin, body: { defaults: { maxAttempts: 2 } } });
    expect(attempts.body.defaults).toEqual({ reviewRequired: true, maxAttempts: 2, git: { branch: 'agent/${job_id}', push: 'on_success' } });
    const jobId = (await s.call('POST', '/projects/gitty/jobs', { token: w.admin, body: { description: 'ship it', execution: { harness: 'codex' } } })).body.jobId as string;
    expect((await s.call('GET', `/jobs/${jobId}`, { token: w.admin })).body.execution.git).toEqual({ branch: `agent/${jobId}`, push: 'on_success' });
  });

  it('only admins change a policy or defaults: operators, requesters, auditors and agents get 403 and nothing is appended', async () => {
    const others = [w.operator('ana'), w.requester, s.token('auditor'), s.token('agent', { agent: 'bot', projects: [w.project] })];
    const start = await head();
    for (const token of others) {
      const surface = await s.call('PATCH', `/surfaces/${w.surface}`, { token, body: { requiredEvidence: [] } });
      const project = await s.call('PATCH', `/projects/${w.project}`, { token, body: { defaults: { maxAttempts: 9 } } });
      expect([surface.status, surface.body.error.code, project.status, project.body.error.code]).toEqual([403, 'FORBIDDEN', 403, 'FORBIDDEN']);
    }
    expect((await s.call('PATCH', `/surfaces/${w.surface}`, { body: { requiredEvidence: [] } })).status).toBe(401);
    expect(await head()).toBe(start);
  });

  it('answers 404 for a surface or project that does not exist, and appends nothing', async () => {
    const start = await head();
    const surface = await s.call('PATCH', '/surfaces/window-cleaning', { token: w.admin, body: { requiredEvidence: ['after'] } });
    const project = await s.call('PATCH', '/projects/nowhere', { token: w.admin, body: { defaults: { maxAttempts: 2 } } });
    expect([surface.status, surface.body.error.code, project.status, project.body.error.code]).toEqual([404, 'SURFACE_NOT_FOUND', 404, 'PROJECT_NOT_FOUND']);
    expect(await head()).toBe(start);
  });

  it('refuses bad bodies with 400 naming the field, and appends nothing', async () => {
    const start = await head();
    const surfaceBodies: unknown[] = [
      { requiredEvidence: 'after' }, { requiredEvidence: ['Before Photo'] }, { allowedEvidence: [7] }, { requiredEvidence: null },
      { allowedEvidence: Array.from({ length: 51 }, (_, i) => `c${i}`) }, { requiredEvidence: [], kind: 'advisory' }, '[]',
    ];
    for (const body of surfaceBodies) {
      const r = await s.call('PATCH', `/surfaces/${w.surface}`, { token: w.admin, body });
      expect([JSON.stringify(body).slice(0, 60), r.status, r.body.error.code]).toEqual([JSON.stringify(body).slice(0, 60), 400, 'VALIDATION_FAILED']);
    }
    const projectBodies: unknown[] = [
      { defaults: { maxAttempts: 0 } }, { defaults: { maxAttempts: 101 } }, { defaults: { maxAttempts: 2.5 } }, { defaults: { maxAttempts: null } },
      { defaults: { reviewRequired: 'yes' } }, { defaults: { git: { push: 'sometimes' } } }, { defaults: { git: null } }, { defaults: { colour: 'red' } },
      { defaults: [] }, { name: 'Renamed' }, 'true',
    ];
    for (const body of projectBodies) {
      const r = await s.call('PATCH', `/projects/${w.project}`, { token: w.admin, body });
      expect([JSON.stringify(body), r.status, r.body.error.code]).toEqual([JSON.stringify(body), 400, 'VALIDATION_FAILED']);
    }
    const named = await s.call('PATCH', `/projects/${w.project}`, { token: w.admin, body: { defaults: { maxAttempts: 0 } } });
    expect(Object.keys(named.body.error.details.fields)).toEqual(['defaults.maxAttempts']);
    // Creating refuses a null default too, rather than storing it.
    const nullOnCreate = await s.call('POST', '/projects', { token: w.admin, body: { slug: 'nulls', name: 'Nulls', defaults: { reviewRequired: null } } });
    expect([nullOnCreate.status, Object.keys(nullOnCreate.body.error.details.fields)]).toEqual([400, ['defaults.reviewRequired']]);
    expect(await head()).toBe(start);
  });

  it('a keyed repeat answers as the first time and appends nothing; the same key with another body is refused', async () => {
    await plainWorld('keyed', { reviewRequired: false, maxAttempts: 3 });
    const headers = { 'idempotency-key': 'defaults-1' };
    const change = () => s.call('PATCH', '/projects/keyed', { token: w.admin, headers, body: { defaults: { maxAttempts: 5 } } });
    const first = await change();
    expect([first.status, first.body.defaults.maxAttempts]).toEqual([200, 5]);
    expect((await s.call('PATCH', '/projects/keyed', { token: w.admin, body: { defaults: { maxAttempts: 7 } } })).body.defaults.maxAttempts).toBe(7);
    const start = await head();
    expect(await change()).toEqual(first);
    const reused = await s.call('PATCH', '/projects/keyed', { token: w.admin, headers, body: { defaults: { maxAttempts: 6 } } });
    expect([reused.status, reused.body.error.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);

    const policyHeaders = { 'idempotency-key': 'policy-1' };
    const policy = () => s.call('PATCH', '/surfaces/consultation', { token: w.admin, headers: policyHeaders, body: { requiredEvidence: ['signature'] } });
    const firstPolicy = await policy();
    expect([firstPolicy.status, firstPolicy.body.requiredEvidence]).toEqual([200, ['signature']]);
    const afterFirst = await head();
    expect(await policy()).toEqual(firstPolicy);
    expect(await head()).toBe(afterFirst);
    expect(afterFirst).toBe(start + 1n);
    expect((await s.backends.eventStore.readStream('surface-consultation')).map((e) => e.type)).toEqual(['SurfaceDefined', 'SurfaceEvidencePolicyChanged']);
  });

  it('a change that changes nothing appends nothing and answers what is in force', async () => {
    const start = await head();
    const project = await s.call('PATCH', '/projects/fleet', { token: w.admin, body: { defaults: { reviewRequired: true } } });
    expect([project.status, project.body.defaults, project.body.position]).toEqual([200, { reviewRequired: true, maxAttempts: 1, git: {} }, null]);
    const surface = await s.call('PATCH', `/surfaces/${w.surface}`, { token: w.admin, body: {} });
    expect([surface.status, surface.body.requiredEvidence, surface.body.position]).toEqual([200, ['arrival', 'after', 'odometer'], null]);
    expect(await head()).toBe(start);
  });

  it('pages the surfaces with limit and cursor: every surface once, in key order, the last page with no cursor', async () => {
    for (const key of ['zz-a', 'zz-b', 'zz-c']) {
      expect((await s.call('POST', '/surfaces', { token: w.admin, body: { key, name: key, kind: 'advisory', requiredEvidence: [] } })).status).toBe(201);
    }
    const whole = await s.call('GET', '/surfaces', { token: w.requester });
    expect(whole.body.nextCursor).toBeNull();
    const keys = (whole.body.items as Array<{ key: string }>).map((x) => x.key);
    expect(keys).toEqual(expect.arrayContaining(['zz-a', 'zz-b', 'zz-c', w.surface]));
    expect(keys).toEqual([...keys].sort());
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { items: Array<{ key: string }>; nextCursor: string | null } } =
        await s.call('GET', `/surfaces?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token: w.requester });
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      paged.push(...page.body.items.map((x) => x.key));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(paged).toEqual(keys);
    expect((await s.call('GET', '/surfaces?limit=0', { token: w.requester })).status).toBe(400);
  });

  it('rebuilds every read model from position zero into exactly the live documents after these changes', async () => {
    const at = await head();
    expect(await s.worker.host.settle(at, 10_000)).toBe(true);
    expect(await allFromZero(s.backends.eventStore, at)).toEqual(await dumpReadModels(s.backends.readStore));
  });
});
