import { Injectable } from '@nestjs/common';
import type { JobCommand } from '../../../domain/src/job/commands';
import { jobDecider } from '../../../domain/src/job/decider';
import type { JobEvent } from '../../../domain/src/job/events';
import type { JobState } from '../../../domain/src/job/state';
import type { ClaimantView } from '../../../domain/src/job/commands';
import type { Assignee } from '../../../domain/src/shared/assignee';
import { notFound } from '../../../domain/src/shared/errors';
import type { CommandContext } from '../../../domain/src/shared/event';
import { streams } from '../../../domain/src/shared/streams';
import { accessViewOf, requireRole } from '../auth/policy';
import type { Principal } from '../auth/principal';
import type { CommandOutcome } from '../commands/command-executor';
import { CommandRunner } from '../commands/command-runner';
import type { AdminAction } from './commands';

/** One admin override on one job: the job decider rules it (terminal jobs, active jobs…), this only adds who may. */
@Injectable()
export class AdminJobs {
  constructor(private readonly runner: CommandRunner) {}

  async act(principal: Principal, ctx: CommandContext, jobId: string, input: AdminAction): Promise<CommandOutcome<JobState, JobEvent>> {
    requireRole(principal);
    const command = await this.commandFor(input);
    return this.runner.run(streams.job(jobId), jobDecider, () => command, ctx);
  }

  private async commandFor(input: AdminAction): Promise<JobCommand> {
    switch (input.action) {
      case 'resubmit':
        return { type: 'ResubmitJob', reason: input.reason };
      case 'complete':
        return { type: 'ForceCompleteJob', reason: input.reason };
      case 'reassign':
        return { type: 'ReassignJob', to: input.to, toView: await this.viewOf(input.to), reason: input.reason };
    }
  }

  /** Operators must exist (and be active: the decider checks); agents are not registered. */
  private async viewOf(to: Assignee): Promise<ClaimantView | null> {
    if (to.kind !== 'operator') return null;
    const view = await accessViewOf(this.runner.store, to);
    if (!view.exists) throw notFound('OPERATOR_NOT_FOUND', `operator ${to.slug} is not registered`);
    return view;
  }
}
