import type { Command } from 'commander';
import { colourOn } from '../shared/colour';
import { clientFor, verb, type ConnectionOptions } from '../shared/connection';
import { harnessEnv, jobIdOr } from '../shared/harness-env';
import { print, printJson } from '../shared/table';
import { UsageError } from '../shared/usage-error';
import { jobDetail } from './format';
import { jobPath } from './paths';
import type { Job } from './types';

const show = async (jobId: string, o: ConnectionOptions) => {
  const job = await clientFor(o).get<Job>(jobPath(jobId));
  if (o.json) printJson(job);
  else print(jobDetail(job, colourOn(o)));
};

export const registerShow = (job: Command) =>
  verb(job, 'show', 'a job in full: fields, description, attempts', ['jobledger job show proj-1a2b3c4d', 'jobledger job show proj-1a2b3c4d.1 --json | jq .phase'])
    .argument('[jobId]', 'the job (default JOBLEDGER_JOB_ID)')
    .action((jobId: string | undefined, o: ConnectionOptions) => show(jobIdOr(jobId), o));

export const registerCurrent = (job: Command) =>
  verb(job, 'current', 'the job this harness runs (JOBLEDGER_JOB_ID), in full', ['JOBLEDGER_JOB_ID=proj-1a2b3c4d jobledger job current', 'jobledger job current --json | jq .attempts'])
    .action((o: ConnectionOptions) => {
      const { jobId } = harnessEnv();
      if (!jobId) throw new UsageError('JOBLEDGER_JOB_ID is not set: `job current` runs inside a harness that claimed a job (or use `job show <jobId>`)');
      return show(jobId, o);
    });
