import type { Command } from 'commander';
import { clientFor, verb, type ConnectionOptions } from '../shared/connection';
import { jobIdOr } from '../shared/harness-env';
import { print, printJson } from '../shared/table';
import type { Attempts } from './attempt';
import { attemptTable } from './format';
import { jobPath } from './paths';

export const registerAttempts = (job: Command) =>
  verb(job, 'attempts', "a job's attempts (ServiceEvents): who, when, how each ended", ['jobledger job attempts proj-1a2b3c4d', 'jobledger job attempts --json | jq ".items[-1].status"'])
    .argument('[jobId]', 'the job (default JOBLEDGER_JOB_ID)')
    .action(async (jobId: string | undefined, o: ConnectionOptions) => {
      const attempts = await clientFor(o).get<Attempts>(jobPath(jobIdOr(jobId), '/attempts'));
      if (o.json) return printJson(attempts);
      print(`${attempts.jobId}: ${attempts.attemptsUsed} of ${attempts.maxAttempts} attempts used\n`);
      if (attempts.items.length) print(attemptTable(attempts.items));
    });
