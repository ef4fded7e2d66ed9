import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { LOG_LOSS_REFUSALS } from '../../../../libs/application/src/processing/log-loss-refusals';
import { serveApi, serveWorker } from '../../../cli/src/commands/serve';
import { until } from '../testing/read-models';
import { startTestServer, type TestServer } from '../testing/test-server';

const SETTLE_TIMEOUT_MS = 8_000;
const ENV = { JOBLEDGER_SETTLE_TIMEOUT_MS: String(SETTLE_TIMEOUT_MS) };
const JSON_HEADERS = { 'content-type': 'application/json' };

type Health = { status: string; stuckProcessors?: string[]; unattended?: string[]; checkpoints?: { name: string; refused: boolean }[] };

/**
 * A backup of the log put back under the read models of later: the processors whose
 * checkpoints lie beyond the restored head refuse to run (CheckpointAheadOfLog). Nothing they
 * would apply reaches their read models, so no process may call itself ready, show them as
 * running, or tell a command its read models have it.
 */
describe('processors refused by a checkpoint beyond the log’s head', () => {
  let s: TestServer;
  let admin: string;
  const newJob = async (url: string, title: string): Promise<{ status: number; body: { jobId: string; settled: boolean }; ms: number }> => {
    const started = Date.now();
    const response = await fetch(`${url}/projects/p1/jobs`, { method: 'POST', headers: { ...JSON_HEADERS, authorization: `Bearer ${admin}` }, body: JSON.stringify({ title, description: 'd' }) });
    return { status: response.status, body: (await response.json()) as { jobId: string; settled: boolean }, ms: Date.now() - started };
  };
  const urlOf = (running: { readonly url: string | null }): string => {
    if (running.url === null) throw new Error('it answers no HTTP');
    return running.url;
  };
  const health = async (url: string): Promise<{ status: number; body: Health }> => {
    const response = await fetch(`${url}/health`);
    return { status: response.status, body: (await response.json()) as Health };
  };

  beforeAll(async () => {
    const before = await startTestServer(ENV);
    admin = before.token('admin');
    expect((await before.call('POST', '/projects', { token: admin, body: { slug: 'p1', name: 'P1' } })).status).toBe(201);
    expect((await newJob(before.url, 'kept')).body.settled).toBe(true);
    const backup = join(before.dataDir, 'events-backup.sqlite');
    const log = new Database(join(before.dataDir, 'events.sqlite'), { readonly: true });
    await log.backup(backup);
    log.close();
    for (const title of ['lost 1', 'lost 2']) expect((await newJob(before.url, title)).body.settled).toBe(true);
    s = await before.restart((dir) => {
      copyFileSync(backup, join(dir, 'events.sqlite'));
      for (const suffix of ['-wal', '-shm']) rmSync(join(dir, `events.sqlite${suffix}`), { force: true });
    });
    admin = s.token('admin');
    const refusals = s.backends.readStore.collection<{ _id: string; checkpoint: string | null }>(LOG_LOSS_REFUSALS);
    await until(async () => (await refusals.get('jobs'))?.checkpoint != null, 'the jobs refusal, stored');
  });
  afterAll(() => s.stop());

  it('/health is 503 degraded with them under stuckProcessors (not merely unattended), and marks their checkpoints refused', async () => {
    const { status, body } = await health(s.url);
    expect([status, body.status]).toEqual([503, 'degraded']);
    expect(body.stuckProcessors).toEqual(expect.arrayContaining(['jobs', 'desks']));
    expect(body.unattended ?? []).not.toContain('jobs');
    expect(body.checkpoints?.find((c) => c.name === 'jobs')).toMatchObject({ refused: true });
    expect(body.checkpoints?.find((c) => c.name === 'reactor:lease-tracker')).toMatchObject({ refused: false });
  });

  it('/admin/projections says refused, not running', async () => {
    const { body } = await s.call('GET', '/admin/projections', { token: admin });
    const state = (name: string) => body.processors.find((p: { name: string }) => p.name === name).state;
    expect([state('jobs'), state('desks')]).toEqual(['refused', 'refused']);
  });

  it('a command answers settled:false at once, and its read model indeed never has it', async () => {
    const created = await newJob(s.url, 'after the restore');
    expect([created.status, created.body.settled]).toEqual([201, false]);
    expect(created.ms).toBeLessThan(SETTLE_TIMEOUT_MS / 2);
    expect((await s.call('GET', `/jobs/${created.body.jobId}`, { token: admin })).status).toBe(404);
  });

  it('an api process beside it says the same: 503 with them stuck, and settled:false', async () => {
    const api = await serveApi({ ...ENV, PORT: '0', JOBLEDGER_DATA_DIR: s.dataDir, JOBLEDGER_SQLITE_SYNC: 'normal' }, { logger: false });
    try {
      const { status, body } = await health(urlOf(api));
      expect([status, body.status, body.stuckProcessors]).toEqual([503, 'degraded', expect.arrayContaining(['jobs'])]);
      const created = await newJob(urlOf(api), 'through the api');
      expect([created.status, created.body.settled, created.ms < SETTLE_TIMEOUT_MS / 2]).toEqual([201, false, true]);
    } finally {
      await api.stop();
    }
  });

  it("a worker's /health is 503 with them stuck, though it holds none of them", async () => {
    const worker = await serveWorker({ PORT: '0', JOBLEDGER_WORKER_PORT: '0', JOBLEDGER_DATA_DIR: s.dataDir, JOBLEDGER_SQLITE_SYNC: 'normal' });
    try {
      const response = await fetch(`${urlOf(worker)}/health`);
      const body = (await response.json()) as Health & { leases: string[] };
      expect([response.status, body.status, body.stuckProcessors]).toEqual([503, 'degraded', expect.arrayContaining(['jobs'])]);
      expect(body.leases).not.toContain('jobs');
    } finally {
      await worker.stop();
    }
  });

  it("a worker that cannot read the refusals (its read store does not answer) is 503 unavailable, not ok", async () => {
    const worker = await serveWorker({ PORT: '0', JOBLEDGER_WORKER_PORT: '0', JOBLEDGER_DATA_DIR: s.dataDir, JOBLEDGER_SQLITE_SYNC: 'normal' });
    const failing = jest.spyOn(worker.worker.settler, 'progress').mockRejectedValue(new Error('SQLITE_IOERR'));
    try {
      const response = await fetch(`${urlOf(worker)}/health`);
      expect([response.status, ((await response.json()) as Health).status]).toEqual([503, 'unavailable']);
    } finally {
      failing.mockRestore();
      await worker.stop();
    }
  });

  it('a rebuild of one is refused at once, 409 PROJECTION_REFUSED naming the remedy, and no rebuild is left requested', async () => {
    const started = Date.now();
    const asked = await s.call('POST', '/admin/projections/jobs/rebuild', { token: admin });
    expect([asked.status, asked.body.error?.code, asked.body.error?.message]).toEqual([409, 'PROJECTION_REFUSED', expect.stringContaining('delete the read models')]);
    expect(Date.now() - started).toBeLessThan(SETTLE_TIMEOUT_MS / 2);
    const { body } = await s.call('GET', '/admin/projections', { token: admin });
    expect(body.processors.find((p: { name: string }) => p.name === 'jobs')).toMatchObject({ state: 'refused', rebuild: null });
  });

  it('deleting the read models (the documented remedy) ends it: ready again, every job read back', async () => {
    const after = await s.restart((dir) => {
      for (const suffix of ['', '-wal', '-shm']) rmSync(join(dir, `readmodels.sqlite${suffix}`), { force: true });
    });
    s = after;
    await until(async () => (await health(s.url)).status === 200, '/health 200 after the rebuild');
    const { body } = await s.call('GET', '/projects/p1/jobs', { token: s.token('admin') });
    expect(body.items.map((j: { title: string }) => j.title).sort()).toEqual(['after the restore', 'kept', 'through the api']);
  });
});
