import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { openBackends } from '../../../../libs/application/src/backends';
import { loadConfig, type Role } from '../../../../libs/application/src/config/config';
import { applyHeapGrowth } from '../../../../libs/application/src/config/heap-growth';
import { listenUrl } from '../../../../libs/application/src/config/listen-url';
import type { Backends } from '../../../../libs/application/src/backends';
import type { JobledgerConfig } from '../../../../libs/application/src/config/config';
import { CheckpointSettler } from '../../../../libs/application/src/processing/checkpoint-settler';
import { switchReadersOf } from '../../../../libs/application/src/generations/generation-resolver';
import { createApi } from '../../../api/src/create-api';
import { installDrain, type Drain } from '../../../api/src/http/drain';
import { LiveFeed } from '../../../api/src/live/live-feed';
import { allProcessors } from '../../../worker/src/processors';
import { ProcessorsThread } from '../../../worker/src/thread/processors-thread-handle';
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

/**
 * `start`, or — when it fails (the port is taken) — what was started before it stopped, in order,
 * and the failure thrown: a process that cannot serve must not stay up holding leases.
 */
const unlessStarted = async <T>(start: () => Promise<T>, ...started: (() => Promise<void>)[]): Promise<T> => {
  try {
    return await start();
  } catch (error) {
    for (const stop of started) await stop().catch(() => undefined);
    throw error;
  }
};

/** The HTTP app, listening, with its drain installed; the drain's wait is bounded by the longest a command may take. */
const listen = async (created: Promise<NestFastifyApplication>, config: JobledgerConfig): Promise<{ url: string; close(): Promise<void> }> => {
  const app = await created;
  const drain: Drain = installDrain(app);
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  return {
    url: listenUrl(config.host, port),
    close: async () => {
      drain.begin();
      // Live streams and `wait` would hold the drain for their whole timeout: end them now (clients resume by Last-Event-ID).
      app.get(LiveFeed).endAll();
      await drain.idle(config.settleTimeoutMs + 10_000);
      await app.close();
    },
  };
};

/** The configuration a serving process runs with, its process-wide settings applied. */
const servingConfig = <R extends Role>(env: NodeJS.ProcessEnv, role: R): JobledgerConfig & { readonly role: R } => {
  const config = { ...loadConfig(env), role };
  applyHeapGrowth(config.heapGrowthPercent);
  return config;
};

/** API, projectors and reactors in one process and one thread, on the configured backends (JOBLEDGER_WORKER_THREAD=off). */
export const serve = async (env: NodeJS.ProcessEnv = process.env, options: Options = {}): Promise<Server> => {
  const config = servingConfig(env, 'all');
  const backends = await openBackends(config);
  const worker = await startWorker({ config, backends });
  const http = await unlessStarted(() => listen(createApi({ config, backends, settler: worker.settler, logger: options.logger }), config), worker.stop, backends.close);
  return {
    role: 'all', url: http.url, holder: worker.leases.holder, config, backends, worker,
    stop: once(async () => {
      await http.close();
      await worker.stop();
      await backends.close();
    }),
  };
};

/** `--role all` with the processors on their own thread (JOBLEDGER_WORKER_THREAD=on, the default). */
export type ThreadedServer = Running & { readonly url: string; readonly processors: ProcessorsThread };

/**
 * The API on this thread, projections and reactors on a thread of their own: one process, as
 * `serve`, but the API's event loop never runs processor batches, and commands learn that their
 * read models caught up by message from the thread that applied them. If that thread dies the
 * process ends (exit code 1): it would serve stale read models for ever otherwise.
 */
export const serveThreaded = async (env: NodeJS.ProcessEnv = process.env, options: Options = {}): Promise<ThreadedServer> => {
  const config = servingConfig(env, 'all');
  const backends = await openBackends(config);
  // Opened after this thread's stores: the thread's appends are made on them.
  const processors = await unlessStarted(() => ProcessorsThread.start(
    { ...env, JOBLEDGER_WORKER_PORT: undefined },
    backends.eventStore,
    (error) => {
      process.stderr.write(`jobledger: the processors' thread failed, stopping: ${error.stack ?? error.message}\n`);
      process.exit(1);
    },
    switchReadersOf(backends.readStore, config.generationCacheMs),
  ), backends.close);
  const http = await unlessStarted(() => listen(createApi({ config, backends, settler: processors, logger: options.logger }), config), () => processors.stop(), backends.close);
  const opened = backends;
  return {
    role: 'all', url: http.url, holder: processors.holder, config, backends: opened, processors,
    stop: once(async () => {
      try {
        await http.close();
      } finally {
        await processors.stop().catch((error: unknown) => process.stderr.write(`jobledger: stopping the processors' thread: ${String(error)}\n`));
        await opened.close();
      }
    }),
  };
};

/** The API alone: no processors here; commands wait on the checkpoints the workers store. */
export const serveApi = async (env: NodeJS.ProcessEnv = process.env, options: Options = {}): Promise<Running> => {
  const config = servingConfig(env, 'api');
  const backends = await openBackends(config);
  const settler = new CheckpointSettler(backends.eventStore, backends.readStore, allProcessors(config, backends));
  const http = await unlessStarted(() => listen(createApi({ config, backends, settler, logger: options.logger }), config), backends.close);
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
  const config = servingConfig(env, 'worker');
  const backends = await openBackends(config);
  const worker = await startWorker({ config, backends });
  const health = config.workerPort === null ? null : await unlessStarted(() => serveWorkerHealth(worker, config.workerPort as number, config.host), worker.stop, backends.close);
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
  if (role === 'api') return serveApi(env);
  if (role === 'worker') return serveWorker(env);
  return loadConfig(env).workerThread ? serveThreaded(env) : serve(env);
};
