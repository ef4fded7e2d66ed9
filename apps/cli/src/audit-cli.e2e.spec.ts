import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { swapEvidenceBytes } from '../../api/src/audit/audit-fixtures';
import { bin, runCli, startServing, stop } from './testing/processes';

// Real processes on a busy machine: a server, a demo walk, then the audit verbs.
jest.setTimeout(180_000);

const serving = (dataDir: string) => startServing([bin, 'serve', '--port', '0', '--data-dir', dataDir], { JOBLEDGER_SQLITE_SYNC: 'normal' });

const cli = runCli;

describe('jobledger audit, the built CLI against a server and offline', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'jobledger-audit-e2e-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('replays, travels in time, verifies online (exit 0 / 1), exports, and verifies the export offline (exit 0 / 1)', async () => {
    const server = await serving(dataDir);
    const exported = join(dataDir, 'job.jsonl');
    let jobId = '';
    let recordId = '';
    try {
      const demo = cli(['demo', '--url', server.url, '--data-dir', dataDir, '--json']);
      ({ jobId, recordId } = JSON.parse(demo.stdout) as { jobId: string; recordId: string });
      const token = cli(['token', 'create', '--role', 'auditor', '--data-dir', dataDir]).stdout.trim();
      const env = { JOBLEDGER_URL: server.url, JOBLEDGER_TOKEN: token };

      const events = cli(['audit', 'events', jobId], env);
      expect(events.status).toBe(0);
      expect(events.stdout.split('\n')[0]).toMatch(/^POSITION\s+STREAM\s+REV\s+TYPE\s+ACTOR\s+OCCURRED AT$/);
      expect(events.stdout).toMatch(new RegExp(`record-${recordId}\\s+0\\s+RecordSealed\\s+system:jobledger`));
      expect(events.stdout).toMatch(/SignalEmitted/);
      const asJson = JSON.parse(cli(['audit', 'events', jobId, '--json'], env).stdout) as { events: { type: string }[] };
      expect(asJson.events.map((e) => e.type)).toContain('ServiceEventCompleted');

      const state = cli(['audit', 'state', jobId, '--revision', '0', '--url', server.url, '--token', token]);
      expect(state.status).toBe(0);
      expect(state.stdout).toMatch(/at revision 0 of \d+: after JobCreated/);
      expect(state.stdout).toMatch(/phase\s+ready/);
      expect(JSON.parse(cli(['audit', 'state', jobId, '--json'], env).stdout).state.phase).toBe('done');
      const beyond = cli(['audit', 'state', jobId, '--revision', '99'], env);
      expect([beyond.status, beyond.stderr]).toEqual([1, expect.stringContaining('404 REVISION_NOT_FOUND')]);

      const verified = cli(['audit', 'verify', recordId], env);
      expect([verified.status, verified.stderr]).toEqual([0, '']);
      expect(verified.stdout).toMatch(/: VALID\n/);
      expect(verified.stdout).toMatch(/ok\s+job-stream/);

      const exportRun = cli(['audit', 'export', jobId, '--with-blobs', '--out', exported], env);
      expect([exportRun.status, exportRun.stderr]).toEqual([0, '']);
      expect(exportRun.stdout).toMatch(/wrote .*job\.jsonl: 9 events, 1 chained records, 3 evidence blobs/);

      // Evidence bytes swapped on the server's disk: the online verification fails, exit 1.
      const record = (await (await fetch(`${server.url}/records/${recordId}`, { headers: { authorization: `Bearer ${token}` } })).json()) as { evidence: { sha256: string }[] };
      const sha = record.evidence[0].sha256;
      expect(swapEvidenceBytes(dataDir, sha, Buffer.from('not the photo'))).toBe('log');
      const broken = cli(['audit', 'verify', recordId, '--json'], env);
      expect(broken.status).toBe(1);
      expect((JSON.parse(broken.stdout) as { valid: boolean }).valid).toBe(false);

      const unknown = cli(['audit', 'verify', '00000000-0000-5000-8000-000000000000'], env);
      expect([unknown.status, unknown.stderr]).toEqual([2, expect.stringContaining('404 RECORD_NOT_FOUND')]);
      expect(cli(['audit', 'verify', recordId]).stderr).toContain('a token is required');
    } finally {
      expect(await stop(server.child)).toBe(0);
    }

    // Offline: no server, no token. The export holds the bytes as they were when exported.
    const offline = cli(['audit', 'verify', '--file', exported]);
    expect([offline.status, offline.stderr]).toEqual([0, '']);
    expect(offline.stdout).toMatch(/verified offline: VALID/);
    expect(offline.stdout).toMatch(/ok\s+evidence:/);
    expect(offline.stdout).toContain('not checked offline: records sealed after the export');

    const lines = readFileSync(exported, 'utf8').split('\n');
    const forged = lines.map((l) => (l.includes('"ServiceEventCompleted"') ? l.replace('"amount":180', '"amount":18') : l));
    expect(forged).not.toEqual(lines);
    writeFileSync(exported, forged.join('\n'));
    const edited = cli(['audit', 'verify', '--file', exported, '--json']);
    expect(edited.status).toBe(1);
    const result = JSON.parse(edited.stdout) as { valid: boolean; records: { recordId: string; checks: { name: string; ok: boolean }[] }[] };
    expect(result.valid).toBe(false);
    expect(result.records[0].recordId).toBe(recordId);
    expect(result.records[0].checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(['job-stream']);

    writeFileSync(exported, 'not an export\n');
    expect(cli(['audit', 'verify', '--file', exported]).status).toBe(2);
  });

  it('documents each verb with examples', () => {
    for (const verb of ['events', 'state', 'verify', 'export']) {
      const help = cli(['audit', verb, '--help']);
      expect([verb, help.status]).toEqual([verb, 0]);
      expect(help.stdout).toContain('Examples:');
      expect(help.stdout).toContain('--json');
    }
  });
});
