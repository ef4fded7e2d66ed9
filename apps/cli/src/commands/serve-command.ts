import { constants } from 'node:os';
import { type Command, Option } from 'commander';
import { ROLES } from '../../../../libs/application/src/config/config';
import { JSON_LOGS, useJsonLogs } from '../../../../libs/application/src/operations/json-logs';
import { stopOnClosedOutput } from '../closed-output';
import { reportFailure } from '../failure';
import type { Running } from './serve';
import { parseDataDir, parseNonEmpty, parseWhole } from './shared/args';
import { serveBanner } from './serve-banner';

// The server's modules load only when `serve` runs: every other verb starts in a fraction of the time.
const startRole = async (env: NodeJS.ProcessEnv): Promise<Running> => (await import('./serve')).startRole(env);

/**
 * `serve --json` (SPEC §6: --json everywhere): a supervisor reads one JSON object per line
 * instead of the banner, Nest's logs included, and finds where the server listens in
 * {"event":"started","role":"all","url":"http://127.0.0.1:3000","holder":"host:42:ab12"}.
 */
const jsonLine = (event: Record<string, unknown>): string => `${JSON.stringify(event)}\n`;

/** First SIGTERM/SIGINT: graceful stop, exit 0. A second one: exit at once. */
const onSignals = (stop: () => Promise<void>, json: boolean): void => {
  let received = 0;
  const handle = (signal: NodeJS.Signals) => {
    if (++received > 1) process.exit(128 + constants.signals[signal]);
    process.stdout.write(json ? jsonLine({ event: 'stopping', signal }) : `${signal}: shutting down (again to exit at once)\n`);
    stop().then(() => process.exit(0), (e: unknown) => process.exit(reportFailure(e, json)));
  };
  process.on('SIGTERM', handle);
  process.on('SIGINT', handle);
};

export const registerServe = (program: Command) =>
  program
    .command('serve')
    .description('start the API with its projectors and reactors (embedded SQLite by default), or one of the two (--role)')
    .addOption(new Option('--role <role>', 'what this process runs (env JOBLEDGER_ROLE, default all)').choices(ROLES))
    .option('-p, --port <port>', 'port to listen on (env PORT, default 3000; --role worker: its /health, env JOBLEDGER_WORKER_PORT, none by default)', parseWhole(0, 65_535))
    .option('--host <host>', 'address to bind (env HOST, default 127.0.0.1)', parseNonEmpty('an address to bind'))
    .option('-d, --data-dir <dir>', 'data directory (env JOBLEDGER_DATA_DIR, default ./data)', parseDataDir)
    .option('--json', 'one JSON object per line instead of the banner: {"event":"started","role","url","holder"}, then {"event":"stopping","signal"}')
    .addHelpText('after', '\nExamples:\n  jobledger serve --port 3000 --data-dir ./data\n  jobledger serve --role api --port 3000 & jobledger serve --role worker\n  jobledger serve --port 0 --json   # {"event":"started",…,"url":"http://127.0.0.1:41234",…}')
    .action(async (opts: { role?: string; port?: number; host?: string; dataDir?: string; json?: boolean }) => {
      // As the configuration reads it: JOBLEDGER_ROLE=Worker is a worker, whose --port is its health's.
      const role = (opts.role ?? process.env.JOBLEDGER_ROLE)?.toLowerCase();
      const portVariable = role === 'worker' ? 'JOBLEDGER_WORKER_PORT' : 'PORT';
      const env = {
        ...process.env,
        ...(opts.role && { JOBLEDGER_ROLE: opts.role }),
        ...(opts.port !== undefined && { [portVariable]: String(opts.port) }),
        ...(opts.host !== undefined && { HOST: opts.host }),
        ...(opts.dataDir !== undefined && { JOBLEDGER_DATA_DIR: opts.dataDir }),
        // Always set from --json: the variable is how the flag reaches every thread, never a setting of the user's.
        [JSON_LOGS]: opts.json ? 'on' : 'off',
      };
      useJsonLogs(env);
      const running = await startRole(env);
      stopOnClosedOutput(process.stdout, running.stop, (code) => process.exit(code), (e) => reportFailure(e, opts.json === true));
      // Before the announcement: a supervisor may signal the moment it reads it.
      onSignals(running.stop, opts.json === true);
      const { role: started, url, holder } = running;
      process.stdout.write(opts.json ? jsonLine({ event: 'started', role: started, url, holder }) : serveBanner(running, env));
    });
