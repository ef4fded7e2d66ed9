import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { AccessView } from '../../../domain/src/operator/access-view';
import { taskDecider, type TaskState } from '../../../domain/src/task/decider';
import type { TaskEvent } from '../../../domain/src/task/events';
import type { Assignee } from '../../../domain/src/shared/assignee';
import { streams } from '../../../domain/src/shared/streams';
import type { EventStore } from '../../../eventstore/src/port';
import { accessViewOf, requireGovernor, requireGovernorToken } from '../auth/policy';
import { effectsOf, type CommandResult } from '../commands/command-result';
import { CommandRunner } from '../commands/command-runner';
import { createJobFor } from '../followups/create-job';
import { jobIdForCommand } from '../jobs/job-ids';
import { ApproveTaskCommand, AssignTaskCommand, CreateJobFromTaskCommand, DeclineTaskCommand } from './commands';

const operatorView = async (store: EventStore, assignee: Assignee | null): Promise<AccessView | null> =>
  assignee?.kind === 'operator' ? accessViewOf(store, assignee) : null;

@CommandHandler(ApproveTaskCommand)
export class ApproveTaskHandler implements ICommandHandler<ApproveTaskCommand, CommandResult> {
  constructor(private readonly runner: CommandRunner) {}
  async execute({ principal, ctx, taskId, comment }: ApproveTaskCommand): Promise<CommandResult> {
    requireGovernorToken(principal);
    const o = await this.runner.run(streams.task(taskId), taskDecider, async () => {
      await requireGovernor(this.runner.store, principal);
      return { type: 'ApproveTask' as const, comment };
    }, ctx);
    return { body: { taskId, approved: true }, ...effectsOf(o) };
  }
}

@CommandHandler(DeclineTaskCommand)
export class DeclineTaskHandler implements ICommandHandler<DeclineTaskCommand, CommandResult> {
  constructor(private readonly runner: CommandRunner) {}
  async execute({ principal, ctx, taskId, reason }: DeclineTaskCommand): Promise<CommandResult> {
    requireGovernorToken(principal);
    const o = await this.runner.run(streams.task(taskId), taskDecider, async () => {
      await requireGovernor(this.runner.store, principal);
      return { type: 'DeclineTask' as const, reason };
    }, ctx);
    return { body: { taskId, state: 'declined' }, ...effectsOf(o) };
  }
}

@CommandHandler(AssignTaskCommand)
export class AssignTaskHandler implements ICommandHandler<AssignTaskCommand, CommandResult> {
  constructor(private readonly runner: CommandRunner) {}
  async execute({ principal, ctx, taskId, assignee }: AssignTaskCommand): Promise<CommandResult> {
    requireGovernorToken(principal);
    const o = await this.runner.run(streams.task(taskId), taskDecider, async () => {
      await requireGovernor(this.runner.store, principal);
      return { type: 'AssignTask' as const, assignee, operator: await operatorView(this.runner.store, assignee) };
    }, ctx);
    return { body: { taskId, assignee }, ...effectsOf(o) };
  }
}

@CommandHandler(CreateJobFromTaskCommand)
export class CreateJobFromTaskHandler implements ICommandHandler<CreateJobFromTaskCommand, CommandResult> {
  constructor(private readonly runner: CommandRunner) {}
  async execute({ principal, ctx, taskId }: CreateJobFromTaskCommand): Promise<CommandResult> {
    requireGovernorToken(principal);
    const store = this.runner.store;
    const stream = streams.task(taskId);
    const o = await this.runner.run<TaskState, Parameters<typeof taskDecider.decide>[0], TaskEvent>(stream, taskDecider, async (state) => {
      await requireGovernor(store, principal);
      return {
        type: 'ConvertTask' as const,
        jobId: state.status === 'absent' ? '' : await jobIdForCommand(store, state.task.projectSlug, ctx.commandId),
        operator: await operatorView(store, state.status === 'absent' ? null : state.assignee),
      };
    }, ctx);
    const converted = o.events.find((e) => e.type === 'TaskConverted');
    const jobId = converted?.type === 'TaskConverted' ? converted.data.jobId : null;
    // Create the job now for low latency; the job-creator reactor guarantees it regardless.
    const trigger = (await store.readStream(stream)).find((e) => e.type === 'TaskConverted');
    const position = trigger ? await createJobFor(store, trigger, this.runner.config.commandRetries) : null;
    return { body: { taskId, jobId }, ...effectsOf(o, 'JobCreated'), position: position ?? o.position };
  }
}
