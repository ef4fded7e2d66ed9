import { JOBS, type JobDoc } from '../../../../projections/jobs';
import { assigneeKey, type Assignee } from '../../../domain/src/shared/assignee';
import type { Filter, FindResult, ReadStore, SortSpec } from '../../../readstore/src/port';
import type { Page } from './queries';

/**
 * Priority ascending (0 first), then first created first — by time, then by log position where
 * times tie (`.2` before `.10` among one template's children) — then id: a total, stable order.
 */
export const READY_ORDER: SortSpec = [['priority', 1], ['createdAt', 1], ['createdPosition', 1], ['_id', 1]];

/**
 * The ready queue of a project at `now`: jobs in phase `ready`, not blocked, with attempts
 * left (`claimable`, kept by the jobs projection) and not deferred past `now`. Served by the
 * `project_claimable_priority_created` index; `scope` narrows it (an operator's own jobs).
 */
export const readyQueue = (read: ReadStore, projectSlug: string, now: string, page: Page = {}, scope: Filter = {}): Promise<FindResult<JobDoc>> =>
  read.collection<JobDoc>(JOBS).find(
    { projectSlug, claimable: true, claimableFrom: { $lte: now }, ...scope },
    { sort: READY_ORDER, limit: page.limit, cursor: page.cursor },
  );

/** Operators only ever see their own jobs on the queue; agents and everyone else the whole queue. */
export const readyScopeOf = (executor: Assignee | null): Filter =>
  executor?.kind === 'operator' ? { assigneeKey: `operator:${executor.slug}` } : {};

/**
 * The part of the queue a claimant may take: its own jobs and (an agent) the unassigned ones
 * that require no evidence, which only operators capture (SPEC §5). Applied in the query, so
 * claim-next never pages past jobs it may not take, however many stand at the head of the
 * queue. `$ne`: a document projected before `evidenceRequired` was kept has none, and is let
 * through to claim-next's own check.
 */
export const claimScopeOf = (claimant: Assignee): Filter =>
  claimant.kind === 'operator' ? readyScopeOf(claimant) : { assigneeKey: { $in: [null, assigneeKey(claimant)] }, evidenceRequired: { $ne: true } };
