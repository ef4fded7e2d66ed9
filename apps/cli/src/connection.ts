import type { Command } from 'commander';
import { ApiClient } from './api-client';

export type ConnectionOptions = { url: string; token?: string };

/** `--url` / `--token`, defaulting to JOBLEDGER_URL / JOBLEDGER_TOKEN (SPEC §6). */
export const withConnection = (command: Command): Command =>
  command
    .option('--url <url>', 'server URL (env JOBLEDGER_URL)', process.env.JOBLEDGER_URL ?? 'http://127.0.0.1:3000')
    .option('--token <token>', 'bearer token (env JOBLEDGER_TOKEN)', process.env.JOBLEDGER_TOKEN);

export const clientFor = (o: ConnectionOptions): ApiClient => {
  if (!o.token) throw new Error('a token is required: --token <token> or JOBLEDGER_TOKEN (mint one with `jobledger token create --role admin`)');
  return new ApiClient(o.url, o.token);
};
