import type { Database } from 'better-sqlite3';
import { ConcurrencyError, DuplicateEventIdError } from '../errors';
import type { AppendResult, ExpectedRevision, NewEvent } from '../port';
import { START_POSITION } from '../port';
import { expectedRevisionMet } from './expected-revision';
import type { EventRow } from './event-row';
import type { Statements } from './statements';

export type AppendOutcome =
  | { readonly result: AppendResult; readonly written: false }
  /**
   * `rows`: the events as written, positions included (the last one is `result.position`), for
   * the group's summary and for readers of this connection that keep streams in memory.
   */
  | { readonly result: AppendResult; readonly written: true; readonly rows: readonly EventRow[] };

export type AppendFn = (streamId: string, events: readonly NewEvent[], expected: ExpectedRevision) => AppendOutcome;

/**
 * One append's checks and inserts as a better-sqlite3 transaction function. Called on its own
 * it is a transaction; called inside another (the group commit's BEGIN IMMEDIATE, which takes
 * the write lock before any revision is read) it is a savepoint: a refused append rolls back
 * alone and the others in the group still commit.
 */
export const createAppend = (db: Database, statements: Statements): AppendFn => {
  const repeatOf = idempotentRepeat(statements);

  const append = db.transaction((streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): AppendOutcome => {
    // Idempotency before the revision check (as EventStoreDB does): a retried append whose
    // events are already stored succeeds even though its expected revision is now stale.
    const repeat = events.length > 0 ? repeatOf(streamId, events) : null;
    if (repeat) return { result: repeat, written: false };

    const current = statements.streamRevision.get(streamId) ?? -1;
    if (!expectedRevisionMet(expected, current)) throw new ConcurrencyError(streamId, expected, current);
    if (events.length === 0) {
      return { result: { nextExpectedRevision: current, position: lastPositionOf(statements, streamId, current) }, written: false };
    }

    const recordedAt = new Date().toISOString();
    const rows = events.map((event, i) => insertOne(statements, streamId, current + 1 + i, event, recordedAt));
    const last = rows[rows.length - 1].position;
    return { result: { nextExpectedRevision: current + events.length, position: BigInt(last) }, written: true, rows };
  });

  return append;
};

const insertOne = (s: Statements, streamId: string, revision: number, event: NewEvent, recordedAt: string): EventRow => {
  try {
    const data = JSON.stringify(event.data ?? null);
    const metadata = JSON.stringify(event.metadata);
    const info = s.insert.run(event.id, streamId, revision, event.type, data, metadata, recordedAt);
    return { position: Number(info.lastInsertRowid), event_id: event.id, stream_id: streamId, revision, type: event.type, data, metadata, recorded_at: recordedAt };
  } catch (error) {
    // Only a later event of the batch can get here with a known id (the first was checked):
    // it is stored elsewhere, or repeated inside this batch. Either way a caller bug.
    if (isUniqueEventIdViolation(error)) throw new DuplicateEventIdError(event.id, streamId);
    throw error;
  }
};

// Duck-typed, not `instanceof`: the native driver keeps the SqliteError class of the first
// realm that loaded it, so in another realm (a vm context, a test sandbox) it is no `Error`.
const isUniqueEventIdViolation = (error: unknown): boolean => {
  const e = error as { code?: unknown; message?: unknown } | null;
  return typeof e === 'object' && e !== null && e.code === 'SQLITE_CONSTRAINT_UNIQUE' && String(e.message).includes('events.event_id');
};

/**
 * When the first id is already stored, the append is a repeat only if every id sits in this
 * stream at consecutive revisions in the given order; anything else is a different write
 * reusing ids.
 */
const idempotentRepeat =
  (s: Statements) =>
  (streamId: string, events: readonly NewEvent[]): AppendResult | null => {
    const first = s.eventById.get(events[0].id);
    if (!first) return null;
    let last = first;
    for (let i = 0; i < events.length; i += 1) {
      const stored = i === 0 ? first : s.eventById.get(events[i].id);
      if (!stored || stored.stream_id !== streamId || stored.revision !== first.revision + i) {
        throw new DuplicateEventIdError(stored ? events[i].id : events[0].id, streamId);
      }
      last = stored;
    }
    return { nextExpectedRevision: last.revision, position: BigInt(last.position), repeated: true };
  };

const lastPositionOf = (s: Statements, streamId: string, revision: number) => {
  if (revision < 0) return START_POSITION;
  const [row] = s.readStream.all(streamId, revision, 1);
  return row ? BigInt(row.position) : START_POSITION;
};
