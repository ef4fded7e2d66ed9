import type { JobDependencyAdded } from '../../libs/domain/src/job/events';
import { isTerminal } from '../../libs/domain/src/job/state';
import { removeBy, upsertBy } from '../shared/lists';
import type { JobDoc, RelationEntry } from './document';

/**
 * One dependency between two jobs, read the same way from both sides: `dependent` has
 * `dependency` in its `relations.dependencies`, and `dependency` has `dependent` in its
 * `relations.dependents`. `A blocks B` is stored as `B blocked_by A` (SPEC §1), so B's
 * document says it is blocked and A's says whom it holds up.
 */
export type Edge = { readonly dependent: string; readonly dependency: string; readonly relation: RelationEntry['relation'] };

export const edgeOf = (jobId: string, data: JobDependencyAdded['data']): Edge =>
  data.relation === 'blocks'
    ? { dependent: data.relatedJobId, dependency: jobId, relation: 'blocked_by' }
    : { dependent: jobId, dependency: data.relatedJobId, relation: data.relation };

const keyOf = (r: RelationEntry) => `${r.jobId}|${r.relation}`;

type Side = 'dependencies' | 'dependents';
const otherEnd = (edge: Edge, side: Side): RelationEntry => ({
  jobId: side === 'dependencies' ? edge.dependency : edge.dependent,
  relation: edge.relation,
});

/** Adds (or, with `present` false, removes) the edge on one side of one job's relations. */
export const withEdge = (doc: JobDoc, side: Side, edge: Edge, present: boolean): JobDoc => {
  const entry = otherEnd(edge, side);
  const list = present ? upsertBy(doc.relations[side], keyOf, entry) : removeBy(doc.relations[side], keyOf, keyOf(entry));
  return { ...doc, relations: { ...doc.relations, [side]: list } };
};

/** The jobs this one is `blocked_by` (the only relation that blocks, SPEC §1). */
export const blockerIds = (doc: JobDoc): string[] =>
  doc.relations.dependencies.filter((r) => r.relation === 'blocked_by').map((r) => r.jobId);

/** The jobs that are `blocked_by` this one: their `blocked` flag follows this job's phase. */
export const blockedDependentIds = (doc: JobDoc): string[] =>
  doc.relations.dependents.filter((r) => r.relation === 'blocked_by').map((r) => r.jobId);

/** A blocker is resolved once it is done or cancelled; one this read model has never seen is not. */
export const isResolved = (blocker: JobDoc | null): boolean => !!blocker && isTerminal(blocker.phase);

export type Lookup = (jobId: string) => Promise<JobDoc | null>;

export const isBlocked = async (doc: JobDoc, lookup: Lookup): Promise<boolean> => {
  for (const id of blockerIds(doc)) if (!isResolved(await lookup(id))) return true;
  return false;
};
