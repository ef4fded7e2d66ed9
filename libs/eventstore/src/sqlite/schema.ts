import type { Database } from 'better-sqlite3';

/** Bumped with every change to the DDL below; read back by future migrations. */
export const SCHEMA_VERSION = 1;

// STRICT tables: a wrong column type is refused at write time instead of silently coerced.
// `position` is the rowid, so every secondary index already carries it: the index on `type`
// serves "types X, after position P, in order" without a sort.
// The triggers live in the file, so the log stays append-only whatever program opens it.
const DDL = `
CREATE TABLE IF NOT EXISTS events (
  position    INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id    TEXT    NOT NULL UNIQUE,
  stream_id   TEXT    NOT NULL,
  revision    INTEGER NOT NULL,
  type        TEXT    NOT NULL,
  data        TEXT    NOT NULL,
  metadata    TEXT    NOT NULL,
  recorded_at TEXT    NOT NULL,
  UNIQUE (stream_id, revision)
) STRICT;

CREATE INDEX IF NOT EXISTS events_type ON events (type);

CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;

CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;

CREATE TABLE IF NOT EXISTS stream_metadata (
  stream_id TEXT PRIMARY KEY,
  data      TEXT NOT NULL
) STRICT;
`;

/** Creates the tables once; safe when several processes open a new file at the same time. */
export const applySchema = (db: Database): void => {
  // IMMEDIATE takes the write lock up front, so racing openers queue on busy_timeout
  // instead of failing to upgrade a read lock half-way through the DDL.
  db.transaction(() => {
    db.exec(DDL);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
};
