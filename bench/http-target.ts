import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Backends } from '../libs/application/src/backends';
import type { JobledgerConfig } from '../libs/application/src/config/config';
import type { Position } from '../libs/eventstore/src/port';
import type { ProcessorStatus } from '../libs/application/src/processing/processor-status';
import { serve, serveApi } from '../apps/cli/src/commands/serve';

/**
 * The server the HTTP scenario loads: `all` (API and worker in this process, as `npm start`),
 * or `split` (JOBLEDGER_BENCH_HTTP_ROLES=split): the API in this process and the worker as a
 * separate `serve --role worker` process on the same data dir, as a scaled-out deployment runs.
 */
export type HttpTarget = {
  readonly mode: 'all' | 'split';
  readonly url: string;
  readonly config: JobledgerConfig;
  readonly backends: Backends;
  settle(position: Position, timeoutMs: number): Promise<boolean>;
  processorStatus(): Promise<readonly ProcessorStatus[]>;
  stop(): Promise<void>;
};

export const httpModeFromEnv = (env: NodeJS.ProcessEnv = process.env): 'all' | 'split' => (env.JOBLEDGER_BENCH_HTTP_ROLES === 'split' ? 'split' : 'all');

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

export const startHttpTarget = async (env: NodeJS.ProcessEnv, mode: 'all' | 'split'): Promise<HttpTarget> => {
  if (mode === 'all') {
    const server = await serve(env, { logger: false });
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
