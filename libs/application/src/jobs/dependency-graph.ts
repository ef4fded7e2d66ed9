import { jobDecider } from '../../../domain/src/job/decider';
import type { Relation } from '../../../domain/src/job/events';
import type { StoredRelation } from '../../../domain/src/job/structure-commands';
import { streams } from '../../../domain/src/shared/streams';
import type { EventStore } from '../../../eventstore/src/port';
import { loadState } from '../commands/command-executor';

/** Relations that order work, so a cycle through them could never finish (SPEC §2). */
export const ORDERING: readonly StoredRelation[] = ['blocked_by', 'waits_for'];
/** Jobs whose streams one cycle check reads at most: a bound on the API thread's work. */
const MAX_VISITED = 10_000;

/** Where a relation asked of `jobId` is stored: `A blocks B` is `B blocked_by A`, on B's stream. */
export const storedAs = (jobId: string, relatedJobId: string, relation: Relation) =>
  relation === 'blocks'
    ? { on: relatedJobId, relatedJobId: jobId, relation: 'blocked_by' as const }
    : { on: jobId, relatedJobId, relation };

/** What a walk found: a path, none, or neither within its bound (`unwalkedBeyond`: the bound it stopped at). */
export type OrderingWalk = { readonly path: string[] | null; readonly unwalkedBeyond?: number };

/**
 * A path `from → … → to` along ordering relations, read from the job streams (not a read
 * model, so a dependency added a moment ago counts), or null. Adding `to → from` would close it.
 * A graph too large to walk within the bound says so, rather than pass for one without a path:
 * the decider refuses the relation then (after its own checks), since a cycle let through would
 * hold every job on it for good.
 */
export const orderingPath = async (store: EventStore, from: string, to: string, maxVisited = MAX_VISITED): Promise<OrderingWalk> => {
  const previous = new Map<string, string | null>([[from, null]]);
  const queue = [from];
  for (let visited = 0; queue.length; visited++) {
    if (visited >= maxVisited) return { path: null, unwalkedBeyond: maxVisited };
    const id = queue.shift() as string;
    if (id === to) {
      const path: string[] = [];
      for (let at: string | null = id; at !== null; at = previous.get(at) ?? null) path.unshift(at);
      return { path };
    }
    const { state } = await loadState(store, streams.job(id), jobDecider);
    if (state.status === 'absent') continue;
    for (const d of state.dependencies) {
      if (!ORDERING.includes(d.relation as StoredRelation) || previous.has(d.relatedJobId)) continue;
      previous.set(d.relatedJobId, id);
      queue.push(d.relatedJobId);
    }
  }
  return { path: null };
};
