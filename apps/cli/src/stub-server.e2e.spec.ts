import { createServer, type RequestListener } from 'node:http';
import { cliRunning } from './testing/cli-runner';

// The built CLI against a stand-in for the server, answering what a real one does only at an
// unlucky moment: a completion whose record is not sealed yet.
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
