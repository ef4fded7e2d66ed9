import type { JobEvent } from '../../../domain/src/job/events';

/** The first event of a type among those a command decided, typed by it. */
export const findEvent = <T extends JobEvent['type']>(events: readonly JobEvent[], type: T) =>
  events.find((e): e is Extract<JobEvent, { type: T }> => e.type === type);
