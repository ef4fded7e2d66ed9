export { desksProjection } from './projection';
export { DESKS, DESK_JOBS } from './document';
export type { DeskDoc, DeskJobDoc, ReadyEntry, ActiveJob, Completion } from './document';
