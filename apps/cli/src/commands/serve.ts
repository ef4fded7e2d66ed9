import type { Command } from 'commander';
import { openBackends } from '../../../../libs/application/src/backends';
import { loadConfig } from '../../../../libs/application/src/config/config';
import type { Backends } from '../../../../libs/application/src/backends';
import type { JobledgerConfig } from '../../../../libs/application/src/config/config';
import { createApi } from '../../../api/src/create-api';
import { startWorker, type Worker } from '../../../worker/src/worker';

export type Server = {
  readonly url: string;
  readonly config: JobledgerConfig;
  readonly backends: Backends;
  readonly worker: Worker;
  stop(): Promise<void>;
};

/** API, projectors and reactors in one process on the configured backends. */
export const serve = async (env: NodeJS.ProcessEnv = process.env, options: { logger?: boolean } = {}): Promise<Server> => {
  const config = loadConfig(env);
  const backends = await openBackends(config);
  const worker = await startWorker({ config, backends });
  const app = await createApi({ config, backends, settler: worker.host, logger: options.logger });
  await app.listen({ port: config.port, host: config.host });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  let stopping: Promise<void> | null = null;
  return {
    url: `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`,
    config,
    backends,
    worker,
    // Stop taking requests (in-flight ones finish), then the worker stores its checkpoints, then the stores close.
    stop: () => (stopping ??= (async () => {
      await app.close();
      await worker.stop();
      await backends.close();
    })()),
  };
};

export const registerServe = (program: Command) =>
  program
    .command('serve')
    .description('start the API with its projectors and reactors (embedded SQLite by default)')
    .option('-p, --port <port>', 'port to listen on (env PORT, default 3000)')
    .option('--host <host>', 'address to bind (env HOST, default 127.0.0.1)')
    .option('-d, --data-dir <dir>', 'data directory (env JOBLEDGER_DATA_DIR, default ./data)')
    .addHelpText('after', '\nExample:\n  jobledger serve --port 3000 --data-dir ./data')
    .action(async (opts: { port?: string; host?: string; dataDir?: string }) => {
      const env = { ...process.env, ...(opts.port && { PORT: opts.port }), ...(opts.host && { HOST: opts.host }), ...(opts.dataDir && { JOBLEDGER_DATA_DIR: opts.dataDir }) };
      const server = await serve(env);
      process.stdout.write(
        `jobledger is serving at ${server.url}  (OpenAPI: ${server.url}/docs)\n` +
          `mint a token:  npx jobledger token create --role admin${opts.dataDir ? ` --data-dir ${opts.dataDir}` : ''}\n` +
          `walk a job:    npx jobledger demo --url ${server.url}${opts.dataDir ? ` --data-dir ${opts.dataDir}` : ''}\n`,
      );
      const shutdown = (signal: string) => {
        process.stdout.write(`${signal}: shutting down\n`);
        server.stop().then(() => process.exit(0), (e: unknown) => { process.stderr.write(`${String(e)}\n`); process.exit(1); });
      };
      process.once('SIGTERM', () => shutdown('SIGTERM'));
      process.once('SIGINT', () => shutdown('SIGINT'));
    });
