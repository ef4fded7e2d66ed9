import { setTimeout as sleep } from 'node:timers/promises';
import { commandContext } from '../../../../libs/application/src/commands/command-context';
import { executeCommand } from '../../../../libs/application/src/commands/command-executor';
import { jobDecider } from '../../../../libs/domain/src/job/decider';
import { streams } from '../../../../libs/domain/src/shared/streams';
import { coordinationKey } from '../../../../libs/domain/src/thread/keys';
import { agentToken, AGENT_PROJECT, createAgentJob } from '../testing/agent-job-tree';
import { startTestServer, type TestServer } from '../testing/test-server';

type Job = { jobId: string; phase: string; updatedAt: string };
type Message = { seq: number; kind: string; body: string; postedAt: string };

/**
 * A reactor's follow-up is dated at its trigger (so that writing it twice is one event) and
 * appended after whatever came meanwhile. Pollers of `since=<time>` must still see it: the read
 * models date a change by when it was stored, which follows the log.
 */
describe('polling with since=<time> sees follow-ups dated before what was already seen', () => {
  let s: TestServer;
  let admin: string;
  let agent: string;
  beforeAll(async () => {
    s = await startTestServer();
    admin = s.token('admin');
    agent = agentToken(s, 'harness-1');
    // The project exists, so an empty list is an answer, not 404.
    expect((await s.call('POST', '/projects', { token: admin, body: { slug: AGENT_PROJECT, name: 'Agents' } })).status).toBe(201);
  });
  afterAll(() => s.stop());

  const get = async (path: string, token = admin) => {
    const r = await s.call('GET', path, { token });
    expect(r.status).toBe(200);
    return r.body;
  };
  const until = async <T>(look: () => Promise<T | undefined>): Promise<T> => {
    for (let i = 0; i < 200; i++) {
      const found = await look();
      if (found !== undefined) return found;
      await sleep(50);
    }
    throw new Error('timed out');
  };

  it('a cascaded cancellation and its status post, appended after a later-dated claim and question, are listed by since=<the latest time seen>', async () => {
    const root = await createAgentJob(s, { title: 'Ship the feature' });
    const child = await createAgentJob(s, { title: 'Write the code', parentId: root, n: 1 });
    const thread = `/threads/${encodeURIComponent(coordinationKey(root))}/messages`;
    expect((await s.call('POST', `/jobs/${child}/claim`, { token: agent, body: { start: true } })).status).toBe(201);
    const asked = await s.call('POST', thread, { token: agent, body: { kind: 'question', body: 'which branch?' } });
    expect(asked.status).toBe(201);

    // The pollers have seen the child running and the question.
    const jobsSeen = await until(async () => {
      const { items } = await get(`/projects/${AGENT_PROJECT}/jobs`);
      return (items as Job[]).find((j) => j.jobId === child && j.phase === 'active') && (items as Job[]);
    });
    const jobsSince = jobsSeen.map((j) => j.updatedAt).sort().at(-1) as string;
    const messagesSeen = await until(async () => {
      const { messages } = await get(thread, agent);
      return (messages as Message[]).some((m) => m.seq === asked.body.seq) ? (messages as Message[]) : undefined;
    });
    const messagesSince = (messagesSeen.at(-1) as Message).postedAt;
    expect(messagesSince).toBe(asked.body.postedAt); // the POST answers the time the thread shows

    // The root's cancellation, decided a minute before the claim (as when a claim and a cancel
    // race): its cascade to the child and the child's status post are dated then, stored now.
    const decidedEarlier = commandContext({ id: 'admin:test', role: 'admin' }, { now: () => new Date(Date.now() - 60_000) });
    await executeCommand(s.backends.eventStore, streams.job(root), jobDecider, () => ({ type: 'CancelJob' as const, reason: 'scope dropped' }), decidedEarlier, { retries: 3 });
    const status = await until(async () => {
      const { messages } = await get(`${thread}?since=${asked.body.seq}`, agent);
      return (messages as Message[]).find((m) => m.kind === 'status');
    });
    await until(async () => ((await get(`/jobs/${child}`)).phase === 'cancelled' ? true : undefined));
    const childEvents = await s.backends.eventStore.readStream(streams.job(child));
    const occurred = (type: string) => childEvents.find((e) => e.type === type)?.metadata.occurredAt as string;
    expect(occurred('JobCancelled') < occurred('ServiceEventStarted')).toBe(true); // the defect's setting

    // A poller passing the latest time it saw finds the child cancelled, and the status post.
    const { items: changed } = await get(`/projects/${AGENT_PROJECT}/jobs?since=${jobsSince}`);
    expect((changed as Job[]).find((j) => j.jobId === child)).toMatchObject({ phase: 'cancelled' });
    expect(((changed as Job[]).find((j) => j.jobId === child) as Job).updatedAt >= jobsSince).toBe(true);
    const { messages: after } = await get(`${thread}?since=${messagesSince}`, agent);
    // Inclusive: the message at that time comes again (a reader drops it by seq), then the status.
    expect((after as Message[]).map((m) => m.seq)).toEqual([asked.body.seq, status.seq]);
    expect(status.postedAt >= messagesSince).toBe(true);
    const all = (await get(thread, agent)).messages as Message[];
    expect(all.map((m) => m.postedAt)).toEqual(all.map((m) => m.postedAt).sort());
  });
});
