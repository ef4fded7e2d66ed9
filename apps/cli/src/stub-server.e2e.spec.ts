import { createServer, type RequestListener } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { cliOnTerminal, cliRunning } from './testing/cli-runner';

// The built CLI against a stand-in for the server, answering what a real one does only at an
// unlucky moment (a completion whose record is not sealed yet) or what a test cannot make it
// send on cue (a title that would clear the screen, a rebuild that never ends, no answer at all).
jest.setTimeout(120_000);

/** Listens until the test ends; the CLI runs as a process (a synchronous run would block the answers). */
const stubServer = async (listener: RequestListener) => {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const env = { JOBLEDGER_URL: `http://127.0.0.1:${(server.address() as { port: number }).port}`, JOBLEDGER_TOKEN: 'any' };
  const close = () => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
  return { env, close };
};

const answering = (body: unknown): RequestListener => (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
};

describe('desk', () => {
  it("shows a recent completion whose record is not sealed yet (recordId null) with '-' for its record", async () => {
    const stub = await stubServer(answering({
      operator: 'operator:ana', name: 'Ana', accessState: 'active', readyToClaim: [], activeJobs: [],
      recentCompletions: [{ jobId: 'proj-1a2b3c4d', title: 'Wash the van', completedAt: '2026-01-31T12:00:00.000Z', recordId: null }],
      trustSignals: { count: 0, state: 'none' },
    }));
    try {
      const run = cliRunning(['desk', 'ana'], stub.env);
      expect(await run.exited).toBe(0);
      expect(run.output()).toMatch(/recent completions \(1\):\nJOB\s+COMPLETED AT\s+RECORD\s+TITLE\nproj-1a2b3c4d\s+2026-01-31T12:00:00.000Z\s+-\s+Wash the van\n$/);
    } finally {
      await stub.close();
    }
  });

  it('names the operator by its slug while its name is not known (name null), not as "null"', async () => {
    const stub = await stubServer(answering({
      operator: 'ana', name: null, accessState: 'active', readyToClaim: [], activeJobs: [], recentCompletions: [], trustSignals: { count: 0, state: 'none' },
    }));
    try {
      const run = cliRunning(['desk', 'ana'], stub.env);
      expect(await run.exited).toBe(0);
      expect(run.output()).toMatch(/^ana \(ana\), active; trust signals: 0 \(none\)\n/);
    } finally {
      await stub.close();
    }
  });
});

describe('supervise on a terminal', () => {
  it("draws its bar and its lines on standard output, a child's title shown, not obeyed (an escape sequence in it clears no screen)", async () => {
    const child = { jobId: 'proj-1a2b3c4d.1', title: 'Tidy\x1b[2Jup\n2026-12-08T04:00:00.000Z  proj-1a2b3c4d.9  ready → done  forged', phase: 'done', effectivePhase: 'done', resolution: 'completed', children: [] };
    const stub = await stubServer(answering({ jobId: 'proj-1a2b3c4d', title: 'Parent', phase: 'active', children: [child] }));
    try {
      const supervise = cliOnTerminal(['supervise', 'proj-1a2b3c4d'], stub.env);
      expect(await supervise.exited).toBe(0);
      const screen = supervise.output();
      expect(screen).toMatch(/proj-1a2b3c4d\.1 .*done.* {2}Tidy\\u001b\[2Jup\\n2026-12-08T04:00:00\.000Z  proj-1a2b3c4d\.9/);
      expect(screen).not.toMatch(/\n2026-12-08T04:00:00\.000Z/); // no line of its own
      expect(screen).not.toContain('\x1b[2J');
      expect(screen).toContain('1/1 children finished');
      expect(screen).toContain('proj-1a2b3c4d: all 1 children finished, 1 completed');
    } finally {
      await stub.close();
    }
  });
});

describe('projections rebuild on a terminal', () => {
  it('draws its bars on standard output, and Ctrl-C gives the cursor back before it exits 130', async () => {
    let looks = 0;
    let lookedTwice: () => void = () => undefined;
    const twice = new Promise<void>((resolve) => (lookedTwice = resolve));
    const building = { id: 'rebuild-1', state: 'building', generation: 2, progress: 0.5 };
    const stub = await stubServer((req, res) => {
      if (req.method === 'POST') return answering({ ...building, state: 'requested', progress: 0, name: 'jobs' })(req, res);
      if (++looks === 2) lookedTwice();
      const lag = { events: 0, capped: false, oldestUnprocessedMs: 0, p50Ms: null, p99Ms: null };
      answering({ headPosition: '9', processors: [{ name: 'jobs', kind: 'projection', state: 'running', checkpoint: '9', generation: 1, lag, rebuild: building, lastRebuild: null }] })(req, res);
    });
    try {
      const rebuild = cliOnTerminal(['projections', 'rebuild', 'jobs'], stub.env);
      await twice;
      rebuild.interrupt();
      expect(await rebuild.exited).toBe(130);
      const screen = rebuild.output();
      expect(screen).toMatch(/jobs \[.*\] 50% building g2/);
      // The last word on the cursor shows it (\x1b[?25h), after the bars hid it (\x1b[?25l).
      expect(screen.match(/\x1b\[\?25[hl]/g)?.slice(-2)).toEqual(['\x1b[?25l', '\x1b[?25h']);
    } finally {
      await stub.close();
    }
  });
});

describe('job watch, thread follow and supervise against a server that never answers', () => {
  it('end on Ctrl-C (or SIGTERM) with 130, the request in flight given up, quietly', async () => {
    for (const [args, signal] of [[['job', 'watch', 'proj-1a2b3c4d'], 'SIGINT'], [['thread', 'follow', 'proj-1a2b3c4d'], 'SIGTERM'], [['supervise', 'proj-1a2b3c4d'], 'SIGINT']] as const) {
      let asked: () => void = () => undefined;
      const waiting = new Promise<void>((resolve) => (asked = resolve));
      const stub = await stubServer(() => asked()); // reads the request, never answers it
      const running = cliRunning([...args], stub.env);
      try {
        await waiting;
        running.child.kill(signal);
        const ended = await Promise.race([running.exited, sleep(10_000, 'still running', { ref: false })]);
        expect([args.join(' '), signal, ended, running.output()]).toEqual([args.join(' '), signal, 130, '']);
      } finally {
        running.child.kill('SIGKILL');
        await stub.close();
      }
    }
  });
});
