import { addSeconds } from '../../../domain/src/job/backoff';
import type { ExistingJob } from '../../../domain/src/job/state';
import type { CommandContext } from '../../../domain/src/shared/event';
import { executorOf } from '../auth/policy';
import type { Principal } from '../auth/principal';
import { newIdFor } from '../commands/command-context';
import { effectsOf, type CommandResult } from '../commands/command-result';
import { findEvent as find } from './find-event';
import type { JobCommands } from './job-commands.service';
import { ancestorsOf } from './ancestors';

export type ClaimInput = { readonly start?: boolean; readonly harness?: string; readonly sessionId?: string };

export type ClaimBody = {
  jobId: string;
  serviceEventId?: string;
  attemptNumber?: number;
  leaseExpiresAt?: string;
  deadlineAt?: string;
  status: 'queued' | 'in_progress';
  startedAt?: string;
};

/** `execution.hints.timeoutSeconds` of the job: how long one attempt may run (its deadline). */
export const deadlineFor = (job: ExistingJob, now: string): string | undefined => {
  const seconds = job.job.execution?.hints?.timeoutSeconds;
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0 ? addSeconds(now, seconds) : undefined;
};

/** One claim of one job by the caller: the lease of its kind of executor, the job's deadline, a fresh fencing token. */
export const claimJob = async (
  jobs: JobCommands, principal: Principal, ctx: CommandContext, jobId: string, input: ClaimInput,
): Promise<CommandResult<ClaimBody>> => {
  const claimant = executorOf(principal);
  const lease = jobs.runner.config.leaseSeconds[claimant.kind];
  const o = await jobs.run(principal, ctx, jobId, 'claim', async (job, caller) => ({
    type: 'ClaimJob' as const, claimant, claimantView: caller,
    unresolvedBlockers: await jobs.unresolvedBlockers(job), ancestors: await ancestorsOf(jobs.runner.store, job),
    now: ctx.now, leaseExpiresAt: addSeconds(ctx.now, lease),
    deadlineAt: deadlineFor(job, ctx.now),
    // per job as well as per command: no two jobs can share a ServiceEvent (nor a record) whatever the command
    serviceEventId: newIdFor(ctx, `serviceEventId:${jobId}`), start: input.start, harness: input.harness, sessionId: input.sessionId,
  }));
  const claimed = find(o.events, 'JobClaimed');
  const started = find(o.events, 'ServiceEventStarted');
  return {
    body: {
      jobId, serviceEventId: claimed?.data.serviceEventId, attemptNumber: claimed?.data.attemptNumber,
      leaseExpiresAt: claimed?.data.leaseExpiresAt, ...(claimed?.data.deadlineAt && { deadlineAt: claimed.data.deadlineAt }),
      status: started ? 'in_progress' : 'queued', ...(started && { startedAt: started.data.startedAt }),
    },
    ...effectsOf(o),
  };
};
