import { Option, type Command } from 'commander';
import { CREATABLE_PHASES } from '../../../../../libs/domain/src/job/events';
import type { Assignee } from '../../../../../libs/domain/src/shared/assignee';
import { projectOfJobId } from '../../../../../libs/domain/src/shared/ids';
import { clientFor, verb, type ConnectionOptions } from '../shared/connection';
import { projectOr } from '../shared/harness-env';
import { parseAssignee, parseWhole } from '../shared/args';
import { print, printJson } from '../shared/table';
import { projectJobsPath } from './paths';

type CreateOptions = ConnectionOptions & {
  project?: string; parent?: string; title?: string; acceptance?: string; priority?: number; phase?: string;
  assignee?: Assignee; surface?: string; reviewRequired?: boolean; maxAttempts?: number;
};

export const registerCreate = (job: Command) =>
  verb(job, 'create', 'create a job (or a child of one with --parent)', [
    'jobledger job create "Add retries to the importer" --project proj --priority 1',
    'jobledger job create "Write the tests" --parent proj-1a2b3c4d --assignee agent:bot-1',
    'jobledger job create "Idea: cache the index" --project proj --phase idea --json | jq -r .jobId',
  ])
    .argument('<description>', 'what to do; its first line is the title unless --title')
    .option('-p, --project <slug>', 'the project (default: the parent\'s, else JOBLEDGER_PROJECT_ID)')
    .option('--parent <jobId>', 'create a child of this job')
    .option('--title <title>', 'a title other than the first line')
    .option('--acceptance <criteria>', 'acceptance criteria')
    .option('--priority <0-4>', '0 most urgent, 4 least (default 2)', parseWhole(0))
    .addOption(new Option('--phase <phase>', 'the phase it starts in (default ready)').choices(CREATABLE_PHASES))
    .option('--assignee <who>', 'operator:<slug> or agent:<id>', parseAssignee)
    .option('--surface <key>', "snapshot this surface's evidence policy")
    .option('--review-required', 'completion goes to review first')
    .option('--max-attempts <n>', 'attempt budget', parseWhole(1))
    .action(async (description: string, o: CreateOptions) => {
      const project = o.project ?? (o.parent ? projectOfJobId(o.parent) : projectOr(undefined));
      const created = await clientFor(o).post<{ jobId: string; parentId: string | null }>(projectJobsPath(project), {
        description, title: o.title, acceptanceCriteria: o.acceptance, priority: o.priority, phase: o.phase,
        assignee: o.assignee, surface: o.surface, parentId: o.parent,
        reviewRequired: o.reviewRequired, maxAttempts: o.maxAttempts,
      });
      if (o.json) printJson(created);
      else print(`created ${created.jobId}${created.parentId ? ` (child of ${created.parentId})` : ''}\n`);
    });
