import { createServer, type RequestListener } from 'node:http';
import { cliOnTerminal, cliRunning } from './testing/cli-runner';

// The built CLI against a stand-in for the server, answering what a real one does only at an
// unlucky moment (a completion whose record is not sealed yet) or what a test cannot make it
// send on cue (a title that would clear the screen).
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
});

describe('supervise on a terminal', () => {
  it("draws its bar and its lines on standard output, a child's title shown, not obeyed (an escape sequence in it clears no screen)", async () => {
    const child = { jobId: 'proj-1a2b3c4d.1', title: 'Tidy\x1b[2Jup', phase: 'done', effectivePhase: 'done', resolution: 'completed', children: [] };
    const stub = await stubServer(answering({ jobId: 'proj-1a2b3c4d', title: 'Parent', phase: 'active', children: [child] }));
    try {
      const supervise = cliOnTerminal(['supervise', 'proj-1a2b3c4d'], stub.env);
      expect(await supervise.exited).toBe(0);
      const screen = supervise.output();
      expect(screen).toMatch(/proj-1a2b3c4d\.1 .*done.* {2}Tidy\\u001b\[2Jup/);
      expect(screen).not.toContain('\x1b[2J');
      expect(screen).toContain('1/1 children finished');
      expect(screen).toContain('proj-1a2b3c4d: all 1 children finished, 1 completed');
    } finally {
      await stub.close();
    }
  });
});
