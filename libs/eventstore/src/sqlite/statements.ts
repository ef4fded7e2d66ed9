import type { Database, Statement } from 'better-sqlite3';
import { EVENT_COLUMNS, type EventRow } from './event-row';

/** Where an already stored event id sits: enough to decide whether an append is a repeat. */
export type StoredEventRef = { readonly stream_id: string; readonly revision: number; readonly position: number };

export type InsertParams = [
  eventId: string,
  streamId: string,
  revision: number,
  type: string,
  data: string,
  metadata: string,
  recordedAt: string,
];

/** Every fixed-shape statement, prepared once per connection: append is the hot path. */
export type Statements = {
  readonly streamRevision: Statement<[string], number | null>;
  readonly eventById: Statement<[string], StoredEventRef>;
  readonly insert: Statement<InsertParams>;
  readonly readStream: Statement<[string, number, number], EventRow>;
  readonly readAll: Statement<[bigint, number], EventRow>;
  readonly head: Statement<[], number | null>;
  readonly setMetadata: Statement<[string, string]>;
  readonly getMetadata: Statement<[string], string>;
};

export const prepareStatements = (db: Database): Statements => ({
  // MAX over the (stream_id, revision) unique index is a single index probe.
  streamRevision: db.prepare<[string], number | null>('SELECT MAX(revision) FROM events WHERE stream_id = ?').pluck(),
  eventById: db.prepare<[string], StoredEventRef>('SELECT stream_id, revision, position FROM events WHERE event_id = ?'),
  insert: db.prepare<InsertParams>(
    'INSERT INTO events (event_id, stream_id, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ),
  // LIMIT -1 is SQLite for "no limit".
  readStream: db.prepare<[string, number, number], EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?`,
  ),
  readAll: db.prepare<[bigint, number], EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`,
  ),
  head: db.prepare<[], number | null>('SELECT MAX(position) FROM events').pluck(),
  setMetadata: db.prepare<[string, string]>(
    'INSERT INTO stream_metadata (stream_id, data) VALUES (?, ?) ON CONFLICT (stream_id) DO UPDATE SET data = excluded.data',
  ),
  getMetadata: db.prepare<[string], string>('SELECT data FROM stream_metadata WHERE stream_id = ?').pluck(),
});
