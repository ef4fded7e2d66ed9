import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { accessViewOf, requireRole } from '../auth/policy';
import { effectsOf, type CommandResult } from '../commands/command-result';
import { JobCommands } from '../execution/job-commands.service';
import { UpdateJobCommand } from './commands';

/** `PATCH /jobs/:id`: only what changes is recorded; an edit that changes nothing appends nothing. */
@CommandHandler(UpdateJobCommand)
export class UpdateJobHandler implements ICommandHandler<UpdateJobCommand, CommandResult> {
  constructor(private readonly jobs: JobCommands) {}
  async execute({ principal, ctx, jobId, changes }: UpdateJobCommand): Promise<CommandResult> {
    requireRole(principal);
    const assignee = changes.assignee;
    const o = await this.jobs.run(principal, ctx, jobId, 'any', async () => ({
      type: 'UpdateJob' as const, changes,
      assigneeView: assignee?.kind === 'operator' ? await accessViewOf(this.jobs.runner.store, assignee) : null,
    }));
    const updated = o.events.find((e) => e.type === 'JobUpdated');
    return { body: { jobId, changes: updated?.type === 'JobUpdated' ? updated.data.changes : {} }, ...effectsOf(o) };
  }
}
