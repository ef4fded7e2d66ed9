import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startTestServer, type TestServer } from '../testing/test-server';

/**
 * A data directory deleted under a running server (a wrong `rm -rf`, a temp cleaner): the
 * process still holds the files, so writes would succeed into files no later start opens.
 */
describe('the event log deleted under a running server', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(() => s.stop());

  it('acknowledges nothing after it (503 STORE_UNAVAILABLE) and /health says why (503 unavailable)', async () => {
    const admin = s.token('admin');
    const before = await s.call('POST', '/operators', { token: admin, body: { slug: 'ana', name: 'Ana' } });
    expect(before.status).toBe(201);
    const head = await s.backends.eventStore.headPosition();

    rmSync(s.dataDir, { recursive: true, force: true });
    expect(existsSync(join(s.dataDir, 'events.sqlite'))).toBe(false);

    const after = await s.call('POST', '/operators', { token: admin, body: { slug: 'bea', name: 'Bea' }, headers: { 'idempotency-key': 'bea-1' } });
    expect([after.status, after.body.error.code, after.body.error.message]).toEqual([503, 'STORE_UNAVAILABLE', expect.stringContaining('events.sqlite was deleted while open')]);
    // The same key again is decided again, and refused again: nothing was taken as done.
    const again = await s.call('POST', '/operators', { token: admin, body: { slug: 'bea', name: 'Bea' }, headers: { 'idempotency-key': 'bea-1' } });
    expect([again.status, again.body.error.code]).toEqual([503, 'STORE_UNAVAILABLE']);
    expect(await s.backends.eventStore.headPosition()).toBe(head);

    const health = await s.call('GET', '/health', { token: admin });
    expect([health.status, health.body.status, health.body.eventStore]).toEqual([
      503, 'unavailable', { ok: false, error: expect.stringContaining('events.sqlite was deleted while open'), headPosition: null },
    ]);
  });
});
