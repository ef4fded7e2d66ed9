import type { Command } from 'commander';
import { projectOfJobId } from '../../../../../libs/domain/src/shared/ids';
import { clientFor, commandVerb, type ConnectionOptions } from '../shared/connection';
import { projectOr } from '../shared/harness-env';
import { parseWhole } from '../shared/args';
import { print, printJson } from '../shared/table';
import { withJobFields, type JobFieldOptions } from './job-fields';
import { projectJobsPath } from './paths';

type CreateOptions = ConnectionOptions & JobFieldOptions & { project?: string; parent?: string; surface?: string; reviewRequired?: boolean; maxAttempts?: number };

export const registerCreate = (job: Command) =>
  withJobFields(commandVerb(job, 'create', 'create a job (or a child of one with --parent)', [
    'jobledger job create "Add retries to the importer" --project proj --priority 1',
    'jobledger job create "Write the tests" --parent proj-1a2b3c4d --assignee agent:bot-1',
    'jobledger job create "Idea: cache the index" --project proj --phase idea --json | jq -r .jobId',
  ])
    .argument('<description>', 'what to do; its first line is the title unless --title')
    .option('-p, --project <slug>', 'the project (default: the parent\'s, else JOBLEDGER_PROJECT_ID)')
    .option('--parent <jobId>', 'create a child of this job'), {
    title: 'a title other than the first line', acceptance: 'acceptance criteria', priority: '0 most urgent, 4 least (default 2)',
    phase: 'the phase it starts in (default ready)', assignee: 'operator:<slug> or agent:<id>',
  })
    .option('--surface <key>', "snapshot this surface's evidence policy")
    .option('--review-required', 'completion goes to review first')
    .option('--max-attempts <n>', 'attempt budget (1-100)', parseWhole(1, 100))
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
