import { serveApi } from '../../../cli/src/commands/serve';
import { startTestServer, type TestServer } from '../testing/test-server';

describe('/health per role, in-process', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(() => s.stop());

  it('an `all` server holds every lease, waits on its own runners, and reports what it runs and who holds each checkpoint', async () => {
    expect(s.worker.leases.holdsAll()).toBe(true);
    const { status, body } = await s.call('GET', '/health');
    expect([status, body.status, body.role]).toEqual([200, 'ok', 'all']);
    expect(body.processors.map((p: { name: string }) => p.name).sort()).toEqual(body.checkpoints.map((c: { name: string }) => c.name).sort());
    expect(new Set(body.checkpoints.map((c: { holder: string }) => c.holder))).toEqual(new Set([s.holder]));
    expect(body.unattended).toBeUndefined();
  });

  it('an `api` server beside it runs no processors, sees the same holders, and reads what the worker wrote', async () => {
    const api = await serveApi({ PORT: '0', JOBLEDGER_DATA_DIR: s.dataDir, JOBLEDGER_SQLITE_SYNC: 'normal' }, { logger: false });
    try {
      const admin = s.token('admin');
      const created = await fetch(`${api.url}/operators`, { method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body: JSON.stringify({ slug: 'rui', name: 'Rui' }) });
      expect(await created.json()).toMatchObject({ slug: 'rui', settled: true });
      const operator = await fetch(`${api.url}/operators/rui`, { headers: { authorization: `Bearer ${admin}` } });
      expect(await operator.json()).toMatchObject({ slug: 'rui', name: 'Rui' });
      const health = (await (await fetch(`${api.url}/health`)).json()) as { role: string; processors: unknown[]; checkpoints: { holder: string }[] };
      expect([health.role, health.processors]).toEqual(['api', []]);
      expect(new Set(health.checkpoints.map((c) => c.holder))).toEqual(new Set([s.holder]));
    } finally {
      await api.stop();
    }
  });
});
