import { Option, type Command } from 'commander';
import { PHASES } from '../../../../../libs/domain/src/job/events';
import { parseAssigneeFilter, parseSince, parseWhole } from '../shared/args';
import { colourOn } from '../shared/colour';
import { clientFor, verb, type ConnectionOptions } from '../shared/connection';
import { harnessEnv } from '../shared/harness-env';
import { print, printJson } from '../shared/table';
import { jobTable } from './format';
import { projectJobsPath, query } from './paths';
import type { Job, Page } from './types';

type ListOptions = ConnectionOptions & {
  project?: string; phase?: string; effectivePhase?: string; priority?: number; assignee?: string; surface?: string;
  since?: string; stuck?: boolean; search?: string; limit?: number; cursor?: string;
};

export const registerList = (job: Command) =>
  verb(job, 'list', "a project's jobs (every project's with an admin or auditor token and no project), filtered", [
    'jobledger job list --project proj --phase active',
    'jobledger job list --project proj --since 1h',
    'jobledger job list --project proj --stuck --json | jq -r ".items[].jobId"',
    'jobledger job list --effective-phase blocked          # every project (admin, auditor)',
  ])
    .option('-p, --project <slug>', 'the project (default JOBLEDGER_PROJECT_ID; none: every project)')
    .addOption(new Option('--phase <phase>', 'in this phase').choices(PHASES))
    .addOption(new Option('--effective-phase <phase>', 'in this effective phase (blocked and waiting count)').choices([...PHASES, 'blocked', 'waiting']))
    .option('--priority <0-4>', 'of this priority', parseWhole(0, 4))
    .option('--assignee <who>', 'assigned to operator:<slug> or agent:<id>', parseAssigneeFilter)
    .option('--surface <key>', 'of this surface')
    .option('--since <when>', 'changed since: 90s, 30m, 1h, 2d or an ISO time', parseSince)
    .option('--stuck', 'active with no heartbeat for longer than the lease')
    .option('-q, --search <text>', 'text in the title or description')
    .option('--limit <n>', 'at most this many (1-500)', parseWhole(1, 500))
    .option('--cursor <cursor>', 'the next page, as a previous answer named it')
    .action(async (o: ListOptions) => {
      const project = o.project ?? harnessEnv().projectId;
      const path = project ? projectJobsPath(project) : '/jobs';
      const page = await clientFor(o).get<Page<Job>>(path + query({
        phase: o.phase, effectivePhase: o.effectivePhase, priority: o.priority, assignee: o.assignee, surface: o.surface,
        since: o.since, stuck: o.stuck, q: o.search, limit: o.limit, cursor: o.cursor,
      }));
      if (o.json) printJson(page);
      else print(jobTable(page, colourOn(o)));
    });
