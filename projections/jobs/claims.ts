import type { JobClaimed } from '../../libs/domain/src/job/events';
import type { ProjectionWriter } from '../../libs/readstore/src/port';
import type { Recorded } from '../shared/events';
import { positionOf } from '../shared/position';
import type { JobDoc } from './document';

/**
 * Auxiliary: the command that claimed a job → that job. A repeated claim-next (same
 * Idempotency-Key, so the same command id) reads the claim it made by id, wherever the queue
 * has moved since and after the attempt ended; a filter over a project's jobs would read
 * every one of them on each keyed call.
 */
export const JOB_CLAIMS = 'job_claims';

export type JobClaimDoc = {
  /** `metadata.commandId` of the `JobClaimed`. */
  readonly _id: string;
  readonly jobId: string;
  readonly projectSlug: string;
  readonly lastPosition: string;
};

/**
 * Decided by its own guard, not the job's: on a standalone MongoDB a redelivered batch may
 * find the job written and this not. Written once and never changed: should one command have
 * claimed twice, the first claim is the one a repeat answers (a rebuild decides the same).
 */
export const recordClaim = async (event: Recorded<JobClaimed>, job: JobDoc, writer: ProjectionWriter): Promise<void> => {
  const id = event.metadata.commandId;
  if (await writer.get(JOB_CLAIMS, id)) return;
  const claim: JobClaimDoc = { _id: id, jobId: job.jobId, projectSlug: job.projectSlug, lastPosition: positionOf(event) };
  writer.put(JOB_CLAIMS, claim);
};
