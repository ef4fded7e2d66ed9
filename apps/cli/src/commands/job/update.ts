import { Option, type Command } from 'commander';
import { clientFor, commandVerb, type ConnectionOptions } from '../shared/connection';
import { jobIdOr } from '../shared/harness-env';
import { print, printJson } from '../shared/table';
import { UsageError } from '../shared/usage-error';
import { withJobFields, type JobFieldOptions } from './job-fields';
import { jobPath } from './paths';

type UpdateOptions = ConnectionOptions & JobFieldOptions & { description?: string; unassign?: boolean };

export const registerUpdate = (job: Command) =>
  withJobFields(commandVerb(job, 'update', "change a job's title, description, priority, phase or assignee", [
    'jobledger job update proj-1a2b3c4d --priority 0',
    'jobledger job update proj-1a2b3c4d --phase ready --assignee agent:bot-1',
    'jobledger job update proj-1a2b3c4d --unassign',
  ])
    .argument('[jobId]', 'the job (default JOBLEDGER_JOB_ID)')
    .option('--description <text>', 'a new description'), {
    title: 'a new title', acceptance: 'new acceptance criteria', priority: 'a new priority', phase: 'a new phase', assignee: 'operator:<slug> or agent:<id>',
  })
    .addOption(new Option('--unassign', 'clear the assignee').conflicts('assignee'))
    .action(async (jobId: string | undefined, o: UpdateOptions) => {
      const changes = {
        title: o.title, description: o.description, acceptanceCriteria: o.acceptance, priority: o.priority, phase: o.phase,
        assignee: o.unassign ? null : o.assignee,
      };
      if (Object.values(changes).every((v) => v === undefined)) throw new UsageError('name at least one change (--title, --priority, --phase, --assignee…)');
      const id = jobIdOr(jobId);
      const result = await clientFor(o).request('PATCH', jobPath(id), changes);
      if (o.json) printJson(result);
      else print(`updated ${id}\n`);
    });
