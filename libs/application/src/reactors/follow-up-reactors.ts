import type { EventStore } from '../../../eventstore/src/port';
import type { Projection } from '../../../../projections/projection';
import { createJobFor } from '../followups/create-job';
import { openTaskFor } from '../followups/open-task';

/** RequestIntaken → TaskOpened: the durable guarantee behind the intake command's fast path. */
export const taskOpenerReactor = (store: EventStore, retries: number): Projection => ({
  name: 'reactor:task-opener',
  appendsFollowUps: true,
  collections: [],
  eventTypes: ['RequestIntaken'],
  apply: async (event) => {
    await openTaskFor(store, event, retries);
  },
});

/** TaskConverted → JobCreated (no-stream): the durable guarantee behind Create Job. */
export const jobCreatorReactor = (store: EventStore, retries: number): Projection => ({
  name: 'reactor:job-creator',
  appendsFollowUps: true,
  collections: [],
  eventTypes: ['TaskConverted'],
  apply: async (event) => {
    await createJobFor(store, event, retries);
  },
});
