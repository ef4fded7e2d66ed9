import { setUpAgentProject } from '../testing/agent-jobs';
import { appendsNothing } from '../testing/log-watch';
import { startTestServer, type TestServer } from '../testing/test-server';

/** `A blocks B` is kept on B's stream; the answers still speak of the job the path names and the one the body names. */
describe('dependencies: both ends checked as the caller named them', () => {
  let s: TestServer;
  let t: Awaited<ReturnType<typeof setUpAgentProject>>;
  beforeAll(async () => {
    s = await startTestServer();
    t = await setUpAgentProject(s, 'proj', { reviewRequired: false, maxAttempts: 3 });
  });
  afterAll(() => s.stop());
  const create = async () => (await s.call('POST', '/projects/proj/jobs', { token: t.admin, body: { description: 'd' } })).body.jobId as string;
  const relate = (jobId: string, relatedJobId: string, relation: string) => s.call('POST', `/jobs/${jobId}/dependencies`, { token: t.admin, body: { relatedJobId, relation } });

  it('blocks, naming a job that does not exist: 404 RELATED_JOB_NOT_FOUND for it', async () => {
    const a = await create();
    const r = await appendsNothing(s, () => relate(a, 'proj-00000000', 'blocks'));
    expect([r.status, r.body.error.code, r.body.error.details]).toEqual([404, 'RELATED_JOB_NOT_FOUND', { relatedJobId: 'proj-00000000' }]);
  });

  it('blocks, from a path job that does not exist: 404 JOB_NOT_FOUND, even when the other job has finished', async () => {
    const a = await create();
    expect((await appendsNothing(s, () => relate('proj-00000000', a, 'blocks'))).body.error.code).toBe('JOB_NOT_FOUND');
    await s.call('POST', `/jobs/${a}/close`, { token: t.admin, body: { reason: 'x' } });
    const r = await appendsNothing(s, () => relate('proj-00000000', a, 'blocks'));
    expect([r.status, r.body.error.code]).toEqual([404, 'JOB_NOT_FOUND']);
  });

  it('a finished job takes no new relation, blocks included (SPEC §2: terminal phases accept no commands)', async () => {
    const done = await create();
    const open = await create();
    await s.call('POST', `/jobs/${done}/close`, { token: t.admin, body: { reason: 'x' } });
    for (const relation of ['blocked_by', 'blocks']) {
      const r = await appendsNothing(s, () => relate(done, open, relation));
      expect([relation, r.status, r.body.error?.code]).toEqual([relation, 409, 'JOB_TERMINAL']);
    }
    expect((await relate(open, await create(), 'blocks')).status).toBe(201);
  });

  it('a blocks relation repeated under its Idempotency-Key answers as the first time, though the job has finished since', async () => {
    const [a, b] = [await create(), await create()];
    const keyed = () => s.call('POST', `/jobs/${a}/dependencies`, { token: t.admin, body: { relatedJobId: b, relation: 'blocks' }, headers: { 'idempotency-key': `blocks-${a}` } });
    const first = await keyed();
    expect(first.status).toBe(201);
    await s.call('POST', `/jobs/${a}/close`, { token: t.admin, body: { reason: 'x' } });
    const again = await appendsNothing(s, keyed);
    expect([again.status, again.body]).toEqual([201, first.body]);
  });
});
