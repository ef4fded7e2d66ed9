import { agentToken, createAgentJob } from '../testing/agent-job-tree';
import { startTestServer, type TestServer } from '../testing/test-server';

const AT_ONCE = 60;

/**
 * Many callers writing to one stream at the same moment: an agent creating a job's children.
 * On the default synchronous=full (group commits slow enough for every caller to collide), none
 * of them is refused for company. (Posts to one thread are put in line the same way; in this
 * process beside its client they did not collide often enough to show it.)
 */
describe('fan-in: many writers to one stream at once', () => {
  let s: TestServer;
  let agent: string;
  let parentId: string;
  beforeAll(async () => {
    s = await startTestServer({ JOBLEDGER_SQLITE_SYNC: 'full' });
    agent = agentToken(s, 'harness-1');
    expect((await s.call('POST', '/projects', { token: s.token('admin'), body: { slug: 'agents', name: 'Agents' } })).status).toBe(201);
    parentId = await createAgentJob(s, { title: 'Coordinate' });
    // Only the agent holding a job adds children to it.
    expect((await s.call('POST', `/jobs/${parentId}/claim`, { token: agent, body: { start: true } })).status).toBe(201);
    await createAgentJob(s, { title: 'First child', parentId, n: 1 });
  });
  afterAll(() => s.stop());

  it(`${AT_ONCE} children created under one parent at once are all created`, async () => {
    const children = await Promise.all(Array.from({ length: AT_ONCE }, (_, i) => s.call('POST', '/projects/agents/jobs', { token: agent, body: { title: `child ${i}`, description: 'x', parentId } })));
    expect(children.filter((c) => c.status !== 201).map((c) => c.body.error)).toEqual([]);
    expect(new Set(children.map((c) => c.body.jobId)).size).toBe(AT_ONCE);
  });
});
