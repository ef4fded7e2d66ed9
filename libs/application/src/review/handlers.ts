import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { JobCommand } from '../../../domain/src/job/commands';
import type { ExistingJob } from '../../../domain/src/job/state';
import { recordIdForServiceEvent } from '../../../domain/src/record/seal';
import type { Role } from '../../../domain/src/shared/actor';
import { requireRole } from '../auth/policy';
import { effectsOf, type CommandResult } from '../commands/command-result';
import { JobCommands } from '../execution/job-commands.service';
import { ApproveJobCommand, CancelJobCommand, CloseJobCommand, RejectJobCommand } from './commands';

type OnJob = ApproveJobCommand | RejectJobCommand | CloseJobCommand | CancelJobCommand;

/**
 * Review (approve / reject: reviewers of the job's project) and closing (close / cancel:
 * admins). Where the job ends up is read from the state after the command.
 */
const decideOn = async (jobs: JobCommands, c: OnJob, roles: Role[], command: JobCommand): Promise<{ job: ExistingJob | null; result: CommandResult }> => {
  requireRole(c.principal, ...roles);
  const o = await jobs.run(c.principal, c.ctx, c.jobId, 'any', () => command);
  const job = o.state.status === 'created' ? o.state : null;
  return { job, result: { body: { jobId: c.jobId, phase: job?.phase, resolution: job?.resolution }, ...effectsOf(o) } };
};

@CommandHandler(ApproveJobCommand)
export class ApproveJobHandler implements ICommandHandler<ApproveJobCommand, CommandResult> {
  constructor(private readonly jobs: JobCommands) {}
  async execute(c: ApproveJobCommand): Promise<CommandResult> {
    const { job, result } = await decideOn(this.jobs, c, ['reviewer'], { type: 'ApproveJob', comment: c.comment });
    // Approval seals the reviewed attempt's record (by the record-sealer reactor).
    const recordId = job?.attempt?.status === 'completed' ? recordIdForServiceEvent(job.attempt.serviceEventId) : null;
    return { ...result, body: { ...result.body, recordId } };
  }
}

@CommandHandler(RejectJobCommand)
export class RejectJobHandler implements ICommandHandler<RejectJobCommand, CommandResult> {
  constructor(private readonly jobs: JobCommands) {}
  async execute(c: RejectJobCommand): Promise<CommandResult> {
    const { job, result } = await decideOn(this.jobs, c, ['reviewer'], { type: 'RejectJob', reason: c.reason });
    return { ...result, body: { ...result.body, latestRejectionReason: job?.latestRejectionReason ?? null } };
  }
}

@CommandHandler(CloseJobCommand)
export class CloseJobHandler implements ICommandHandler<CloseJobCommand, CommandResult> {
  constructor(private readonly jobs: JobCommands) {}
  async execute(c: CloseJobCommand): Promise<CommandResult> {
    return (await decideOn(this.jobs, c, [], { type: 'CloseJob', reason: c.reason })).result;
  }
}

@CommandHandler(CancelJobCommand)
export class CancelJobHandler implements ICommandHandler<CancelJobCommand, CommandResult> {
  constructor(private readonly jobs: JobCommands) {}
  async execute(c: CancelJobCommand): Promise<CommandResult> {
    return (await decideOn(this.jobs, c, [], { type: 'CancelJob', reason: c.reason })).result;
  }
}
