import type { Command } from 'commander';
import { parseWhole } from '../shared/args';
import { colourOn } from '../shared/colour';
import { clientFor, verb, type ConnectionOptions } from '../shared/connection';
import { projectOr } from '../shared/harness-env';
import { print, printJson } from '../shared/table';
import { jobTable } from './format';
import { projectJobsPath, query } from './paths';
import type { Job, Page } from './types';

type QueueOptions = ConnectionOptions & { project?: string; limit?: number; cursor?: string };

/** `job ready` and `job blocked`: one project's queue as its route orders it. */
const registerQueue = (job: Command, name: 'ready' | 'blocked', description: string) =>
  verb(job, name, description, [`jobledger job ${name} --project proj`, `JOBLEDGER_PROJECT_ID=proj jobledger job ${name} --json`])
    .option('-p, --project <slug>', 'the project (default JOBLEDGER_PROJECT_ID)')
    .option('--limit <n>', 'at most this many (1-500)', parseWhole(1, 500))
    .option('--cursor <cursor>', 'the next page, as a previous answer named it')
    .action(async (o: QueueOptions) => {
      const page = await clientFor(o).get<Page<Job>>(projectJobsPath(projectOr(o.project), `/${name}${query({ limit: o.limit, cursor: o.cursor })}`));
      if (o.json) printJson(page);
      else print(jobTable(page, colourOn(o)));
    });

export const registerReady = (job: Command) => registerQueue(job, 'ready', 'the ready queue: claimable now, in claim order');
export const registerBlocked = (job: Command) => registerQueue(job, 'blocked', 'jobs held by an unresolved blocker');
