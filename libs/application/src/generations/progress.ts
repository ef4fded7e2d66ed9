import { type Position, START_POSITION } from '../../../eventstore/src/port';

/**
 * How far a build is, 0..1, by log position between the start of the log and the head it
 * set out to reach (the head keeps moving; the build is done when it catches up, not at 1).
 */
export const buildProgress = (position: Position, target: Position): number => {
  const span = target - START_POSITION;
  if (span <= 0n) return 1;
  const done = position - START_POSITION;
  if (done <= 0n) return 0;
  if (done >= span) return 1;
  return Number((done * 10_000n) / span) / 10_000;
};
