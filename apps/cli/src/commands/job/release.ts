import type { Command } from 'commander';
import { clientFor, commandVerb, type ConnectionOptions } from '../shared/connection';
import { jobIdOr } from '../shared/harness-env';
import { print, printJson } from '../shared/table';
import { serviceEventOf } from './attempt';
import { jobPath } from './paths';

export const registerRelease = (job: Command) =>
  commandVerb(job, 'release', 'give a claimed job back to the ready queue (a voluntary release returns its attempt)', [
    'jobledger job release proj-1a2b3c4d --reason "needs a person"',
    'jobledger job release            # JOBLEDGER_JOB_ID and JOBLEDGER_ATTEMPT_ID',
  ])
    .argument('[jobId]', 'the job (default JOBLEDGER_JOB_ID)')
    .option('--reason <text>', 'why')
    .option('--service-event <id>', "the attempt's serviceEventId (default JOBLEDGER_ATTEMPT_ID, else the open attempt)")
    .action(async (jobId: string | undefined, o: ConnectionOptions & { reason?: string; serviceEvent?: string }) => {
      const id = jobIdOr(jobId);
      const api = clientFor(o);
      const result = await api.post(jobPath(id, '/release'), { serviceEventId: await serviceEventOf(api, id, o.serviceEvent), reason: o.reason });
      if (o.json) printJson(result);
      else print(`released ${id}\n`);
    });
