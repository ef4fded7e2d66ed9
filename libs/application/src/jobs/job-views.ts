import { isTerminal } from '../../../domain/src/job/state';
import type { JobDoc, RelationEntry } from '../../../../projections/jobs';
import { isJobVisible } from '../auth/policy';
import type { Principal } from '../auth/principal';

/** A job document as the API shows it: no storage bookkeeping, no fields that only serve queries. */
export type PresentedJob = Omit<JobDoc, '_id' | 'lastPosition' | 'createdPosition' | 'searchText' | 'evidenceRequired'>;

/**
 * Documents projected before claims were kept in `job_claims` still carry the commands that
 * claimed them (`claimCommandIds`) until `jobs` is rebuilt: never shown, as before.
 */
type StoredJobDoc = JobDoc & { readonly claimCommandIds?: unknown };

export const presentJob = (doc: StoredJobDoc): PresentedJob => {
  const { _id: _i, lastPosition: _p, createdPosition: _cp, searchText: _s, evidenceRequired: _e, claimCommandIds: _c, ...rest } = doc;
  return rest;
};

export const mayView = (p: Principal, doc: JobDoc | null): doc is JobDoc => isJobVisible(p, doc, doc?.jobId ?? '');

/** What a neighbour (parent, child, related job) shows; only its id to who may not see it. */
export const summaryOf = (p: Principal, jobId: string, doc: JobDoc | null) =>
  mayView(p, doc)
    ? { jobId, title: doc.title, phase: doc.phase, effectivePhase: doc.effectivePhase, resolution: doc.resolution, priority: doc.priority, assignee: doc.assignee }
    : { jobId };

export type Lookup = (jobId: string) => Promise<JobDoc | null>;

/** Each job read once for one answer: two parts of it that show the same job agree on it. */
export const lookingUpOnce = (lookup: Lookup): Lookup => {
  const read = new Map<string, Promise<JobDoc | null>>();
  return (jobId) => {
    const found = read.get(jobId) ?? lookup(jobId);
    read.set(jobId, found);
    return found;
  };
};

export type RelatedJob = ReturnType<typeof summaryOf> & { relation: RelationEntry['relation']; resolved?: boolean };

/** A relation as shown: whether the job ended is its state too, so only to who may see it. */
const relatedJob = (p: Principal, r: RelationEntry, doc: JobDoc | null): RelatedJob => {
  const summary = summaryOf(p, r.jobId, doc);
  return mayView(p, doc) ? { ...summary, relation: r.relation, resolved: isTerminal(doc.phase) } : { ...summary, relation: r.relation };
};

/** Each relation with the related job's summary and whether it has ended (`resolved`); a job the caller may not see shows its id and the relation only. */
export const relationsOf = async (p: Principal, entries: readonly RelationEntry[], lookup: Lookup): Promise<RelatedJob[]> =>
  Promise.all(entries.map(async (r) => relatedJob(p, r, await lookup(r.jobId))));

/**
 * The unresolved `blocked_by` among `entries`: what holds a claim now. A blocker the caller may
 * not see is listed by its id: the job it blocks is the caller's, and so is knowing why.
 */
export const blockersOf = async (p: Principal, entries: readonly RelationEntry[], lookup: Lookup): Promise<RelatedJob[]> => {
  const blockers = await Promise.all(entries.filter((r) => r.relation === 'blocked_by').map(async (r) => ({ r, doc: await lookup(r.jobId) })));
  return blockers.filter(({ doc }) => !(doc && isTerminal(doc.phase))).map(({ r, doc }) => relatedJob(p, r, doc));
};
