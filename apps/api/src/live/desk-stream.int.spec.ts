import { GetDeskHandler } from '../../../../libs/application/src/queries/operator.queries';
import { governedJob, setUpWorld, type World } from '../testing/fixtures';
import { collect, refusal, type Received } from '../testing/sse';
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
    // Bad input as on every stream: a position that is not one, a parameter it does not take.
    expect(await refusal(s, '/operators/dana/desk/stream?lastEventId=abc', w.operator('dana'))).toMatchObject({ status: 400 });
    expect(await refusal(s, '/operators/dana/desk/stream?foo=1', w.operator('dana'))).toMatchObject({ status: 400 });
    await expect(collect(s, '/operators/dana/desk/stream', w.operator('dana'), { lastEventId: 'abc', until: () => true })).rejects.toMatchObject({ status: 400 });
  });
});

/** What these tests read of a desk message. */
type Desk = {
  readonly readyToClaim: readonly { readonly jobId: string; readonly title: string }[];
  readonly activeJob: { readonly jobId: string; readonly status: string } | null;
  readonly recentCompletions: readonly { readonly jobId: string; readonly recordId: string | null }[];
  readonly trustSignals: { readonly count: number };
};

/** A desk stream read in the background: its messages so far, and a way to wait for one. */
const follow = (s: TestServer, slug: string, token: string) => {
  let seen: Received[] = [];
  let refused: unknown = null;
  // Read until the server stops (afterAll); a refusal shows in the next wait.
  collect(s, `/operators/${slug}/desk/stream`, token, { boundMs: 50_000, until: (events) => { seen = [...events]; return false; } }).catch((e: unknown) => { refused = e; });
  const waitFor = async (what: string, test: (desk: Desk) => boolean) => {
    for (const started = Date.now(); Date.now() - started < 15_000; await new Promise((r) => setTimeout(r, 20))) {
      if (refused) throw refused;
      if (seen.some((e) => e.event === 'desk' && test(e.data))) return;
    }
    throw new Error(`the desk of ${slug} never showed ${what}; last: ${JSON.stringify(seen.at(-1))}`);
  };
  return { waitFor, last: (): Desk | undefined => seen.at(-1)?.data };
};

describe('SSE: a desk stream re-reads its desk only for events that can change it', () => {
  let s: TestServer;
  let w: World;
  beforeAll(async () => {
    s = await startTestServer();
    w = await setUpWorld(s, ['ana', 'ben']);
  });
  afterAll(() => s.stop());

  it("another operator's work costs no read of ana's desk; every change to ana's desk still arrives", async () => {
    const reads = jest.spyOn(GetDeskHandler.prototype, 'execute');
    const readsOf = (slug: string) => reads.mock.calls.filter(([q]) => q.slug === slug).length;
    const { admin } = w;
    const [ana, ben] = [w.operator('ana'), w.operator('ben')];
    const job = async (assignee: string, title: string) =>
      (await s.call('POST', '/projects/detailing/jobs', { token: admin, body: { description: title, assignee: { kind: 'operator', slug: assignee } } })).body.jobId as string;
    const onQueue = (jobId: string) => (d: Desk) => d.readyToClaim.some((r) => r.jobId === jobId);
    const work = async (jobId: string, token: string) => {
      const claimed = await s.call('POST', `/jobs/${jobId}/claim`, { token, body: { start: true } });
      expect(claimed.status).toBe(201);
      expect((await s.call('POST', `/jobs/${jobId}/complete`, { token, body: { serviceEventId: claimed.body.serviceEventId } })).status).toBe(200);
    };

    const anaDesk = follow(s, 'ana', ana);
    const benDesk = follow(s, 'ben', ben);
    const first = await job('ana', 'first for ana');
    await anaDesk.waitFor('its first job', onQueue(first));
    await benDesk.waitFor('its first desk', () => true);

    // A burst on ben's jobs: created, edited, worked, completed and credited with a signal.
    const before = readsOf('ana');
    const bens = [await job('ben', 'ben one'), await job('ben', 'ben two'), await job('ben', 'ben three')];
    expect((await s.call('PATCH', `/jobs/${bens[1]}`, { token: admin, body: { title: 'ben two, renamed', priority: 0 } })).status).toBe(200);
    await work(bens[0], ben);
    await benDesk.waitFor('the burst', (d) => d.trustSignals.count === 1 && d.readyToClaim.length === 2 && d.readyToClaim[0].title === 'ben two, renamed');
    expect(readsOf('ana')).toBe(before);

    // Every kind of change to ana's desk arrives: Create Job, a claim, a completion, a signal,
    // a job reassigned away from her, a job reassigned to her by an edit.
    const governed = (await governedJob(s, w, 'ana')).jobId;
    await anaDesk.waitFor('the job Create Job assigned to her', onQueue(governed));
    const claimed = await s.call('POST', `/jobs/${first}/claim`, { token: ana, body: { start: true } });
    await anaDesk.waitFor('her claim', (d) => d.activeJob?.jobId === first && d.activeJob.status === 'in_progress');
    expect((await s.call('POST', `/jobs/${first}/complete`, { token: ana, body: { serviceEventId: claimed.body.serviceEventId } })).status).toBe(200);
    await anaDesk.waitFor('her completion', (d) => d.activeJob === null && d.recentCompletions[0]?.jobId === first);
    await anaDesk.waitFor('her signal', (d) => d.trustSignals.count === 1 && d.recentCompletions[0].recordId !== null);
    expect((await s.call('POST', `/admin/jobs/${governed}/reassign`, { token: admin, body: { to: { kind: 'operator', slug: 'ben' }, reason: 'cover' } })).status).toBe(200);
    await anaDesk.waitFor('the job reassigned away', (d) => !onQueue(governed)(d));
    expect((await s.call('PATCH', `/jobs/${bens[2]}`, { token: admin, body: { assignee: { kind: 'operator', slug: 'ana' } } })).status).toBe(200);
    await anaDesk.waitFor('the job reassigned to her', onQueue(bens[2]));
    await benDesk.waitFor('the jobs moved', (d) => onQueue(governed)(d) && !onQueue(bens[2])(d));
    reads.mockRestore();
  });

  it("a job of ana's held up by one of ben's, before her stream opened, comes onto her desk when ben finishes his", async () => {
    const { admin } = w;
    const [ana, ben] = [w.operator('ana'), w.operator('ben')];
    const job = async (assignee: string, title: string) =>
      (await s.call('POST', '/projects/detailing/jobs', { token: admin, body: { description: title, assignee: { kind: 'operator', slug: assignee } } })).body.jobId as string;
    const [blocker, held] = [await job('ben', 'blocker'), await job('ana', 'held')];
    expect((await s.call('POST', `/jobs/${held}/dependencies`, { token: admin, body: { relatedJobId: blocker, relation: 'blocked_by' } })).status).toBe(201);

    const anaDesk = follow(s, 'ana', ana);
    const benDesk = follow(s, 'ben', ben);
    await anaDesk.waitFor('its first desk', () => true);
    const claimed = await s.call('POST', `/jobs/${blocker}/claim`, { token: ben, body: { start: true } });
    await benDesk.waitFor('his claim', (d) => d.activeJob?.jobId === blocker);
    expect(anaDesk.last()?.readyToClaim.map((r) => r.jobId)).not.toContain(held);
    expect((await s.call('POST', `/jobs/${blocker}/complete`, { token: ben, body: { serviceEventId: claimed.body.serviceEventId } })).status).toBe(200);
    await anaDesk.waitFor('the job no longer blocked', (d) => d.readyToClaim.some((r) => r.jobId === held));
  });
});
