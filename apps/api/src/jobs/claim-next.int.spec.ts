import { commandContext, systemClock } from '../../../../libs/application/src/commands/command-context';
import { toNewEvents } from '../../../../libs/application/src/commands/command-executor';
import { streams } from '../../../../libs/domain/src/shared/streams';
import { AGENT_PROJECT, createAgentJob as createTreeJob } from '../testing/agent-job-tree';
import { appendJobEvents, createAgentJob, setUpAgentProject } from '../testing/agent-jobs';
import { appendsNothing, settleAll } from '../testing/log-watch';
import { startTestServer, type TestServer } from '../testing/test-server';

type Tokens = Awaited<ReturnType<typeof setUpAgentProject>>;
const ids = (body: { items: { jobId: string }[] }) => body.items.map((j) => j.jobId);

describe('the ready queue and claim-next', () => {
  let s: TestServer;
  let t: Tokens;
  beforeAll(async () => {
    s = await startTestServer();
    t = await setUpAgentProject(s, 'queue', { reviewRequired: false, maxAttempts: 3 });
  });
  afterAll(() => s.stop());

  it('orders by priority, then creation; leaves out blocked and not-ready jobs; pages with a cursor', async () => {
    const P = 'queue';
    const low = await createAgentJob(s, P, { priority: 3 });
    const urgentOld = await createAgentJob(s, P, { priority: 0 });
    const normal = await createAgentJob(s, P, { priority: 2 });
    const urgentNew = await createAgentJob(s, P, { priority: 0 });
    await createAgentJob(s, P, { phase: 'backlog', priority: 0 });
    const blocker = await createAgentJob(s, P, { phase: 'idea' });
    const blocked = await createAgentJob(s, P, { priority: 0 });
    await appendJobEvents(s, blocked, [{ type: 'JobDependencyAdded', data: { relatedJobId: blocker, relation: 'blocked_by' } }]);

    const reader = t.agent('reader');
    const page1 = await s.call('GET', `/projects/${P}/jobs/ready?limit=2`, { token: reader });
    expect(page1.status).toBe(200);
    expect(ids(page1.body)).toEqual([urgentOld, urgentNew]);
    const page2 = await s.call('GET', `/projects/${P}/jobs/ready?limit=10&cursor=${encodeURIComponent(page1.body.nextCursor)}`, { token: reader });
    expect(ids(page2.body)).toEqual([normal, low]);
    expect(page2.body.nextCursor).toBeNull();

    // a claim takes the head; a job whose budget is spent is no longer on the queue
    const bot = t.agent('bot-a');
    const head = await s.call('POST', `/projects/${P}/jobs/claim-next`, { token: bot, body: { start: true, harness: 'test' } });
    expect(head.status).toBe(201);
    expect(head.body).toMatchObject({ jobId: urgentOld, attemptNumber: 1, status: 'in_progress', job: { priority: 0 } });
    expect(ids((await s.call('GET', `/projects/${P}/jobs/ready`, { token: reader })).body)).not.toContain(urgentOld);
  });

  it('respects assignee scoping: an agent takes jobs assigned to it or to nobody, never another agent\'s', async () => {
    const r = await setUpAgentProject(s, 'scoped', { reviewRequired: false, maxAttempts: 3 });
    const theirs = await createAgentJob(s, 'scoped', { priority: 0, assignee: { kind: 'agent', agentId: 'other' } });
    const mine = await createAgentJob(s, 'scoped', { priority: 1, assignee: { kind: 'agent', agentId: 'me' } });
    const anyone = await createAgentJob(s, 'scoped', { priority: 2 });
    const me = r.agent('me');
    expect((await s.call('POST', '/projects/scoped/jobs/claim-next', { token: me, body: {} })).body.jobId).toBe(mine);
    expect((await s.call('POST', '/projects/scoped/jobs/claim-next', { token: me, body: {} })).body.jobId).toBe(anyone);
    const none = await s.call('POST', '/projects/scoped/jobs/claim-next', { token: me, body: {} });
    expect([none.status, none.body]).toEqual([204, null]);
    expect((await s.call('GET', `/jobs/${theirs}`, { token: r.admin })).body.phase).toBe('ready');
  });

  it('answers 404 PROJECT_NOT_FOUND for a project that does not exist (204 is an empty queue), 403 first to a caller not in it', async () => {
    const lost = await appendsNothing(s, () => s.call('POST', '/projects/nope/jobs/claim-next', { token: t.agent('lost', ['nope']), body: {} }));
    expect([lost.status, lost.body?.error?.code]).toEqual([404, 'PROJECT_NOT_FOUND']);
    const outsider = t.agent('outsider');
    const forbidden = async (slug: string) => (await s.call('POST', `/projects/${slug}/jobs/claim-next`, { token: outsider, body: {} })).body.error?.code;
    expect([await forbidden('queue-elsewhere'), await forbidden('nope')]).toEqual(['PROJECT_FORBIDDEN', 'PROJECT_FORBIDDEN']);
    const empty = await setUpAgentProject(s, 'empty', { reviewRequired: false, maxAttempts: 3 });
    const none = await s.call('POST', '/projects/empty/jobs/claim-next', { token: empty.agent('idle'), body: {} });
    expect([none.status, none.body]).toEqual([204, null]);
  });

  it('finds an agent\'s job behind more than a call\'s worth of other agents\' jobs at the head of the queue', async () => {
    const r = await setUpAgentProject(s, 'crowded', { reviewRequired: false, maxAttempts: 3 });
    for (let i = 0; i < 130; i++) await createAgentJob(s, 'crowded', { priority: 0, assignee: { kind: 'agent', agentId: `other-${i % 3}` } });
    const anyone = await createAgentJob(s, 'crowded', { priority: 4 });
    const claimed = await s.call('POST', '/projects/crowded/jobs/claim-next', { token: r.agent('late'), body: {} });
    expect([claimed.status, claimed.body?.jobId]).toEqual([201, anyone]);
  });

  it('finds an agent\'s job behind more than a call\'s worth of jobs that require evidence (an operator\'s work) at the head of the queue', async () => {
    const r = await setUpAgentProject(s, 'photos', { reviewRequired: false, maxAttempts: 3 });
    for (let i = 0; i < 130; i++) await createAgentJob(s, 'photos', { priority: 0, requiredEvidence: ['after'] });
    const agentWork = await createAgentJob(s, 'photos', { priority: 4 });
    const claimed = await s.call('POST', '/projects/photos/jobs/claim-next', { token: r.agent('late'), body: {} });
    expect([claimed.status, claimed.body?.jobId]).toEqual([201, agentWork]);
  });

  it('shows ready-queue entries as every job list shows a job, without the fields only queries use', async () => {
    const jobId = await createAgentJob(s, 'queue', { priority: 0 });
    const reader = t.agent('reader');
    const ready = (await s.call('GET', '/projects/queue/jobs/ready?limit=200', { token: reader })).body.items.find((j: { jobId: string }) => j.jobId === jobId);
    const listed = (await s.call('GET', `/jobs/${jobId}`, { token: reader })).body;
    expect(Object.keys(ready).sort()).toEqual(Object.keys(listed).sort());
    for (const hidden of ['_id', 'lastPosition', 'createdPosition', 'searchText', 'evidenceRequired']) expect(ready).not.toHaveProperty(hidden);
  });

  it('a keyed call looks for its earlier claim only once the read models hold every claim in the log: 503 READ_MODELS_BEHIND until then, nothing claimed', async () => {
    const lagging = await startTestServer({ JOBLEDGER_SETTLE_TIMEOUT_MS: '200' });
    try {
      const r = await setUpAgentProject(lagging, 'lag', { reviewRequired: false, maxAttempts: 3 });
      const [taken] = [await createAgentJob(lagging, 'lag'), await createAgentJob(lagging, 'lag')];
      await lagging.worker.stop(); // nothing is projected from here on, as in a process restarted after a crash
      expect((await lagging.call('POST', `/jobs/${taken}/claim`, { token: r.agent('other'), body: {} })).status).toBe(201);
      const keyed = await appendsNothing(lagging, () => lagging.call('POST', '/projects/lag/jobs/claim-next', { token: r.agent('me'), body: {}, headers: { 'idempotency-key': 'k-lag' } }));
      expect([keyed.status, keyed.body.error?.code]).toEqual([503, 'READ_MODELS_BEHIND']);
    } finally {
      await lagging.stop();
    }
  });

  it('is idempotent under an Idempotency-Key: a repeat answers the same claim', async () => {
    const r = await setUpAgentProject(s, 'repeat', { reviewRequired: false, maxAttempts: 3 });
    await createAgentJob(s, 'repeat', { priority: 0 });
    await createAgentJob(s, 'repeat', { priority: 1 });
    const bot = r.agent('bot-r');
    const headers = { 'idempotency-key': 'claim-next-1' };
    const first = await s.call('POST', '/projects/repeat/jobs/claim-next', { token: bot, body: {}, headers });
    const again = await s.call('POST', '/projects/repeat/jobs/claim-next', { token: bot, body: {}, headers });
    expect(again.body).toMatchObject({ jobId: first.body.jobId, serviceEventId: first.body.serviceEventId });
    expect((await s.call('GET', '/projects/repeat/jobs/ready', { token: bot })).body.items).toHaveLength(1);
  });

  it('refuses the key of a claim it remembers sent with another body (422 IDEMPOTENCY_KEY_REUSED), and claims nothing', async () => {
    const r = await setUpAgentProject(s, 'repeat-other', { reviewRequired: false, maxAttempts: 3 });
    await createAgentJob(s, 'repeat-other', { priority: 0 });
    const second = await createAgentJob(s, 'repeat-other', { priority: 1 });
    const bot = r.agent('bot-o');
    const headers = { 'idempotency-key': 'claim-next-other' };
    const first = await s.call('POST', '/projects/repeat-other/jobs/claim-next', { token: bot, body: { start: true }, headers });
    expect([first.status, first.body.status]).toEqual([201, 'in_progress']);
    const other = await appendsNothing(s, () => s.call('POST', '/projects/repeat-other/jobs/claim-next', { token: bot, body: {}, headers }));
    expect([other.status, other.body.error?.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
    expect(ids((await s.call('GET', '/projects/repeat-other/jobs/ready', { token: bot })).body)).toEqual([second]);
    expect(await s.call('POST', '/projects/repeat-other/jobs/claim-next', { token: bot, body: { start: true }, headers })).toEqual(first);
  });

  it('claims one job for an Idempotency-Key sent several times at once', async () => {
    const r = await setUpAgentProject(s, 'repeat-racing', { reviewRequired: false, maxAttempts: 3 });
    const bot = r.agent('bot-racing');
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 4; i++) await createAgentJob(s, 'repeat-racing', {});
      const headers = { 'idempotency-key': `racing-${round}` };
      const answers = await Promise.all([1, 2, 3, 4].map(() => s.call('POST', '/projects/repeat-racing/jobs/claim-next', { token: bot, body: {}, headers })));
      expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201]);
      expect(new Set(answers.map((a) => `${a.body.jobId} ${a.body.serviceEventId}`)).size).toBe(1);
      expect((await s.call('GET', '/projects/repeat-racing/jobs/ready', { token: bot })).body.items).toHaveLength(3 * (round + 1));
    }
  });

  it('a repeat answers the claim it made even after that attempt ended, and claims nothing else', async () => {
    const r = await setUpAgentProject(s, 'repeat-ended', { reviewRequired: false, maxAttempts: 3 });
    const first = await createAgentJob(s, 'repeat-ended', { priority: 0 });
    const second = await createAgentJob(s, 'repeat-ended', { priority: 1 });
    const bot = r.agent('bot-e');
    const headers = { 'idempotency-key': 'claim-next-ended' };
    const claimed = await s.call('POST', '/projects/repeat-ended/jobs/claim-next', { token: bot, body: { start: true }, headers });
    expect(claimed.body.jobId).toBe(first);
    const done = await s.call('POST', `/jobs/${first}/result`, { token: bot, body: { serviceEventId: claimed.body.serviceEventId, resultJson: { status: 'success' } } });
    expect(done.status).toBe(200);

    const again = await s.call('POST', '/projects/repeat-ended/jobs/claim-next', { token: bot, body: { start: true }, headers });
    expect([again.status, again.body.jobId, again.body.serviceEventId]).toEqual([201, first, claimed.body.serviceEventId]);
    expect(ids((await s.call('GET', '/projects/repeat-ended/jobs/ready', { token: bot })).body)).toEqual([second]);
    expect((await s.backends.eventStore.readStream(`job-${second}`)).filter((e) => e.type === 'JobClaimed')).toHaveLength(0);
  });

  it('passes over the jobs under a cancelled root before the cascade has reached them (a claim by id is 409 ANCESTOR_CANCELLED) and claims other work', async () => {
    const r = await setUpAgentProject(s, AGENT_PROJECT, { reviewRequired: false, maxAttempts: 3 });
    const root = await createTreeJob(s, { title: 'Cut scope', overrides: { priority: 0 } });
    const descendants: string[] = [];
    for (const n of [1, 2]) {
      const child = await createTreeJob(s, { title: `child ${n}`, parentId: root, n, overrides: { priority: 0 } });
      descendants.push(child);
      for (const m of [1, 2]) descendants.push(await createTreeJob(s, { title: `grandchild ${n}.${m}`, parentId: child, n: m, overrides: { priority: 0 } }));
    }
    expect((await s.call('POST', '/operators', { token: r.admin, body: { slug: 'ora', name: 'Ora' } })).status).toBe(201);
    const operatorsChild = await createTreeJob(s, { title: 'child 3', parentId: root, n: 3, overrides: { assignee: { kind: 'operator', slug: 'ora' } } });
    descendants.push(operatorsChild);
    const other = await createTreeJob(s, { title: 'Elsewhere', overrides: { priority: 1 } });

    // The cascade held back: the root is cancelled, its children and grandchildren not yet.
    const canceller = s.worker.host.runner('reactor:child-canceller');
    if (!canceller) throw new Error('no child-canceller runner');
    await canceller.stop();
    try {
      const ctx = commandContext({ id: 'admin:test', role: 'admin' }, systemClock);
      const cancelled = [{ type: 'JobCancelled', data: { reason: 'scope cut' } }];
      const { position } = await s.backends.eventStore.append(streams.job(root), toNewEvents(streams.job(root), cancelled, ctx), 'stream_exists');
      expect(await s.worker.host.runner('jobs')?.waitFor(position, 10_000)).toBe(true);
      const queued = (await s.call('GET', `/projects/${AGENT_PROJECT}/jobs/ready?limit=50`, { token: r.admin })).body.items.map((j: { jobId: string }) => j.jobId);
      expect(queued).toEqual(expect.arrayContaining([...descendants, other])); // still on the read model's queue

      const grandchild = `${root}.1.2`;
      const refused = await appendsNothing(s, () => s.call('POST', `/jobs/${grandchild}/claim`, { token: r.agent('bot-1'), body: { start: true } }));
      expect([refused.status, refused.body.error?.code, refused.body.error?.details]).toEqual([409, 'ANCESTOR_CANCELLED', { ancestorId: root }]);
      const byOperator = await appendsNothing(s, () => s.call('POST', `/jobs/${operatorsChild}/claim`, { token: s.token('operator', { operator: 'ora' }), body: {} }));
      expect([byOperator.status, byOperator.body.error?.code]).toEqual([409, 'ANCESTOR_CANCELLED']);

      const next = await s.call('POST', `/projects/${AGENT_PROJECT}/jobs/claim-next`, { token: r.agent('bot-2'), body: {} });
      expect([next.status, next.body?.jobId]).toEqual([201, other]);
      const none = await s.call('POST', `/projects/${AGENT_PROJECT}/jobs/claim-next`, { token: r.agent('bot-3'), body: {} });
      expect([none.status, none.body]).toEqual([204, null]);
    } finally {
      await canceller.start();
    }
    await settleAll(s, await s.backends.eventStore.headPosition());
    for (const jobId of descendants) {
      const events = await s.backends.eventStore.readStream(streams.job(jobId));
      expect({ jobId, types: events.map((e) => e.type) }).toEqual({ jobId, types: expect.arrayContaining(['JobCancelled']) });
      expect({ jobId, claims: events.filter((e) => e.type === 'JobClaimed').length }).toEqual({ jobId, claims: 0 });
    }
  });

  it('eight agents calling claim-next concurrently against 200 ready jobs: every job claimed exactly once', async () => {
    const P = 'swarm';
    const r = await setUpAgentProject(s, P, { reviewRequired: false, maxAttempts: 3 });
    const created = new Set<string>();
    for (let i = 0; i < 200; i++) created.add(await createAgentJob(s, P, { priority: i % 5 }));

    const claims: { agent: string; jobId: string; serviceEventId: string }[] = [];
    const worker = async (agent: string) => {
      const token = r.agent(agent);
      for (;;) {
        const c = await s.call('POST', `/projects/${P}/jobs/claim-next`, { token, body: {} });
        if (c.status === 204) return;
        if (c.status !== 201) throw new Error(`claim-next answered ${c.status} ${JSON.stringify(c.body)}`);
        claims.push({ agent, jobId: c.body.jobId, serviceEventId: c.body.serviceEventId });
      }
    };
    await Promise.all(Array.from({ length: 8 }, (_, i) => worker(`swarm-${i}`)));

    expect(claims).toHaveLength(200);
    expect(new Set(claims.map((c) => c.jobId))).toEqual(created);
    expect(new Set(claims.map((c) => c.agent)).size).toBeGreaterThan(1);
    // the streams agree: one JobClaimed per job, by the agent that was told it won
    for (const c of claims) {
      const events = await s.backends.eventStore.readStream(`job-${c.jobId}`);
      const claimed = events.filter((e) => e.type === 'JobClaimed');
      expect(claimed).toHaveLength(1);
      expect(claimed[0].data).toMatchObject({ serviceEventId: c.serviceEventId, claimant: { kind: 'agent', agentId: c.agent } });
    }
  }, 120_000);
});

describe('the watchdog: leases and deadlines', () => {
  let s: TestServer;
  let t: Tokens;
  beforeAll(async () => {
    s = await startTestServer({ JOBLEDGER_LEASE_SECONDS: '2', JOBLEDGER_LEASE_CHECK_MS: '50' });
    t = await setUpAgentProject(s, 'clock', { reviewRequired: false, maxAttempts: 3 });
  });
  afterAll(() => s.stop());

  const eventually = async <T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string): Promise<T> => {
    for (let i = 0; i < 400; i++) {
      const v = await read();
      if (ok(v)) return v;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`gave up waiting for ${what}`);
  };
  const attemptsOf = async (jobId: string) => (await s.call('GET', `/jobs/${jobId}/attempts`, { token: t.auditor })).body.items;

  it('a claim past its deadline (hints.timeoutSeconds) ends failed: deadline_exceeded, heartbeats notwithstanding', async () => {
    const jobId = await createAgentJob(s, 'clock', { execution: { harness: 'h', hints: { timeoutSeconds: 1 } } });
    const bot = t.agent('slow');
    const claim = await s.call('POST', `/jobs/${jobId}/claim`, { token: bot, body: { start: true } });
    expect(claim.body.deadlineAt).toEqual(expect.any(String));
    expect(Date.parse(claim.body.deadlineAt) - Date.parse(claim.body.leaseExpiresAt)).toBe(-1000);
    await s.call('POST', `/jobs/${jobId}/heartbeat`, { token: bot, body: { serviceEventId: claim.body.serviceEventId } });

    const [attempt] = await eventually(() => attemptsOf(jobId), (a) => a[0]?.status !== 'in_progress', 'the deadline');
    expect(attempt).toMatchObject({ status: 'failed', reason: 'deadline_exceeded', deadlineAt: claim.body.deadlineAt });
    expect((await s.call('GET', `/jobs/${jobId}`, { token: t.auditor })).body).toMatchObject({ phase: 'ready', attemptsUsed: 1 });
    const late = await s.call('POST', `/jobs/${jobId}/result`, { token: bot, body: { serviceEventId: claim.body.serviceEventId, resultJson: { status: 'success' } } });
    expect([late.status, late.body.error.code]).toEqual([409, 'STALE_SERVICE_EVENT']);
  });

  it('a silent claim is released lease_expired and counts against the budget', async () => {
    const r = await setUpAgentProject(s, 'lease', { reviewRequired: false, maxAttempts: 1 });
    const jobId = await createAgentJob(s, 'lease', { maxAttempts: 1 });
    const claim = await s.call('POST', '/projects/lease/jobs/claim-next', { token: r.agent('gone'), body: {} });
    expect(claim.body.jobId).toBe(jobId);
    expect(claim.body.deadlineAt).toBeUndefined();
    const [attempt] = await eventually(() => attemptsOf(jobId), (a) => a[0]?.status !== 'queued', 'the lease to lapse');
    expect(attempt).toMatchObject({ status: 'released', reason: 'lease_expired' });
    const again = await s.call('POST', `/jobs/${jobId}/claim`, { token: r.agent('next'), body: {} });
    expect([again.status, again.body.error.code]).toEqual([409, 'ATTEMPTS_EXHAUSTED']);
  });
});

/**
 * A new process remembers no claims of its own, so a repeat is answered from the read model
 * (the claim kept under its command id) or not at all.
 */
describe('claim-next repeats answered from the read model', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(() => s.stop());

  it('a repeat after a restart and a rebuild of jobs answers its first claim, though that attempt ended and the queue moved', async () => {
    const P = 'repeat-restart';
    const r = await setUpAgentProject(s, P, { reviewRequired: false, maxAttempts: 3 });
    const first = await createAgentJob(s, P, { priority: 0 });
    const second = await createAgentJob(s, P, { priority: 1 });
    const headers = { 'idempotency-key': 'claim-next-restart' };
    const claimed = await s.call('POST', `/projects/${P}/jobs/claim-next`, { token: r.agent('bot'), body: { start: true }, headers });
    expect(claimed.body.jobId).toBe(first);
    expect((await s.call('POST', `/jobs/${first}/result`, { token: r.agent('bot'), body: { serviceEventId: claimed.body.serviceEventId, resultJson: { status: 'success' } } })).status).toBe(200);
    const other = await s.call('POST', `/projects/${P}/jobs/claim-next`, { token: r.agent('other'), body: {} });
    expect(other.body.jobId).toBe(second);
    const third = await createAgentJob(s, P, { priority: 0 });

    s = await s.restart();
    await s.worker.host.runner('jobs')?.rebuild();
    expect(await s.worker.host.settle(await s.backends.eventStore.headPosition(), 10_000)).toBe(true);
    const bot = s.token('agent', { sub: 'agent:bot', agent: 'bot', projects: [P] });
    const again = await s.call('POST', `/projects/${P}/jobs/claim-next`, { token: bot, body: { start: true }, headers });
    expect([again.status, again.body.jobId, again.body.serviceEventId]).toEqual([201, first, claimed.body.serviceEventId]);
    expect(ids((await s.call('GET', `/projects/${P}/jobs/ready`, { token: bot })).body)).toEqual([third]);
    expect((await s.backends.eventStore.readStream(`job-${third}`)).filter((e) => e.type === 'JobClaimed')).toHaveLength(0);
  });
});
