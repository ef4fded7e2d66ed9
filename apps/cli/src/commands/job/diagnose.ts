import type { Command } from 'commander';
import { callerOf } from '../shared/caller';
import { clientFor, verb, type ConnectionOptions } from '../shared/connection';
import { jobIdOr } from '../shared/harness-env';
import { print, printJson } from '../shared/table';
import { diagnose, formatDiagnosis } from './diagnosis';
import { jobPath } from './paths';
import type { JobContext } from './types';

export const registerDiagnose = (job: Command) =>
  verb(job, 'diagnose', 'why a job is not claimable (blocked, deferred, assigned, leased, out of attempts, wrong phase), or "claimable"', [
    'jobledger job diagnose proj-1a2b3c4d',
    'jobledger job diagnose proj-1a2b3c4d --json | jq .claimable',
  ])
    .argument('[jobId]', 'the job (default JOBLEDGER_JOB_ID)')
    .addHelpText('after', '\nThe assignment is judged for the token\'s own operator or agent; with another token it is reported as a reason.')
    .action(async (jobId: string | undefined, o: ConnectionOptions) => {
      const api = clientFor(o);
      const context = await api.get<JobContext>(jobPath(jobIdOr(jobId), '/context'));
      const result = diagnose(context, new Date(), callerOf(api.token));
      if (o.json) printJson(result);
      else print(formatDiagnosis(result));
    });
