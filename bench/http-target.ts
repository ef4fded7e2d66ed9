import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Backends } from '../libs/application/src/backends';
import type { JobledgerConfig } from '../libs/application/src/config/config';
import type { Position } from '../libs/eventstore/src/port';
import type { ProcessorStatus } from '../libs/application/src/processing/processor-status';
import { serve, serveApi, serveThreaded } from '../apps/cli/src/commands/serve';

/**
 * The server the HTTP scenario loads (JOBLEDGER_BENCH_HTTP_ROLES):
 * - `all` (default): as `npm start` runs it: the API in this process, projections and reactors
 *   on a thread of their own in it;
 * - `one-thread`: the same with JOBLEDGER_WORKER_THREAD=off: everything on one event loop;
 * - `split`: the API in this process and the worker as a separate `serve --role worker` process
 *   on the same data dir, as a scaled-out deployment runs.
 */
export type HttpMode = 'all' | 'one-thread' | 'split';
const MODES: readonly HttpMode[] = ['all', 'one-thread', 'split'];

export type HttpTarget = {
  readonly mode: HttpMode;
  readonly url: string;
  readonly config: JobledgerConfig;
  readonly backends: Backends;
  settle(position: Position, timeoutMs: number): Promise<boolean>;
  processorStatus(): Promise<readonly ProcessorStatus[]>;
  stop(): Promise<void>;
};

export const httpModeFromEnv = (env: NodeJS.ProcessEnv = process.env): HttpMode => {
  const mode = env.JOBLEDGER_BENCH_HTTP_ROLES ?? 'all';
  if (!(MODES as readonly string[]).includes(mode)) throw new Error(`JOBLEDGER_BENCH_HTTP_ROLES must be one of ${MODES.join('|')} (got '${mode}')`);
  return mode as HttpMode;
};

const WORKER_BANNER = /health: (http:\/\/[\d.]+:\d+)\/health/;

const startWorkerProcess = (env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; healthUrl: string }> =>
  new Promise((resolve, reject) => {
    const bin = join(__dirname, '../apps/cli/src/main.js');
    const child = spawn(process.execPath, [bin, 'serve', '--role', 'worker'], { env: { ...process.env, ...env, JOBLEDGER_WORKER_PORT: '0' }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = WORKER_BANNER.exec(out);
      if (m) resolve({ child, healthUrl: m[1] });
    });
    child.once('exit', (code) => reject(new Error(`bench worker exited (${code}) before serving:\n${out}`)));
  });

export const startHttpTarget = async (env: NodeJS.ProcessEnv, mode: HttpMode): Promise<HttpTarget> => {
  if (mode === 'all') {
    const server = await serveThreaded(env, { logger: false });
    return {
      mode, url: server.url, config: server.config, backends: server.backends,
      settle: (position, timeoutMs) => server.processors.settle(position, timeoutMs),
      processorStatus: () => server.processors.currentStatus(),
      stop: server.stop,
    };
  }
  if (mode === 'one-thread') {
    const server = await serve({ ...env, JOBLEDGER_WORKER_THREAD: 'off' }, { logger: false });
    return {
      mode, url: server.url, config: server.config, backends: server.backends,
      settle: (position, timeoutMs) => server.worker.host.settle(position, timeoutMs),
      processorStatus: async () => server.worker.host.status(),
      stop: server.stop,
    };
  }
  const worker = await startWorkerProcess(env);
  const api = await serveApi(env, { logger: false });
  const status = async () => ((await (await fetch(`${worker.healthUrl}/health`)).json()) as { processors: ProcessorStatus[] }).processors;
  return {
    mode, url: api.url!, config: api.config, backends: api.backends,
    // The API's own wait on stored checkpoints, over everything: the worker is elsewhere.
    settle: async (position, timeoutMs) => {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const processors = await status();
        if (processors.length > 0 && processors.every((p) => BigInt(p.seenPosition) >= position)) return true;
        await new Promise((r) => setTimeout(r, 50));
      }
      return false;
    },
    processorStatus: status,
    stop: async () => {
      await api.stop();
      const exited = new Promise((r) => worker.child.once('exit', r));
      worker.child.kill('SIGTERM');
      await exited;
    },
  };
};
