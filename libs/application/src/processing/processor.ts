import type { Projection } from '../../../../projections/projection';

/**
 * Anything the runner drives from the log: a projection, or a reactor. A reactor has the
 * projection's shape; its `apply` also appends follow-up events (idempotently: derived ids,
 * no-stream or expected-revision appends) before the batch commits, so the checkpoint only
 * moves past an event once its effects exist, and a crash in between repeats the effects
 * harmlessly instead of losing them.
 */
export type Processor = Projection;
