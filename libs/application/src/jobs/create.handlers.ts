import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '../../../eventstore/src/port';
import { READ_STORE, type ReadStore } from '../../../readstore/src/port';
import type { CommandResult } from '../commands/command-result';
import { CreateProjectJobCommand } from './commands';
import { requireNoOtherCreation } from './earlier-creation';
import { JobCreation, requireMayCreate } from './job-creation.service';

@CommandHandler(CreateProjectJobCommand)
export class CreateProjectJobHandler implements ICommandHandler<CreateProjectJobCommand, CommandResult> {
  constructor(
    private readonly creation: JobCreation, @Inject(EVENT_STORE) private readonly store: EventStore, @Inject(READ_STORE) private readonly read: ReadStore,
  ) {}

  async execute({ principal, ctx, projectSlug, input }: CreateProjectJobCommand): Promise<CommandResult> {
    const { parentId, ...job } = input;
    // What the token allows comes first, as for any keyed repeat: another role or project
    // sharing the `sub` must not learn that a command was made under the key.
    requireMayCreate(principal, projectSlug, Boolean(parentId));
    await requireNoOtherCreation(this.store, this.read, projectSlug, ctx);
    const created = parentId
      ? await this.creation.createChild(principal, ctx, projectSlug, parentId, job)
      : await this.creation.createRoot(principal, ctx, projectSlug, job);
    return { body: { jobId: created.jobId, parentId: created.parentId }, position: created.position, eventTypes: ['JobCreated'] };
  }
}
