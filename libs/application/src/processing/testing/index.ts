/** Test doubles and fixtures for code that runs processors; never imported by production code. */
export { InMemoryEventStore } from './in-memory-event-store';
export { newEvent } from './new-event';
export { tempReadStore } from '../../../../readstore/src/sqlite/testing/temp-read-store';
export { tallyProjection, type Tally, type TallyProjection } from './tally-projection';
