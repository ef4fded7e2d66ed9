import { conflict } from '../../../domain/src/shared/errors';
import { jobIdFor } from '../../../domain/src/shared/ids';
import { streams } from '../../../domain/src/shared/streams';
import type { EventStore } from '../../../eventstore/src/port';

/**
 * A fresh `{project}-{hash8}` for a command: derived from its id, salted on the rare
 * collision. A stream this same command started counts as its own, so a repeated command
 * (same Idempotency-Key) names the job it created the first time.
 */
export const jobIdForCommand = async (store: EventStore, projectSlug: string, commandId: string): Promise<string> => {
  for (let salt = 0; salt < 16; salt++) {
    const jobId = jobIdFor(projectSlug, `${commandId}:${salt}`);
    const [first] = await store.readStream(streams.job(jobId), { maxCount: 1 });
    if (!first || first.metadata.commandId === commandId) return jobId;
  }
  throw conflict('JOB_ID_EXHAUSTED', 'could not allocate a job id');
};
