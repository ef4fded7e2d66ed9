import type { ExpectedRevision } from '../port';

/** Whether a stream at `current` (-1 when absent) satisfies what the writer expected. */
export const expectedRevisionMet = (expected: ExpectedRevision, current: number): boolean => {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return current === -1;
    case 'stream_exists':
      return current >= 0;
    default:
      return current === expected;
  }
};
