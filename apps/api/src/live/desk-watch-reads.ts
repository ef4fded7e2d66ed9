import { isTerminal } from '../../../../libs/domain/src/job/state';
import { PHASES } from '../../../../libs/domain/src/job/events';
import type { Filter, ReadCollection, ReadStore } from '../../../../libs/readstore/src/port';
import { DESK_JOBS, type DeskJobDoc } from '../../../../projections/desks';
import { JOBS, type JobDoc } from '../../../../projections/jobs';
import { blockedDependentIds, blockerIds } from '../../../../projections/jobs/relations';
import type { DeskWatchReads } from './desk-watch';

const OPEN_PHASES = PHASES.filter((p) => !isTerminal(p));
const PAGE = 500;

const everyPage = async <T extends DeskJobDoc | JobDoc>(collection: ReadCollection<T>, filter: Filter): Promise<T[]> => {
  const all: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await collection.find(filter, { sort: [['_id', 1]], limit: PAGE, cursor });
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return all;
};

/**
 * The read model's side of a desk stream's watch. Done and cancelled jobs are left out of the
 * start: only a resubmit brings one back, and a resubmit is always looked at (`deskConcern`).
 */
export const deskWatchReads = (read: ReadStore): DeskWatchReads => ({
  watchedAtStart: async (slug) => {
    const [open, blocked] = await Promise.all([
      everyPage(read.collection<DeskJobDoc>(DESK_JOBS), { operator: slug, phase: { $in: OPEN_PHASES } }),
      everyPage(read.collection<JobDoc>(JOBS), { assigneeKey: `operator:${slug}`, blocked: true }),
    ]);
    return [...open.map((j) => j.jobId), ...blocked.flatMap(blockerIds)];
  },
  links: async (jobId) => {
    const job = await read.collection<JobDoc>(JOBS).get(jobId);
    if (!job) return null;
    const operator = job.assigneeKey?.startsWith('operator:') ? job.assigneeKey.slice('operator:'.length) : null;
    return { operator, blockers: blockerIds(job), blocks: blockedDependentIds(job) };
  },
});
