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
});
