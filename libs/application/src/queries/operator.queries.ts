import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { JOBS, type JobDoc } from '../../../../projections/jobs';
import {
  activeJobsOf, DESK_JOBS, DESKS, READY_TO_CLAIM_LIMIT, readyEntryOf, readyQueueQuery, type DeskDoc, type DeskJobDoc, type ReadyEntry,
} from '../../../../projections/desks';
import { forbidden, notFound } from '../../../domain/src/shared/errors';
import { EVENT_STORE, type EventStore } from '../../../eventstore/src/port';
import { READ_STORE, type ReadStore } from '../../../readstore/src/port';
import { loadOperator, requireRole } from '../auth/policy';
import type { Principal } from '../auth/principal';
import { CLOCK, type Clock } from '../commands/command-context';
import { presentJob } from '../jobs/job-views';
import { GetDeskQuery, GetOperatorJobsQuery, GetOperatorQuery } from './queries';

/** Operators read their own desk and jobs only; admins and auditors read anyone's. */
const requireSelfOrOverseer = (p: Principal, slug: string): void => {
  if (p.role === 'admin' || p.role === 'auditor') return;
  if (p.role === 'operator' && p.operator === slug) return;
  throw forbidden('FORBIDDEN', "another operator's desk and jobs are not yours to see");
};

@QueryHandler(GetDeskQuery)
export class GetDeskHandler implements IQueryHandler<GetDeskQuery> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_STORE) private readonly read: ReadStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}
  async execute({ principal, slug }: GetDeskQuery) {
    requireSelfOrOverseer(principal, slug);
    // Access is read from the operator's stream, not the projection: blocking must be immediate.
    const op = await loadOperator(this.store, slug);
    if (op.status === 'absent') throw notFound('OPERATOR_NOT_FOUND', `operator ${slug} not found`);
    if (op.access !== 'active') throw forbidden('DESK_BLOCKED', `the desk of ${slug} is blocked: access is ${op.access}`, { accessState: op.access });
    const now = this.clock.now().toISOString();
    const [desk, readyToClaim] = await Promise.all([this.read.collection<DeskDoc>(DESKS).get(slug), this.readyToClaim(slug, now)]);
    const active = desk ? activeJobsOf(desk) : [];
    return {
      operator: slug,
      name: desk?.name ?? op.name,
      accessState: op.access,
      readyToClaim,
      activeJob: active[0] ?? null,
      activeJobs: active,
      recentCompletions: (desk?.recentCompletions ?? []).map(({ sealsAs: _s, ...shown }) => shown),
      trustSignals: desk?.trustSignals ?? { count: 0, state: 'none' },
      ...(desk && { createdAt: desk.createdAt, updatedAt: desk.updatedAt }),
    };
  }

  /**
   * The desk document holds the per-operator part; the ready queue is a query over one small
   * document per job, read through its index (at most READY_TO_CLAIM_LIMIT, the queue's head).
   * Deferred jobs are not claimable yet: time is a query-time filter, not a projection input.
   * Blocked jobs are not claimable either (a claim answers 409 JOB_BLOCKED), but `desk_jobs`
   * does not see dependencies: the `jobs` read model, which keeps `blocked` as blockers come
   * and go, is asked about the page read, and the next page is read while blocked jobs leave
   * the head short. One source for `blocked`, so the Desk and the project's ready queue agree.
   */
  private async readyToClaim(slug: string, now: string): Promise<ReadyEntry[]> {
    const { filter, options } = readyQueueQuery(slug, now);
    const entries: ReadyEntry[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.read.collection<DeskJobDoc>(DESK_JOBS).find(filter, { ...options, cursor });
      const blocked = await this.blockedAmong(page.items.map((j) => j.jobId));
      entries.push(...page.items.filter((j) => !blocked.has(j.jobId)).map(readyEntryOf));
      cursor = page.nextCursor ?? undefined;
    } while (cursor && entries.length < READY_TO_CLAIM_LIMIT);
    return entries.slice(0, READY_TO_CLAIM_LIMIT);
  }

  private async blockedAmong(jobIds: readonly string[]): Promise<Set<string>> {
    if (!jobIds.length) return new Set();
    const { items } = await this.read.collection<JobDoc>(JOBS).find({ _id: { $in: jobIds }, blocked: true }, { limit: jobIds.length });
    return new Set(items.map((j) => j.jobId));
  }
}

@QueryHandler(GetOperatorJobsQuery)
export class GetOperatorJobsHandler implements IQueryHandler<GetOperatorJobsQuery> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_STORE) private readonly read: ReadStore,
  ) {}
  async execute({ principal, slug, jobId, page }: GetOperatorJobsQuery) {
    requireSelfOrOverseer(principal, slug);
    // As the desk answers: an operator that was never registered has no jobs surface, not an empty one.
    if ((await loadOperator(this.store, slug)).status === 'absent') throw notFound('OPERATOR_NOT_FOUND', `operator ${slug} not found`);
    const jobs = this.read.collection<JobDoc>(JOBS);
    if (jobId) {
      const job = await jobs.get(jobId);
      if (!job || job.assigneeKey !== `operator:${slug}`) throw notFound('JOB_NOT_FOUND', `job ${jobId} not found`);
      return presentJob(job);
    }
    const { items, nextCursor } = await jobs.find({ assigneeKey: `operator:${slug}` }, { sort: [['updatedAt', -1]], ...page });
    return { items: items.map(presentJob), nextCursor };
  }
}

@QueryHandler(GetOperatorQuery)
export class GetOperatorHandler implements IQueryHandler<GetOperatorQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}
  async execute({ principal, slug }: GetOperatorQuery) {
    if (!(principal.role === 'operator' && principal.operator === slug)) requireRole(principal, 'auditor');
    const op = await loadOperator(this.store, slug);
    if (op.status === 'absent') throw notFound('OPERATOR_NOT_FOUND', `operator ${slug} not found`);
    return { slug: op.slug, name: op.name, canGovern: op.canGovern, accessState: op.access };
  }
}
