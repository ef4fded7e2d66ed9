import type { EventMetadata } from '../../../domain/src/shared/event';
import { UnreadableEventError } from '../errors';
import type { RecordedEvent } from '../port';

/** One row of `events`, as better-sqlite3 returns it (integers as numbers). */
export type EventRow = {
  readonly position: number;
  readonly event_id: string;
  readonly stream_id: string;
  readonly revision: number;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
  readonly recorded_at: string;
};

export const EVENT_COLUMNS = 'position, event_id, stream_id, revision, type, data, metadata, recorded_at';

// Positions stay far below 2^53 (a million events a day for 24 000 years), so reading
// them as numbers and widening here is exact and cheaper than safeIntegers on every column.
export const toRecordedEvent = (row: EventRow): RecordedEvent => ({
  id: row.event_id,
  streamId: row.stream_id,
  revision: row.revision,
  position: BigInt(row.position),
  type: row.type,
  data: parsed(row, 'data'),
  metadata: parsed(row, 'metadata') as EventMetadata,
  recordedAt: row.recorded_at,
});

const parsed = (row: EventRow, column: 'data' | 'metadata'): unknown => {
  try {
    return JSON.parse(row[column]);
  } catch {
    throw new UnreadableEventError(row.stream_id, row.revision, BigInt(row.position), column);
  }
};
