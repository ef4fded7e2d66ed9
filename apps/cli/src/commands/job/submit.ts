import type { Command } from 'commander';
import { clientFor, commandVerb, type ConnectionOptions } from '../shared/connection';
import { jobIdOr } from '../shared/harness-env';
import { print, printJson } from '../shared/table';
import { serviceEventOf } from './attempt';
import { jobPath } from './paths';

export const registerSubmit = (job: Command) =>
  commandVerb(job, 'submit', 'submit the attempt for review with a summary', [
    'jobledger job submit proj-1a2b3c4d --summary "retries added, tests green"',
    'jobledger job submit --summary "done"     # JOBLEDGER_JOB_ID and JOBLEDGER_ATTEMPT_ID',
  ])
    .argument('[jobId]', 'the job (default JOBLEDGER_JOB_ID)')
    .requiredOption('--summary <text>', 'what was done, for the reviewer')
    .option('--service-event <id>', "the attempt's serviceEventId (default JOBLEDGER_ATTEMPT_ID, else the open attempt)")
    .action(async (jobId: string | undefined, o: ConnectionOptions & { summary: string; serviceEvent?: string }) => {
      const id = jobIdOr(jobId);
      const api = clientFor(o);
      const result = await api.post<{ phase?: string }>(jobPath(id, '/submit'), { serviceEventId: await serviceEventOf(api, id, o.serviceEvent), summary: o.summary });
      if (o.json) printJson(result);
      else print(`submitted ${id} for review${result.phase ? `: now ${result.phase}` : ''}\n`);
    });
