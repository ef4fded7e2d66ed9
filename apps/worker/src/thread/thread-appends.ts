import type { EventStore } from '../../../../libs/eventstore/src/port';
import { toRefusal } from './append-refusal';
import type { ThreadMessage, ThreadRequest } from './protocol';

/**
 * The API thread's side of the processors' thread's appends: every append of one message is
 * handed to `eventStore` in this one synchronous run, so they join one group commit in the
 * thread's order; each is answered on its own.
 */
export const makeThreadAppends = (
  eventStore: EventStore,
  { appends }: Extract<ThreadMessage, { type: 'appends' }>,
  answer: (reply: ThreadRequest) => void,
): void => {
  for (const { id, streamId, events, expected } of appends) {
    eventStore.append(streamId, events, expected).then(
      (result) => answer({ type: 'appended', id, result }),
      (error: unknown) => answer({ type: 'append-refused', id, refusal: toRefusal(error) }),
    );
  }
};
