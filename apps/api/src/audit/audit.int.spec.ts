import { agentToken, createAgentJob } from '../testing/agent-job-tree';
import { setUpWorld, type World } from '../testing/fixtures';
import { startTestServer, type TestServer } from '../testing/test-server';
import { completedJob } from './audit-fixtures';

type Check = { name: string; ok: boolean; detail: string };
const failed = (checks: Check[]) => checks.filter((c) => !c.ok).map((c) => c.name);

describe('audit over HTTP: replay, time travel, verification', () => {
  let s: TestServer;
  let w: World;
  let auditor: string;
  let first: Awaited<ReturnType<typeof completedJob>>;
  let second: Awaited<ReturnType<typeof completedJob>>;
  beforeAll(async () => {
    s = await startTestServer();
    w = await setUpWorld(s, ['ana']);
    auditor = s.token('auditor');
    first = await completedJob(s, w, 'ana', 120);
    second = await completedJob(s, w, 'ana', 80);
  });
  afterAll(() => s.stop());

  it('is open to admins and auditors only', async () => {
    const paths = [
      `/audit/streams/job-${first.jobId}`, `/audit/jobs/${first.jobId}/events`, `/audit/jobs/${first.jobId}/state`,
      `/audit/records/${first.recordId}/verify`, '/audit/ledger/detailing/digest', `/audit/ledger/detailing/verify?count=1&headHash=${'a'.repeat(64)}`,
    ];
    for (const path of paths) {
      expect([path, (await s.call('GET', path, { token: auditor })).status]).toEqual([path, 200]);
      expect([path, (await s.call('GET', path, { token: w.admin })).status]).toEqual([path, 200]);
      for (const token of [w.operator('ana'), w.requester, s.token('reviewer', { projects: ['detailing'] })]) {
        const r = await s.call('GET', path, { token });
        expect([path, r.status, r.body.error.code]).toEqual([path, 403, 'FORBIDDEN']);
      }
      expect((await s.call('GET', path)).status).toBe(401);
    }
  });

  it('serves a raw stream with metadata, revisions and positions, a page at a time', async () => {
    const page = await s.call('GET', `/audit/streams/job-${first.jobId}?fromRevision=1&limit=2`, { token: auditor });
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ stream: `job-${first.jobId}`, nextRevision: 3 });
    expect(page.body.events.map((e: { revision: number; type: string }) => [e.revision, e.type])).toEqual([[1, 'JobClaimed'], [2, 'ServiceEventStarted']]);
    expect(page.body.events[0]).toMatchObject({
      stream: `job-${first.jobId}`, eventId: expect.any(String), position: expect.stringMatching(/^\d+$/), actor: { id: 'operator:ana', role: 'operator' },
      correlationId: expect.any(String), causationId: expect.any(String), commandId: expect.any(String), occurredAt: expect.any(String), schemaVersion: 1,
      data: expect.objectContaining({ attemptNumber: 1 }),
    });
    const last = await s.call('GET', `/audit/streams/job-${first.jobId}?fromRevision=${page.body.lastRevision}`, { token: auditor });
    expect(last.body.events).toHaveLength(1);
    expect(last.body.nextRevision).toBeNull();

    expect((await s.call('GET', '/audit/streams/job-nothing-here', { token: auditor })).body.error.code).toBe('STREAM_NOT_FOUND');
    for (const q of ['limit=0', 'limit=5000', 'fromRevision=-1', 'fromRevision=x', 'other=1']) {
      const bad = await s.call('GET', `/audit/streams/job-${first.jobId}?${q}`, { token: auditor });
      expect([q, bad.status, bad.body.error.code]).toEqual([q, 400, 'VALIDATION_FAILED']);
    }
  });

  it("replays a job's stream with its record and signal streams, in global order", async () => {
    const r = await s.call('GET', `/audit/jobs/${first.jobId}/events`, { token: auditor });
    expect(r.status).toBe(200);
    expect(r.body.streams).toEqual([`job-${first.jobId}`, `joblog-${first.jobId}`, `record-${first.recordId}`, `signal-${first.recordId}`]);
    const events = r.body.events as { stream: string; type: string; position: string; actor: { role: string } }[];
    const positions = events.map((e) => BigInt(e.position));
    expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : 1)));
    expect(events.map((e) => e.type)).toEqual([
      'JobCreated', 'JobClaimed', 'ServiceEventStarted', 'EvidenceCaptured', 'EvidenceCaptured', 'EvidenceCaptured', 'ServiceEventCompleted', 'RecordSealed', 'SignalEmitted',
    ]);
    expect(events.slice(-2).map((e) => [e.stream, e.actor.role])).toEqual([[`record-${first.recordId}`, 'system'], [`signal-${first.recordId}`, 'system']]);
    expect((await s.call('GET', '/audit/jobs/detailing-00000000/events', { token: auditor })).body.error.code).toBe('JOB_NOT_FOUND');
  });

  it("pages a job's events by global position: the pages, followed by nextAfter, are the whole replay", async () => {
    const whole = await s.call('GET', `/audit/jobs/${first.jobId}/events`, { token: auditor });
    expect(whole.body.nextAfter).toBeNull();
    expect(whole.body.events).toHaveLength(9);
    // 4 leaves a last page of one; 3 ends exactly on a page's end, which must say so (no empty page after it).
    for (const limit of [4, 3]) {
      const paged: { position: string }[] = [];
      let after: string | null = null;
      for (let pages = 0; pages < 10; pages++) {
        const query: string = after === null ? `?limit=${limit}` : `?limit=${limit}&after=${after}`;
        const page = await s.call('GET', `/audit/jobs/${first.jobId}/events${query}`, { token: auditor });
        expect(page.status).toBe(200);
        expect(page.body.streams).toEqual(whole.body.streams);
        expect(page.body.events.length).toBeGreaterThan(0);
        expect(page.body.events.length).toBeLessThanOrEqual(limit);
        paged.push(...page.body.events);
        after = page.body.nextAfter;
        if (after === null) break;
        expect(after).toBe(page.body.events[page.body.events.length - 1].position);
      }
      expect(paged).toEqual(whole.body.events);
    }
    const past = await s.call('GET', `/audit/jobs/${first.jobId}/events?after=99999999999`, { token: auditor });
    expect([past.status, past.body.events, past.body.nextAfter]).toEqual([200, [], null]);
    for (const q of ['limit=0', 'limit=1001', 'after=-1', 'after=x', 'after=1.5']) {
      const bad = await s.call('GET', `/audit/jobs/${first.jobId}/events?${q}`, { token: auditor });
      expect([q, bad.status, bad.body.error.code]).toEqual([q, 400, 'VALIDATION_FAILED']);
    }
  });

  it("interleaves an agent job's log lines with its job, record and signal events, and verifies its record", async () => {
    const agent = agentToken(s, 'harness-1');
    const jobId = await createAgentJob(s, { title: 'audit me' });
    const { serviceEventId } = (await s.call('POST', `/jobs/${jobId}/claim`, { token: agent, body: { start: true } })).body;
    const log = (message: string) => s.call('POST', `/jobs/${jobId}/attempts/1/logs`, { token: agent, body: { serviceEventId, entries: [{ level: 'info', message }] } });
    expect((await log('cloning')).status).toBe(201);
    expect((await log('tests pass')).status).toBe(201);
    const done = await s.call('POST', `/jobs/${jobId}/result`, { token: agent, body: { serviceEventId, resultJson: { status: 'success', summary: 'done' } } });
    expect(done.status).toBe(200);

    const r = (await s.call('GET', `/audit/jobs/${jobId}/events`, { token: auditor })).body;
    expect(r.events.map((e: { stream: string; type: string }) => `${e.stream.split('-')[0]}:${e.type}`)).toEqual([
      'job:JobCreated', 'job:JobClaimed', 'job:ServiceEventStarted', 'joblog:LogAppended', 'joblog:LogAppended', 'job:ServiceEventCompleted', 'record:RecordSealed', 'signal:SignalEmitted',
    ]);
    expect(r.events[3]).toMatchObject({ stream: `joblog-${jobId}`, revision: 0, data: { message: 'cloning' }, actor: { role: 'agent' } });
    const verified = (await s.call('GET', `/audit/records/${done.body.recordId}/verify`, { token: auditor })).body;
    expect([verified.valid, verified.checks.map((c: Check) => c.name)]).toEqual([true, ['content-hash', 'job-stream', 'chain-link', 'chain-successor']]);
  });

  it('folds the job stream up to a revision (time travel)', async () => {
    const at = async (revision?: number) => (await s.call('GET', `/audit/jobs/${first.jobId}/state${revision === undefined ? '' : `?revision=${revision}`}`, { token: auditor })).body;
    expect(await at(0)).toMatchObject({ revision: 0, event: { type: 'JobCreated' }, state: { status: 'created', phase: 'ready', attempt: null } });
    expect(await at(1)).toMatchObject({ state: { phase: 'active', attempt: { status: 'queued', attemptNumber: 1 } } });
    expect((await at(4)).state.attempt.evidence.map((e: { category: string }) => e.category)).toEqual(['arrival', 'before']);
    const latest = await at();
    expect(latest).toMatchObject({ revision: 6, lastRevision: 6, state: { phase: 'done', resolution: 'completed', attempt: { payment: { amount: 120 } } } });
    expect(await at(6)).toEqual(latest);

    const beyond = await s.call('GET', `/audit/jobs/${first.jobId}/state?revision=7`, { token: auditor });
    expect([beyond.status, beyond.body.error.code, beyond.body.error.details]).toEqual([404, 'REVISION_NOT_FOUND', { lastRevision: 6 }]);
    for (const q of ['-1', '1.5', 'one', '', '%20', '0x1', '%2B1', '1.0', '1e0']) expect((await s.call('GET', `/audit/jobs/${first.jobId}/state?revision=${q}`, { token: auditor })).status).toBe(400);
    expect((await s.call('GET', '/audit/jobs/detailing-00000000/state?revision=0', { token: auditor })).status).toBe(404);
  });

  it('verifies an intact record: content hash, job stream, chain links, evidence bytes', async () => {
    const r = await s.call('GET', `/audit/records/${first.recordId}/verify`, { token: auditor });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ recordId: first.recordId, jobId: first.jobId, projectSlug: 'detailing', valid: true });
    expect(r.body.checks.map((c: Check) => c.name)).toEqual([
      'content-hash', 'job-stream', 'chain-link', 'chain-successor', ...r.body.checks.slice(4).map(() => expect.stringMatching(/^evidence:/)),
    ]);
    expect(r.body.checks).toHaveLength(7);
    expect(r.body.checks.every((c: Check) => c.ok && c.detail.length > 0)).toBe(true);
    expect(r.body.checks[2].detail).toBe('first record of project detailing');
    expect(r.body.checks[3].detail).toContain(second.recordId);
    expect((await s.call('GET', '/audit/records/00000000-0000-5000-8000-000000000000/verify', { token: auditor })).body.error.code).toBe('RECORD_NOT_FOUND');
  });

  it('gives a ledger digest that a later verify proves today’s chain extends; forged digests are refused', async () => {
    const digest = (await s.call('GET', '/audit/ledger/detailing/digest', { token: auditor })).body;
    const sealed = (await s.call('GET', `/records/${second.recordId}`, { token: auditor })).body;
    expect(digest).toEqual({ project: 'detailing', recordCount: 2, headHash: sealed.contentHash });
    const verify = (count: number, headHash: string) => s.call('GET', `/audit/ledger/detailing/verify?count=${count}&headHash=${headHash}`, { token: auditor });

    const kept = await verify(1, (await s.call('GET', `/records/${first.recordId}`, { token: auditor })).body.contentHash);
    expect(kept.body).toMatchObject({ project: 'detailing', valid: true, today: digest });
    expect(kept.body.checks.map((c: Check) => [c.name, c.ok])).toEqual([
      ['digest-count', true], ['digest-head', true], ['content-hashes', true], ['chain-links', true], ['signalled-records', true],
    ]);
    expect((await verify(2, digest.headHash)).body.valid).toBe(true);

    const wrongHead = await verify(2, 'f'.repeat(64));
    expect([wrongHead.body.valid, failed(wrongHead.body.checks)]).toEqual([false, ['digest-head']]);
    const shiftedHead = await verify(1, digest.headHash);
    expect([shiftedHead.body.valid, failed(shiftedHead.body.checks)]).toEqual([false, ['digest-head']]);
    const tooLong = await verify(3, digest.headHash);
    expect([tooLong.body.valid, failed(tooLong.body.checks)]).toEqual([false, ['digest-count']]);

    for (const q of ['count=0&headHash=' + digest.headHash, `count=2&headHash=${digest.headHash.toUpperCase()}`, 'count=2', `headHash=${digest.headHash}`]) {
      expect([q, (await s.call('GET', `/audit/ledger/detailing/verify?${q}`, { token: auditor })).status]).toEqual([q, 400]);
    }
    expect((await s.call('GET', '/audit/ledger/nowhere/digest', { token: auditor })).body.error.code).toBe('PROJECT_NOT_FOUND');
  });

  it('takes back the digest of a project with no records yet (count 0, no head), which every later chain extends', async () => {
    expect((await s.call('POST', '/projects', { token: w.admin, body: { slug: 'quiet', name: 'Quiet' } })).status).toBe(201);
    const empty = (await s.call('GET', '/audit/ledger/quiet/digest', { token: auditor })).body;
    expect(empty).toEqual({ project: 'quiet', recordCount: 0, headHash: null });
    for (const q of ['count=0', 'count=0&headHash=']) {
      const r = await s.call('GET', `/audit/ledger/quiet/verify?${q}`, { token: auditor });
      expect([q, r.status, r.body.valid, r.body.digest, r.body.today]).toEqual([q, 200, true, { recordCount: 0, headHash: null }, empty]);
    }
    const extended = await s.call('GET', '/audit/ledger/detailing/verify?count=0', { token: auditor });
    expect([extended.body.valid, extended.body.checks.map((c: Check) => [c.name, c.ok])]).toEqual([
      true, [['digest-count', true], ['content-hashes', true], ['chain-links', true], ['signalled-records', true]],
    ]);
  });

  it('lists a project’s records in sealing order from the log', async () => {
    const page = (await s.call('GET', '/audit/ledger/detailing/records?from=2&limit=5', { token: auditor })).body;
    expect(page).toMatchObject({ project: 'detailing', recordCount: 2, from: 2, next: null });
    expect(page.records.map((e: { stream: string }) => e.stream)).toEqual([`record-${second.recordId}`]);
  });
});
