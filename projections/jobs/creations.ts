import type { JobChildAllocated, JobCreated } from '../../libs/domain/src/job/events';
import type { ProjectionWriter } from '../../libs/readstore/src/port';
import type { Recorded } from '../shared/events';
import { positionOf } from '../shared/position';
import type { JobDoc } from './document';

/**
 * Auxiliary: the keyed command that created a job → that job. `POST /projects/:slug/jobs` names
 * the parent in its body, and `POST /templates/:id/jobs` the project, so a repeat of one
 * Idempotency-Key with another parent (or none), or another project, would otherwise look only
 * in the stream it now points at, miss the first job and create a second. A root job's id
 * derives from its project and the command: it is kept for the template's repeat, which may
 * name another project.
 */
export const JOB_CREATIONS = 'job_creations';

export type JobCreationDoc = {
  /** `metadata.commandId` of the `JobChildAllocated`, or of a root's `JobCreated`. */
  readonly _id: string;
  readonly jobId: string;
  /** Null for a root job. */
  readonly parentId: string | null;
  readonly projectSlug: string;
  /** The hash of the request that created the child, which a repeat must match. */
  readonly requestHash: string;
  readonly lastPosition: string;
};

/**
 * Only allocations with a request hash are kept: the others were not sent with a key (or
 * before the hash was kept) and no repeat can be compared with them. Written once, under its
 * own guard, as `job_claims` is.
 */
export const recordCreation = async (event: Recorded<JobChildAllocated>, parent: JobDoc, writer: ProjectionWriter): Promise<void> => {
  const { commandId, requestHash } = event.metadata;
  if (requestHash === undefined || (await writer.get(JOB_CREATIONS, commandId))) return;
  const creation: JobCreationDoc = {
    _id: commandId, jobId: event.data.childId, parentId: parent.jobId, projectSlug: parent.projectSlug, requestHash, lastPosition: positionOf(event),
  };
  writer.put(JOB_CREATIONS, creation);
};

/** A root job created under a key, as `recordCreation` keeps a child (a child's own JobCreated is not the keyed command's). */
export const recordRootCreation = async (event: Recorded<JobCreated>, writer: ProjectionWriter): Promise<void> => {
  const { commandId, requestHash } = event.metadata;
  if (requestHash === undefined || event.data.parentId || (await writer.get(JOB_CREATIONS, commandId))) return;
  const creation: JobCreationDoc = {
    _id: commandId, jobId: event.data.jobId, parentId: null, projectSlug: event.data.projectSlug, requestHash, lastPosition: positionOf(event),
  };
  writer.put(JOB_CREATIONS, creation);
};
