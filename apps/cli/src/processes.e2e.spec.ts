import Database from 'better-sqlite3';
import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bin, root, startMatching } from './testing/processes';

// Several real processes on one data dir, on a busy 2-core machine.
jest.setTimeout(180_000);

const LEASE_MS = 2000;

const exited = (child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve({ code: child.exitCode, signal: child.signalCode })
    : new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

const API = /serving at (http:\/\/[\d.]+:\d+)/;
const WORKER = /jobledger worker (\S+) is running its processors \(health: (http:\/\/[\d.]+:\d+)\/health\)/;

type WorkerHealth = { status: string; holder: string; leases: string[]; processors: { name: string; running: boolean }[] };
const healthOf = async (url: string): Promise<WorkerHealth> => (await fetch(`${url}/health`)).json() as Promise<WorkerHealth>;

/** Polls until `check` holds, failing after `limitMs` (a bound, not a speed assertion). */
const eventually = async <T>(probe: () => Promise<T>, check: (value: T) => boolean, limitMs: number): Promise<T> => {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const value = await probe();
    if (check(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not reached within ${limitMs} ms; last: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

const demo = (url: string, dataDir: string) => {
  const run = spawnSync(process.execPath, [bin, 'demo', '--url', url, '--data-dir', dataDir], { cwd: root, encoding: 'utf8', timeout: 90_000 });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return run.stdout;
};

describe('jobledger serve --role api | worker, as separate processes on one data dir', () => {
  let dataDir: string;
  const started: ChildProcess[] = [];
  const env = (more: Record<string, string> = {}) => ({ JOBLEDGER_DATA_DIR: dataDir, JOBLEDGER_SQLITE_SYNC: 'normal', JOBLEDGER_WORKER_LEASE_MS: String(LEASE_MS), ...more });
  const launch = async (role: 'api' | 'worker', more: Record<string, string> = {}) => {
    const proc = await startMatching([bin, 'serve', '--role', role, '--port', '0'], env(more), role === 'api' ? API : WORKER);
    started.push(proc.child);
    return proc;
  };

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'jobledger-roles-'));
  });
  afterEach(async () => {
    for (const child of started.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('an API and two workers walk the whole lifecycle with read-your-writes; each processor runs in one worker; a kill -9 hands everything to the other', async () => {
    const api = await launch('api');
    const url = api.match[1];
    type ApiHealth = { status: string; role: string; processors: unknown[]; checkpoints: { holder: string | null }[] };
    const apiHealth = async () => (await fetch(`${url}/health`)).json() as Promise<ApiHealth>;
    const processorCount = (await apiHealth()).checkpoints.length;
    const leaseCount = processorCount + 1; // every projection and reactor, and the lease watchdog
    const first = await launch('worker');
    const [firstHolder, firstUrl] = [first.match[1], first.match[2]];
    await eventually(() => healthOf(firstUrl), (h) => h.leases.length === leaseCount, 30_000);
    const second = await launch('worker');
    const [secondHolder, secondUrl] = [second.match[1], second.match[2]];
    expect(secondHolder).not.toBe(firstHolder);

    // The API runs no processors and says so; it sees every checkpoint and who holds it.
    const seen = await apiHealth();
    expect([seen.status, seen.role, seen.processors]).toEqual(['ok', 'api', []]);
    expect(new Set(seen.checkpoints.map((c) => c.holder))).toEqual(new Set([firstHolder]));

    const out = demo(url, dataDir);
    expect(out).toMatch(/the Desk holds 0 job\(s\)/);
    expect(out).toMatch(/now on ana-\w+'s Desk: detailing-\w+-[0-9a-f]{8}/);
    expect(out).toMatch(/422 EVIDENCE_MISSING .*"missing":\["before","after"\]/);
    expect(out).toMatch(/trust signals on .*: 1 \(present\)/);

    // While the first runs everything, the second is a standby: it holds and runs nothing.
    const standby = await healthOf(secondUrl);
    expect([standby.status, standby.leases, standby.processors]).toEqual(['ok', [], []]);
    expect((await healthOf(firstUrl)).processors.filter((p) => p.running)).toHaveLength(processorCount);

    first.child.kill('SIGKILL');
    expect(await exited(first.child)).toEqual({ code: null, signal: 'SIGKILL' });
    // The standby takes every lease at its next round: their holder's pid runs no more.
    const takeover = await eventually(() => healthOf(secondUrl), (h) => h.leases.length === leaseCount, LEASE_MS * 4);
    expect(takeover.processors.every((p) => p.running)).toBe(true);

    const again = demo(url, dataDir);
    expect(again).toMatch(/sealed record: contentHash [0-9a-f]{64}, 3 evidence item\(s\), previous none/);
    expect(again).toMatch(/trust signals on .*: 1 \(present\)/);

    second.child.kill('SIGTERM');
    api.child.kill('SIGTERM');
    expect(await exited(second.child)).toEqual({ code: 0, signal: null });
    expect(await exited(api.child)).toEqual({ code: 0, signal: null });

    // After both workers: every effect exactly once, and the read models agree with the log.
    const events = new Database(join(dataDir, 'events.sqlite'), { readonly: true });
    const reads = new Database(join(dataDir, 'readmodels.sqlite'), { readonly: true });
    try {
      const count = (type: string) => (events.prepare('SELECT count(*) AS n FROM events WHERE type = ?').get(type) as { n: number }).n;
      // Each demo: one service job (from one task) and one agent job with a child, each completed, sealed and signalled once;
      // the child's completion posts one status message on its parent's thread.
      const counted = ['ServiceEventCompleted', 'RecordSealed', 'SignalEmitted', 'JobCreated', 'TaskOpened', 'MessagePosted'];
      expect(counted.map(count)).toEqual([6, 6, 6, 6, 2, 2]);
      expect((reads.prepare('SELECT count(*) AS n FROM rm_records').get() as { n: number }).n).toBe(6);
      // A clean stop hands its leases back; the killed worker's were taken over, so none is left.
      expect(reads.prepare('SELECT holder FROM leases').all()).toEqual([]);
    } finally {
      events.close();
      reads.close();
    }
  });

  it('a worker restarted after a kill -9 takes its predecessor\'s unexpired leases at once: the holder\'s pid runs no more', async () => {
    // Leases of ten minutes: a restart that waited for them to lapse would not run within the bound below.
    const long = { JOBLEDGER_WORKER_LEASE_MS: '600000' };
    const api = await launch('api', long);
    const leaseCount = ((await (await fetch(`${api.match[1]}/health`)).json()) as { checkpoints: unknown[] }).checkpoints.length + 1;
    const crashed = await launch('worker', long);
    await eventually(() => healthOf(crashed.match[2]), (h) => h.leases.length === leaseCount, 30_000);
    crashed.child.kill('SIGKILL');
    await exited(crashed.child);

    const restarted = await launch('worker', long);
    const taken = await eventually(() => healthOf(restarted.match[2]), (h) => h.leases.length === leaseCount, 60_000);
    expect(taken.processors.every((p) => p.running)).toBe(true);
    expect(restarted.output()).toContain(`lease taken from ${crashed.match[1]}, which no longer runs`);

    restarted.child.kill('SIGTERM');
    api.child.kill('SIGTERM');
    expect(await exited(restarted.child)).toEqual({ code: 0, signal: null });
    expect(await exited(api.child)).toEqual({ code: 0, signal: null });
  });

  it('on SIGTERM answers the command in flight, refuses new requests with 503 SHUTTING_DOWN, and exits 0', async () => {
    // No worker: a command waits the whole settle timeout for its read models, so it is in flight
    // for a while — long enough that a busy machine still signals before it is answered.
    const api = await launch('api', { JOBLEDGER_SETTLE_TIMEOUT_MS: '10000' });
    const url = api.match[1];
    const token = spawnSync(process.execPath, [bin, 'token', 'create', '--role', 'admin', '--data-dir', dataDir], { cwd: root, encoding: 'utf8' }).stdout.trim();
    const post = (slug: string) =>
      fetch(`${url}/operators`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ slug, name: slug }) });

    const inFlight = post('ana');
    await eventually(async () => (await fetch(`${url}/health`)).json() as Promise<{ eventStore: { headPosition: string } }>, (h) => h.eventStore.headPosition !== '-1', 10_000);
    api.child.kill('SIGTERM');
    // Only once the server has taken the signal: a request that reached it first is accepted and
    // then waits out the settle timeout (there is no worker), longer than the poll below allows.
    await eventually(async () => api.output(), (output) => output.includes('SIGTERM: shutting down'), 10_000);
    const refused = await eventually(() => post('bo'), (r) => r.status === 503, 10_000);
    expect(await refused.json()).toEqual({ error: { code: 'SHUTTING_DOWN', message: expect.any(String), details: {} } });

    const answered = await inFlight;
    expect(answered.status).toBe(201);
    expect(await answered.json()).toMatchObject({ slug: 'ana', settled: false });
    expect(await exited(api.child)).toEqual({ code: 0, signal: null });
    expect(api.output()).toContain('SIGTERM: shutting down');
  });
});
