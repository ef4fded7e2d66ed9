import type { Command } from 'commander';
import { clientFor, commandVerb, type ConnectionOptions } from '../shared/connection';
import { jobIdOr } from '../shared/harness-env';
import { print, printJson } from '../shared/table';
import { serviceEventOf } from './attempt';
import { jobPath } from './paths';

/** A harness that only has the CLI keeps its claim with this: an agent's lease lapses after 300 s without one. */
export const registerHeartbeat = (job: Command) =>
  commandVerb(job, 'heartbeat', "extend the claim's lease (the attempt goes on; the deadline, if any, does not move)", [
    'jobledger job heartbeat                    # JOBLEDGER_JOB_ID and JOBLEDGER_ATTEMPT_ID',
    'jobledger job heartbeat proj-1a2b3c4d --json',
    'while sleep 60; do jobledger job heartbeat; done &   # beside a long harness run',
  ])
    .argument('[jobId]', 'the job (default JOBLEDGER_JOB_ID)')
    .option('--service-event <id>', "the attempt's serviceEventId (default JOBLEDGER_ATTEMPT_ID, else the open attempt)")
    .action(async (jobId: string | undefined, o: ConnectionOptions & { serviceEvent?: string }) => {
      const id = jobIdOr(jobId);
      const api = clientFor(o);
      const result = await api.post<{ leaseExpiresAt?: string }>(jobPath(id, '/heartbeat'), { serviceEventId: await serviceEventOf(api, id, o.serviceEvent) });
      if (o.json) printJson(result);
      else print(`lease of ${id} extended${result.leaseExpiresAt ? ` until ${result.leaseExpiresAt}` : ''}\n`);
    });
