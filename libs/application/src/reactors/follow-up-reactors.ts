import type { EventStore } from '../../../eventstore/src/port';
import type { Projection } from '../../../../projections/projection';
import { createJobFor } from '../followups/create-job';
import { openTaskFor } from '../followups/open-task';
import { allAtOnce } from './concurrent-batch';

/** RequestIntaken → TaskOpened: the durable guarantee behind the intake command's fast path. */
export const taskOpenerReactor = (store: EventStore, retries: number): Projection => {
  const apply: Projection['apply'] = async (event) => {
    await openTaskFor(store, event, retries);
  };
  return { name: 'reactor:task-opener', appendsFollowUps: true, collections: [], eventTypes: ['RequestIntaken'], apply, applyBatch: allAtOnce(apply) };
};

/** TaskConverted → JobCreated (no-stream): the durable guarantee behind Create Job. */
export const jobCreatorReactor = (store: EventStore, retries: number): Projection => {
  const apply: Projection['apply'] = async (event) => {
    await createJobFor(store, event, retries);
  };
  return { name: 'reactor:job-creator', appendsFollowUps: true, collections: [], eventTypes: ['TaskConverted'], apply, applyBatch: allAtOnce(apply) };
};
