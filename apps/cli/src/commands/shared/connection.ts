import type { Command } from 'commander';
import { ApiClient } from '../../api-client';
import { serverUrl } from '../../server-url';
import { UsageError } from './usage-error';

export type ConnectionOptions = { url: string; token?: string; json?: boolean };

/** `--url` / `--token` (or JOBLEDGER_URL / JOBLEDGER_TOKEN) and `--json`, on one subcommand. */
export const withConnection = (command: Command, token = 'a bearer token', json = 'print JSON instead of a table'): Command =>
  command
    .option('--url <url>', 'server URL (env JOBLEDGER_URL)', process.env.JOBLEDGER_URL ?? 'http://127.0.0.1:3000')
    .option('--token <token>', `${token} (env JOBLEDGER_TOKEN)`)
    .option('--json', json);

// The token is read from the environment here, not as an option default: --help would print it.
export const clientFor = (o: ConnectionOptions, role = '<role>'): ApiClient => {
  const token = o.token ?? process.env.JOBLEDGER_TOKEN;
  if (!token) throw new UsageError(`a token is required: --token or JOBLEDGER_TOKEN (mint one with \`jobledger token create --role ${role}\`)`);
  return new ApiClient(serverUrl(o.url), token);
};

/** A verb under `parent`: its connection options and its examples in `--help`. */
export const verb = (parent: Command, name: string, description: string, examples: readonly string[]): Command =>
  withConnection(parent.command(name).description(description))
    .addHelpText('after', `\nExamples:\n${examples.map((e) => `  ${e}`).join('\n')}`);
