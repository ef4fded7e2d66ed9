import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { PHASES } from '../../../domain/src/job/events';
import { invalid, notFound } from '../../../domain/src/shared/errors';
import { streams } from '../../../domain/src/shared/streams';
import { coordinationKey, threadIdFor } from '../../../domain/src/thread/keys';
import { EVENT_STORE, type EventStore } from '../../../eventstore/src/port';
import { MAX_LIMIT } from '../../../readstore/src/page-limit';
import { READ_STORE, type Filter, type ReadStore } from '../../../readstore/src/port';
import { JOBS, type JobDoc } from '../../../../projections/jobs';
import { median, METRICS, type MetricsDoc } from '../../../../projections/metrics';
import { RECORDS, type RecordDoc } from '../../../../projections/records';
import { THREADS, type ThreadDoc } from '../../../../projections/threads';
import { requireRole } from '../auth/policy';
import { CLOCK, type Clock } from '../commands/command-context';
import { CONFIG, type JobledgerConfig } from '../config/config';
import { presentJob } from '../jobs/job-views';
import { present } from '../queries/present';
import { requireProjectExists } from '../queries/project-exists';
import { GetAdminJobQuery, GetMetricsQuery, ListAdminJobsQuery, type AdminJobsFilter } from './commands';
import { isStuck } from './stuck';

const jobFilter = (f: AdminJobsFilter, stuckBefore: string): Filter => ({
  ...(f.project && { projectSlug: f.project }),
  ...(f.phase && { phase: f.phase }),
  ...(f.effectivePhase && { effectivePhase: f.effectivePhase }),
  ...(f.assignee && { assigneeKey: f.assignee }),
  ...(f.priority !== undefined && { priority: f.priority }),
  ...(f.parentId && { parentId: f.parentId }),
  ...(f.q && { searchText: { $text: f.q } }), // title and description, as the project lists
  // The shortest lease narrows the search; each job is then held to its own claimant's lease.
  ...(f.stuck && { phase: 'active', lastActivityAt: { $lt: stuckBefore } }),
});

/** Every job, any project, newest change first; `stuck=true|false` keeps only (non-)stuck ones (a page may then hold fewer than `limit`). */
@QueryHandler(ListAdminJobsQuery)
export class ListAdminJobsHandler implements IQueryHandler<ListAdminJobsQuery> {
  constructor(
    @Inject(READ_STORE) private readonly read: ReadStore,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: JobledgerConfig,
  ) {}
  async execute({ principal, filter, page }: ListAdminJobsQuery) {
    requireRole(principal, 'auditor'); // auditors read everything (SPEC §5)
    const answer = await this.list(filter, page);
    // A project that is not there is told apart from one with no such jobs, as the project's own list does.
    if (filter.project && !answer.items.length && !page.cursor) await requireProjectExists(this.store, filter.project);
    return answer;
  }

  private async list(filter: AdminJobsFilter, page: ListAdminJobsQuery['page']) {
    // Only active jobs can be stuck: asking for stuck jobs of another phase finds none.
    if (filter.stuck === true && filter.phase !== undefined && filter.phase !== 'active') return { items: [], nextCursor: null };
    const now = this.clock.now();
    const shortest = Math.min(this.config.leaseSeconds.agent, this.config.leaseSeconds.operator);
    const stuckBefore = new Date(now.getTime() - shortest * 1000).toISOString();
    const { items, nextCursor } = await this.read.collection<JobDoc>(JOBS).find(jobFilter(filter, stuckBefore), { sort: [['updatedAt', -1]], ...page });
    const shown = items.map((j) => ({ ...presentJob(j), stuck: isStuck(j, now, this.config.leaseSeconds) }));
    return { items: filter.stuck === undefined ? shown : shown.filter((j) => j.stuck === filter.stuck), nextCursor };
  }
}

/** One job as an admin needs it: the job document (attempts, relations), its record, its threads, its log size. */
@QueryHandler(GetAdminJobQuery)
export class GetAdminJobHandler implements IQueryHandler<GetAdminJobQuery> {
  constructor(
    @Inject(READ_STORE) private readonly read: ReadStore,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: JobledgerConfig,
  ) {}
  async execute({ principal, jobId }: GetAdminJobQuery) {
    requireRole(principal, 'auditor'); // auditors read everything (SPEC §5)
    const job = await this.read.collection<JobDoc>(JOBS).get(jobId);
    if (!job) throw notFound('JOB_NOT_FOUND', `job ${jobId} not found`);
    const threads = this.read.collection<ThreadDoc>(THREADS);
    const [record, thread, parentThread, logRevision] = await Promise.all([
      job.recordId ? this.read.collection<RecordDoc>(RECORDS).get(job.recordId) : null,
      threads.get(threadIdFor(coordinationKey(jobId))),
      job.parentId ? threads.get(threadIdFor(coordinationKey(job.parentId))) : null,
      this.store.streamRevision(streams.joblog(jobId)),
    ]);
    return {
      job: { ...presentJob(job), stuck: isStuck(job, this.clock.now(), this.config.leaseSeconds) },
      record: record && present(record),
      thread: thread && present(thread),
      parentThread: parentThread && present(parentThread),
      logLines: logRevision + 1,
    };
  }
}

const EFFECTIVE_PHASES = [...PHASES, 'blocked', 'waiting'] as const;

/**
 * SPEC §4 metrics for one scope: counts by phase and effectivePhase, counted from the `jobs`
 * read model now (indexed, always exact); the rest accumulated by the `metrics` read model.
 */
@QueryHandler(GetMetricsQuery)
export class GetMetricsHandler implements IQueryHandler<GetMetricsQuery> {
  constructor(@Inject(READ_STORE) private readonly read: ReadStore, @Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ principal, project, page }: GetMetricsQuery) {
    requireRole(principal, 'auditor'); // auditors read everything (SPEC §5)
    if (project) {
      // One project's figures are one answer, not a page: paging it would be ignored, so it is refused.
      const paging = Object.entries({ cursor: page.cursor, limit: page.limit }).filter(([, v]) => v !== undefined).map(([k]) => k);
      if (paging.length) throw invalid('VALIDATION_FAILED', `${paging.join(' and ')} page the list of projects: not with project`, { fields: Object.fromEntries(paging.map((k) => [k, [`${k} is not taken with project`]])) });
      const scope = await this.scope(`project:${project}`, project);
      if (!scope.jobs.total) await requireProjectExists(this.store, project); // empty: a quiet project, or none at all (see requireProjectExists)
      return scope;
    }
    // A page of projects (each costs its own counts), with the cursor of the next: a dashboard
    // of many projects walks them all, and a cut list never passes for the whole.
    const { items, nextCursor } = await this.read.collection<MetricsDoc>(METRICS).find(
      { projectSlug: { $ne: null } }, { sort: [['_id', 1]], limit: page.limit ?? MAX_LIMIT, cursor: page.cursor },
    );
    return { ...(await this.scope('global', null)), projects: await Promise.all(items.map((m) => this.scope(m._id, m.projectSlug))), nextCursor };
  }

  private async scope(id: string, projectSlug: string | null) {
    const jobs = this.read.collection<JobDoc>(JOBS);
    const base: Filter = projectSlug ? { projectSlug } : {};
    const countBy = async (field: 'phase' | 'effectivePhase', values: readonly string[]) =>
      Object.fromEntries(await Promise.all(values.map(async (v) => [v, await jobs.count({ ...base, [field]: v })] as const)));
    const [total, byPhase, byEffectivePhase, m] = await Promise.all([
      jobs.count(base), countBy('phase', PHASES), countBy('effectivePhase', EFFECTIVE_PHASES), this.read.collection<MetricsDoc>(METRICS).get(id),
    ]);
    const records = m?.records ?? 0;
    return {
      scope: projectSlug ? 'project' : 'global',
      projectSlug,
      jobs: { total, byPhase, byEffectivePhase },
      completedPerDay: Object.entries(m?.completedPerDay ?? {}).sort(([a], [b]) => a.localeCompare(b)).map(([date, count]) => ({ date, count })),
      medianClaimToCompleteSeconds: median(m?.claimToCompleteSeconds ?? []),
      evidenceCompliance: { records, compliant: m?.compliantRecords ?? 0, rate: records ? (m?.compliantRecords ?? 0) / records : null },
      forcedCompletions: m?.forcedRecords ?? 0,
      signals: m?.signals ?? 0,
    };
  }
}
