import Database from 'better-sqlite3';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProjectionsReport, ProcessorReport } from '../../../libs/application/src/operations/projection-operations';
import type { NewEvent, RecordedEvent } from '../../../libs/eventstore/src/port';
import { SqliteEventStore } from '../../../libs/eventstore/src/sqlite/sqlite-event-store';
import { SqliteReadStore } from '../../../libs/readstore/src/sqlite/sqlite-read-store';
import { dumpReadModels } from '../../api/src/testing/read-models';
import { bin, runCli, startMatching } from './testing/processes';

// Real processes on one data dir, on a busy machine: the bounds below are limits, not speeds.
jest.setTimeout(180_000);

/** Enough jobs that building `jobs` from zero spans many progress reports, and seconds even on a fast machine, so a loaded test run still sees it mid-way. */
const SEEDED_JOBS = 32_000;
const PAGE = 100;
const LEASE_MS = 2000;

const API = /serving at (http:\/\/[\d.]+:\d+)/;
const WORKER = /jobledger worker (\S+) is running its processors/;

const exited = (child: ChildProcess): Promise<NodeJS.Signals | number | null> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve(child.signalCode ?? child.exitCode)
    : new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));

const eventually = async <T>(probe: () => Promise<T>, check: (value: T) => boolean, limitMs: number, pauseMs = 50): Promise<T> => {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const value = await probe();
    if (check(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not reached within ${limitMs} ms; last: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, pauseMs));
  }
};

/** Copies of a job created through the API, each on a stream of its own, appended straight to the log. */
const seedJobs = async (file: string, count: number): Promise<void> => {
  const events = SqliteEventStore.open({ file, synchronous: 'normal' });
  try {
    const [template] = (await events.readAll({ maxCount: 1, filter: { eventTypes: ['JobCreated'] } })) as RecordedEvent<{ jobId: string }>[];
    for (let i = 0; i < count; i++) {
      const jobId = `${template.data.jobId}-${String(i).padStart(5, '0')}`;
      const eventId = randomUUID();
      const copy: NewEvent = { id: eventId, type: 'JobCreated', data: { ...template.data, jobId }, metadata: { ...template.metadata, eventId } };
      await events.append(`job-${jobId}`, [copy], 'no_stream');
    }
  } finally {
    await events.close();
  }
};

describe('a worker killed (SIGKILL) in the middle of a blue-green rebuild, then restarted', () => {
  let dataDir: string;
  const started: ChildProcess[] = [];
  /** The reader below polls while this holds; a failed run must stop it too. */
  let reading = false;
  const env = { JOBLEDGER_SQLITE_SYNC: 'normal', JOBLEDGER_WORKER_LEASE_MS: String(LEASE_MS), JOBLEDGER_REBUILD_POLL_MS: '50', JOBLEDGER_GENERATION_CACHE_MS: '100', JOBLEDGER_GENERATION_DROP_MS: '1200' };
  const launch = async (role: 'api' | 'worker') => {
    const proc = await startMatching([bin, 'serve', '--role', role, '--port', '0', '--data-dir', dataDir], env, role === 'api' ? API : WORKER);
    started.push(proc.child);
    return proc;
  };

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'jobledger-rebuild-kill-'));
  });
  afterAll(() => {
    reading = false;
    for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  const jobsDocuments = async () => {
    const store = SqliteReadStore.open({ file: join(dataDir, 'readmodels.sqlite') });
    try {
      return (await dumpReadModels(store)).jobs;
    } finally {
      await store.close();
    }
  };
  const readModels = <T>(query: (db: Database.Database) => T): T => {
    const db = new Database(join(dataDir, 'readmodels.sqlite'), { readonly: true });
    try {
      return query(db);
    } finally {
      db.close();
    }
  };
  /** The physical tables of the jobs collection: `rm_jobs` is generation 1, `rm_jobs__g2` generation 2. */
  const tables = () =>
    readModels((db) => (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'rm_jobs%'").all() as { name: string }[]).map((t) => t.name).sort());
  const rowsOf = (table: string) => readModels((db) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n);

  it('resumes the build, switches to documents equal to the live ones, never leaves readers empty, and drops the old generation', async () => {
    const api = await launch('api');
    const url = api.match[1];
    const token = runCli(['token', 'create', '--role', 'admin', '--data-dir', dataDir]).stdout.trim();
    const get = async <T>(path: string): Promise<T> => {
      const res = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
      if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
      return res.json() as Promise<T>;
    };
    const jobsStatus = async (): Promise<ProcessorReport> =>
      (await get<ProjectionsReport>('/admin/projections')).processors.find((p) => p.name === 'jobs') as ProcessorReport;

    let worker = await launch('worker');
    const demo = runCli(['demo', '--url', url, '--data-dir', dataDir, '--json']);
    expect([demo.status, demo.stderr]).toEqual([0, '']);
    await seedJobs(join(dataDir, 'events.sqlite'), SEEDED_JOBS);
    // Everything caught up (reactors included) before the snapshot: nothing changes the jobs after it.
    await eventually(() => get<ProjectionsReport>('/admin/projections'), (r) => r.processors.every((p) => p.lag.events === 0), 90_000, 200);

    const before = await jobsDocuments();
    // The demo made three jobs (its service job; its agent job and that job's child); the seeded ones copy the first, the service job.
    expect(before).toHaveLength(SEEDED_JOBS + 3);
    expect(tables()).toEqual(['rm_jobs']);
    const serviceJobId = (JSON.parse(demo.stdout) as { jobId: string }).jobId;
    const projectSlug = (before.find((j) => (j as { jobId: string }).jobId === serviceJobId) as { projectSlug: string }).projectSlug;

    // A reader lists a page of the project's jobs through the whole run, through the API
    // process (which lives on while the worker dies): every page must be full.
    const pageSizes: number[] = [];
    const readErrors: string[] = [];
    reading = true;
    const reader = (async () => {
      while (reading) {
        await get<{ items: unknown[] }>(`/projects/${projectSlug}/jobs?limit=${PAGE}`).then(
          (page) => pageSizes.push(page.items.length),
          (e: unknown) => readErrors.push(String(e)),
        );
        await new Promise((r) => setTimeout(r, 20));
      }
    })();

    const asked = await fetch(`${url}/admin/projections/jobs/rebuild`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(asked.status).toBe(202);
    const requestId = ((await asked.json()) as { id: string }).id;

    // Mid-way: the build has reported progress but is not finished.
    const midway = await eventually(jobsStatus, (s) => s.rebuild?.state === 'building' && s.rebuild.progress > 0 && s.rebuild.progress < 0.8, 60_000, 10);
    worker.child.kill('SIGKILL');
    expect(await exited(worker.child)).toBe('SIGKILL');
    const readsAtKill = pageSizes.length;

    // Killed, the build stays where it was: generation 1 still serves, generation 2 is half-built.
    const stalled = await jobsStatus();
    expect(stalled).toMatchObject({ generation: 1, rebuild: { id: requestId, state: 'building', generation: 2 } });
    expect(BigInt(stalled.rebuild?.position ?? '-1')).toBeGreaterThanOrEqual(BigInt(midway.rebuild?.position ?? '-1'));
    expect(stalled.rebuild?.progress).toBeLessThan(1);
    expect(tables()).toEqual(['rm_jobs', 'rm_jobs__g2']);
    const halfBuilt = rowsOf('rm_jobs__g2');
    expect(halfBuilt).toBeGreaterThan(0);
    expect(halfBuilt).toBeLessThan(before.length);
    expect(rowsOf('rm_jobs')).toBe(before.length);
    expect(worker.output()).toContain('jobs: building generation 2');

    worker = await launch('worker');
    // Until the new worker is up (and its lease on jobs later still), no process runs jobs.
    const readsWhileDead = pageSizes.length - readsAtKill;
    const done = await eventually(jobsStatus, (s) => s.generation === 2 && s.rebuild === null, 90_000, 100);
    expect(done.lastRebuild).toMatchObject({ requestId, generation: 2 });
    // Resumed from the build's own checkpoint, not begun again.
    expect(worker.output()).not.toContain('building generation');
    // The retired generation is dropped after its grace period (JOBLEDGER_GENERATION_DROP_MS).
    await eventually(async () => tables(), (t) => t.length === 1, 30_000, 100);
    expect(tables()).toEqual(['rm_jobs__g2']);

    reading = false;
    await reader;
    expect(readErrors).toEqual([]);
    expect(readsWhileDead).toBeGreaterThan(0);
    expect(Math.min(...pageSizes)).toBe(PAGE);

    // Every field compared: a job document is a pure fold of its events (times come from the
    // events, not from when they were projected), so no field is volatile across a rebuild.
    expect(await jobsDocuments()).toEqual(before);
    worker.child.kill('SIGTERM');
    api.child.kill('SIGTERM');
    expect([await exited(worker.child), await exited(api.child)]).toEqual([0, 0]);
  });
});
