import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bin, root, startServing, stop } from './testing/processes';

// Each test boots real processes (a build-free start, SQLite files, a demo walk): room for a busy machine.
jest.setTimeout(120_000);

describe('the built jobledger CLI, as processes', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'jobledger-e2e-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('serves, walks the demo from request to signal, and shuts down cleanly on SIGTERM', async () => {
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

      const json = spawnSync(process.execPath, [bin, 'demo', '--url', server.url, '--data-dir', dataDir, '--json'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
      const result = JSON.parse(json.stdout) as { jobId: string; recordId: string; operator: string };
      const token = spawnSync(process.execPath, [bin, 'token', 'create', '--role', 'auditor', '--data-dir', dataDir], { cwd: root, encoding: 'utf8' }).stdout.trim();
      const record = await fetch(`${server.url}/records/${result.recordId}`, { headers: { authorization: `Bearer ${token}` } });
      expect(record.status).toBe(200);
      expect(((await record.json()) as { jobId: string }).jobId).toBe(result.jobId);
    } finally {
      expect(await stop(server.child)).toBe(0);
    }
  });

  it('refuses an operator token without an operator, and bad configuration at boot, with a clear message', () => {
    const token = spawnSync(process.execPath, [bin, 'token', 'create', '--role', 'operator', '--data-dir', dataDir], { cwd: root, encoding: 'utf8' });
    expect(token.status).toBe(1);
    expect(token.stderr).toContain('--operator <slug> is required');
    const serve = spawnSync(process.execPath, [bin, 'serve', '--data-dir', dataDir], { cwd: root, encoding: 'utf8', env: { ...process.env, JOBLEDGER_SQLITE_SYNC: 'sometimes' }, timeout: 30_000 });
    expect(serve.status).toBe(1);
    expect(serve.stderr).toContain('JOBLEDGER_SQLITE_SYNC must be one of full|normal');
  });

  it('`npm start` serves on PORT and JOBLEDGER_DATA_DIR, and keeps data across a restart', async () => {
    const env = { PORT: '0', JOBLEDGER_DATA_DIR: dataDir, JOBLEDGER_SQLITE_SYNC: 'normal' };
    const first = await startServing([join(root, 'scripts/start.js')], env);
    const demo = spawnSync(process.execPath, [bin, 'demo', '--url', first.url, '--data-dir', dataDir, '--json'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    const { jobId, operator } = JSON.parse(demo.stdout) as { jobId: string; operator: string };
    expect(await stop(first.child)).toBe(0);

    const second = await startServing([join(root, 'scripts/start.js')], env);
    try {
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
});
