import { serveApi } from '../../../cli/src/commands/serve';
import { WITHHELD } from '../../../../libs/application/src/processing/processor-status';
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

  it("withholds an error's text from anonymous and other callers, and shows it to admins and auditors", async () => {
    const reads = s.backends.readStore;
    const getCheckpoint = reads.getCheckpoint.bind(reads);
    const storeDown = jest.spyOn(reads, 'getCheckpoint').mockImplementation((name) => (name === 'health-probe' ? Promise.reject(new Error('open /srv/secret/read.sqlite failed')) : getCheckpoint(name)));
    const desks = s.worker.host.runner('desks');
    if (!desks) throw new Error('no desks runner');
    const status = desks.status.bind(desks);
    const failing = jest.spyOn(desks, 'status').mockImplementation(() => ({ ...status(), lastError: 'Error: mongodb://user:pw@10.0.0.5 refused' }));
    try {
      const withheld = { readStore: { ok: false, error: WITHHELD }, desks: WITHHELD };
      const seen = async (token?: string) => {
        const { status: code, body } = await s.call('GET', '/health', { token });
        expect([code, body.status]).toEqual([503, 'unavailable']);
        return { readStore: body.readStore, desks: body.processors.find((p: { name: string }) => p.name === 'desks').lastError };
      };
      expect(await seen()).toEqual(withheld);
      expect(await seen('not-a-token')).toEqual(withheld);
      expect(await seen(s.token('operator', { operator: 'ana' }))).toEqual(withheld);
      const shown = { readStore: { ok: false, error: 'open /srv/secret/read.sqlite failed' }, desks: 'Error: mongodb://user:pw@10.0.0.5 refused' };
      expect(await seen(s.token('admin'))).toEqual(shown);
      expect(await seen(s.token('auditor'))).toEqual(shown);
    } finally {
      storeDown.mockRestore();
      failing.mockRestore();
    }
  });

  it('is unavailable (503) while the event store reports its last write failed (a full disk still answers reads)', async () => {
    const events = s.backends.eventStore;
    expect(typeof events.writeFailure).toBe('function');
    const failing = jest.spyOn(events, 'writeFailure').mockReturnValue('SQLITE_FULL: database or disk is full');
    try {
      const { status, body } = await s.call('GET', '/health', { token: s.token('admin') });
      expect([status, body.status, body.eventStore]).toEqual([503, 'unavailable', { ok: false, error: 'the last write failed: SQLITE_FULL: database or disk is full', headPosition: null }]);
    } finally {
      failing.mockRestore();
    }
    expect((await s.call('GET', '/health')).status).toBe(200);
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
