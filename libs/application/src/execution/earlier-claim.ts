import { JOB_CLAIMS, JOBS, type JobClaimDoc, type JobDoc } from '../../../../projections/jobs';
import type { ReadStore } from '../../../readstore/src/port';

/**
 * The job a command already claimed in this project, or null. A repeat (same Idempotency-Key)
 * answers the claim it made, wherever the queue has moved since and even after that attempt
 * ended. Two reads by id: every keyed call asks, repeat or not, so it must not cost more as a
 * project's history grows.
 */
export const earlierClaim = async (read: ReadStore, projectSlug: string, commandId: string): Promise<JobDoc | null> => {
  const claim = await read.collection<JobClaimDoc>(JOB_CLAIMS).get(commandId);
  if (!claim) return null;
  const job = await read.collection<JobDoc>(JOBS).get(claim.jobId);
  return job?.projectSlug === projectSlug ? job : null;
};
