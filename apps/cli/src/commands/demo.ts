import type { Command } from 'commander';
import { serverUrl } from '../server-url';
import { runAgentJob, type AgentTokens } from './demo/agent-job';
import { runServiceJob, type ServiceTokens } from './demo/service-job';
import { numberedSteps, type Say } from './demo/steps';
import { parseDataDir } from './shared/args';
import { mintToken } from './token';

/** The demo's two walks against a running server — one service job, then one agent job — printing each step through `say`. */
export const runDemo = async (url: string, tokens: ServiceTokens & AgentTokens, say: Say) => {
  const step = numberedSteps(say);
  const service = await runServiceJob(url, tokens, step);
  const agentJob = await runAgentJob(url, tokens, step);
  return { ...service, agentJob };
};

export const registerDemo = (program: Command) =>
  program
    .command('demo')
    .description('walk one service job and one agent job through their whole lifecycle, to the sealed record and ⭐ signal, against a running server')
    .option('--url <url>', 'server URL (env JOBLEDGER_URL)', process.env.JOBLEDGER_URL ?? 'http://127.0.0.1:3000')
    .option('-d, --data-dir <dir>', "the server's data directory, whose secret mints the demo's tokens (env JOBLEDGER_DATA_DIR)", parseDataDir)
    .option('--json', 'print the result as JSON')
    .addHelpText('after', '\nExample (with `npm start` running in another terminal):\n  npx jobledger demo --url http://127.0.0.1:3000')
    .action(async (o: { url: string; dataDir?: string; json?: boolean }) => {
      const mint = (role: 'admin' | 'requester' | 'operator' | 'agent' | 'reviewer' | 'auditor', more: { operator?: string; agent?: string; projects?: string } = {}) =>
        mintToken({ role, ...more, ttl: 3600, dataDir: o.dataDir });
      const tokens = {
        admin: mint('admin'), requester: mint('requester'), auditor: mint('auditor'),
        operator: (slug: string) => mint('operator', { operator: slug }),
        agent: (agent: string, project: string) => mint('agent', { agent, projects: project }),
        reviewer: (project: string) => mint('reviewer', { projects: project }),
      };
      const result = await runDemo(serverUrl(o.url), tokens, (line) => {
        if (!o.json) process.stdout.write(`${line}\n`);
      });
      if (o.json) process.stdout.write(`${JSON.stringify(result)}\n`);
    });
