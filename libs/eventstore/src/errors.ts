import { DomainError } from '../../domain/src/shared/errors';
import type { ExpectedRevision } from './port';

/** A concurrent writer moved the stream: re-read and decide again. */
export class ConcurrencyError extends DomainError {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: number,
  ) {
    super(
      'CONCURRENCY_CONFLICT',
      `stream ${streamId} is at revision ${actual}, expected ${String(expected)}`,
      'conflict',
      { streamId, expected: String(expected), actual },
    );
    this.name = 'ConcurrencyError';
  }
}

/** Event ids already stored do not match the events being appended: a caller bug. */
export class DuplicateEventIdError extends DomainError {
  constructor(readonly eventId: string, readonly streamId: string) {
    super('DUPLICATE_EVENT_ID', `event ${eventId} already exists elsewhere than as this append to ${streamId}`, 'conflict', {
      eventId,
      streamId,
    });
    this.name = 'DuplicateEventIdError';
  }
}

/**
 * A stored event whose data or metadata is no longer JSON: the log file was edited outside
 * jobledger (or its bytes damaged). Nothing can be decided on it; the error names where it is,
 * so that an operator finds it without reading the file row by row.
 */
export class UnreadableEventError extends Error {
  constructor(readonly streamId: string, readonly revision: number, readonly position: bigint, readonly column: 'data' | 'metadata') {
    super(`revision ${revision} of ${streamId} (position ${position}) cannot be read: its stored ${column} is not JSON; the log was edited or damaged outside jobledger`);
    this.name = 'UnreadableEventError';
  }
}
