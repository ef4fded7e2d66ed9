import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandResult } from '../commands/command-result';
import { CreateProjectJobCommand } from './commands';
import { JobCreation } from './job-creation.service';

@CommandHandler(CreateProjectJobCommand)
export class CreateProjectJobHandler implements ICommandHandler<CreateProjectJobCommand, CommandResult> {
  constructor(private readonly creation: JobCreation) {}
  async execute({ principal, ctx, projectSlug, input }: CreateProjectJobCommand): Promise<CommandResult> {
    const { parentId, ...job } = input;
    const created = parentId
      ? await this.creation.createChild(principal, ctx, projectSlug, parentId, job)
      : await this.creation.createRoot(principal, ctx, projectSlug, job);
    return { body: { jobId: created.jobId, parentId: created.parentId }, position: created.position, eventTypes: ['JobCreated'] };
  }
}
