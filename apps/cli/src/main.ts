import 'reflect-metadata';
import { Command } from 'commander';
import { registerAudit } from './commands/audit';
import { registerDemo } from './commands/demo';
import { registerJob } from './commands/job';
import { registerProjections } from './commands/projections';
import { registerServe } from './commands/serve';
import { registerToken } from './commands/token';

const program = new Command()
  .name('jobledger')
  .description('jobledger: an event-sourced core for governed service work')
  .version('0.1.0');

registerServe(program);
registerToken(program);
registerDemo(program);
registerAudit(program);
registerJob(program);
registerProjections(program);

program.parseAsync(process.argv).catch((e: unknown) => {
  process.stderr.write(`jobledger: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
