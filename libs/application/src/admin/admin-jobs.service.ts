import { Injectable } from '@nestjs/common';
import type { JobCommand } from '../../../domain/src/job/commands';
import { jobDecider } from '../../../domain/src/job/decider';
import type { JobEvent } from '../../../domain/src/job/events';
import type { JobState } from '../../../domain/src/job/state';
import type { AccessView } from '../../../domain/src/operator/access-view';
import type { Assignee } from '../../../domain/src/shared/assignee';
import type { CommandContext } from '../../../domain/src/shared/event';
import { streams } from '../../../domain/src/shared/streams';
import { accessViewOf, requireRole } from '../auth/policy';
import type { Principal } from '../auth/principal';
import type { CommandOutcome } from '../commands/command-executor';
import { CommandRunner } from '../commands/command-runner';
import type { AdminAction } from './commands';
import { ancestorsOf } from '../execution/ancestors';

/** One admin override on one job: the job decider rules it (terminal jobs, active jobs…), this only adds who may. */
@Injectable()
export class AdminJobs {
  constructor(private readonly runner: CommandRunner) {}

  async act(principal: Principal, ctx: CommandContext, jobId: string, input: AdminAction): Promise<CommandOutcome<JobState, JobEvent>> {
    requireRole(principal);
    return this.runner.run(streams.job(jobId), jobDecider, (state) => this.commandFor(input, state), ctx);
  }

  private async commandFor(input: AdminAction, state: JobState): Promise<JobCommand> {
    switch (input.action) {
      case 'resubmit':
        return { type: 'ResubmitJob', reason: input.reason, ancestors: state.status === 'created' ? await ancestorsOf(this.runner.store, state) : [] };
      case 'complete':
        return { type: 'ForceCompleteJob', reason: input.reason };
      case 'reassign':
        return { type: 'ReassignJob', to: input.to, toView: await this.viewOf(input.to), reason: input.reason };
    }
  }

  /** An operator's registration and access, for the decider's rule; agents are not registered. */
  private async viewOf(to: Assignee): Promise<AccessView | null> {
    return to.kind === 'operator' ? accessViewOf(this.runner.store, to) : null;
  }
}
