import { constants } from 'node:os';
import type { Command } from 'commander';
import { ROLES } from '../../../../libs/application/src/config/config';
import type { Running } from './serve';

// The server's modules load only when `serve` runs: every other verb starts in a fraction of the time.
const startRole = async (env: NodeJS.ProcessEnv): Promise<Running> => (await import('./serve')).startRole(env);

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
