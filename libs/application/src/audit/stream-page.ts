import type { EventStore, Position, RecordedEvent } from '../../../eventstore/src/port';

/**
 * The first revision at or after which the stream's next event lies after `after`. Within a
 * stream, positions rise with revisions, so the first event read from a revision onwards has
 * a position that never falls as the revision grows: halving finds the boundary in about
 * log2(length) reads of one event each. A revision with no event of its own (a truncated
 * stream's start) reads the next one there is, which keeps the order.
 */
export const firstRevisionAfter = async (store: EventStore, stream: string, lastRevision: number, after: Position): Promise<number> => {
  let low = 0;
  let high = lastRevision + 1; // one past the end: nothing after `after`
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    const [first] = await store.readStream(stream, { fromRevision: middle, maxCount: 1 });
    if (first === undefined || first.position > after) high = middle;
    else low = middle + 1;
  }
  return low;
};

/**
 * At most `maxCount` events of a stream whose global position lies after `after` (the whole
 * stream's start when `after` is null), in order, without reading the events before them: a
 * page deep into a long stream (an agent job's log) costs its own events plus a few reads of
 * one event, not the whole stream again.
 */
export const readStreamAfter = async (store: EventStore, stream: string, after: Position | null, maxCount: number): Promise<RecordedEvent[]> => {
  if (after === null) return store.readStream(stream, { maxCount });
  const lastRevision = await store.streamRevision(stream);
  if (lastRevision < 0) return [];
  const from = await firstRevisionAfter(store, stream, lastRevision, after);
  return from > lastRevision ? [] : store.readStream(stream, { fromRevision: from, maxCount });
};
