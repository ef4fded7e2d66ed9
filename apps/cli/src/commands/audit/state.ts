import { InvalidArgumentError, type Command } from 'commander';
import type { JobState } from '../../../../../libs/domain/src/job/state';
import type { Assignee } from '../../../../../libs/domain/src/shared/assignee';
import { clientFor, withConnection, type ConnectionOptions } from './connection';
import { actorName, print, printJson, table } from './table';

type StateAt = { jobId: string; revision: number; lastRevision: number; event: { type: string; occurredAt: string; actor: { id: string; role: string } }; state: JobState };

const revisionArg = (value: string): number => {
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) throw new InvalidArgumentError('a revision is a whole number, 0 or more');
  return Number(value);
};

const who = (a: Assignee | null | undefined) => (!a ? '-' : a.kind === 'operator' ? `operator ${a.slug}` : `agent ${a.agentId}`);

const describe = (s: StateAt['state']): string[][] => {
  if (s.status !== 'created') return [['status', s.status]];
  const a = s.attempt;
  return [
    ['title', s.job.title], ['phase', s.phase], ['resolution', s.resolution ?? '-'], ['assignee', who(s.assignee)], ['priority', String(s.priority)],
    ['attempts used', `${s.attemptsUsed} of ${s.job.maxAttempts}`],
    ['attempt', a ? `#${a.attemptNumber} ${a.serviceEventId} ${a.status} by ${who(a.claimant)}` : '-'],
    ['evidence', a?.evidence.length ? a.evidence.map((e) => e.category).join(', ') : '-'],
  ];
};

export const registerAuditState = (audit: Command) =>
  withConnection(audit.command('state').argument('<jobId>', 'the job').description("the job's state folded up to a revision, inclusive (time travel)"))
    .option('-r, --revision <n>', 'job stream revision (default: the latest)', revisionArg)
    .addHelpText('after', '\nExamples:\n  jobledger audit state detailing-1a2b3c4d --revision 0\n  jobledger audit state detailing-1a2b3c4d --revision 3 --json')
    .action(async (jobId: string, o: ConnectionOptions & { revision?: number }) => {
      const query = o.revision === undefined ? '' : `?revision=${o.revision}`;
      const result = await clientFor(o).get<StateAt>(`/audit/jobs/${encodeURIComponent(jobId)}/state${query}`);
      if (o.json) return printJson(result);
      const { event } = result;
      print(`job ${result.jobId} at revision ${result.revision} of ${result.lastRevision}: after ${event.type} by ${actorName(event.actor)} at ${event.occurredAt}\n\n`);
      print(table(['FIELD', 'VALUE'], describe(result.state)));
    });
