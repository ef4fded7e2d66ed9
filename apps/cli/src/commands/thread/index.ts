import type { Command } from 'commander';
import { registerFollow } from './follow';
import { registerMessages } from './messages';
import { registerPost } from './post';

/** `jobledger thread messages|post|follow`: coordination threads between a parent job and its workers. */
export const registerThreadCommands = (program: Command) => {
  const thread = program.command('thread').description("coordination threads (a job's is coord:job:<jobId>)");
  registerMessages(thread);
  registerPost(thread);
  registerFollow(thread);
};
