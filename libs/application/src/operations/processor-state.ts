import type { RecordedEvent } from '../../../eventstore/src/port';
import type { ProcessingStatus } from '../commands/command-gateway';

export type ProcessorKind = 'projection' | 'reactor';
export type ProcessorState = 'running' | 'catching_up' | 'rebuilding' | 'stopped' | 'failing' | 'refused';

export type EventLag = {
  /** Events of the processor's types after its checkpoint (at most the cap it was counted to). */
  readonly events: number;
  /** True when there were at least as many as were counted: `events` is a lower bound. */
  readonly capped: boolean;
  /** Age of the oldest unprocessed event; 0 when there is none. */
  readonly oldestUnprocessedMs: number;
};

/** `unprocessed`: the events after the checkpoint, oldest first, read up to `cap`. */
export const eventLag = (unprocessed: readonly RecordedEvent[], cap: number, now: number): EventLag => ({
  events: unprocessed.length,
  capped: unprocessed.length >= cap,
  oldestUnprocessedMs: unprocessed.length === 0 ? 0 : Math.max(0, now - Date.parse(unprocessed[0].recordedAt)),
});

/**
 * What an operator should read from a processor. Where it does not run in this process
 * (an API-only process) only the stored checkpoint speaks: behind or not. A refusal (a
 * checkpoint beyond the log's head, stored beside the read models) comes first, whoever looks:
 * its checkpoint, past every event, would otherwise read as caught up.
 */
export const processorState = (local: ProcessingStatus | undefined, lag: EventLag, rebuilding: boolean, refused = false): ProcessorState => {
  if (refused) return 'refused';
  if (local && !local.running) return 'stopped';
  if (local && local.lastError !== null && !local.caughtUp) return 'failing';
  if (rebuilding) return 'rebuilding';
  if (lag.events > 0 || (local !== undefined && !local.caughtUp)) return 'catching_up';
  return 'running';
};
