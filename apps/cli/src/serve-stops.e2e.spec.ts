import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bin, cleanEnv, root, runCli, startMatching, stop } from './testing/processes';

// Built servers as processes, on a busy 2-core machine.
jest.setTimeout(120_000);

/** `serve` run to its end (or killed after `ms`): its exit code, or 'still running'. */
const serveExit = (env: Record<string, string>, ms: number): Promise<number | string> => new Promise((resolve) => {
  const child = spawn(process.execPath, [bin, 'serve', '--json'], { cwd: root, env: cleanEnv(env), stdio: 'ignore' });
  const timer = setTimeout(() => { child.kill('SIGKILL'); resolve('still running'); }, ms);
  child.once('exit', (code) => { clearTimeout(timer); resolve(code ?? -1); });
});

describe('serve: a process that cannot serve, or cannot finish a request, still stops', () => {
  let dataDir: string;
  beforeEach(() => { dataDir = mkdtempSync(join(tmpdir(), 'jobledger-stops-')); });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  describe('when its port is taken, it exits 1 instead of staying up half-started (holding leases)', () => {
    let busy: Server;
    let port: string;
    beforeAll(async () => {
      busy = createServer();
      await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', () => resolve()));
      port = String((busy.address() as { port: number }).port);
    });
    afterAll(() => new Promise<void>((resolve) => busy.close(() => resolve())));

    it.each([
      ['--role worker, its health port', { JOBLEDGER_ROLE: 'worker', JOBLEDGER_WORKER_PORT: '' }],
      ['everything on one thread', { JOBLEDGER_WORKER_THREAD: 'off', PORT: '' }],
      ['the default (threaded)', { PORT: '' }],
      ['--role api', { JOBLEDGER_ROLE: 'api', PORT: '' }],
    ])('%s', async (_name, env) => {
      const taken = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === '' ? port : v]));
      expect(await serveExit({ ...taken, JOBLEDGER_DATA_DIR: dataDir, JOBLEDGER_SQLITE_SYNC: 'normal' }, 30_000)).toBe(1);
    });
  });

  it('JOBLEDGER_ROLE is read as the configuration reads it: Worker is a worker, and --port is its health port', async () => {
    const worker = await startMatching([bin, 'serve', '--json', '--port', '0'], { JOBLEDGER_ROLE: 'Worker', JOBLEDGER_DATA_DIR: dataDir, JOBLEDGER_SQLITE_SYNC: 'normal' }, /^{"event":"started".*}$/m);
    try {
      expect(JSON.parse(worker.match[0])).toMatchObject({ role: 'worker', url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) });
    } finally {
      expect(await stop(worker.child)).toBe(0);
    }
  });

  it('a client stalled half-way through a body does not hold a SIGTERM past the drain (settle timeout + 10 s)', async () => {
    const server = await startMatching([bin, 'serve', '--json', '--port', '0'], {
      JOBLEDGER_DATA_DIR: dataDir, JOBLEDGER_SQLITE_SYNC: 'normal', JOBLEDGER_SETTLE_TIMEOUT_MS: '1000',
    }, /"url":"http:\/\/127\.0\.0\.1:(\d+)"/);
    const exited = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
    const admin = runCli(['token', 'create', '--role', 'admin', '--data-dir', dataDir]).stdout.trim();
    const socket = connect(Number(server.match[1]), '127.0.0.1');
    socket.on('error', () => undefined);
    try {
      socket.write(`POST /projects HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${admin}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"slug":`);
      await new Promise((resolve) => setTimeout(resolve, 500));
      const started = Date.now();
      server.child.kill('SIGTERM');
      const code = await Promise.race([exited, new Promise<string>((resolve) => setTimeout(() => resolve('still running'), 40_000))]);
      expect({ code, withinTheDrainsBound: Date.now() - started < 1_000 + 10_000 + 10_000 }).toEqual({ code: 0, withinTheDrainsBound: true });
    } finally {
      server.child.kill('SIGKILL');
      socket.destroy();
    }
  });
});
