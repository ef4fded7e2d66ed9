import type { JobDoc } from '../../../../projections/jobs';
import type { Assignee } from '../../../domain/src/shared/assignee';
import { DomainError } from '../../../domain/src/shared/errors';
import type { ReadStore } from '../../../readstore/src/port';
import type { ClaimNextJobCommand } from './agent-commands';
import { claimJob, type ClaimBody } from './claim';
import type { ClaimReservations } from './claim-reservations';
import { earlierClaim } from './earlier-claim';
import type { JobCommands } from './job-commands.service';
import type { CommandResult } from '../commands/command-result';
import { claimScopeOf, readyQueue } from '../queries/ready-queue';

/** How many queue entries one read looks at, and how far down the queue one call goes. */
const PAGE = 16;
const MAX_PAGES = 8;

/**
 * Someone else got there first, or the read model was behind the stream (a job the cascade of
 * a cancelled ancestor has not reached yet is refused ANCESTOR_CANCELLED): try the next job.
 */
const lostTheRace = (e: unknown): boolean =>
  e instanceof DomainError && (e.kind === 'conflict' || e.kind === 'not_found' || e.code === 'NOT_ASSIGNEE');

export type ClaimNextBody = ClaimBody & { job: Pick<JobDoc, 'title' | 'description' | 'acceptanceCriteria' | 'priority' | 'parentId' | 'execution'> };

const summaryOf = (job: JobDoc): ClaimNextBody['job'] => ({
  title: job.title, description: job.description, acceptanceCriteria: job.acceptanceCriteria, priority: job.priority,
  parentId: job.parentId, execution: job.execution,
});

/**
 * Claim the head of the ready queue the caller may claim. The queue is read from the jobs
 * read model, the claim itself is the ordinary decide/append on the job stream: a job that
 * another worker claimed meanwhile fails its precondition (or its append) and the next one is
 * tried, so two workers never hold one job and nobody waits on a lock.
 */
export const claimNext = (
  jobs: JobCommands, read: ReadStore, reservations: ClaimReservations, claimant: Assignee, command: ClaimNextJobCommand,
  /** Resolves once the read models hold every claim in the log (refuses otherwise): what a keyed call looks its earlier claim up in. */
  claimsCaughtUp: () => Promise<void>,
): Promise<CommandResult<ClaimNextBody> | null> =>
  command.repeatable
    ? reservations.claimOnce(command.ctx, () => claimHead(jobs, read, reservations, claimant, command, claimsCaughtUp))
    : claimHead(jobs, read, reservations, claimant, command, claimsCaughtUp);

const claimHead = async (
  jobs: JobCommands, read: ReadStore, reservations: ClaimReservations, claimant: Assignee, command: ClaimNextJobCommand,
  claimsCaughtUp: () => Promise<void>,
): Promise<CommandResult<ClaimNextBody> | null> => {
  const { principal, ctx, projectSlug, input } = command;
  const attempt = async (job: JobDoc) => {
    const claimed = await claimJob(jobs, principal, ctx, job.jobId, input);
    return { ...claimed, body: { ...claimed.body, job: summaryOf(job) } };
  };
  if (command.repeatable) {
    // A claim made just before a crash, its answer lost, may not be in the read models yet
    // (a restarted process projects nothing until it holds the processors' leases): looked up
    // before they hold it, the repeat would find none and claim another job.
    await claimsCaughtUp();
    const earlier = await earlierClaim(read, projectSlug, ctx.commandId);
    if (earlier) return attempt(earlier);
  }
  const tryJob = async (job: JobDoc) => {
    try {
      return await attempt(job);
    } catch (e) {
      if (!lostTheRace(e)) throw e;
      return null;
    }
  };
  // Jobs another call of this process is claiming right now are passed over, and tried last
  // (that call may yet fail): the calls spread over the head instead of queueing behind one job.
  const passedOver: JobDoc[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const queue = await readyQueue(read, projectSlug, ctx.now, { limit: PAGE, cursor }, claimScopeOf(claimant));
    for (const job of queue.items) {
      // An agent cannot capture evidence (SPEC §5): such a job would come back to the head of
      // its queue after every release. It stays claimable by id, for an admin to help with. The
      // query leaves these out (claimScopeOf); a document projected before it could is left here.
      if (claimant.kind === 'agent' && job.requiredEvidence.length > 0) continue;
      if (!reservations.reserve(job.jobId)) {
        passedOver.push(job);
        continue;
      }
      try {
        const claimed = await tryJob(job);
        if (claimed) return claimed;
      } finally {
        reservations.release(job.jobId);
      }
    }
    if (!queue.nextCursor) break;
    cursor = queue.nextCursor;
  }
  for (const job of passedOver) {
    const claimed = await tryJob(job);
    if (claimed) return claimed;
  }
  return null;
};
