import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { JOBS, type AttemptEntry, type JobDoc } from '../../../../projections/jobs';
import { notFound } from '../../../domain/src/shared/errors';
import { EVENT_STORE, type EventStore } from '../../../eventstore/src/port';
import { READ_STORE, type ReadStore } from '../../../readstore/src/port';
import { executorOf, requireJobVisible, requireProject, requireRole } from '../auth/policy';
import type { Principal } from '../auth/principal';
import { CLOCK, type Clock } from '../commands/command-context';
import { GetAttemptsQuery, GetReadyQueueQuery, GetResultQuery } from './agent-queries';
import { presentJob } from '../jobs/job-views';
import { requireProjectExists } from './project-exists';
import { readyQueue, readyScopeOf } from './ready-queue';

const loadVisibleJob = async (read: ReadStore, principal: Principal, jobId: string): Promise<JobDoc> => {
  requireRole(principal, 'operator', 'agent', 'reviewer', 'auditor');
  const job = await read.collection<JobDoc>(JOBS).get(jobId);
  requireJobVisible(principal, job, jobId);
  return job as JobDoc;
};

@QueryHandler(GetReadyQueueQuery)
export class GetReadyQueueHandler implements IQueryHandler<GetReadyQueueQuery> {
  constructor(@Inject(READ_STORE) private readonly read: ReadStore, @Inject(EVENT_STORE) private readonly store: EventStore, @Inject(CLOCK) private readonly clock: Clock) {}
  async execute({ principal, projectSlug, page }: GetReadyQueueQuery) {
    requireRole(principal, 'operator', 'agent', 'reviewer', 'auditor');
    requireProject(principal, projectSlug);
    const scope = readyScopeOf(principal.role === 'operator' ? executorOf(principal) : null);
    const { items, nextCursor } = await readyQueue(this.read, projectSlug, this.clock.now().toISOString(), page, scope);
    if (!items.length) await requireProjectExists(this.store, projectSlug); // empty: a quiet project, or none at all (see requireProjectExists)
    return { items: items.map(presentJob), nextCursor };
  }
}

/** A job's attempts (ServiceEvents), oldest first, as the jobs read model holds them. */
@QueryHandler(GetAttemptsQuery)
export class GetAttemptsHandler implements IQueryHandler<GetAttemptsQuery> {
  constructor(@Inject(READ_STORE) private readonly read: ReadStore) {}
  async execute({ principal, jobId }: GetAttemptsQuery) {
    const job = await loadVisibleJob(this.read, principal, jobId);
    return { jobId, attemptsUsed: job.attemptsUsed, maxAttempts: job.maxAttempts, items: job.attempts };
  }
}

const ended = (a: AttemptEntry) => a.status !== 'queued' && a.status !== 'in_progress';

/** One attempt's result: its control outcome, summary and structured result (git included). */
@QueryHandler(GetResultQuery)
export class GetResultHandler implements IQueryHandler<GetResultQuery> {
  constructor(@Inject(READ_STORE) private readonly read: ReadStore) {}
  async execute({ principal, jobId, attempt }: GetResultQuery) {
    const job = await loadVisibleJob(this.read, principal, jobId);
    const found = attempt === undefined
      ? [...job.attempts].reverse().find(ended)
      : job.attempts.find((a) => a.attemptNumber === attempt);
    if (!found) {
      throw notFound('RESULT_NOT_FOUND', attempt === undefined ? `job ${jobId} has no ended attempt yet` : `job ${jobId} has no attempt ${attempt}`, {
        attempt: attempt ?? null,
      });
    }
    return {
      jobId, attemptNumber: found.attemptNumber, serviceEventId: found.serviceEventId, status: found.status,
      summary: found.summary, resultSummary: found.resultSummary, reason: found.reason, result: found.result, endedAt: found.endedAt,
      phase: job.phase, resolution: job.resolution, resolvedGit: job.resolvedGit,
    };
  }
}
