import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Principal } from '../../../libs/application/src/auth/principal';
import { signToken } from '../../../libs/application/src/auth/tokens';
import { loadConfig } from '../../../libs/application/src/config/config';
import { cliRunning, printed } from './testing/cli-runner';
import { bin, root, startServing, stop } from './testing/processes';

// Real processes on a busy machine: a server, then the job verbs against it.
jest.setTimeout(180_000);

type Ran = { status: number | null; stdout: string; stderr: string };

/** The built CLI, with the server and token in its environment only. */
const cliEnv = (url: string, token: string) => {
  const { JOBLEDGER_URL: _u, JOBLEDGER_TOKEN: _t, ...rest } = process.env;
  return { ...rest, JOBLEDGER_URL: url, JOBLEDGER_TOKEN: token };
};

/** Starts the CLI without waiting for it (so that the job can move while it runs); resolves when it exits. */
const run = (args: string[], env: NodeJS.ProcessEnv): Promise<Ran> =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => { stdout += c.toString(); });
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
    child.once('exit', (status) => resolve({ status, stdout, stderr }));
  });

describe('jobledger job wait | follow, the built CLI against a server', () => {
  let dataDir: string;
  let server: Awaited<ReturnType<typeof startServing>>;
  let token: (role: Principal['role'], extra?: Partial<Principal>) => string;
  let env: NodeJS.ProcessEnv;

  const call = async (path: string, as: string, body: unknown = {}) => {
    const r = await fetch(`${server.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${as}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const answer = (await r.json()) as Record<string, string>;
    if (r.status >= 300) throw new Error(`${path}: ${r.status} ${JSON.stringify(answer)}`);
    return answer;
  };

  /** A governed service job for operator `ola` on a surface that needs no evidence (one attempt allowed). */
  const newJob = async (): Promise<string> => {
    const admin = token('admin');
    const { requestId } = await call('/requests', token('requester', { sub: 'portal' }), {
      projectSlug: 'advice', surface: 'consultation', tier: 'basic', customer: { name: 'Sam', contact: 'sam@example.com' }, details: 'A question', notes: '',
    });
    const { taskId } = await call(`/requests/${requestId}/intake`, admin, { intakeNotes: '' });
    await call(`/tasks/${taskId}/approve`, admin);
    await call(`/tasks/${taskId}/assign`, admin, { assignee: { kind: 'operator', slug: 'ola' } });
    return (await call(`/tasks/${taskId}/create-job`, admin)).jobId;
  };
  const work = async (jobId: string, end: 'complete' | 'fail') => {
    const ola = token('operator', { operator: 'ola' });
    const { serviceEventId } = await call(`/jobs/${jobId}/claim`, ola, { start: true });
    await call(`/jobs/${jobId}/${end}`, ola, end === 'fail' ? { serviceEventId, reason: 'customer absent' } : { serviceEventId, outcome: { notes: 'advised' } });
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'jobledger-job-e2e-'));
    server = await startServing([bin, 'serve', '--port', '0', '--data-dir', dataDir], { JOBLEDGER_SQLITE_SYNC: 'normal' });
    const secret = loadConfig({ JOBLEDGER_DATA_DIR: dataDir }).jwtSecret;
    token = (role, extra = {}) => signToken(secret, { sub: `${role}:e2e`, role, ...extra });
    env = cliEnv(server.url, token('admin'));
    const admin = token('admin');
    await call('/projects', admin, { slug: 'advice', name: 'Advice', defaults: { reviewRequired: false, maxAttempts: 1 } });
    await call('/surfaces', admin, { key: 'consultation', name: 'Consultation', kind: 'advisory', requiredEvidence: [] });
    await call('/operators', admin, { slug: 'ola', name: 'Ola' });
  });
  afterAll(async () => {
    // A test that restarts the server may have failed with it stopped.
    if (server.child.exitCode === null) expect(await stop(server.child)).toBe(0);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('job wait exits 0 when the job completes while it waits, and job follow prints it live until the end', async () => {
    const jobId = await newJob();
    const waiting = run(['job', 'wait', jobId, '--timeout', '120'], env);
    const following = run(['job', 'follow', jobId], env);
    const followingJson = run(['job', 'follow', jobId, '--json'], env);
    await work(jobId, 'complete');
    const waited = await waiting;
    expect([waited.status, waited.stdout, waited.stderr]).toEqual([0, `job ${jobId} is done (completed)\n`, '']);
    const followed = await following;
    expect(followed.status).toBe(0);
    expect(followed.stdout).toMatch(/JobCreated\s+ready\s+system:jobledger/);
    expect(followed.stdout).toMatch(/JobClaimed\s+active\s+operator:e2e/);
    expect(followed.stdout).toMatch(/ServiceEventCompleted\s+done/);
    const lines = (await followingJson).stdout.trim().split('\n').map((l) => JSON.parse(l) as { event: string; type: string; phase: string });
    expect(lines.map((l) => l.type)).toEqual(['JobCreated', 'JobClaimed', 'ServiceEventStarted', 'ServiceEventCompleted']);
    expect(lines.at(-1)?.phase).toBe('done');
  });

  it("job follow shows a log message's line breaks as \\n: a harness cannot forge a line that reads as an event", async () => {
    const jobId = await newJob();
    const ola = token('operator', { operator: 'ola' });
    const { serviceEventId } = await call(`/jobs/${jobId}/claim`, ola, { start: true });
    const forged = '2026-01-31T12:00:00.000Z  JobApproved              done      operator:boss';
    await call(`/jobs/${jobId}/attempts/1/logs`, ola, { serviceEventId, entries: [{ level: 'info', message: `step 1\n${forged}` }] });
    await call(`/jobs/${jobId}/complete`, ola, { serviceEventId, outcome: { notes: 'advised' } });
    const followed = await run(['job', 'follow', jobId], env);
    expect([followed.status, followed.stderr]).toEqual([0, '']);
    expect(followed.stdout).toContain(`[attempt 1] INFO  step 1\\n${forged}\n`);
    expect(followed.stdout.split('\n')).not.toContain(forged);
  });

  it('job wait exits 1 when the job failed, 125 when cancelled, 124 on timeout; a refusal is a failed command (1, the error body)', async () => {
    const failed = await newJob();
    await work(failed, 'fail');
    const asJson = await run(['job', 'wait', failed, '--json'], env);
    expect(asJson.status).toBe(1);
    expect(JSON.parse(asJson.stdout)).toMatchObject({ jobId: failed, outcome: 'done', resolution: 'failed' });

    const cancelled = await newJob();
    const waiting = run(['job', 'wait', cancelled], env);
    await call(`/jobs/${cancelled}/cancel`, token('admin'), { reason: 'no longer needed' });
    expect((await waiting).status).toBe(125);

    const pending = await newJob();
    const timedOut = spawnSync(process.execPath, [bin, 'job', 'wait', pending, '--timeout', '1'], { cwd: root, encoding: 'utf8', env });
    expect([timedOut.status, timedOut.stdout]).toEqual([124, `timed out: job ${pending} is still ready\n`]);

    const refused = spawnSync(process.execPath, [bin, 'job', 'wait', pending, '--url', server.url, '--token', token('operator', { operator: 'someone-else' })], { cwd: root, encoding: 'utf8', env });
    expect([refused.status, refused.stdout, refused.stderr]).toEqual([1, '', expect.stringMatching(/^jobledger: 404 JOB_NOT_FOUND: /)]);
    const unknown = spawnSync(process.execPath, [bin, 'job', 'wait', 'nope-12345678', '--timeout', '2', '--json'], { cwd: root, encoding: 'utf8', env });
    expect([unknown.status, unknown.stdout, JSON.parse(unknown.stderr)]).toEqual([1, '', { error: expect.objectContaining({ code: 'JOB_NOT_FOUND' }) }]);
  });

  it('documents its exit codes and examples in --help', () => {
    const help = spawnSync(process.execPath, [bin, 'job', 'wait', '--help'], { cwd: root, encoding: 'utf8' });
    expect(help.stdout).toContain('0 success (completed or force_completed), 1 failed (failed or closed), 124 timeout, 125 cancelled');
    expect(spawnSync(process.execPath, [bin, 'job', 'follow', '--help'], { cwd: root, encoding: 'utf8' }).stdout).toContain('jobledger job follow agents-1a2b3c4d --json');
  });

  it('job wait and job follow get through a server restart (6 s down: SIGTERM, then a start on the same data dir and port) and end as the job does after it', async () => {
    const jobId = await newJob();
    const vars = { JOBLEDGER_URL: server.url, JOBLEDGER_TOKEN: token('admin') };
    const waiting = cliRunning(['job', 'wait', jobId, '--timeout', '60'], vars);
    const following = cliRunning(['job', 'follow', jobId], vars);
    try {
      // follow prints once its stream is open; the wait, started first, has had the same time.
      await printed(following, /JobCreated/);
      await sleep(1_000);
      expect(await stop(server.child)).toBe(0);
      await sleep(6_000);
      server = await startServing([bin, 'serve', '--port', new URL(server.url).port, '--data-dir', dataDir], { JOBLEDGER_SQLITE_SYNC: 'normal' });
      expect(server.url).toBe(vars.JOBLEDGER_URL);
      await work(jobId, 'complete');
      expect([await waiting.exited, waiting.output()]).toEqual([0, `job ${jobId} is done (completed)\n`]);
      expect(await following.exited).toBe(0);
      expect(following.output()).toMatch(/JobCreated[^]*ServiceEventCompleted\s+done/);
      expect(following.output().match(/JobCreated/g)).toHaveLength(1);
    } finally {
      waiting.child.kill();
      following.child.kill();
    }
  });
});
