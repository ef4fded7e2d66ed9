import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../libs/application/src/config/config';
import { cli, cliRunning } from './testing/cli-runner';

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
    // A malformed number is the caller's mistake, found before any request: never exit 1, never taken.
    const malformed: string[][] = [
      ['token', 'create', '--role', 'admin', '--ttl', 'abc'], ['token', 'create', '--role', 'admin', '--ttl', '0'],
      ['token', 'create', '--role', 'admin', '--ttl', '-5'], ['token', 'create', '--role', 'admin', '--ttl', '1.5'],
      ['token', 'create', '--role', 'admin', '--ttl', '99999999999'],
      ['projections', 'rebuild', 'jobs', '--timeout', 'abc'], ['projections', 'rebuild', 'jobs', '--timeout', '0'],
      ['job', 'wait', 'x', '--timeout', '86401'], ['job', 'list', '--priority', '7'], ['job', 'list', '--limit', '501'],
      ['job', 'create', 'A job', '--max-attempts', '101'], ['job', 'logs', 'x', '--limit', '1e3'],
      ['job', 'watch', 'x', '--interval', '1e9'], ['thread', 'messages', 'x', '--since', 'yesterday'],
      ['thread', 'follow', 'x', '--since', '-1'], ['audit', 'state', 'x', '--revision', '99999999999999999999'],
      ['serve', '--port', 'abc'], ['serve', '--port', '65536'], ['serve', '--role', 'projector'],
    ];
    for (const args of malformed) {
      const run = cli(args, nowhere);
      expect([args.join(' '), run.status, run.stdout, run.stderr]).toEqual([args.join(' '), 2, '', expect.stringMatching(/^jobledger: USAGE: option '.*' argument '.*' is invalid/)]);
    }
    const ttl = cli(['token', 'create', '--role', 'admin', '--ttl', 'abc', '--json'], nowhere);
    expect(asJson(ttl.stderr).error).toEqual({ code: 'USAGE', message: "option '--ttl <seconds>' argument 'abc' is invalid. a whole number from 1 to 31536000" });
    const neither = cli(['projections', 'rebuild'], nowhere);
    expect([neither.status, neither.stderr]).toEqual([2, 'jobledger: USAGE: name one projection, or pass --all\n']);
    // Help is not an error, and is printed once, by commander.
    const help = cli(['job'], nowhere);
    expect([help.status, help.stderr]).toEqual([2, expect.stringMatching(/^Usage: jobledger job/)]);
  });
});

describe('usage errors found before any request (exit 2, nothing sent)', () => {
  it('no token, a --url or JOBLEDGER_URL that is not an http(s) URL, a malformed --assignee filter, an unreadable --output-file', () => {
    const runs: [string, ReturnType<typeof cli>][] = [
      ['no token', cli(['job', 'list', '--project', 'proj'], { ...nowhere, JOBLEDGER_TOKEN: '' })],
      ['--url', cli(['job', 'list', '--project', 'proj', '--url', 'notaurl'], nowhere)],
      ['JOBLEDGER_URL', cli(['job', 'show', 'proj-1a2b3c4d'], { ...nowhere, JOBLEDGER_URL: 'ftp://host' })],
      ['--assignee', cli(['job', 'list', '--project', 'proj', '--assignee', 'bob'], nowhere)],
      ['--output-file', cli(['job', 'result', 'proj-1a2b3c4d', '--output-file', '/no/such/output'], nowhere)],
    ];
    for (const [what, run] of runs) expect([what, run.status, run.stdout, run.stderr]).toEqual([what, 2, '', expect.stringMatching(/^jobledger: USAGE: /)]);
    expect(runs.map(([, run]) => run.stderr)).toEqual([
      expect.stringContaining('a token is required'), expect.stringContaining("not a URL: 'notaurl'"),
      expect.stringContaining("an http:// or https:// URL: 'ftp://host'"), expect.stringContaining('operator:<slug> or agent:<id>'),
      expect.stringContaining('--output-file /no/such/output: cannot be read (ENOENT)'),
    ]);
  });

  it('job result: a report option without --status or --output-file, or options of both modes, is a usage error, not a read', () => {
    const runs: [string[], string][] = [
      [['--summary', 'all done'], 'give --status'],
      [['--reason', 'x'], 'give --status'],
      [['--service-event', '00000000-0000-4000-8000-000000000000'], 'give --status'],
      [['--output-file', '-', '--summary', 's'], 'go with --status'],
      [['--status', 'success', '--attempt', '1'], '--attempt reads a result'],
    ];
    for (const [args, message] of runs) {
      const run = cli(['job', 'result', 'proj-1a2b3c4d', ...args], nowhere);
      expect([args.join(' '), run.status, run.stdout, run.stderr]).toEqual([args.join(' '), 2, '', expect.stringContaining(message)]);
    }
  });
});

describe('a reader that stops reading (jobledger … | head -1)', () => {
  it('ends the CLI quietly with 141, no EPIPE stack trace', async () => {
    for (const args of [['job', '--help'], ['audit', 'verify', '--help']]) {
      const running = cliRunning(args, nowhere);
      running.child.stdout?.destroy(); // the reader is gone before the CLI writes
      expect([args.join(' '), await running.exited, running.output()]).toEqual([args.join(' '), 141, '']);
    }
  });
});

describe('a server behind a path (--url http://host/jobledger)', () => {
  it('gets every request under that path: the JSON routes and the streams', async () => {
    const seen: string[] = [];
    const proxy = createHttpServer((req, res) => {
      seen.push(req.url ?? '');
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"code":"JOB_NOT_FOUND","message":"no"}}');
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const at = { JOBLEDGER_URL: `http://127.0.0.1:${(proxy.address() as { port: number }).port}/jobledger`, JOBLEDGER_TOKEN: 'any' };
    try {
      // Run while this process answers (a synchronous run would block the server above).
      for (const args of [['job', 'list', '--project', 'proj'], ['job', 'follow', 'proj-1a2b3c4d']]) expect(await cliRunning(args, at).exited).toBe(1);
    } finally {
      proxy.close();
    }
    expect(seen).toEqual(['/jobledger/projects/proj/jobs', '/jobledger/jobs/proj-1a2b3c4d/stream']);
  });
});

describe('token create', () => {
  let dataDir: string;
  let unused: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'jobledger-token-e2e-'));
    unused = mkdtempSync(join(tmpdir(), 'jobledger-token-e2e-unused-'));
    // What a server's first start leaves there.
    loadConfig({ JOBLEDGER_DATA_DIR: dataDir });
  });
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(unused, { recursive: true, force: true });
  });

  it('refuses a data dir no server has used (exit 2, naming it) and writes no secret there, demo too; JOBLEDGER_JWT_SECRET needs none', () => {
    const refusal = `jobledger: USAGE: no jwt-secret in ${unused}: no server has started there — pass --data-dir <the server's data dir> or set JOBLEDGER_JWT_SECRET\n`;
    const token = cli(['token', 'create', '--role', 'admin', '--data-dir', unused]);
    expect([token.status, token.stdout, token.stderr]).toEqual([2, '', refusal]);
    const fromEnv = cli(['token', 'create', '--role', 'admin', '--json'], { JOBLEDGER_DATA_DIR: unused });
    expect([fromEnv.status, asJson(fromEnv.stderr).error.code]).toEqual([2, 'USAGE']);
    const missingDir = join(unused, 'not-there');
    expect(cli(['token', 'create', '--role', 'admin', '--data-dir', missingDir]).status).toBe(2);
    expect(existsSync(missingDir)).toBe(false);
    const demo = cli(['demo', '--url', nowhere.JOBLEDGER_URL, '--data-dir', unused]);
    expect([demo.status, demo.stdout, demo.stderr]).toEqual([2, '', refusal]);
    expect(readdirSync(unused)).toEqual([]);
    const given = cli(['token', 'create', '--role', 'admin', '--data-dir', unused], { JOBLEDGER_JWT_SECRET: 'x'.repeat(32) });
    expect([given.status, given.stdout]).toEqual([0, expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+\n$/)]);
    expect(readdirSync(unused)).toEqual([]);
  });

  it('takes --json, and calls a missing --operator, --agent or --projects, or an option of another role, a usage error (exit 2)', () => {
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
    for (const role of ['agent', 'reviewer']) {
      const nowhere = cli(['token', 'create', '--role', role, '--agent', 'bot', '--data-dir', dataDir].filter((a) => role === 'agent' || a !== '--agent' && a !== 'bot'));
      expect([role, nowhere.status, nowhere.stdout, nowhere.stderr]).toEqual([role, 2, '', expect.stringContaining(`--projects <slugs> is required with --role ${role}`)]);
    }
    for (const [flag, value] of [['--agent', 'a b'], ['--agent', 'a/../x'], ['--operator', 'Ana']]) {
      const role = flag === '--agent' ? 'agent' : 'operator';
      const bad = cli(['token', 'create', '--role', role, flag, value, '--projects', 'p', '--data-dir', dataDir].filter((a, i, all) => role === 'agent' || (a !== '--projects' && all[i - 1] !== '--projects')));
      expect([flag, value, bad.status, bad.stdout, bad.stderr]).toEqual([flag, value, 2, '', expect.stringMatching(/is not (a slug|an agent id)/)]);
    }
    const emptyDir = cli(['token', 'create', '--role', 'admin', '--data-dir', ''], { JOBLEDGER_DATA_DIR: dataDir });
    expect([emptyDir.status, emptyDir.stdout, emptyDir.stderr]).toEqual([2, '', expect.stringContaining('a data directory, not empty')]);
    const badProject = cli(['token', 'create', '--role', 'agent', '--agent', 'bot', '--projects', 'alpha,Beta', '--data-dir', dataDir]);
    expect([badProject.status, badProject.stdout, badProject.stderr]).toEqual([2, '', expect.stringContaining('--projects: "Beta" is not a slug')]);
    // An option of another role would name the token's subject after it (every event's actor): refused.
    for (const [role, ...foreign] of [
      ['admin', '--operator', 'ana'], ['requester', '--agent', 'bot'], ['operator', '--operator', 'ana', '--projects', 'p'],
      ['auditor', '--can-govern'], ['agent', '--agent', 'bot', '--projects', 'p', '--can-govern'],
    ]) {
      const refused = cli(['token', 'create', '--role', role, ...foreign, '--data-dir', dataDir]);
      expect([role, foreign, refused.status, refused.stdout, refused.stderr]).toEqual([role, foreign, 2, '', expect.stringMatching(/^jobledger: USAGE: --[a-z-]+ applies to --role .+, not \w+\n/)]);
    }
    // A token without a subject would be refused by every server (401): not minted.
    const noSubject = cli(['token', 'create', '--role', 'admin', '--sub', ' ', '--data-dir', dataDir]);
    expect([noSubject.status, noSubject.stdout, noSubject.stderr]).toEqual([2, '', expect.stringContaining('a subject, not empty')]);
  });
});
