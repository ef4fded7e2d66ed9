import { signToken } from '../../../../libs/application/src/auth/tokens';
import { evidenceForm, governedJob, png, setUpWorld, type World } from '../testing/fixtures';
import { collect } from '../testing/sse';
import { startTestServer, type TestServer } from '../testing/test-server';

jest.setTimeout(60_000);

/** Streams check access when they open, and again as the job changes: an operator who loses a job stops hearing of it. */
describe('SSE: a job taken from an operator while the stream is open', () => {
  let s: TestServer;
  let w: World;
  beforeAll(async () => {
    s = await startTestServer();
    w = await setUpWorld(s, ['ana', 'bob']);
  });
  afterAll(() => s.stop());

  /** Reassigns the job to bob, who claims it, starts and captures evidence. */
  const handOverToBob = async (jobId: string) => {
    const reassigned = await s.call('POST', `/admin/jobs/${jobId}/reassign`, { token: w.admin, body: { reason: 'to bob', to: { kind: 'operator', slug: 'bob' } } });
    expect(reassigned.status).toBe(200);
    const claim = await s.call('POST', `/jobs/${jobId}/claim`, { token: w.operator('bob'), body: { start: true } });
    expect(claim.status).toBe(201);
    const photo = evidenceForm({ serviceEventId: claim.body.serviceEventId, category: 'arrival', note: 'bob only' }, { bytes: png(`bob-${jobId}`), type: 'image/png' });
    expect((await s.call('POST', `/jobs/${jobId}/evidence`, { token: w.operator('bob'), body: photo })).status).toBe(201);
  };
  const byBob = (events: { data: { actor?: { id?: string } } }[]) => events.filter((e) => e.data.actor?.id === 'operator:bob');

  it('ends the job stream before the event that takes the job away, and sends nothing of what follows', async () => {
    const ana = w.operator('ana');
    const { jobId } = await governedJob(s, w, 'ana');
    const got = await collect(s, `/jobs/${jobId}/stream`, ana, { boundMs: 10_000, onOpen: () => handOverToBob(jobId) });
    expect(got.ended).toBe(true);
    expect(got.comments).toContain('closed: the caller may no longer see this');
    expect(got.events.map((e) => e.data.type)).toEqual(['JobCreated']);
    expect(byBob(got.events)).toEqual([]);
    // The admin still follows it, bob's work included.
    const admin = await collect(s, `/jobs/${jobId}/stream`, w.admin, { until: (events) => events.some((e) => e.data.type === 'EvidenceCaptured') });
    expect(byBob(admin.events).map((e) => (e.data as unknown as { type: string }).type)).toEqual(['JobClaimed', 'ServiceEventStarted', 'EvidenceCaptured']);
  });

  it('ends a stream when the token it was opened with expires, before anything that follows', async () => {
    const { jobId } = await governedJob(s, w, 'ana');
    const shortLived = signToken(s.config.jwtSecret, { sub: 'operator:ana', role: 'operator', operator: 'ana' }, 2);
    const got = await collect(s, `/jobs/${jobId}/stream`, shortLived, {
      boundMs: 10_000,
      onOpen: async () => {
        await new Promise((resolve) => setTimeout(resolve, 3_000));
        expect((await s.call('POST', `/jobs/${jobId}/claim`, { token: w.operator('ana'), body: {} })).status).toBe(201);
      },
    });
    expect(got.ended).toBe(true);
    expect(got.comments).toEqual(['closed: the token expired; reconnect with a new token and Last-Event-ID to resume']);
    expect(got.events.map((e) => e.data.type)).toEqual(['JobCreated']);
  });

  it('ends a wait without an outcome, and the attempt stream too', async () => {
    const ana = w.operator('ana');
    const { jobId } = await governedJob(s, w, 'ana');
    const claimed = await s.call('POST', `/jobs/${jobId}/claim`, { token: ana, body: { start: true } });
    const released = await s.call('POST', `/jobs/${jobId}/release`, { token: ana, body: { serviceEventId: claimed.body.serviceEventId } });
    expect(released.status).toBe(200);
    // Both open before the hand-over: each passed the check at its opening.
    let attemptOpen!: () => void;
    const opened = new Promise<void>((resolve) => (attemptOpen = resolve));
    const [waited, attempt] = await Promise.all([
      collect(s, `/jobs/${jobId}/wait?timeout=30`, ana, { boundMs: 10_000, onOpen: () => opened.then(() => handOverToBob(jobId)) }),
      collect(s, `/jobs/${jobId}/attempts/1/stream`, ana, { boundMs: 10_000, onOpen: attemptOpen }),
    ]);
    expect([waited.ended, waited.events, waited.comments]).toEqual([true, [], ['closed: the caller may no longer see this']]);
    expect(attempt.ended).toBe(true);
    expect(byBob(attempt.events)).toEqual([]);
  });
});
