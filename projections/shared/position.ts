import type { RecordedEvent } from '../../libs/eventstore/src/port';

/**
 * Idempotency per event. Positions are bigints in the log but strings in documents (plain
 * JSON, no bigint), so they are compared as bigints — never as strings ("10" < "9").
 */
export const positionOf = (event: RecordedEvent): string => event.position.toString();

export type Tracked = { readonly lastPosition: string };

/** True when the document already reflects this event (a replay or a rebuild over old docs): skip it. */
export const alreadyApplied = (doc: Tracked | null | undefined, event: RecordedEvent): boolean =>
  doc != null && BigInt(doc.lastPosition) >= event.position;

/** Marks a document as changed by this event: the time comes from the event, never from a clock. */
export const touched = <D extends Tracked & { readonly updatedAt: string }>(doc: D, event: RecordedEvent): D => ({
  ...doc,
  updatedAt: event.metadata.occurredAt,
  lastPosition: positionOf(event),
});
