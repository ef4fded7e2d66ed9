import { serveApi, type Running } from '../../../cli/src/commands/serve';
import { agentToken, AGENT_PROJECT, createAgentJob } from '../testing/agent-job-tree';
import { collect } from '../testing/sse';
import { startTestServer, type TestServer } from '../testing/test-server';

jest.setTimeout(60_000);

/**
 * An API instance that runs no processors, beside another process's store: what it streams
 * can only have come through the event store's subscription, never through its own commands.
 */
describe('SSE on an api-only instance, fed through the event store', () => {
  let s: TestServer;
  let api: Running & { url: string };
  beforeAll(async () => {
    s = await startTestServer();
    api = (await serveApi({ PORT: '0', JOBLEDGER_DATA_DIR: s.dataDir, JOBLEDGER_SQLITE_SYNC: 'normal' }, { logger: false })) as Running & { url: string };
    await s.call('POST', '/projects', { token: s.token('admin'), body: { slug: AGENT_PROJECT, name: 'Agents', defaults: { reviewRequired: false, maxAttempts: 3 } } });
  });
  afterAll(async () => {
    await api.stop();
    await s.stop();
  });

  it('streams the job and answers wait for work done through the other instance', async () => {
    const agent = agentToken(s, 'harness-1');
    const jobId = await createAgentJob(s, { title: 'Elsewhere' });
    const work = async () => {
      const { serviceEventId } = (await s.call('POST', `/jobs/${jobId}/claim`, { token: agent, body: { start: true } })).body;
      await s.call('POST', `/jobs/${jobId}/attempts/1/logs`, { token: agent, body: { serviceEventId, entries: [{ level: 'info', message: 'from the worker side' }] } });
      await s.call('POST', `/jobs/${jobId}/result`, { token: agent, body: { serviceEventId, resultJson: { status: 'success', summary: 'done' } } });
    };
    const [streamed, waited] = await Promise.all([
      collect(api, `/jobs/${jobId}/stream`, agent, { until: (events) => events.some((e) => e.data.phase === 'done') }),
      collect(api, `/jobs/${jobId}/wait?timeout=60`, agent, { onOpen: work }),
    ]);
    expect(streamed.events.map((e) => (e.event === 'log' ? e.data.message : e.data.type))).toEqual([
      'JobCreated', 'JobClaimed', 'ServiceEventStarted', 'from the worker side', 'ServiceEventCompleted',
    ]);
    expect(waited.events.map((e) => [e.event, e.data.resolution])).toEqual([['done', 'completed']]);
  });
});
