import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { JOBS, TEMPLATES, type JobDoc, type TemplateDoc } from '../../../../projections';
import { forbidden } from '../../../domain/src/shared/errors';
import { MAX_JOB_DEPTH } from '../../../domain/src/shared/ids';
import { EVENT_STORE, type EventStore } from '../../../eventstore/src/port';
import { READ_STORE, type ReadStore } from '../../../readstore/src/port';
import { isStuck } from '../admin/stuck';
import { isJobVisible, requireJobVisible, requireRole } from '../auth/policy';
import type { Principal } from '../auth/principal';
import { CLOCK, type Clock } from '../commands/command-context';
import { CONFIG, type JobledgerConfig } from '../config/config';
import { requireProjectExists } from '../queries/project-exists';
import { present } from '../queries/present';
import { blockersOf, lookingUpOnce, presentJob, relationsOf, summaryOf, type Lookup } from './job-views';
import { jobListFilter } from './list-filter';
import { GetJobContextQuery, GetJobDependenciesQuery, GetJobTreeQuery, ListJobsQuery, ListTemplatesQuery } from './queries';

/** A project's lists: admins, auditors, and agents / reviewers whose token names the project. */
const requireProjectReader = (p: Principal, projectSlug: string | null): void => {
  if (p.role === 'admin' || p.role === 'auditor') return;
  if (projectSlug && (p.role === 'agent' || p.role === 'reviewer') && (p.projects ?? []).includes(projectSlug)) return;
  throw forbidden('FORBIDDEN', projectSlug ? `the jobs of ${projectSlug} are not yours to list` : 'listing every project needs admin or auditor');
};

/** The reading side of one job: who may see it sees its tree, context and dependencies. */
abstract class JobReader {
  constructor(protected readonly read: ReadStore) {}
  protected readonly lookup: Lookup = (jobId) => this.read.collection<JobDoc>(JOBS).get(jobId);
  protected async visibleJob(p: Principal, jobId: string): Promise<JobDoc> {
    requireRole(p, 'operator', 'agent', 'reviewer', 'auditor');
    const doc = await this.lookup(jobId);
    requireJobVisible(p, doc, jobId);
    return doc as JobDoc;
  }
}

@QueryHandler(ListJobsQuery)
export class ListJobsHandler implements IQueryHandler<ListJobsQuery> {
  constructor(
    @Inject(READ_STORE) private readonly read: ReadStore, @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock, @Inject(CONFIG) private readonly config: JobledgerConfig,
  ) {}
  async execute({ principal, projectSlug, filter, page }: ListJobsQuery) {
    requireProjectReader(principal, projectSlug);
    const answer = await this.list(projectSlug, filter, page);
    if (projectSlug && !answer.items.length) await requireProjectExists(this.store, projectSlug); // empty: a quiet project, or none at all (see requireProjectExists)
    return answer;
  }

  private async list(projectSlug: string | null, filter: ListJobsQuery['filter'], page: ListJobsQuery['page']) {
    const now = this.clock.now();
    const lease = this.config.leaseSeconds;
    const query = jobListFilter(projectSlug, filter, now, Math.min(lease.agent, lease.operator));
    if (!query) return { items: [], nextCursor: null };
    const { items, nextCursor } = await this.read.collection<JobDoc>(JOBS).find(query, { sort: [['priority', 1], ['createdAt', 1]], ...page });
    // Stuck: quiet for longer than the lease of whoever holds it (operators' leases are longer).
    return { items: (filter.stuck ? items.filter((doc) => isStuck(doc, now, lease)) : items).map(presentJob), nextCursor };
  }
}

type TreeNode = ReturnType<typeof summaryOf> & { depth?: number; parentId?: string | null; children: TreeNode[] };

@QueryHandler(GetJobTreeQuery)
export class GetJobTreeHandler extends JobReader implements IQueryHandler<GetJobTreeQuery> {
  constructor(@Inject(READ_STORE) read: ReadStore) { super(read); }
  async execute({ principal, jobId }: GetJobTreeQuery) {
    const root = await this.visibleJob(principal, jobId);
    // Below a child the caller may not see, nothing is walked: its children's ids and number are its state too.
    const node = async (doc: JobDoc, level: number): Promise<TreeNode> => isJobVisible(principal, doc, doc.jobId) ? {
      ...summaryOf(principal, doc.jobId, doc), depth: doc.depth, parentId: doc.parentId,
      children: level >= MAX_JOB_DEPTH ? [] : await Promise.all(doc.children.map(async (id) => {
        const child = await this.lookup(id);
        return child ? node(child, level + 1) : { jobId: id, children: [] };
      })),
    } : { jobId: doc.jobId, depth: doc.depth, parentId: doc.parentId, children: [] };
    return node(root, root.depth);
  }
}

@QueryHandler(GetJobContextQuery)
export class GetJobContextHandler extends JobReader implements IQueryHandler<GetJobContextQuery> {
  constructor(@Inject(READ_STORE) read: ReadStore) { super(read); }
  async execute({ principal, jobId }: GetJobContextQuery) {
    const job = await this.visibleJob(principal, jobId);
    const lookup = lookingUpOnce(this.lookup);
    const [parent, children, dependencies, dependents, blocking] = await Promise.all([
      job.parentId ? lookup(job.parentId).then((d) => summaryOf(principal, job.parentId as string, d)) : null,
      Promise.all(job.children.map(async (id) => summaryOf(principal, id, await lookup(id)))),
      relationsOf(principal, job.relations.dependencies, lookup),
      relationsOf(principal, job.relations.dependents, lookup),
      blockersOf(principal, job.relations.dependencies, lookup),
    ]);
    return {
      job: presentJob(job),
      parent,
      children,
      // `blocking`: what holds a claim now — unresolved blocked_by (docs/decisions.md).
      relations: { dependencies, dependents, blocking },
      latestAttempt: job.attempts[job.attempts.length - 1] ?? null,
      latestRejectionReason: job.latestRejectionReason,
      blocked: job.blocked,
      waiting: job.waiting,
      effectivePhase: job.effectivePhase,
    };
  }
}

@QueryHandler(GetJobDependenciesQuery)
export class GetJobDependenciesHandler extends JobReader implements IQueryHandler<GetJobDependenciesQuery> {
  constructor(@Inject(READ_STORE) read: ReadStore) { super(read); }
  async execute({ principal, jobId }: GetJobDependenciesQuery) {
    const job = await this.visibleJob(principal, jobId);
    return {
      jobId,
      blocked: job.blocked,
      dependencies: await relationsOf(principal, job.relations.dependencies, this.lookup),
      dependents: await relationsOf(principal, job.relations.dependents, this.lookup),
    };
  }
}

@QueryHandler(ListTemplatesQuery)
export class ListTemplatesHandler implements IQueryHandler<ListTemplatesQuery> {
  constructor(@Inject(READ_STORE) private readonly read: ReadStore) {}
  async execute({ principal, page }: ListTemplatesQuery) {
    requireRole(principal, 'agent', 'auditor');
    const { items, nextCursor } = await this.read.collection<TemplateDoc>(TEMPLATES).find({}, { sort: [['name', 1]], ...page });
    return { items: items.map(present), nextCursor };
  }
}
