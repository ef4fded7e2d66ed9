import { conflict } from '../../../domain/src/shared/errors';
import { jobIdFor } from '../../../domain/src/shared/ids';
import { streams } from '../../../domain/src/shared/streams';
import type { EventStore, RecordedEvent } from '../../../eventstore/src/port';

type Slot = { readonly jobId: string; readonly created: RecordedEvent | null };

/** The first id of the command's sequence that is free or its own, with its own first event if any. */
const slotFor = async (store: EventStore, projectSlug: string, commandId: string): Promise<Slot> => {
  for (let salt = 0; salt < 16; salt++) {
    const jobId = jobIdFor(projectSlug, `${commandId}:${salt}`);
    const [first] = await store.readStream(streams.job(jobId), { maxCount: 1 });
    if (!first) return { jobId, created: null };
    if (first.metadata.commandId === commandId) return { jobId, created: first };
  }
  throw conflict('JOB_ID_EXHAUSTED', 'could not allocate a job id');
};

/**
 * A fresh `{project}-{hash8}` for a command: derived from its id, salted on the rare
 * collision. A stream this same command started counts as its own, so a repeated command
 * (same Idempotency-Key) names the job it created the first time.
 */
export const jobIdForCommand = async (store: EventStore, projectSlug: string, commandId: string): Promise<string> =>
  (await slotFor(store, projectSlug, commandId)).jobId;

/** The `JobCreated` of the root job this command created in the project, or null. */
export const rootCreatedBy = async (store: EventStore, projectSlug: string, commandId: string): Promise<RecordedEvent | null> =>
  (await slotFor(store, projectSlug, commandId)).created;
