import type { Command } from 'commander';
import { runServiceJob, type ServiceTokens } from './demo/service-job';
import { numberedSteps, type Say } from './demo/steps';
import { mintToken } from './token';

/** The demo's walks against a running server, printing each step through `say`. */
export const runDemo = async (url: string, tokens: ServiceTokens, say: Say) => {
  const step = numberedSteps(say);
  return runServiceJob(url, tokens, step);
};

export const registerDemo = (program: Command) =>
  program
    .command('demo')
    .description('walk one service job from request to ⭐ signal against a running server')
    .option('--url <url>', 'server URL (env JOBLEDGER_URL)', process.env.JOBLEDGER_URL ?? 'http://127.0.0.1:3000')
    .option('-d, --data-dir <dir>', "the server's data directory, whose secret mints the demo's tokens (env JOBLEDGER_DATA_DIR)")
    .option('--json', 'print the result as JSON')
    .addHelpText('after', '\nExample (with `npm start` running in another terminal):\n  npx jobledger demo --url http://127.0.0.1:3000')
    .action(async (o: { url: string; dataDir?: string; json?: boolean }) => {
      const mint = (role: 'admin' | 'requester' | 'operator', operator?: string) => mintToken({ role, operator, ttl: '3600', dataDir: o.dataDir });
      const result = await runDemo(o.url, { admin: mint('admin'), requester: mint('requester'), operator: (slug) => mint('operator', slug) }, (line) => {
        if (!o.json) process.stdout.write(`${line}\n`);
      });
      if (o.json) process.stdout.write(`${JSON.stringify(result)}\n`);
    });
