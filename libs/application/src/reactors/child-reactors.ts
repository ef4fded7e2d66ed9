import { jobDecider } from '../../../domain/src/job/decider';
import type { JobCancelled } from '../../../domain/src/job/events';
import { childJobId } from '../../../domain/src/shared/ids';
import { idOf, streams } from '../../../domain/src/shared/streams';
import type { EventStore, RecordedEvent } from '../../../eventstore/src/port';
import type { Projection } from '../../../../projections/projection';
import { executeCommand, loadState } from '../commands/command-executor';
import { allocationOf, createChildFor } from '../followups/create-child';
import { followUpContext } from '../followups/trigger';
import { unlessRefused } from './refusal';
import { truncated } from '../../../domain/src/shared/text';

/** JobChildAllocated → the child's JobCreated (no-stream): the durable guarantee behind child creation. */
export const childCreatorReactor = (store: EventStore, retries: number): Projection => ({
  name: 'reactor:child-creator',
  appendsFollowUps: true,
  collections: [],
  eventTypes: ['JobChildAllocated'],
  apply: (event) => unlessRefused(() => createChildFor(store, event, retries)),
});

/**
 * JobCancelled → JobCancelled on each unfinished child; their own cancellations carry it down
 * to grandchildren. A child allocated but not created yet is created first (the same event
 * the child-creator writes), so no child escapes by being late.
 */
export const childCancellerReactor = (store: EventStore, retries: number): Projection => ({
  name: 'reactor:child-canceller',
  appendsFollowUps: true,
  collections: [],
  eventTypes: ['JobCancelled'],
  apply: async (trigger: RecordedEvent) => {
    const parentId = idOf(trigger.streamId);
    const { state } = await loadState(store, trigger.streamId, jobDecider, trigger.position);
    if (state.status === 'absent') return;
    const { reason } = (trigger as RecordedEvent<JobCancelled['data']>).data;
    for (let n = 1; n <= state.childCount; n++) {
      const childId = childJobId(parentId, n);
      const allocation = await allocationOf(store, parentId, childId);
      if (allocation) await unlessRefused(() => createChildFor(store, allocation, retries));
      await unlessRefused(() => executeCommand(
        store, streams.job(childId), jobDecider,
        () => ({ type: 'CancelJob' as const, reason: truncated(`parent ${parentId} cancelled: ${reason}`, 2000) }),
        followUpContext(trigger, 'cancel-child'), { retries },
      ));
    }
  },
});
