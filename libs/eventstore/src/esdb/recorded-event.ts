import type { AllStreamResolvedEvent, JSONEventData, JSONType, ResolvedEvent } from '@eventstore/db-client';
import type { EventMetadata } from '../../../domain/src/shared/event';
import type { EventFilter, NewEvent, Position, RecordedEvent } from '../port';
import { fromClientPosition } from './positions';
import { toRevision } from './revisions';

type AnyResolved = ResolvedEvent | AllStreamResolvedEvent;

/**
 * Events the server writes for itself — `$`-types (`$metadata`, `$statsCollected`, links
 * `$>`), anything in a `$`-stream — and links or empty slots of a resolved event. Never
 * handed to jobledger.
 */
export const isSystemEvent = (resolved: AnyResolved): boolean => {
  const { event, link } = resolved;
  return event === undefined || link !== undefined || event.type.startsWith('$') || event.streamId.startsWith('$');
};

/** The port's filter, exactly: a listed type, and a stream starting with a listed prefix. */
export const matchesFilter = (filter: EventFilter | undefined, event: { readonly type: string; readonly streamId: string }): boolean => {
  if (!filter) return true;
  if (filter.eventTypes !== undefined && !filter.eventTypes.includes(event.type)) return false;
  if (filter.streamPrefixes !== undefined && !filter.streamPrefixes.some((prefix) => event.streamId.startsWith(prefix))) return false;
  return true;
};

/**
 * What a server before 22.6 puts on events read from a stream for "no position" (u64 max); the
 * client passes it on as if it were one. No real log position comes near it.
 */
const NO_POSITION = 2n ** 63n;

/** Where a resolved event sits in the log, if the server said (reads of $all always do). */
export const positionOf = (resolved: AnyResolved): Position | undefined => {
  const position = resolved.event?.position ? fromClientPosition(resolved.event.position) : resolved.commitPosition;
  return position !== undefined && position < NO_POSITION ? position : undefined;
};

/**
 * A stored event in the port's shape. Positions on stream reads need a server ≥ 22.6; an
 * event without one cannot be placed in the global order and is refused loudly.
 */
export const toRecordedEvent = (resolved: AnyResolved): RecordedEvent => {
  const event = resolved.event;
  if (!event) throw new Error('a resolved event without its event (an unresolved link) is not a jobledger event');
  const position = positionOf(resolved);
  if (position === undefined) {
    throw new Error(`event ${event.id} in ${event.streamId} came without a log position (EventStoreDB ≥ 22.6 reports it)`);
  }
  return {
    id: event.id,
    streamId: event.streamId,
    revision: toRevision(event.revision),
    position,
    type: event.type,
    data: event.isJson ? event.data : Buffer.from(event.data).toString('base64'),
    metadata: event.metadata as EventMetadata,
    recordedAt: event.created.toISOString(),
  };
};

/** A new event as the client sends it: JSON data and metadata, the caller's id. */
export const toEventData = (event: NewEvent): JSONEventData => ({
  id: event.id,
  contentType: 'application/json',
  type: event.type,
  // The client serialises with JSON.stringify, which turns a missing value into nothing at all.
  data: (event.data === undefined ? null : event.data) as JSONType,
  metadata: event.metadata,
});
