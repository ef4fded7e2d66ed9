import { Option, type Command } from 'commander';
import { CREATABLE_PHASES } from '../../../../../libs/domain/src/job/events';
import type { Assignee } from '../../../../../libs/domain/src/shared/assignee';
import { parseAssignee, parseWhole } from '../shared/args';
import { clientFor, verb, type ConnectionOptions } from '../shared/connection';
import { jobIdOr } from '../shared/harness-env';
import { print, printJson } from '../shared/table';
import { UsageError } from '../shared/usage-error';
import { jobPath } from './paths';

type UpdateOptions = ConnectionOptions & {
  title?: string; description?: string; acceptance?: string; priority?: number; phase?: string; assignee?: Assignee; unassign?: boolean;
};

export const registerUpdate = (job: Command) =>
  verb(job, 'update', "change a job's title, description, priority, phase or assignee", [
    'jobledger job update proj-1a2b3c4d --priority 0',
    'jobledger job update proj-1a2b3c4d --phase ready --assignee agent:bot-1',
    'jobledger job update proj-1a2b3c4d --unassign',
  ])
    .argument('[jobId]', 'the job (default JOBLEDGER_JOB_ID)')
    .option('--title <title>', 'a new title')
    .option('--description <text>', 'a new description')
    .option('--acceptance <criteria>', 'new acceptance criteria')
    .option('--priority <0-4>', 'a new priority', parseWhole(0))
    .addOption(new Option('--phase <phase>', 'a new phase').choices(CREATABLE_PHASES))
    .addOption(new Option('--assignee <who>', 'operator:<slug> or agent:<id>').argParser(parseAssignee).conflicts('unassign'))
    .option('--unassign', 'clear the assignee')
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
