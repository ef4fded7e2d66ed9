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

/**
 * When a read model changed by this event: the time the event store recorded it, never a clock,
 * so a rebuild writes the same documents. Not `occurredAt`: a reactor's follow-up is dated at its
 * trigger (a repeat must be the same event) and a command at its request's arrival, and either
 * can be appended after events dated later, so a document would seem to change back in time and
 * a client polling `since=` (or reading newest first) would miss the change for good. The store
 * records events under its write lock in log order, so these times follow the log (clock steps
 * aside; docs/decisions.md, "Read-model times and `since`"). `occurredAt` stays the business time
 * (creation, claims, completions).
 */
export const changedAt = (event: RecordedEvent): string => event.recordedAt;

/** Marks a document as changed by this event (`changedAt`). */
export const touched = <D extends Tracked & { readonly updatedAt: string }>(doc: D, event: RecordedEvent): D => ({
  ...doc,
  updatedAt: changedAt(event),
  lastPosition: positionOf(event),
});
