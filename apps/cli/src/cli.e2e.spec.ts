import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bin, cleanEnv, root, startMatching, startServing, stop } from './testing/processes';

// Each test boots real processes (a build-free start, SQLite files, a demo walk): room for a busy machine.
jest.setTimeout(120_000);

describe('the built jobledger CLI, as processes', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'jobledger-e2e-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('serves, walks the demo (a service job, then an agent job) from request to signal, and shuts down cleanly on SIGTERM', async () => {
    const server = await startServing([bin, 'serve', '--port', '0', '--data-dir', dataDir], { JOBLEDGER_SQLITE_SYNC: 'normal' });
    try {
      expect(server.output()).toContain('token create --role admin');
      const health = await fetch(`${server.url}/health`);
      expect(health.status).toBe(200);

      const demo = spawnSync(process.execPath, [bin, 'demo', '--url', server.url, '--data-dir', dataDir], { cwd: root, encoding: 'utf8', timeout: 60_000 });
      expect(demo.stderr).toBe('');
      expect(demo.status).toBe(0);
      expect(demo.stdout).toMatch(/the Desk holds 0 job\(s\)/);
      expect(demo.stdout).toMatch(/422 EVIDENCE_MISSING .*"missing":\["before","after"\]/);
      expect(demo.stdout).toMatch(/sealed record: contentHash [0-9a-f]{64}/);
      expect(demo.stdout).toMatch(/trust signals on .*: 1 \(present\)/);
      // The agent-job half: claim-next, lease, log, a child and its coordination thread, review, record, signal.
      const job = '(agents-[0-9a-f]{6}-[0-9a-f]{8})';
      expect(demo.stdout).toMatch(new RegExp(`\\d+\\. admin created project agents-[0-9a-f]{6} \\(review required, 3 attempts\\) and agent job ${job} \\(priority 1\\); ready queue: \\1\\n`));
      expect(demo.stdout).toMatch(new RegExp(`\\d+\\. agent bot-[0-9a-f]{6} claim-next → ${job}, attempt 1, in_progress, lease until \\S+\\n`));
      expect(demo.stdout).toMatch(/\d+\. heartbeat: lease until \S+; log line 0 on attempt 1: info "reproduced the redirect bug"\n/);
      expect(demo.stdout).toMatch(new RegExp(`\\d+\\. bot-[0-9a-f]{6} split off child ${job}\\.1 "Add a regression test" \\(inherits review\\), claimed and started it; result success → review\\n`));
      expect(demo.stdout).toMatch(new RegExp(`\\d+\\. coordination thread coord:job:${job}, status message: \\1\\.1 "Add a regression test" — attempt 1 completed: .+\\n`));
      expect(demo.stdout).toMatch(/\d+\. result \{ status: success \} on agents-\S+: job review, awaiting a reviewer\n/);
      expect(demo.stdout).toMatch(/\d+\. reviewer approved agents-\S+\.1 and agents-\S+: both done \(completed\)/);
      expect(demo.stdout).toMatch(/\d+\. sealed record: contentHash [0-9a-f]{64}, executor agent bot-[0-9a-f]{6}, previous [0-9a-f]{64} \(the child's\)\n/);
      expect(demo.stdout).toMatch(/\d+\. ⭐ signal on agents-\S+ credited to agent bot-[0-9a-f]{6}\n/);

      const json = spawnSync(process.execPath, [bin, 'demo', '--url', server.url, '--data-dir', dataDir, '--json'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
      type AgentJob = { project: string; jobId: string; childJobId: string; agentId: string; recordId: string };
      const result = JSON.parse(json.stdout) as { jobId: string; recordId: string; operator: string; agentJob: AgentJob };
      const token = spawnSync(process.execPath, [bin, 'token', 'create', '--role', 'auditor', '--data-dir', dataDir], { cwd: root, encoding: 'utf8' }).stdout.trim();
      const get = async <T>(path: string) => {
        const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
        expect([path, res.status]).toEqual([path, 200]);
        return (await res.json()) as T;
      };
      expect((await get<{ jobId: string }>(`/records/${result.recordId}`)).jobId).toBe(result.jobId);

      // The agent job, read back through the API: done, its child done, its record and signal the agent's.
      const { agentJob } = result;
      type Job = { phase: string; resolution: string; recordId: string; children: string[]; signal: { earner: unknown } | null };
      const agentDone = await get<Job>(`/jobs/${agentJob.jobId}`);
      const executor = { kind: 'agent', agentId: agentJob.agentId };
      expect(agentDone).toMatchObject({ phase: 'done', resolution: 'completed', recordId: agentJob.recordId, children: [agentJob.childJobId], signal: { earner: executor } });
      expect(await get<Job>(`/jobs/${agentJob.childJobId}`)).toMatchObject({ phase: 'done', resolution: 'completed' });
      expect(await get(`/records/${agentJob.recordId}`)).toMatchObject({ jobId: agentJob.jobId, projectSlug: agentJob.project, executor });
    } finally {
      expect(await stop(server.child)).toBe(0);
    }
  });

  it('refuses an operator token without an operator, and bad configuration at boot, with a clear message', () => {
    const token = spawnSync(process.execPath, [bin, 'token', 'create', '--role', 'operator', '--data-dir', dataDir], { cwd: root, encoding: 'utf8' });
    expect(token.status).toBe(2);
    expect(token.stderr).toContain('USAGE: --operator <slug> is required');
    const serve = spawnSync(process.execPath, [bin, 'serve', '--data-dir', dataDir], { cwd: root, encoding: 'utf8', env: { ...process.env, JOBLEDGER_SQLITE_SYNC: 'sometimes' }, timeout: 30_000 });
    expect(serve.status).toBe(1);
    expect(serve.stderr).toContain('JOBLEDGER_SQLITE_SYNC must be one of full|normal');
    const serveJson = spawnSync(process.execPath, [bin, 'serve', '--data-dir', dataDir, '--json'], { cwd: root, encoding: 'utf8', env: { ...process.env, JOBLEDGER_SQLITE_SYNC: 'sometimes' }, timeout: 30_000 });
    expect([serveJson.status, JSON.parse(serveJson.stderr)]).toEqual([1, { error: { code: 'ERROR', message: expect.stringContaining('JOBLEDGER_SQLITE_SYNC') } }]);
  });

  it('serve --json prints one JSON object per line, its logs included: where it listens, then that it stops', async () => {
    const server = await startMatching([bin, 'serve', '--port', '0', '--data-dir', dataDir, '--json'], { JOBLEDGER_SQLITE_SYNC: 'normal' }, /\{"event":"started".*\n/);
    // 'close', not 'exit': the last line is read by then.
    const closed = new Promise((resolve) => server.child.once('close', resolve));
    const lines = () => server.output().trim().split('\n').map((l) => JSON.parse(l) as { event?: string; url?: string });
    const started = lines().find((l) => l.event === 'started');
    try {
      expect(started).toEqual({ event: 'started', role: 'all', url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), holder: expect.any(String) });
      expect((await fetch(`${started?.url}/health`)).status).toBe(200);
    } finally {
      expect(await stop(server.child)).toBe(0);
    }
    await closed;
    expect(lines().at(-1)).toEqual({ event: 'stopping', signal: 'SIGTERM' });
  });

  it('bound to every IPv6 interface (--host ::), prints a loopback URL in brackets that answers; an empty HOST fails at boot naming it', async () => {
    const server = await startMatching([bin, 'serve', '--host', '::', '--port', '0', '--data-dir', dataDir], { JOBLEDGER_SQLITE_SYNC: 'normal' }, /walk a job: .*\n/);
    try {
      const url = /serving at (\S+)/.exec(server.output())?.[1];
      expect(url).toMatch(/^http:\/\/\[::1\]:\d+$/);
      expect(server.output()).toContain(`npx jobledger demo --url ${url} --data-dir ${dataDir}\n`);
      expect((await fetch(`${url}/health`)).status).toBe(200);
    } finally {
      expect(await stop(server.child)).toBe(0);
    }
    // An empty HOST is wrong configuration (exit 1); an empty --host or --data-dir a wrong argument (usage, exit 2).
    for (const [args, env, status, says] of [
      [[], { HOST: '' }, 1, "HOST must be an address or host name to bind (got '')"], [['--host', ''], {}, 2, 'an address to bind, not empty'],
      [['--data-dir', ''], {}, 2, 'a data directory, not empty'],
    ] as const) {
      const serve = spawnSync(process.execPath, [bin, 'serve', '--port', '0', '--data-dir', dataDir, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 30_000 });
      expect([serve.status, serve.stderr]).toEqual([status, expect.stringContaining(says)]);
    }
  });

  it('`npm start` serves on PORT and JOBLEDGER_DATA_DIR, and keeps data across a restart', async () => {
    const env = { PORT: '0', JOBLEDGER_DATA_DIR: dataDir, JOBLEDGER_SQLITE_SYNC: 'normal' };
    const first = await startServing([join(root, 'scripts/start.js')], env);
    const demo = spawnSync(process.execPath, [bin, 'demo', '--url', first.url, '--data-dir', dataDir, '--json'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    const { jobId, operator } = JSON.parse(demo.stdout) as { jobId: string; operator: string };
    expect(await stop(first.child)).toBe(0);

    // JOBLEDGER_JSON_LOGS is how --json reaches every thread, not a setting: set by hand, it changes nothing.
    const second = await startServing([join(root, 'scripts/start.js')], { ...env, JOBLEDGER_JSON_LOGS: 'on' });
    try {
      expect(second.output()).toMatch(/\[Nest\] \d+ .*Starting Nest application/);
      expect(second.output()).not.toContain('"level":"log"');
      const token = spawnSync(process.execPath, [bin, 'token', 'create', '--role', 'operator', '--operator', operator, '--data-dir', dataDir], { cwd: root, encoding: 'utf8' }).stdout.trim();
      const job = await fetch(`${second.url}/jobs/${jobId}`, { headers: { authorization: `Bearer ${token}` } });
      expect(job.status).toBe(200);
      expect(((await job.json()) as { phase: string }).phase).toBe('done');
      const desk = (await (await fetch(`${second.url}/operators/${operator}/desk`, { headers: { authorization: `Bearer ${token}` } })).json()) as { trustSignals: { count: number } };
      expect(desk.trustSignals.count).toBe(1);
    } finally {
      expect(await stop(second.child)).toBe(0);
    }
  });

  it('`npm start` on JOBLEDGER_DATA_DIR prints a token command that, pasted into another terminal anywhere, mints a token the server accepts', async () => {
    const served = join(dataDir, 'my data');
    const server = await startMatching([join(root, 'scripts/start.js')], { PORT: '0', JOBLEDGER_DATA_DIR: served, JOBLEDGER_SQLITE_SYNC: 'normal' }, /walk a job: .*\n/);
    try {
      const url = /serving at (http:\/\/\S+)/.exec(server.output())?.[1];
      const [, mint, dataDirArgs] = /mint a token:\s+npx jobledger (token create --role admin(.*))\n/.exec(server.output()) ?? [];
      expect(dataDirArgs).toBe(` --data-dir '${served}'`);
      expect(server.output()).toContain(`walk a job:    npx jobledger demo --url ${url}${dataDirArgs}\n`);
      // Another terminal: another directory, none of the server's variables.
      const pasted = spawnSync('sh', ['-c', `"${process.execPath}" "${bin}" ${mint}`], { cwd: dataDir, encoding: 'utf8', env: cleanEnv({}) });
      expect([pasted.status, pasted.stderr]).toEqual([0, '']);
      const jobs = await fetch(`${url}/jobs`, { headers: { authorization: `Bearer ${pasted.stdout.trim()}` } });
      expect(jobs.status).toBe(200);
    } finally {
      expect(await stop(server.child)).toBe(0);
    }
  });
});
