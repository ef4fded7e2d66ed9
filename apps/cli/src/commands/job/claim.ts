import type { Command } from 'commander';
import { clientFor, commandVerb, type ConnectionOptions } from '../shared/connection';
import { jobIdOr, projectOr } from '../shared/harness-env';
import { print, printJson } from '../shared/table';
import { UsageError } from '../shared/usage-error';
import { jobPath, projectJobsPath } from './paths';

type ClaimOptions = ConnectionOptions & { next?: boolean; project?: string; start?: boolean; harness?: string; session?: string };
type Claimed = { jobId: string; serviceEventId: string; attemptNumber: number; leaseExpiresAt: string; status: string };

export const registerClaim = (job: Command) =>
  commandVerb(job, 'claim', 'claim a job (or, with --next, the head of a project\'s ready queue)', [
    'jobledger job claim proj-1a2b3c4d --start',
    'jobledger job claim --next --project proj --json | jq -r .serviceEventId',
  ])
    .argument('[jobId]', 'the job (default JOBLEDGER_JOB_ID; none with --next)')
    .option('--next', "claim the head of the project's ready queue")
    .option('-p, --project <slug>', 'with --next: the project (default JOBLEDGER_PROJECT_ID)')
    .option('--start', 'also start the attempt ("claim & start")')
    .option('--harness <name>', 'the harness that will run it')
    .option('--session <id>', "the harness's session id")
    .addHelpText('after', '\nWith --next and nothing claimable it prints "nothing to claim" (JSON: {"claimed":false}) and exits 0.')
    .action(async (jobId: string | undefined, o: ClaimOptions) => {
      // Either names what to claim: both would claim the queue's head and drop the job named.
      if (o.next && jobId !== undefined) throw new UsageError(`name a job or pass --next, not both (--next claims the head of the queue, not ${jobId})`);
      if (!o.next && o.project !== undefined) throw new UsageError('--project goes with --next (a job named by id is claimed in its own project)');
      const body = { start: o.start, harness: o.harness, sessionId: o.session };
      const api = clientFor(o);
      // claim-next answers 204 (no body) when the queue is empty.
      const claimed = o.next
        ? await api.post<Partial<Claimed>>(projectJobsPath(projectOr(o.project), '/claim-next'), body)
        : await api.post<Partial<Claimed>>(jobPath(jobIdOr(jobId), '/claim'), body);
      if (!claimed.serviceEventId) return o.json ? printJson({ claimed: false }) : print('nothing to claim\n');
      if (o.json) return printJson(claimed);
      print(`claimed ${claimed.jobId}: attempt #${claimed.attemptNumber}, ServiceEvent ${claimed.serviceEventId} (${claimed.status}), lease until ${claimed.leaseExpiresAt}\n`);
    });
