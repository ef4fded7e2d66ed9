import type { Position } from '../../../../libs/eventstore/src/port';
import { startTestServer, type TestServer } from '../testing/test-server';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves once the log's head has moved past `after` (or fails the test after 10 s). */
const headPast = async (s: TestServer, after: Position): Promise<Position> => {
  for (let i = 0; i < 500; i++) {
    const head = await s.backends.eventStore.headPosition();
    if (head > after) return head;
    await pause(20);
  }
  throw new Error('nothing was appended');
};

const waits = async (s: TestServer): Promise<number> => {
  const text: string = (await s.call('GET', '/metrics', { token: s.token('auditor') })).body;
  const line = text.split('\n').find((l) => l.startsWith('jobledger_command_read_lag_wait_seconds_count'));
  return Number(line?.split(' ')[1] ?? 0);
};

/**
 * The read-lag bound, through the real server: a command waits while an earlier one is still
 * missing from its read models beyond the bound, goes on as soon as they have it, and a stalled
 * projection never stops the API.
 */
describe('read-lag bound (HTTP)', () => {
  let s: TestServer;
  afterEach(async () => s.stop());

  it('holds a command back, before it appends, until the read models have the earlier one', async () => {
    s = await startTestServer({ JOBLEDGER_READ_LAG_BOUND_MS: '20', JOBLEDGER_SETTLE_TIMEOUT_MS: '10000' });
    const admin = s.token('admin');
    const directory = s.worker.host.runner('directory');
    await directory?.stop(); // operators' read model stops following the log
    const start = await s.backends.eventStore.headPosition();

    const first = s.call('POST', '/operators', { token: admin, body: { slug: 'ana', name: 'Ana' } });
    const afterFirst = await headPast(s, start);
    await pause(60); // the first command is now older than the bound, and not applied
    const second = s.call('POST', '/operators', { token: admin, body: { slug: 'ben', name: 'Ben' } });
    await pause(300);
    expect(await s.backends.eventStore.headPosition()).toBe(afterFirst); // held: nothing appended

    await directory?.start();
    expect((await first).status).toBe(201);
    expect((await second).status).toBe(201);
    expect(await s.backends.eventStore.headPosition()).toBeGreaterThan(afterFirst);
    expect(await waits(s)).toBeGreaterThanOrEqual(1);
  });

  it('lets commands through when the read models are stalled past the settle timeout', async () => {
    s = await startTestServer({ JOBLEDGER_READ_LAG_BOUND_MS: '20', JOBLEDGER_SETTLE_TIMEOUT_MS: '300' });
    const admin = s.token('admin');
    await s.worker.host.runner('directory')?.stop(); // and stays stopped
    for (const slug of ['ana', 'ben', 'cy']) {
      expect((await s.call('POST', '/operators', { token: admin, body: { slug, name: slug } })).status).toBe(201);
      await pause(40);
    }
    const registered = await Promise.all(['ana', 'ben', 'cy'].map((slug) => s.backends.eventStore.streamRevision(`operator-${slug}`)));
    expect(registered).toEqual([0, 0, 0]);
  });
});
