import type { Filter, FindOptions, IndexSpec } from '../../libs/readstore/src/port';
import type { DeskJobDoc, ReadyEntry } from './document';

/**
 * A Desk's `readyToClaim` is a query over `desk_jobs`, not a list kept in the desk document:
 * the jobs assigned to the operator that are claimable (ready, attempt budget not spent) and
 * not deferred past `now`, by priority ascending (0 first), then first created first (the log
 * position where the time ties: the children of one template), then job id (a total, stable
 * order): the order claim-next takes them in. The query, the index that serves it and the projected
 * fields it reads (`desk-job.ts`) live together so that they cannot drift apart.
 */

/**
 * At most this many entries are shown: the head of the queue, which is what an operator
 * claims from. A longer queue is not an error; the rest comes up as the head is claimed.
 */
export const READY_TO_CLAIM_LIMIT = 200;

/**
 * Equality on (operator, claimable), then the sort keys: the store walks the index in queue
 * order and stops after `limit` rows; only deferred jobs ahead of the cut are skipped over.
 */
export const READY_QUEUE_INDEX: IndexSpec = {
  name: 'ready_queue',
  fields: [['operator', 1], ['claimable', 1], ['priority', 1], ['createdAt', 1], ['createdPosition', 1]],
};

/** The `find` arguments for one operator's ready queue at `now` (ISO-8601, the query's clock). */
export const readyQueueQuery = (operator: string, now: string): { readonly filter: Filter; readonly options: FindOptions } => ({
  filter: { operator, claimable: true, claimableFrom: { $lte: now } },
  options: { sort: [['priority', 1], ['createdAt', 1], ['createdPosition', 1], ['_id', 1]], limit: READY_TO_CLAIM_LIMIT },
});

/** What the Desk shows of a queued job. */
export const readyEntryOf = (job: DeskJobDoc): ReadyEntry => ({
  jobId: job.jobId,
  title: job.title,
  priority: job.priority,
  createdAt: job.createdAt,
  surface: job.surface,
  tier: job.tier,
  customer: job.customer,
  deferUntil: job.deferUntil,
});
