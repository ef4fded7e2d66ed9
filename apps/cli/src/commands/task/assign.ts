import type { Command } from 'commander';
import type { Assignee } from '../../../../../libs/domain/src/shared/assignee';
import { parseAssignee } from '../shared/args';
import { clientFor, commandVerb, type ConnectionOptions } from '../shared/connection';
import { print, printJson, who } from '../shared/table';

export const registerTaskAssign = (task: Command) =>
  commandVerb(task, 'assign', 'assign a task to an operator or an agent (its job will be theirs)', [
    'jobledger task assign a14afc45-… operator:ana',
    'jobledger task assign a14afc45-… agent:bot-1 --json',
  ])
    .argument('<taskId>', 'the task')
    .argument('<assignee>', 'operator:<slug> or agent:<id>', parseAssignee)
    .action(async (taskId: string, assignee: Assignee, o: ConnectionOptions) => {
      const answer = await clientFor(o).post(`/tasks/${encodeURIComponent(taskId)}/assign`, { assignee });
      if (o.json) printJson(answer);
      else print(`assigned task ${taskId} to ${who(assignee)}\n`);
    });
