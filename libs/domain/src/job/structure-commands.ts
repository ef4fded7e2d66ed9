import type { AccessView } from '../operator/access-view';
import type { JobCreatedData, JobUpdated, Relation } from './events';

/** A child as its creator describes it; the parent's allocation gives it id, project and depth. */
export type ChildSpec = Omit<JobCreatedData, 'jobId' | 'projectSlug' | 'parentId' | 'depth'>;

/** The relations a job's own stream stores; `blocks` is stored as `blocked_by` on the other job. */
export type StoredRelation = Exclude<Relation, 'blocks'>;

/** Commands that shape a job rather than run it: edits, children, dependencies. */
export type StructureCommand =
  | {
      readonly type: 'UpdateJob';
      readonly changes: JobUpdated['data']['changes'];
      /** The new assignee's access, when an operator is named. */
      readonly assigneeView: AccessView | null;
    }
  | { readonly type: 'AllocateChild'; readonly projectSlug: string; readonly child: ChildSpec }
  | {
      readonly type: 'AddDependency';
      readonly relatedJobId: string;
      readonly relation: StoredRelation;
      readonly relatedExists: boolean;
      /** A path from the related job back to this one through blocked_by / waits_for, if any. */
      readonly cycle: readonly string[] | null;
      /** Set when the walk for that path stopped at this many jobs without an answer. */
      readonly cycleUnknownBeyond?: number;
    }
  | { readonly type: 'RemoveDependency'; readonly relatedJobId: string; readonly relation: StoredRelation };
