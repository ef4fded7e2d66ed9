import type { AncestorView } from '../../../domain/src/job/commands';
import { jobDecider } from '../../../domain/src/job/decider';
import type { ExistingJob } from '../../../domain/src/job/state';
import { MAX_JOB_DEPTH } from '../../../domain/src/shared/ids';
import { streams } from '../../../domain/src/shared/streams';
import type { EventStore } from '../../../eventstore/src/port';
import { loadState } from '../commands/command-executor';

/**
 * The job's parent, then its grandparent (parentId is on each one's JobCreated), as their
 * streams have them now: what a claim or a resubmit needs to refuse a job whose ancestor was
 * cancelled. Nothing is read for a root job; a child costs one cached fold per level (at most
 * two: jobs nest three deep).
 */
export const ancestorsOf = async (store: EventStore, job: ExistingJob): Promise<AncestorView[]> => {
  const ancestors: AncestorView[] = [];
  // bounded as well by the depth: a stream edited outside jobledger cannot make it loop
  for (let parentId = job.job.parentId; parentId && ancestors.length < MAX_JOB_DEPTH - 1; ) {
    const { state } = await loadState(store, streams.job(parentId), jobDecider);
    if (state.status === 'absent') break;
    ancestors.push({ jobId: parentId, phase: state.phase });
    parentId = state.job.parentId;
  }
  return ancestors;
};
