import { invalid } from '../../../domain/src/shared/errors';
import { isoInstant } from '../../../domain/src/shared/instant';
import type { Filter } from '../../../readstore/src/port';
import type { JobListFilter } from './queries';

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** `since` as an instant: a duration back from now (`30m`, `1h`) or an ISO time. */
export const sinceInstant = (since: string, now: Date): string => {
  const relative = /^(\d{1,7})([smhd])$/.exec(since);
  if (relative) return new Date(now.getTime() - Number(relative[1]) * UNIT_SECONDS[relative[2]] * 1000).toISOString();
  const at = isoInstant(since);
  if (Number.isNaN(at)) throw invalid('INVALID_SINCE', 'since is a duration (90s, 30m, 1h, 2d) or an ISO time', { since });
  return new Date(at).toISOString();
};

/**
 * The read-store filter of a job list. `stuck` here is the coarse part (active, quiet for
 * longer than the shortest lease); the caller narrows it by each claimant's own lease.
 * Null when the filter cannot match anything (stuck jobs are active by definition).
 */
export const jobListFilter = (projectSlug: string | null, f: JobListFilter, now: Date, shortestLeaseSeconds: number): Filter | null => {
  if (f.stuck && f.phase && f.phase !== 'active') return null;
  return {
    ...(projectSlug && { projectSlug }),
    ...(f.phase && { phase: f.phase }),
    ...(f.stuck && { phase: 'active', lastActivityAt: { $lt: new Date(now.getTime() - shortestLeaseSeconds * 1000).toISOString() } }),
    ...(f.effectivePhase && { effectivePhase: f.effectivePhase }),
    ...(f.priority !== undefined && { priority: f.priority }),
    ...(f.assignee && { assigneeKey: f.assignee }),
    ...(f.surface && { surface: f.surface }),
    ...(f.since && { updatedAt: { $gte: sinceInstant(f.since, now) } }),
    ...(f.q && { searchText: { $text: f.q } }),
  };
};
