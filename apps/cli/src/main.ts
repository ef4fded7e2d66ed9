import 'reflect-metadata';
import { Command } from 'commander';
import { endOnClosedOutput } from './closed-output';
import { registerAudit } from './commands/audit';
import { registerDemo } from './commands/demo';
import { registerDesk } from './commands/desk';
import { registerJobCommands } from './commands/job';
import { registerProjections } from './commands/projections';
import { registerRequestCommands } from './commands/request';
import { registerServe } from './commands/serve-command';
import { registerSupervise } from './commands/supervise';
import { registerTaskCommands } from './commands/task';
import { registerThreadCommands } from './commands/thread';
import { registerToken } from './commands/token';
import { reportFailure } from './failure';

endOnClosedOutput(process.stdout, (code) => process.exit(code));

const program = new Command()
  .name('jobledger')
  .description('jobledger: an event-sourced core for governed service work')
  .version('0.1.0')
  // Usage errors come back here (exit 2) instead of commander exiting on its own, and are
  // printed by reportFailure in the shape of every other failure (JSON with --json), not by
  // commander. Subcommands inherit both, so both are set before they are added.
  .exitOverride()
  .configureOutput({ outputError: () => undefined });

registerServe(program);
registerToken(program);
registerDemo(program);
registerJobCommands(program);
registerThreadCommands(program);
registerSupervise(program);
registerRequestCommands(program);
registerTaskCommands(program);
registerDesk(program);
registerAudit(program);
registerProjections(program);

program.parseAsync(process.argv).catch((e: unknown) => {
  process.exitCode = reportFailure(e, process.argv.includes('--json'));
});
