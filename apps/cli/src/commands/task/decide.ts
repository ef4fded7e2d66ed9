import type { Command } from 'commander';
import { clientFor, commandVerb, type ConnectionOptions } from '../shared/connection';
import { print, printJson } from '../shared/table';

/** A governance decision on a task: one POST, its answer printed as one line or as JSON. */
export const registerTaskDecision = <O extends object>(
  task: Command, name: string, description: string, examples: readonly string[],
  configure: (c: Command) => Command, body: (o: O) => unknown, said: (taskId: string, answer: Record<string, unknown>) => string,
) =>
  configure(commandVerb(task, name, description, examples).argument('<taskId>', 'the task'))
    .action(async (taskId: string, o: ConnectionOptions & O) => {
      const answer = await clientFor(o).post(`/tasks/${encodeURIComponent(taskId)}/${name}`, body(o));
      if (o.json) printJson(answer);
      else print(`${said(taskId, answer)}\n`);
    });
