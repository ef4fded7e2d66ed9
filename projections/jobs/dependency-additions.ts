import type { JobDependencyAdded } from '../../libs/domain/src/job/events';
import { idOf } from '../../libs/domain/src/shared/streams';
import type { ProjectionWriter } from '../../libs/readstore/src/port';
import type { Recorded } from '../shared/events';
import { positionOf } from '../shared/position';

/**
 * Auxiliary: the keyed command that added a relation → where it is stored. `A blocks B` is kept
 * on B's stream, so a repeat of one Idempotency-Key on `POST /jobs/A/dependencies` with another
 * body (another job, another relation) would look in another stream, miss the first and add a
 * second relation instead of being refused.
 */
export const DEPENDENCY_ADDITIONS = 'dependency_additions';

export type DependencyAdditionDoc = {
  /** `metadata.commandId` of the `JobDependencyAdded`. */
  readonly _id: string;
  /** The job whose stream holds it. */
  readonly jobId: string;
  readonly relatedJobId: string;
  readonly relation: string;
  /** The hash of the request that added it, which a repeat must match. */
  readonly requestHash: string;
  readonly lastPosition: string;
};

/** Only additions sent with a key (they carry a request hash); written once, under its own guard. */
export const recordDependencyAddition = async (event: Recorded<JobDependencyAdded>, writer: ProjectionWriter): Promise<void> => {
  const { commandId, requestHash } = event.metadata;
  if (requestHash === undefined || (await writer.get(DEPENDENCY_ADDITIONS, commandId))) return;
  const addition: DependencyAdditionDoc = {
    _id: commandId, jobId: idOf(event.streamId), relatedJobId: event.data.relatedJobId, relation: event.data.relation, requestHash, lastPosition: positionOf(event),
  };
  writer.put(DEPENDENCY_ADDITIONS, addition);
};
