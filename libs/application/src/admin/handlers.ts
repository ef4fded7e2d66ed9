import { Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { JobEvent } from '../../../domain/src/job/events';
import type { JobState } from '../../../domain/src/job/state';
import { DomainError } from '../../../domain/src/shared/errors';
import { deriveId } from '../../../domain/src/shared/ids';
import type { Position } from '../../../eventstore/src/port';
import { requireRole } from '../auth/policy';
import type { CommandOutcome } from '../commands/command-executor';
import type { CommandResult } from '../commands/command-result';
import { AdminJobs } from './admin-jobs.service';
import { AdminBatchCommand, AdminJobCommand, type AdminAction } from './commands';

const answerOf = (jobId: string, input: AdminAction, o: CommandOutcome<JobState, JobEvent>) => ({
  jobId,
  action: input.action,
  ...(o.state.status === 'created' && { phase: o.state.phase, resolution: o.state.resolution, assignee: o.state.assignee }),
});

@CommandHandler(AdminJobCommand)
export class AdminJobHandler implements ICommandHandler<AdminJobCommand, CommandResult> {
  constructor(private readonly jobs: AdminJobs) {}
  async execute({ principal, ctx, jobId, input }: AdminJobCommand): Promise<CommandResult> {
    const o = await this.jobs.act(principal, ctx, jobId, input);
    return { body: answerOf(jobId, input, o), position: o.position, eventTypes: o.events.map((e) => e.type) };
  }
}

type BatchResult =
  | ({ readonly ok: true } & ReturnType<typeof answerOf>)
  | { readonly ok: false; readonly jobId: string; readonly error: { code: string; message: string; details: Record<string, unknown> } };

const logger = new Logger('admin-batch');

const failureOf = (jobId: string, e: unknown): BatchResult => {
  if (e instanceof DomainError) return { ok: false, jobId, error: { code: e.code, message: e.message, details: e.details } };
  // Not the caller's fault: reported for this job like any other failure, and logged for operators.
  logger.error(`job ${jobId}: ${e instanceof Error ? e.stack : String(e)}`);
  return { ok: false, jobId, error: { code: 'INTERNAL_ERROR', message: 'internal error', details: {} } };
};

/**
 * The same override on many jobs, one job at a time, each its own command: a job that fails
 * is reported with its error and the others go on — never all-or-nothing, never silent.
 * Each job's command id derives from the batch's, so a repeated batch repeats nothing that
 * succeeded; a job refused the first time is tried again, as any refused command is.
 */
@CommandHandler(AdminBatchCommand)
export class AdminBatchHandler implements ICommandHandler<AdminBatchCommand, CommandResult> {
  constructor(private readonly jobs: AdminJobs) {}
  async execute({ principal, ctx, jobIds, input }: AdminBatchCommand): Promise<CommandResult> {
    requireRole(principal);
    const results: BatchResult[] = [];
    const types = new Set<string>();
    let position: Position | null = null;
    for (const jobId of new Set(jobIds)) {
      try {
        const o = await this.jobs.act(principal, { ...ctx, commandId: deriveId(ctx.commandId, 'batch', jobId) }, jobId, input);
        results.push({ ok: true, ...answerOf(jobId, input, o) });
        o.events.forEach((e) => types.add(e.type));
        if (o.position !== null && (position === null || o.position > position)) position = o.position;
      } catch (e) {
        results.push(failureOf(jobId, e));
      }
    }
    const succeeded = results.filter((r) => r.ok).length;
    return {
      body: { action: input.action, succeeded, failed: results.length - succeeded, results },
      position,
      eventTypes: [...types],
    };
  }
}
