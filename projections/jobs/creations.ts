import type { JobChildAllocated } from '../../libs/domain/src/job/events';
import type { ProjectionWriter } from '../../libs/readstore/src/port';
import type { Recorded } from '../shared/events';
import { positionOf } from '../shared/position';
import type { JobDoc } from './document';

/**
 * Auxiliary: the keyed command that created a child job → that child. `POST
 * /projects/:slug/jobs` names the parent in its body, so a repeat of one Idempotency-Key with
 * another parent (or none) would otherwise look only in the stream it now points at, miss the
 * first job and create a second. A root job needs no entry: its id derives from the command.
 */
export const JOB_CREATIONS = 'job_creations';

export type JobCreationDoc = {
  /** `metadata.commandId` of the `JobChildAllocated`. */
  readonly _id: string;
  readonly jobId: string;
  readonly parentId: string;
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
