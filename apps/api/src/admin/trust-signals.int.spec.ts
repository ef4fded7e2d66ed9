import { completedJob, setUpWorld, type World } from '../testing/fixtures';
import { startTestServer, type TestServer } from '../testing/test-server';

type Summary = { earner: { kind: string; slug?: string }; count: number; state: string };

/** The `trust_signals` read model, read by dashboards: earners by ⭐ count, and one earner's signals. */
describe('trust signals over HTTP', () => {
  let s: TestServer;
  let w: World;
  const records: Record<string, string[]> = { ana: [], bob: [] };

  beforeAll(async () => {
    s = await startTestServer();
    w = await setUpWorld(s, ['ana', 'bob']);
    for (const who of ['ana', 'bob', 'ana']) records[who].push((await completedJob(s, w, who)).recordId);
    // The signals follow their records through the reactors: wait until both earners have theirs.
    for (let i = 0; i < 100; i++) {
      const items: Summary[] = (await s.call('GET', '/admin/trust-signals', { token: w.admin })).body.items ?? [];
      if (items.reduce((n, e) => n + e.count, 0) === 3) break;
      await new Promise((r) => setTimeout(r, 50));
    }
  });
  afterAll(() => s.stop());

  it('lists earners by how many signals they earned, most first, and pages them', async () => {
    const all = await s.call('GET', '/admin/trust-signals', { token: s.token('auditor') });
    expect(all.status).toBe(200);
    expect(all.body.items.map((e: Summary) => [e.earner, e.count, e.state])).toEqual([
      [{ kind: 'operator', slug: 'ana' }, 2, 'present'],
      [{ kind: 'operator', slug: 'bob' }, 1, 'present'],
    ]);
    const first = await s.call('GET', '/admin/trust-signals?limit=1', { token: w.admin });
    const next = await s.call('GET', `/admin/trust-signals?limit=1&cursor=${encodeURIComponent(first.body.nextCursor)}`, { token: w.admin });
    expect([first.body.items[0].earner.slug, next.body.items[0].earner.slug, next.body.nextCursor]).toEqual(['ana', 'bob', null]);
  });

  it('gives one earner\'s signals, newest first and paged, each naming its record and job; none for an earner without any', async () => {
    const ana = await s.call('GET', '/admin/trust-signals/operator:ana', { token: w.admin });
    expect(ana.body).toMatchObject({ earner: { kind: 'operator', slug: 'ana' }, count: 2, state: 'present' });
    expect(ana.body.signals.map((x: { recordId: string }) => x.recordId)).toEqual([...records.ana].reverse());
    expect(ana.body.signals[0]).toEqual({ signalId: expect.any(String), recordId: records.ana[1], jobId: expect.any(String), emittedAt: expect.any(String) });
    expect(ana.body.nextCursor).toBeNull();
    const newest = await s.call('GET', '/admin/trust-signals/operator:ana?limit=1', { token: w.admin });
    const older = await s.call('GET', `/admin/trust-signals/operator:ana?limit=1&cursor=${encodeURIComponent(newest.body.nextCursor)}`, { token: w.admin });
    expect([newest.body.count, newest.body.signals, older.body.signals, older.body.nextCursor]).toEqual([2, [ana.body.signals[0]], [ana.body.signals[1]], null]);
    const bad = await s.call('GET', '/admin/trust-signals/operator:ana?limit=0', { token: w.admin });
    expect([bad.status, bad.body.error?.code]).toEqual([400, 'VALIDATION_FAILED']);
    const none = await s.call('GET', '/admin/trust-signals/agent:nobody', { token: w.admin });
    expect([none.status, none.body.count, none.body.state, none.body.signals, none.body.nextCursor]).toEqual([200, 0, 'none', [], null]);
    const longest = await s.call('GET', `/admin/trust-signals/agent:${'a'.repeat(100)}`, { token: w.admin });
    expect([longest.status, longest.body.count]).toEqual([200, 0]);
    const tooLong = await s.call('GET', `/admin/trust-signals/agent:${'a'.repeat(101)}`, { token: w.admin });
    expect([tooLong.status, tooLong.body.error?.code]).toEqual([400, 'INVALID_EARNER']);
  });

  it('is internal: requesters, operators and agents are refused; an earner that is no key is 400', async () => {
    for (const token of [w.requester, w.operator('ana'), s.token('agent', { agent: 'bot', projects: [w.project] })]) {
      expect((await s.call('GET', '/admin/trust-signals', { token })).status).toBe(403);
      expect((await s.call('GET', '/admin/trust-signals/operator:ana', { token })).status).toBe(403);
    }
    for (const bad of ['ana', 'operator:', 'robot:x', 'operator:Ana!']) {
      const r = await s.call('GET', `/admin/trust-signals/${encodeURIComponent(bad)}`, { token: w.admin });
      expect([bad, r.status, r.body.error?.code]).toEqual([bad, 400, 'INVALID_EARNER']);
    }
  });
});
