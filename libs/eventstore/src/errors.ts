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
