import { ConcurrencyError, DuplicateEventIdError } from '../../../../libs/eventstore/src/errors';
import type { ExpectedRevision } from '../../../../libs/eventstore/src/port';

/**
 * Why an append made for the processors' thread was refused, in a form a message can carry:
 * the event store's own errors come back as the same classes (commands retry on a
 * ConcurrencyError by its class), anything else as its message.
 */
export type AppendRefusal =
  | { readonly kind: 'concurrency'; readonly streamId: string; readonly expected: ExpectedRevision; readonly actual: number }
  | { readonly kind: 'duplicate'; readonly eventId: string; readonly streamId: string }
  | { readonly kind: 'error'; readonly message: string };

export const toRefusal = (error: unknown): AppendRefusal => {
  if (error instanceof ConcurrencyError) return { kind: 'concurrency', streamId: error.streamId, expected: error.expected, actual: error.actual };
  if (error instanceof DuplicateEventIdError) return { kind: 'duplicate', eventId: error.eventId, streamId: error.streamId };
  return { kind: 'error', message: error instanceof Error ? error.message : String(error) };
};

export const fromRefusal = (refusal: AppendRefusal): Error => {
  switch (refusal.kind) {
    case 'concurrency':
      return new ConcurrencyError(refusal.streamId, refusal.expected, refusal.actual);
    case 'duplicate':
      return new DuplicateEventIdError(refusal.eventId, refusal.streamId);
    case 'error':
      return new Error(`the API thread's append failed: ${refusal.message}`);
  }
};
