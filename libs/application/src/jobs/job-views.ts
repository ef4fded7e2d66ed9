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

/** Each relation with the related job's summary; `unresolved` for ordering a job still waits on. */
export const relationsOf = async (p: Principal, entries: readonly RelationEntry[], lookup: Lookup) =>
  Promise.all(entries.map(async (r) => {
    const doc = await lookup(r.jobId);
    return { ...summaryOf(p, r.jobId, doc), relation: r.relation, resolved: !!doc && isTerminal(doc.phase) };
  }));

