import type { JobDependencyAdded, JobDependencyRemoved } from '../../libs/domain/src/job/events';
import { idOf } from '../../libs/domain/src/shared/streams';
import type { RecordedEvent } from '../../libs/eventstore/src/port';
import type { ProjectionWriter } from '../../libs/readstore/src/port';
import type { Recorded } from '../shared/events';
import { alreadyApplied } from '../shared/position';
import { derive } from './derive';
import { JOBS, stamped, type JobDoc } from './document';
import { blockedDependentIds, edgeOf, isBlocked, withEdge } from './relations';

/**
 * The two places where one job's event changes other jobs' documents. Each document is
 * guarded by its own `lastPosition`, so a replay skips every one of them.
 */

/** A dependency added or removed: both ends are written, and the dependent's `blocked` recomputed. */
export const applyDependency = async (
  event: Recorded<JobDependencyAdded> | Recorded<JobDependencyRemoved>,
  writer: ProjectionWriter,
): Promise<void> => {
  const edge = edgeOf(idOf(event.streamId), event.data);
  const present = event.type === 'JobDependencyAdded';
  const load = async (id: string) => {
    const doc = await writer.get<JobDoc>(JOBS, id);
    return doc && !alreadyApplied(doc, event) ? doc : null;
  };

  const dependency = await load(edge.dependency);
  const nextDependency = dependency && stamped(withEdge(dependency, 'dependents', edge, present), event);
  if (nextDependency) writer.put(JOBS, derive(nextDependency));

  const dependent = await load(edge.dependent);
  if (!dependent) return;
  const linked = withEdge(dependent, 'dependencies', edge, present);
  const blocked = await isBlocked(linked, async (id) => (id === edge.dependency && nextDependency) || writer.get<JobDoc>(JOBS, id));
  writer.put(JOBS, derive(stamped({ ...linked, blocked }, event)));
};

/**
 * `blocker` just became done/cancelled (or came back from it by a resubmit): the jobs it
 * blocks may have become unblocked (or blocked again).
 */
export const refreshDependents = async (blocker: JobDoc, event: RecordedEvent, writer: ProjectionWriter): Promise<void> => {
  for (const id of blockedDependentIds(blocker)) {
    const doc = await writer.get<JobDoc>(JOBS, id);
    if (!doc || alreadyApplied(doc, event)) continue;
    const blocked = await isBlocked(doc, async (jobId) => (jobId === blocker.jobId ? blocker : writer.get<JobDoc>(JOBS, jobId)));
    if (blocked !== doc.blocked) writer.put(JOBS, derive(stamped({ ...doc, blocked }, event)));
  }
};
