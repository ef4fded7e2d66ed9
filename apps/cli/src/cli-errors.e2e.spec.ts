import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from './testing/cli-runner';

// The built CLI with no server at --url: each failure in the one shape of docs/cli.md, and its exit code.
jest.setTimeout(120_000);

/** A port nothing listens on (any more): the connection is refused at once. */
const closedPort = (): Promise<number> =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

let nowhere: Record<string, string>;
beforeAll(async () => (nowhere = { JOBLEDGER_URL: `http://127.0.0.1:${await closedPort()}`, JOBLEDGER_TOKEN: 'any' }));
const unreachable = expect.stringMatching(/^jobledger: SERVER_UNREACHABLE: could not reach the server \(ECONNREFUSED\)/);
const asJson = (stderr: string) => JSON.parse(stderr) as { error: { code: string; message: string } };

describe('the CLI\'s own failures, the built CLI without a server', () => {
  it('job wait and job follow: SERVER_UNREACHABLE, exit 1 (no stream was ever open to lose)', () => {
    for (const verb of ['wait', 'follow']) {
      const run = cli(['job', verb, 'nope-12345678'], nowhere);
      expect([verb, run.status, run.stdout, run.stderr]).toEqual([verb, 1, '', unreachable]);
      const json = cli(['job', verb, 'nope-12345678', '--json'], nowhere);
      expect([verb, json.status, asJson(json.stderr).error.code]).toEqual([verb, 1, 'SERVER_UNREACHABLE']);
    }
  });

  it('audit verify: SERVER_UNREACHABLE in the same shape, exit 2 (could not verify)', () => {
    const run = cli(['audit', 'verify', 'x'], nowhere);
    expect([run.status, run.stderr]).toEqual([2, unreachable]);
    expect(asJson(cli(['audit', 'verify', 'x', '--json'], nowhere).stderr).error.code).toBe('SERVER_UNREACHABLE');
    const both = cli(['audit', 'verify', 'x', '--file', 'y.jsonl'], nowhere);
    expect([both.status, both.stderr]).toEqual([2, 'jobledger: USAGE: name a record id, or an export with --file, not both\n']);
  });

  it("commander's usage errors: USAGE, as JSON with --json, exit 2", () => {
    const plain = cli(['job', 'list', '--bogus'], nowhere);
    expect([plain.status, plain.stderr]).toEqual([2, "jobledger: USAGE: unknown option '--bogus'\n"]);
    const json = cli(['job', 'list', '--bogus', '--json'], nowhere);
    expect([json.status, asJson(json.stderr)]).toEqual([2, { error: { code: 'USAGE', message: "unknown option '--bogus'" } }]);
    const timeout = cli(['job', 'wait', 'x', '--timeout', 'soon'], nowhere);
    expect([timeout.status, timeout.stderr]).toEqual([2, expect.stringMatching(/^jobledger: USAGE: option '--timeout <seconds>' argument 'soon' is invalid/)]);
    // Help is not an error, and is printed once, by commander.
    const help = cli(['job'], nowhere);
    expect([help.status, help.stderr]).toEqual([2, expect.stringMatching(/^Usage: jobledger job/)]);
  });
});

describe('token create', () => {
  let dataDir: string;
  beforeAll(() => (dataDir = mkdtempSync(join(tmpdir(), 'jobledger-token-e2e-'))));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('takes --json, and calls a missing --operator or --agent a usage error (exit 2)', () => {
    const json = cli(['token', 'create', '--role', 'admin', '--data-dir', dataDir, '--json']);
    expect(json.status).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/) });
    const bare = cli(['token', 'create', '--role', 'admin', '--data-dir', dataDir]);
    expect(bare.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    for (const role of ['operator', 'agent']) {
      const missing = cli(['token', 'create', '--role', role, '--data-dir', dataDir]);
      expect([role, missing.status, missing.stderr]).toEqual([role, 2, expect.stringMatching(/^jobledger: USAGE: --(operator|agent) <\w+> is required/)]);
      expect(asJson(cli(['token', 'create', '--role', role, '--data-dir', dataDir, '--json']).stderr).error.code).toBe('USAGE');
    }
  });
});
