import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bin, runCli, startServing, stop } from './testing/processes';

// A built server as a process, on a busy 2-core machine.
jest.setTimeout(180_000);

type Health = {
  status: string;
  role: string;
  processors: { name: string; running: boolean; caughtUp: boolean }[];
  checkpoints: { name: string; holder: string | null }[];
};

describe.each([
  ['on', 'projections and reactors on their own thread (the default)'],
  ['off', 'everything on one event loop'],
])('jobledger serve with JOBLEDGER_WORKER_THREAD=%s: %s', (mode) => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), `jobledger-threads-${mode}-`));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('walks a service job from request to signal with read-your-writes, reports every processor running under one holder, and stops cleanly', async () => {
    const server = await startServing([bin, 'serve', '--port', '0'], {
      JOBLEDGER_DATA_DIR: dataDir, JOBLEDGER_SQLITE_SYNC: 'normal', JOBLEDGER_WORKER_THREAD: mode,
    });
    try {
      // The demo reads each step back (the Desk right after Create Job, the signal after completion).
      const demo = runCli(['demo', '--url', server.url, '--data-dir', dataDir], {}, { timeoutMs: 120_000 });
      expect(demo.stderr).toBe('');
      expect(demo.status).toBe(0);
      expect(demo.stdout).toMatch(/⭐ trust signals on \S+'s Desk: 1 \(present\)/);

      const health = (await (await fetch(`${server.url}/health`)).json()) as Health;
      expect(health).toMatchObject({ status: 'ok', role: 'all' });
      expect(health.processors.length).toBeGreaterThan(10);
      expect(health.processors.filter((p) => !p.running)).toEqual([]);
      const holders = new Set(health.checkpoints.map((c) => c.holder));
      expect(holders.size).toBe(1);
      expect([...holders][0]).toEqual(expect.stringContaining(':'));
    } finally {
      expect(await stop(server.child)).toBe(0);
    }
  });

  it("reads a command's effect at once after a rebuild switched its read model's generation", async () => {
    // A generation cache far longer than the test: the API learns of the switch only by being told.
    const server = await startServing([bin, 'serve', '--port', '0'], {
      JOBLEDGER_DATA_DIR: dataDir, JOBLEDGER_SQLITE_SYNC: 'normal', JOBLEDGER_WORKER_THREAD: mode,
      JOBLEDGER_GENERATION_CACHE_MS: '60000', JOBLEDGER_REBUILD_POLL_MS: '20',
    });
    try {
      const admin = runCli(['token', 'create', '--role', 'admin', '--data-dir', dataDir]).stdout.trim();
      const call = async (method: string, path: string, body?: object) => {
        const r = await fetch(`${server.url}${path}`, { method, headers: { authorization: `Bearer ${admin}`, ...(body && { 'content-type': 'application/json' }) }, body: body && JSON.stringify(body) });
        return { status: r.status, body: (await r.json()) as { id?: string; jobId?: string; settled?: boolean; processors?: { name: string; lastRebuild: { requestId: string } | null }[] } };
      };
      expect((await call('POST', '/projects', { slug: 'agents', name: 'Agents' })).status).toBe(201);
      const first = await call('POST', '/projects/agents/jobs', { title: 'Before the rebuild', description: 'd' });
      expect(first).toMatchObject({ status: 201 });
      expect((await call('GET', `/jobs/${first.body.jobId}`)).status).toBe(200); // the API has read the generations now
      const rebuild = await call('POST', '/admin/projections/jobs/rebuild');
      expect(rebuild.status).toBe(202);
      for (let switched = false; !switched; await new Promise((resolve) => setTimeout(resolve, 50))) {
        const rows = (await call('GET', '/admin/projections')).body.processors ?? [];
        switched = rows.find((r) => r.name === 'jobs')?.lastRebuild?.requestId === rebuild.body.id;
      }
      const created = await call('POST', '/projects/agents/jobs', { title: 'After the switch', description: 'd' });
      expect([created.status, created.body.settled]).toEqual([201, true]);
      expect((await call('GET', `/jobs/${created.body.jobId}`)).status).toBe(200);
    } finally {
      expect(await stop(server.child)).toBe(0);
    }
  });
});
