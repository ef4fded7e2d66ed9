import type { Position } from '../../../eventstore/src/port';

/** What a command answers: the body the caller sees, and how far the log went because of it. */
export type CommandResult<B extends object = Record<string, unknown>> = {
  readonly body: B;
  readonly position: Position | null;
};
