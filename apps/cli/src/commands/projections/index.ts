import type { Command } from 'commander';
import { parseWhole } from '../shared/args';
import { UsageError } from '../shared/usage-error';
import { clientFor, withConnection, type ConnectionOptions } from '../audit/connection';
import { rebuildProjections } from './rebuild';
import { fetchStatus, statusTable } from './status';

export const registerProjections = (program: Command) => {
  const projections = program.command('projections').description('read-model operations: status and blue-green rebuilds');
  withConnection(projections.command('status'))
    .description('every projection and reactor: state, generation, checkpoint, lag, rebuild progress')
    .addHelpText('after', '\nExample:\n  JOBLEDGER_TOKEN=$(jobledger token create --role admin) jobledger projections status')
    .action(async (o: ConnectionOptions) => {
      const report = await fetchStatus(clientFor(o));
      process.stdout.write(o.json ? `${JSON.stringify(report, null, 2)}\n` : statusTable(report));
    });
  withConnection(projections.command('rebuild [name]'))
    .description('rebuild projections from position zero into a new generation; readers switch when it has caught up')
    .option('--all', 'every projection (reactors are never rebuilt)')
    .option('--timeout <seconds>', 'how long to wait for the switch, up to a week', parseWhole(1, 7 * 86_400), 600)
    .addHelpText('after', '\nExamples:\n  jobledger projections rebuild jobs\n  jobledger projections rebuild --all --json')
    .action(async (name: string | undefined, o: ConnectionOptions & { all?: boolean; timeout: number }) => {
      if (!name === !o.all) throw new UsageError('name one projection, or pass --all');
      const client = clientFor(o);
      const names = o.all ? (await fetchStatus(client)).processors.filter((p) => p.kind === 'projection').map((p) => p.name) : [name as string];
      const outcome = await rebuildProjections(client, names, {
        tty: !o.json && process.stdout.isTTY === true,
        write: (line) => { if (!o.json) process.stdout.write(line); },
        timeoutMs: o.timeout * 1000,
      });
      if (o.json) process.stdout.write(`${JSON.stringify(outcome)}\n`);
    });
};
