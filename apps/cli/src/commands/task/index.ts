import type { Command } from 'commander';
import { registerTaskApprove } from './approve';
import { registerTaskAssign } from './assign';
import { registerTaskCreateJob } from './create-job';
import { registerTaskDecline } from './decline';
import { registerTaskList } from './list';

/** `jobledger task list|approve|decline|assign|create-job`: governance. */
export const registerTaskCommands = (program: Command) => {
  const task = program.command('task').description('governance tasks: the queue, approval, assignment, Create Job');
  registerTaskList(task);
  registerTaskApprove(task);
  registerTaskDecline(task);
  registerTaskAssign(task);
  registerTaskCreateJob(task);
};
