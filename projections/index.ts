import { desksProjection } from './desks';
import { directoryProjection } from './directory';
import { jobsProjection } from './jobs';
import { metricsProjection } from './metrics';
import type { Projection } from './projection';
import { recordsProjection } from './records';
import { requestsProjection } from './requests';
import { tasksProjection } from './tasks';
import { templatesProjection } from './templates';
import { threadsProjection } from './threads';
import { trustSignalsProjection } from './trust-signals';

export type { Projection, CollectionSpec } from './projection';
export * from './jobs';
export * from './desks';
export * from './trust-signals';
export * from './tasks';
export * from './requests';
export * from './records';
export * from './directory';
export * from './templates';
export * from './threads';
export * from './metrics';

/** Every read model the projector keeps (SPEC §4), each with its own checkpoint. */
export const ALL_PROJECTIONS: readonly Projection[] = [
  jobsProjection,
  desksProjection,
  trustSignalsProjection,
  tasksProjection,
  requestsProjection,
  recordsProjection,
  directoryProjection,
  templatesProjection,
  threadsProjection,
  metricsProjection,
];
