import { Injectable } from '@nestjs/common';
import type { JobCommand } from '../../../domain/src/job/commands';
import { jobDecider } from '../../../domain/src/job/decider';
import type { JobEvent } from '../../../domain/src/job/events';
import { isTerminal, type ExistingJob, type JobState } from '../../../domain/src/job/state';
import { requireJob } from '../../../domain/src/job/rules';
import type { CommandContext } from '../../../domain/src/shared/event';
import { streams } from '../../../domain/src/shared/streams';
import { requireJobVisible, requireOperatorNotSuspended } from '../auth/policy';
import type { Principal } from '../auth/principal';
import { loadState, type CommandOutcome } from '../commands/command-executor';
import { CommandRunner } from '../commands/command-runner';

/**
 * The path every command on a job takes: the caller must see the job (operators: only
 * their own), a suspended operator may do nothing, then decide/append as usual.
 */
@Injectable()
export class JobCommands {
  constructor(readonly runner: CommandRunner) {}

  async run(
    principal: Principal,
    ctx: CommandContext,
    jobId: string,
    build: (job: ExistingJob) => JobCommand | Promise<JobCommand>,
  ): Promise<CommandOutcome<JobState, JobEvent>> {
    await requireOperatorNotSuspended(this.runner.store, principal);
    return this.runner.run(streams.job(jobId), jobDecider, (state) => {
      const job = state.status === 'absent' ? null : state;
      requireJobVisible(principal, job && { assignee: job.assignee, projectSlug: job.job.projectSlug }, jobId);
      return build(requireJob(state));
    }, ctx);
  }

  /** Blockers (`blocked_by` relations) whose job is not yet done or cancelled. */
  async unresolvedBlockers(job: ExistingJob): Promise<string[]> {
    const blockers = job.dependencies.filter((d) => d.relation === 'blocked_by').map((d) => d.relatedJobId);
    const states = await Promise.all(blockers.map((id) => loadState(this.runner.store, streams.job(id), jobDecider)));
    return blockers.filter((_, i) => {
      const s = states[i].state;
      return s.status === 'created' && !isTerminal(s.phase);
    });
  }
}
