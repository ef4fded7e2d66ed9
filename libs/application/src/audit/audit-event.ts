import type { JobEvent } from '../../../domain/src/job/events';
import type { JobStreamEvent } from '../../../domain/src/record/seal';
import type { Actor } from '../../../domain/src/shared/actor';
import type { RecordedEvent } from '../../../eventstore/src/port';

/**
 * A stored event as an auditor sees it: where it sits (stream, revision, global position),
 * what it says, and its metadata flattened beside it. Positions are decimal strings: they
 * are 64-bit and JSON numbers are not. The same shape is served by `/audit/*` and written
 * by `jobledger audit export`, so offline verification reads what the server showed.
 */
export type AuditEvent<D = unknown> = {
  readonly stream: string;
  readonly revision: number;
  readonly position: string;
  readonly eventId: string;
  readonly type: string;
  readonly data: D;
  readonly actor: Actor;
  readonly correlationId: string;
  readonly causationId: string;
  readonly commandId: string;
  readonly occurredAt: string;
  readonly schemaVersion: number;
  readonly recordedAt: string;
};

export const toAuditEvent = <D>(r: RecordedEvent<D>): AuditEvent<D> => ({
  stream: r.streamId,
  revision: r.revision,
  position: r.position.toString(),
  eventId: r.id,
  type: r.type,
  data: r.data,
  actor: r.metadata.actor,
  correlationId: r.metadata.correlationId,
  causationId: r.metadata.causationId,
  commandId: r.metadata.commandId,
  occurredAt: r.metadata.occurredAt,
  schemaVersion: r.metadata.schemaVersion,
  recordedAt: r.recordedAt,
});

/** What sealing reads from a job-stream event (the forced record's id derives from the event id). */
export const toJobStreamEvent = (e: AuditEvent): JobStreamEvent => ({
  id: e.eventId, revision: e.revision, occurredAt: e.occurredAt, event: { type: e.type, data: e.data } as JobEvent,
});

/** Global order; positions compare as integers, not as text. */
export const byPosition = (a: AuditEvent, b: AuditEvent): number => {
  const d = BigInt(a.position) - BigInt(b.position);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
};
