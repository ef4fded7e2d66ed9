import type { Command } from 'commander';
import { ApiClient } from '../../api-client';
import { serverUrl } from '../../server-url';
import { UsageError } from './usage-error';

export type ConnectionOptions = { url: string; token?: string; json?: boolean; idempotencyKey?: string };

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
  return new ApiClient(serverUrl(o.url), token, o.idempotencyKey);
};

/** A verb under `parent`: its connection options and its examples in `--help`. */
export const verb = (parent: Command, name: string, description: string, examples: readonly string[]): Command =>
  withConnection(parent.command(name).description(description))
    .addHelpText('after', `\nExamples:\n${examples.map((e) => `  ${e}`).join('\n')}`);

/**
 * A verb that sends one command, with `--idempotency-key`: a harness that lost an answer sends
 * the same verb with the same key again and is answered as the first time was, the command
 * acting once (docs/cli.md, "Retrying a command").
 */
export const commandVerb = (parent: Command, name: string, description: string, examples: readonly string[]): Command =>
  verb(parent, name, description, examples).option(
    '--idempotency-key <key>',
    'send the command under this key: the same verb with the same key again answers as the first time did and acts once (1–200 printable ASCII)',
    parseIdempotencyKey,
  );

const parseIdempotencyKey = (value: string): string => {
  if (!/^[\x21-\x7e]{1,200}$/.test(value)) throw new UsageError(`--idempotency-key must be 1 to 200 printable ASCII characters, no spaces: ${JSON.stringify(value)}`);
  return value;
};
