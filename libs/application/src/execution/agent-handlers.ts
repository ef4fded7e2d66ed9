import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { extractJsonResult, interpretResult, type AgentResult } from '../../../domain/src/job/json-result';
import type { JobState } from '../../../domain/src/job/state';
import { recordIdForServiceEvent } from '../../../domain/src/record/seal';
import { DomainError, invalid } from '../../../domain/src/shared/errors';
import { READ_STORE, type ReadStore } from '../../../readstore/src/port';
import { executorOf, requireMayClaim, requireProject, requireRole } from '../auth/policy';
import { SETTLER, type Settler } from '../commands/command-gateway';
import { effectsOf, type CommandResult } from '../commands/command-result';
import { CONFIG, type JobledgerConfig } from '../config/config';
import { requireProjectExists } from '../queries/project-exists';
import { ClaimNextJobCommand, RecordResultCommand, SubmitJobCommand } from './agent-commands';
import { claimNext, type ClaimNextBody } from './claim-next';
import { ClaimReservations } from './claim-reservations';
import { findEvent } from './find-event';
import { JobCommands } from './job-commands.service';

/** `null` body: nothing in the queue the caller may claim (the route answers 204). */
@CommandHandler(ClaimNextJobCommand)
export class ClaimNextJobHandler implements ICommandHandler<ClaimNextJobCommand, CommandResult<ClaimNextBody | { claimed: false }>> {
  constructor(
    private readonly jobs: JobCommands, private readonly reservations: ClaimReservations, @Inject(READ_STORE) private readonly read: ReadStore,
    @Inject(SETTLER) private readonly settler: Settler, @Inject(CONFIG) private readonly config: JobledgerConfig,
  ) {}
  async execute(command: ClaimNextJobCommand): Promise<CommandResult<ClaimNextBody | { claimed: false }>> {
    requireRole(command.principal, 'operator', 'agent');
    requireProject(command.principal, command.projectSlug);
    const executor = executorOf(command.principal);
    const claimed = await claimNext(this.jobs, this.read, this.reservations, executor, command, () => this.claimsCaughtUp());
    if (claimed) return claimed; // a claim of a job checked the caller's access (a repeat answers as then)
    // Nothing claimed: "nothing to claim" must not be told to an operator who may claim nothing at all.
    await requireMayClaim(this.jobs.runner.store, executor);
    await requireProjectExists(this.jobs.runner.store, command.projectSlug); // an empty queue, or no project at all (see requireProjectExists)
    return { body: { claimed: false }, position: null };
  }

  /** Every claim in the log up to now is in the read models, or 503: a repeat must not be decided on a model that may lack its claim. */
  private async claimsCaughtUp(): Promise<void> {
    const head = await this.jobs.runner.store.headPosition();
    if (await this.settler.settle(head, this.config.settleTimeoutMs, ['JobClaimed'])) return;
    throw new DomainError('READ_MODELS_BEHIND', 'the read models do not hold every claim yet (after a restart they catch up within seconds): send the same request again with its Idempotency-Key', 'unavailable', { retry: true });
  }
}

const parseResult = (input: RecordResultCommand['input']): AgentResult => {
  if ((input.output === undefined) === (input.resultJson === undefined)) {
    // `fields` as VALIDATION_FAILED gives it (field → messages), which a client reads the same way.
    const message = 'send exactly one of output (raw harness output) or resultJson';
    throw invalid('RESULT_BODY_INVALID', message, { fields: { output: [message], resultJson: [message] } });
  }
  return input.output !== undefined ? extractJsonResult(input.output) : interpretResult(input.resultJson);
};

const ATTEMPT_STATUS = { success: 'completed', waiting: 'waiting', failed: 'failed' } as const;

const phaseOf = (state: JobState) => (state.status === 'created' ? { phase: state.phase, resolution: state.resolution } : {});

/** A worker's result, applied by its control status (see decide-result.ts). */
@CommandHandler(RecordResultCommand)
export class RecordResultHandler implements ICommandHandler<RecordResultCommand, CommandResult> {
  constructor(private readonly jobs: JobCommands) {}
  async execute({ principal, ctx, jobId, input }: RecordResultCommand): Promise<CommandResult> {
    requireRole(principal, 'agent'); // an operator's ServiceEvent ends with complete or fail
    const { serviceEventId } = input;
    const o = await this.jobs.run(principal, ctx, jobId, 'claimant', async (job) => {
      // Parsed after the caller's rights are checked, and before anything is appended.
      const outcome = parseResult(input);
      const unresolvedBlockers = outcome.status === 'waiting' ? await this.jobs.unresolvedBlockers(job) : [];
      return { type: 'RecordResult' as const, serviceEventId, outcome, unresolvedBlockers, now: ctx.now };
    }, serviceEventId);
    const completed = findEvent(o.events, 'ServiceEventCompleted');
    const waiting = findEvent(o.events, 'ServiceEventWaiting');
    const failed = findEvent(o.events, 'ServiceEventFailed');
    const status = completed ? ATTEMPT_STATUS.success : waiting ? ATTEMPT_STATUS.waiting : failed ? ATTEMPT_STATUS.failed : null;
    const { phase, resolution } = phaseOf(o.state);
    return {
      body: {
        jobId, serviceEventId, status, phase, resolution,
        ...(waiting && { deferUntil: waiting.data.deferUntil ?? null }),
        ...(failed && { reason: failed.data.reason }),
        recordId: completed && phase === 'done' ? recordIdForServiceEvent(serviceEventId) : null,
      },
      ...effectsOf(o),
    };
  }
}

@CommandHandler(SubmitJobCommand)
export class SubmitJobHandler implements ICommandHandler<SubmitJobCommand, CommandResult> {
  constructor(private readonly jobs: JobCommands) {}
  async execute({ principal, ctx, jobId, input }: SubmitJobCommand): Promise<CommandResult> {
    requireRole(principal, 'agent');
    const o = await this.jobs.run(principal, ctx, jobId, 'claimant', () => ({
      type: 'SubmitForReview' as const, serviceEventId: input.serviceEventId, summary: input.summary, now: ctx.now,
    }), input.serviceEventId);
    return { body: { jobId, serviceEventId: input.serviceEventId, status: 'completed', ...phaseOf(o.state) }, ...effectsOf(o) };
  }
}
