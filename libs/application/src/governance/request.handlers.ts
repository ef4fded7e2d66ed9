import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { projectDecider } from '../../../domain/src/project/decider';
import { requestDecider } from '../../../domain/src/request/decider';
import { forbidden, notFound } from '../../../domain/src/shared/errors';
import { deriveId } from '../../../domain/src/shared/ids';
import { streams } from '../../../domain/src/shared/streams';
import { surfaceDecider } from '../../../domain/src/surface/decider';
import { loadState } from '../commands/command-executor';
import { newIdFor } from '../commands/command-context';
import { effectsOf, type CommandResult } from '../commands/command-result';
import { CommandRunner } from '../commands/command-runner';
import { requireGovernor, requireGovernorToken, requireRole } from '../auth/policy';
import { openTaskFor } from '../followups/open-task';
import { IntakeRequestCommand, SubmitRequestCommand, WithdrawRequestCommand } from './commands';

@CommandHandler(SubmitRequestCommand)
export class SubmitRequestHandler implements ICommandHandler<SubmitRequestCommand, CommandResult> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({ principal, ctx, input }: SubmitRequestCommand): Promise<CommandResult> {
    requireRole(principal, 'requester');
    const store = this.runner.store;
    const [project, surface] = await Promise.all([
      loadState(store, streams.project(input.projectSlug), projectDecider),
      loadState(store, streams.surface(input.surface), surfaceDecider),
    ]);
    if (project.state.status === 'absent') throw notFound('PROJECT_NOT_FOUND', `project ${input.projectSlug} not found`);
    if (surface.state.status === 'absent') throw notFound('SURFACE_NOT_FOUND', `surface ${input.surface} not found`);
    const requestId = newIdFor(ctx, 'requestId');
    const outcome = await this.runner.run(streams.request(requestId), requestDecider, () => ({
      type: 'SubmitRequest' as const, requestId, ...input, notes: input.notes ?? '',
    }), ctx);
    return { body: { requestId }, ...effectsOf(outcome) };
  }
}

@CommandHandler(WithdrawRequestCommand)
export class WithdrawRequestHandler implements ICommandHandler<WithdrawRequestCommand, CommandResult> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({ principal, ctx, requestId, reason }: WithdrawRequestCommand): Promise<CommandResult> {
    requireRole(principal, 'requester');
    const [first] = await this.runner.store.readStream(streams.request(requestId), { maxCount: 1 });
    // A requester may withdraw only what it submitted; others' requests do not exist for it.
    if (!first || (principal.role === 'requester' && first.metadata.actor.id !== principal.sub)) {
      throw notFound('REQUEST_NOT_FOUND', `request ${requestId} not found`);
    }
    const outcome = await this.runner.run(streams.request(requestId), requestDecider, () => ({ type: 'WithdrawRequest' as const, reason }), ctx);
    return { body: { requestId, status: 'withdrawn' }, ...effectsOf(outcome) };
  }
}

@CommandHandler(IntakeRequestCommand)
export class IntakeRequestHandler implements ICommandHandler<IntakeRequestCommand, CommandResult> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({ principal, ctx, requestId, input }: IntakeRequestCommand): Promise<CommandResult> {
    if (principal.role === 'requester') throw forbidden('FORBIDDEN', 'requesters do not intake');
    requireGovernorToken(principal);
    // One request opens at most one task: its id derives from the request's.
    const taskId = deriveId('task', requestId);
    const stream = streams.request(requestId);
    const outcome = await this.runner.run(stream, requestDecider, async () => {
      await requireGovernor(this.runner.store, principal);
      return { type: 'IntakeRequest' as const, taskId, ...input };
    }, ctx);
    // Open the task now for low latency; the task-opener reactor guarantees it regardless.
    const trigger = (await this.runner.store.readStream(stream)).find((e) => e.type === 'RequestIntaken');
    const position = trigger ? await openTaskFor(this.runner.store, trigger, this.runner.config.commandRetries) : null;
    return { body: { requestId, taskId }, ...effectsOf(outcome, 'TaskOpened'), position: position ?? outcome.position };
  }
}
