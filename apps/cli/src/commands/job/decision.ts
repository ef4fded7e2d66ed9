import type { Command } from 'commander';
import { clientFor, commandVerb, type ConnectionOptions } from '../shared/connection';
import { jobIdOr } from '../shared/harness-env';
import { print, printJson } from '../shared/table';
import { jobPath } from './paths';

export type Decision = { name: 'close' | 'cancel' | 'reject' | 'approve'; description: string; past: string; reason: 'required' | 'comment' };

/** The verbs that end or judge a job by a person's decision, each a POST with a reason or a comment. */
export const registerDecision = (job: Command, d: Decision) => {
  const example = d.reason === 'required' ? `jobledger job ${d.name} proj-1a2b3c4d --reason "…"` : `jobledger job ${d.name} proj-1a2b3c4d --comment "looks right"`;
  const command = commandVerb(job, d.name, d.description, [example, `${example} --json`]).argument('[jobId]', 'the job (default JOBLEDGER_JOB_ID)');
  if (d.reason === 'required') command.requiredOption('--reason <text>', 'why (kept on the job)');
  else command.option('--comment <text>', 'a comment kept with the decision');
  return command.action(async (jobId: string | undefined, o: ConnectionOptions & { reason?: string; comment?: string }) => {
    const id = jobIdOr(jobId);
    const result = await clientFor(o).post<{ phase?: string }>(jobPath(id, `/${d.name}`), d.reason === 'required' ? { reason: o.reason } : { comment: o.comment });
    if (o.json) printJson(result);
    else print(`${d.past} ${id}${result.phase ? `: now ${result.phase}` : ''}\n`);
  });
};
