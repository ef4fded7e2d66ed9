import { governedJob, setUpWorld, type World } from '../testing/fixtures';
import { collect, refusal } from '../testing/sse';
import { startTestServer, type TestServer } from '../testing/test-server';

jest.setTimeout(60_000);

describe('SSE: an operator\'s desk, live', () => {
  let s: TestServer;
  let w: World;
  beforeAll(async () => {
    s = await startTestServer();
    w = await setUpWorld(s, ['dana', 'eli']);
  });
  afterAll(() => s.stop());

  it('sends the desk at once, then the whole desk each time it changes, never the same twice', async () => {
    let jobId = '';
    const dana = w.operator('dana');
    const offered = await collect(s, '/operators/dana/desk/stream', dana, {
      onOpen: async () => { jobId = (await governedJob(s, w, 'dana')).jobId; },
      until: (events) => events.some((e) => e.data.readyToClaim.some((r: { jobId: string }) => r.jobId === jobId)),
    });
    expect(offered.events[0]).toMatchObject({ event: 'desk', data: { operator: 'dana', accessState: 'active', activeJob: null } });

    const claimed = await collect(s, '/operators/dana/desk/stream', dana, {
      lastEventId: offered.events.at(-1)?.id,
      onOpen: async () => { expect((await s.call('POST', `/jobs/${jobId}/claim`, { token: dana, body: { start: true } })).status).toBe(201); },
      until: (events) => events.some((e) => e.data.activeJob?.jobId === jobId && e.data.activeJob?.status === 'in_progress'),
    });
    expect(claimed.events.at(-1)?.data).toMatchObject({ readyToClaim: [], activeJob: { jobId, status: 'in_progress' } });
    for (const { events } of [offered, claimed]) {
      expect(events.every((e) => e.event === 'desk')).toBe(true);
      for (let i = 1; i < events.length; i++) expect(events[i].data).not.toEqual(events[i - 1].data);
      const ids = events.map((e) => BigInt(e.id ?? '-1'));
      expect(ids).toEqual([...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    }
  });

  it('says DESK_BLOCKED and ends when the operator is limited; refuses other operators like the read', async () => {
    const seen = await collect(s, '/operators/eli/desk/stream', w.operator('eli'), {
      onOpen: async () => {
        expect((await s.call('POST', '/operators/eli/access', { token: w.admin, body: { state: 'limited', reason: 'review' } })).status).toBeLessThan(300);
      },
    });
    expect(seen.ended).toBe(true);
    expect(seen.events.at(-1)).toMatchObject({ event: 'error', data: { error: { code: 'DESK_BLOCKED' } } });
    expect(await refusal(s, '/operators/eli/desk/stream', w.operator('eli'))).toEqual({ status: 403, code: 'DESK_BLOCKED' });
    expect(await refusal(s, '/operators/dana/desk/stream', w.operator('eli'))).toEqual({ status: 403, code: 'FORBIDDEN' });
    expect(await refusal(s, '/operators/nobody/desk/stream', w.admin)).toEqual({ status: 404, code: 'OPERATOR_NOT_FOUND' });
  });
});
