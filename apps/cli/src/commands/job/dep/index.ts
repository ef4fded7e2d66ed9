import type { Command } from 'commander';
import { registerDepAdd } from './add';
import { registerDepList } from './list';
import { registerDepRemove } from './remove';

/** `jobledger job dep add|remove|list`. */
export const registerDepCommands = (job: Command) => {
  const dep = job.command('dep').description("a job's dependencies: blocked_by, blocks, waits_for, conditional_blocks");
  registerDepAdd(dep);
  registerDepRemove(dep);
  registerDepList(dep);
};
