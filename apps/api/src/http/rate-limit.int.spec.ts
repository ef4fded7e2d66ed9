import { appendsNothing } from '../testing/log-watch';
import { startTestServer, type TestServer } from '../testing/test-server';

describe('rate limiting (JOBLEDGER_RATE_LIMIT_PER_SEC)', () => {
  let s: TestServer;
  beforeAll(async () => (s = await startTestServer({ JOBLEDGER_RATE_LIMIT_PER_SEC: '1', JOBLEDGER_RATE_LIMIT_BURST: '3' })));
  afterAll(() => s.stop());

  const register = (token: string, slug: string) => s.call('POST', '/operators', { token, body: { slug, name: slug } });

  it('answers 429 RATE_LIMITED with Retry-After once a caller spends its burst, appending nothing, and lets it in again later', async () => {
    const admin = s.token('admin');
    expect((await Promise.all(['ana', 'bo', 'cy'].map((slug) => register(admin, slug)))).map((r) => r.status)).toEqual([201, 201, 201]);
    const refused = await appendsNothing(s, () => register(admin, 'dee'));
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({ error: { code: 'RATE_LIMITED', message: expect.any(String), details: { retryAfterSeconds: 1, perSecond: 1, burst: 3 } } });
    const raw = await fetch(`${s.url}/operators/ana`, { headers: { authorization: `Bearer ${admin}` } });
    expect([raw.status, raw.headers.get('retry-after')]).toEqual([429, '1']);

    // Another caller has a bucket of its own; probes are never throttled.
    expect((await register(s.token('admin', { sub: 'admin:other' }), 'eve')).status).toBe(201);
    for (let i = 0; i < 5; i++) expect((await s.call('GET', '/health')).status).not.toBe(429);

    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await register(admin, 'dee')).status).toBe(201);
  });

  it('keeps one bucket per caller however its header is spelled, and one per address for tokens that do not verify', async () => {
    const caller = s.token('admin', { sub: 'admin:spellings' });
    const spellings = [`Bearer ${caller}`, `bearer ${caller}`, `BEARER ${caller}`, `Bearer  ${caller}`, `Bearer\t${caller}`];
    const asSpelled = await Promise.all(spellings.map((authorization) => fetch(`${s.url}/operators/nobody`, { headers: { authorization } })));
    expect(asSpelled.map((r) => r.status)).toEqual([404, 404, 404, 429, 429]);

    const junk = await Promise.all([1, 2, 3, 4, 5].map((i) => fetch(`${s.url}/operators/nobody`, { headers: { authorization: `Bearer junk-${i}` } })));
    expect(junk.map((r) => r.status)).toEqual([401, 401, 401, 429, 429]);
  });
});
