import { constants } from 'node:os';
import type { Command } from 'commander';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { openBackends } from '../../../../libs/application/src/backends';
import { loadConfig, ROLES, type Role } from '../../../../libs/application/src/config/config';
import type { Backends } from '../../../../libs/application/src/backends';
import type { JobledgerConfig } from '../../../../libs/application/src/config/config';
import { CheckpointSettler } from '../../../../libs/application/src/processing/checkpoint-settler';
import { createApi } from '../../../api/src/create-api';
import { installDrain, type Drain } from '../../../api/src/http/drain';
import { LiveFeed } from '../../../api/src/live/live-feed';
import { allProcessors } from '../../../worker/src/processors';
import { startWorker, type Worker } from '../../../worker/src/worker';
import { serveWorkerHealth } from '../../../worker/src/worker-health';

/** What one `serve` process runs, whatever its role. */
export type Running = {
  readonly role: Role;
  /** The API's address, or the worker's health endpoint; null for a worker without one. */
  readonly url: string | null;
  /** This process's lease holder id when it runs processors (`host:pid:random`), else null. */
  readonly holder: string | null;
  readonly config: JobledgerConfig;
  readonly backends: Backends;
  /** Graceful: refuse new requests, finish those in flight, stop the processors after their batch, release leases, close the stores. */
  stop(): Promise<void>;
};

/** `--role all`: the API and the worker in one process (the embedded default). */
export type Server = Running & { readonly url: string; readonly worker: Worker };

type Options = { logger?: boolean };

/** A stop that runs once, however often it is asked for. */
const once = (stop: () => Promise<void>): (() => Promise<void>) => {
  let stopping: Promise<void> | null = null;
  return () => (stopping ??= stop());
};

const publicUrl = (config: JobledgerConfig, port: number) => `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;

/** The HTTP app, listening, with its drain installed; the drain's wait is bounded by the longest a command may take. */
const listen = async (app: NestFastifyApplication, config: JobledgerConfig): Promise<{ url: string; close(): Promise<void> }> => {
  const drain: Drain = installDrain(app);
  await app.listen({ port: config.port, host: config.host });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  return {
    url: publicUrl(config, port),
    close: async () => {
      drain.begin();
      // Live streams and `wait` would hold the drain for their whole timeout: end them now (clients resume by Last-Event-ID).
      app.get(LiveFeed).endAll();
      await drain.idle(config.settleTimeoutMs + 10_000);
      await app.close();
    },
  };
};

/** API, projectors and reactors in one process on the configured backends. */
export const serve = async (env: NodeJS.ProcessEnv = process.env, options: Options = {}): Promise<Server> => {
  const config = { ...loadConfig(env), role: 'all' as const };
  const backends = await openBackends(config);
  const worker = await startWorker({ config, backends });
  const http = await listen(await createApi({ config, backends, settler: worker.settler, logger: options.logger }), config);
  return {
    role: 'all', url: http.url, holder: worker.leases.holder, config, backends, worker,
    stop: once(async () => {
      await http.close();
      await worker.stop();
      await backends.close();
    }),
  };
};

/** The API alone: no processors here; commands wait on the checkpoints the workers store. */
export const serveApi = async (env: NodeJS.ProcessEnv = process.env, options: Options = {}): Promise<Running> => {
  const config = { ...loadConfig(env), role: 'api' as const };
  const backends = await openBackends(config);
  const settler = new CheckpointSettler(backends.eventStore, backends.readStore, allProcessors(config, backends));
  const http = await listen(await createApi({ config, backends, settler, logger: options.logger }), config);
  return {
    role: 'api', url: http.url, holder: null, config, backends,
    stop: once(async () => {
      await http.close();
      await backends.close();
    }),
  };
};

/** Projections, reactors and the lease watchdog, each while this process holds its lease; no API. */
export const serveWorker = async (env: NodeJS.ProcessEnv = process.env): Promise<Running & { readonly worker: Worker }> => {
  const config = { ...loadConfig(env), role: 'worker' as const };
  const backends = await openBackends(config);
  const worker = await startWorker({ config, backends });
  const health = config.workerPort === null ? null : await serveWorkerHealth(worker, config.workerPort, config.host);
  return {
    role: 'worker', url: health?.url ?? null, holder: worker.leases.holder, config, backends, worker,
    stop: once(async () => {
      const closing = health?.close();
      await worker.stop();
      await closing;
      await backends.close();
    }),
  };
};

/** Starts what the configured role (`JOBLEDGER_ROLE`) says. */
export const startRole = (env: NodeJS.ProcessEnv = process.env): Promise<Running> => {
  const role = loadConfig(env).role;
  return role === 'api' ? serveApi(env) : role === 'worker' ? serveWorker(env) : serve(env);
};

const banner = (running: Running, dataDirFlag: string): string => {
  if (running.role === 'worker') {
    return `jobledger worker ${running.holder} is running its processors${running.url ? ` (health: ${running.url}/health)` : ''}\n`;
  }
  return (
    `jobledger is serving at ${running.url}  (OpenAPI: ${running.url}/docs)\n` +
    (running.role === 'api' ? 'role api: no processors here; run `jobledger serve --role worker` beside it\n' : '') +
    `mint a token:  npx jobledger token create --role admin${dataDirFlag}\n` +
    `walk a job:    npx jobledger demo --url ${running.url}${dataDirFlag}\n`
  );
};

/** First SIGTERM/SIGINT: graceful stop, exit 0. A second one: exit at once. */
const onSignals = (stop: () => Promise<void>): void => {
  let received = 0;
  const handle = (signal: NodeJS.Signals) => {
    if (++received > 1) process.exit(128 + constants.signals[signal]);
    process.stdout.write(`${signal}: shutting down (again to exit at once)\n`);
    stop().then(() => process.exit(0), (e: unknown) => { process.stderr.write(`${String(e)}\n`); process.exit(1); });
  };
  process.on('SIGTERM', handle);
  process.on('SIGINT', handle);
};

export const registerServe = (program: Command) =>
  program
    .command('serve')
    .description('start the API with its projectors and reactors (embedded SQLite by default), or one of the two (--role)')
    .option('--role <role>', `what this process runs: ${ROLES.join(' | ')} (env JOBLEDGER_ROLE, default all)`)
    .option('-p, --port <port>', 'port to listen on (env PORT, default 3000; --role worker: its /health, env JOBLEDGER_WORKER_PORT, none by default)')
    .option('--host <host>', 'address to bind (env HOST, default 127.0.0.1)')
    .option('-d, --data-dir <dir>', 'data directory (env JOBLEDGER_DATA_DIR, default ./data)')
    .addHelpText('after', '\nExamples:\n  jobledger serve --port 3000 --data-dir ./data\n  jobledger serve --role api --port 3000 & jobledger serve --role worker')
    .action(async (opts: { role?: string; port?: string; host?: string; dataDir?: string }) => {
      const role = opts.role ?? process.env.JOBLEDGER_ROLE;
      const portVariable = role === 'worker' ? 'JOBLEDGER_WORKER_PORT' : 'PORT';
      const env = {
        ...process.env,
        ...(opts.role && { JOBLEDGER_ROLE: opts.role }),
        ...(opts.port && { [portVariable]: opts.port }),
        ...(opts.host && { HOST: opts.host }),
        ...(opts.dataDir && { JOBLEDGER_DATA_DIR: opts.dataDir }),
      };
      const running = await startRole(env);
      process.stdout.write(banner(running, opts.dataDir ? ` --data-dir ${opts.dataDir}` : ''));
      onSignals(running.stop);
    });
