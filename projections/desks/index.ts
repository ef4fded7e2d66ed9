export { desksProjection } from './projection';
export { activeJobsOf, DESKS, DESK_JOBS, NOT_DEFERRED } from './document';
export type { DeskDoc, DeskJobDoc, ReadyEntry, ActiveJob, Completion } from './document';
export { READY_QUEUE_INDEX, READY_TO_CLAIM_LIMIT, readyEntryOf, readyQueueQuery } from './ready-queue';
