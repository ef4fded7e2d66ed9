import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteReadStore } from '../../../libs/readstore/src/sqlite/sqlite-read-store';
import { dumpReadModels } from '../../api/src/testing/read-models';
import { bin, runCli, startServing, stop } from './testing/processes';

jest.setTimeout(180_000);

const serving = (dataDir: string) =>
  startServing([bin, 'serve', '--port', '0', '--data-dir', dataDir], { JOBLEDGER_SQLITE_SYNC: 'normal', JOBLEDGER_REBUILD_POLL_MS: '50', JOBLEDGER_GENERATION_CACHE_MS: '100', JOBLEDGER_GENERATION_DROP_MS: '1200' });

const cli = (args: string[], env: Record<string, string> = {}) => runCli(args, env, { timeoutMs: 120_000 });

describe('jobledger projections, as processes', () => {
  let dataDir: string;
  let server: { child: ChildProcess; url: string };
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'jobledger-projections-'));
    server = await serving(dataDir);
    for (let i = 0; i < 2; i++) expect(cli(['demo', '--url', server.url, '--data-dir', dataDir, '--json']).status).toBe(0);
  });
  afterAll(async () => {
    expect(await stop(server.child)).toBe(0);
    rmSync(dataDir, { recursive: true, force: true });
  });

  const readModels = async () => {
    const store = SqliteReadStore.open({ file: join(dataDir, 'readmodels.sqlite') });
    try {
      return await dumpReadModels(store);
    } finally {
      await store.close();
    }
  };

  it('rebuilds every projection with --all, waiting for each switch, into the documents that were live', async () => {
    const token = cli(['token', 'create', '--role', 'admin', '--data-dir', dataDir]).stdout.trim();
    const before = await readModels();
    expect(before.jobs).toHaveLength(6); // each demo: a service job, an agent job and its child

    const rebuilt = cli(['projections', 'rebuild', '--all', '--url', server.url, '--token', token]);
    expect(rebuilt.stderr).toBe('');
    expect(rebuilt.status).toBe(0);
    // Not a terminal: plain lines, one per change, ending with each switch.
    for (const name of ['jobs', 'desks', 'trust-signals', 'tasks', 'requests', 'records', 'directory']) expect(rebuilt.stdout).toContain(`${name}: generation 2 is live`);
    expect(rebuilt.stdout).not.toContain('reactor:');

    const status = cli(['projections', 'status', '--json'], { JOBLEDGER_URL: server.url, JOBLEDGER_TOKEN: token });
    const rows = (JSON.parse(status.stdout) as { processors: Array<{ name: string; kind: string; generation: number | null; state: string }> }).processors;
    expect(rows.filter((r) => r.kind === 'projection').every((r) => r.generation === 2)).toBe(true);
    expect(await readModels()).toEqual(before);

    const table = cli(['projections', 'status', '--url', server.url, '--token', token]);
    expect(table.stdout).toMatch(/^NAME\s+KIND\s+STATE\s+GEN\s+CHECKPOINT\s+LAG EVENTS/);
    expect(table.stdout).toMatch(/\njobs\s+projection\s+running\s+2\s+\d+\s+0\s/);
    expect(table.stdout).toMatch(/\nreactor:record-sealer\s+reactor\s+running\s+-\s+\d+/);
  });

  it('answers a reactor, an unknown name, a missing token and a non-admin with clear messages', () => {
    const admin = cli(['token', 'create', '--role', 'admin', '--data-dir', dataDir]).stdout.trim();
    const reactor = cli(['projections', 'rebuild', 'reactor:record-sealer', '--url', server.url, '--token', admin]);
    expect([reactor.status, reactor.stderr]).toEqual([1, expect.stringContaining('422 REACTOR_NOT_REBUILDABLE')]);
    const unknown = cli(['projections', 'rebuild', 'nope', '--url', server.url, '--token', admin]);
    expect(unknown.stderr).toContain('404 PROJECTION_NOT_FOUND');
    const both = cli(['projections', 'rebuild', 'jobs', '--all', '--url', server.url, '--token', admin]);
    expect(both.stderr).toContain('name one projection, or pass --all');
    const anonymous = cli(['projections', 'status', '--url', server.url]);
    expect(anonymous.stderr).toContain('a token is required');
    const auditor = cli(['token', 'create', '--role', 'auditor', '--data-dir', dataDir]).stdout.trim();
    expect(cli(['projections', 'rebuild', 'jobs', '--url', server.url, '--token', auditor]).stderr).toContain('403 FORBIDDEN');
  });

  it("rebuilds a projection named by its read model (SPEC's trust_signals), followed under the projection's own name", () => {
    const admin = cli(['token', 'create', '--role', 'admin', '--data-dir', dataDir]).stdout.trim();
    const rebuilt = cli(['projections', 'rebuild', 'trust_signals', '--url', server.url, '--token', admin]);
    expect([rebuilt.status, rebuilt.stderr]).toEqual([0, '']);
    expect(rebuilt.stdout).toMatch(/trust-signals: generation \d+ is live/);
  });
});
