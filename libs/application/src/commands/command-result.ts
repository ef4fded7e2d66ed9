import type { Position } from '../../../eventstore/src/port';

import type { Event } from '../../../domain/src/shared/event';

/**
 * What a command answers: the body the caller sees, how far the log went because of it, and
 * the types of the events it stands for (which read models its caller should wait for).
 */
export type CommandResult<B extends object = Record<string, unknown>> = {
  readonly body: B;
  readonly position: Position | null;
  readonly eventTypes?: readonly string[];
};

/** The position and event types of a command's outcome, for its result. */
export const effectsOf = (outcome: { readonly position: Position | null; readonly events: readonly Event[] }, ...more: string[]) => ({
  position: outcome.position,
  eventTypes: [...outcome.events.map((e) => e.type), ...more],
});
