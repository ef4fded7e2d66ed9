import type { AttemptEntry, RelationEntry } from '../../../../../projections/jobs/document';
import type { PresentedJob } from '../../../../../libs/application/src/jobs/job-views';

/** A job as `GET /jobs/:id` and the lists answer it. */
export type Job = PresentedJob;
export type Attempt = AttemptEntry;

/** A neighbour as the context shows it; only its id when the caller may not see it. */
export type JobSummary = Pick<Job, 'jobId'> & Partial<Pick<Job, 'title' | 'phase' | 'effectivePhase' | 'resolution' | 'priority' | 'assignee'>>;
/** `resolved` is absent for a job the caller may not see. */
export type RelatedJob = JobSummary & { relation: RelationEntry['relation']; resolved?: boolean };

/** `GET /jobs/:id/context`. */
export type JobContext = {
  job: Job;
  parent: JobSummary | null;
  children: JobSummary[];
  relations: { dependencies: RelatedJob[]; dependents: RelatedJob[]; blocking: RelatedJob[] };
  latestAttempt: Attempt | null;
  latestRejectionReason: string | null;
  blocked: boolean;
  waiting: boolean;
  effectivePhase: Job['effectivePhase'];
};

export type TreeNode = JobSummary & { depth?: number; parentId?: string | null; children: TreeNode[] };
export type Page<T> = { items: T[]; nextCursor: string | null };
