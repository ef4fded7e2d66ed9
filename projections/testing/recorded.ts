import type { Actor } from '../../libs/domain/src/shared/actor';
import type { EventMetadata } from '../../libs/domain/src/shared/event';
import type { RecordedEvent } from '../../libs/eventstore/src/port';
import type { DataOf, DomainEventType } from '../shared/events';

export type RecordedOverrides = {
  readonly position?: bigint;
  readonly revision?: number;
  readonly occurredAt?: string;
  /** When the store appended it; `occurredAt` unless given (a follow-up is recorded after the time it is dated at). */
  readonly recordedAt?: string;
  readonly actor?: Actor;
  readonly metadata?: Partial<EventMetadata>;
};

const BASE_TIME = Date.UTC(2026, 0, 5, 9, 0, 0);
let nextPosition = 0n;
const revisions = new Map<string, number>();

/** Starts a fresh log (positions from 0, revisions per stream from 0). */
export const resetLog = (): void => {
  nextPosition = 0n;
  revisions.clear();
};

const uuidFor = (n: bigint): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

/**
 * A stored event as the event store would hand it over: increasing global positions,
 * per-stream revisions, and full metadata. Unless overridden, `occurredAt` is one minute
 * per position after a fixed base time, so timestamps order like positions.
 */
export const recorded = <T extends DomainEventType>(
  streamId: string,
  type: T,
  data: DataOf<T>,
  overrides: RecordedOverrides = {},
): RecordedEvent<DataOf<T>> => {
  const position = overrides.position ?? nextPosition;
  nextPosition = (position >= nextPosition ? position : nextPosition) + 1n;
  const revision = overrides.revision ?? (revisions.get(streamId) ?? -1) + 1;
  revisions.set(streamId, Math.max(revision, revisions.get(streamId) ?? -1));
  const occurredAt = overrides.occurredAt ?? new Date(BASE_TIME + Number(position) * 60_000).toISOString();
  const eventId = uuidFor(position);
  return {
    id: eventId,
    streamId,
    revision,
    position,
    type,
    data,
    metadata: {
      eventId,
      occurredAt,
      actor: overrides.actor ?? { id: 'admin-1', role: 'admin' },
      correlationId: eventId,
      causationId: eventId,
      commandId: eventId,
      schemaVersion: 1,
      ...overrides.metadata,
    },
    recordedAt: overrides.recordedAt ?? occurredAt,
  };
};
