import { jobDecider } from '../../../domain/src/job/decider';
import type { JobChildAllocated } from '../../../domain/src/job/events';
import { streams } from '../../../domain/src/shared/streams';
import type { EventStore, Position, RecordedEvent } from '../../../eventstore/src/port';
import { executeCommand } from '../commands/command-executor';
import { followUpContext } from './trigger';

/**
 * JobChildAllocated → JobCreated on `job-{childId}`, from the allocation alone (it carries the
 * child's data). The command id derives from the allocation, so the creating command's fast
 * path, the child-creator reactor and the child canceller all write the same one event.
 */
export const createChildFor = async (store: EventStore, trigger: RecordedEvent, retries: number): Promise<Position | null> => {
  const { job } = (trigger as RecordedEvent<JobChildAllocated['data']>).data;
  if (!job) return null;
  const outcome = await executeCommand(
    store, streams.job(job.jobId), jobDecider, () => ({ type: 'CreateJob' as const, job }), followUpContext(trigger, 'create-child'), { retries },
  );
  return outcome.position;
};

/** The allocation of `childId` in its parent's stream, if there is one. */
export const allocationOf = async (store: EventStore, parentId: string, childId: string): Promise<RecordedEvent | null> =>
  (await store.readStream(streams.job(parentId))).find(
    (e) => e.type === 'JobChildAllocated' && (e.data as JobChildAllocated['data']).childId === childId,
  ) ?? null;
