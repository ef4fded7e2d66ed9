import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { SyncMode } from './env';
import { perSecond, since } from './stats';

/**
 * The raw ceilings: what better-sqlite3 itself does on this machine with the product's event
 * row, without any product code. The DDL mirrors libs/eventstore/src/sqlite/schema.ts
 * (columns, UNIQUE event_id, UNIQUE (stream_id, revision), the type index, STRICT,
 * AUTOINCREMENT position); written out here so the ceiling never silently inherits a
 * product change it is meant to be compared against.
 */
const DDL = `
CREATE TABLE events (
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
CREATE INDEX events_type ON events (type);
`;

// Bounded by count and by time, whichever comes first.
const SINGLE = { maxEvents: 50_000, maxMs: 3_000 };
const BATCHED = { maxEvents: 200_000, maxMs: 3_000, perTransaction: 10_000 };
const READ_PAGE = 1_000; // the product's subscriptions read in pages too (500 by default)
const STREAMS = 1_000; // appends spread over many streams, as many concurrent jobs do

export type CeilingResult = {
  readonly sqliteSingleAppendPerSec: number;
  readonly sqliteBatchedAppendPerSec: number;
  readonly sqliteReadPerSec: number;
  readonly events: { readonly single: number; readonly batched: number; readonly read: number };
};

type Row = [eventId: string, streamId: string, revision: number, type: string, data: string, metadata: string, recordedAt: string];

/** Rows shaped and sized like the product's (an evidence-like payload, full metadata). */
const rowMaker = () => {
  const revisions = new Int32Array(STREAMS).fill(-1);
  let n = 0;
  return (): Row => {
    const stream = n++ % STREAMS;
    const id = randomUUID();
    const now = new Date().toISOString();
    const data = { serviceEventId: randomUUID(), category: 'before', sha256: 'ab'.repeat(32), sizeBytes: 48_213, capturedAt: now };
    const metadata = {
      eventId: id, occurredAt: now, actor: { id: 'operator:ana', role: 'operator' },
      correlationId: randomUUID(), causationId: randomUUID(), commandId: randomUUID(), schemaVersion: 1,
    };
    return [id, `job-bench-${stream.toString(16).padStart(8, '0')}`, ++revisions[stream], 'EvidenceCaptured', JSON.stringify(data), JSON.stringify(metadata), now];
  };
};

const openCeilingDb = (file: string, sync: SyncMode): Database.Database => {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${sync === 'normal' ? 'NORMAL' : 'FULL'}`);
  db.exec(DDL);
  return db;
};

const insertSql = 'INSERT INTO events (event_id, stream_id, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)';

/**
 * One transaction (one WAL commit, one fsync under FULL) per event: the shape of one command.
 * Rows are built beforehand: only SQLite is inside the timing.
 */
const singleAppends = (db: Database.Database, next: () => Row, maxMs: number): { events: number; perSec: number } => {
  const insert = db.prepare(insertSql);
  const appendOne = db.transaction((row: Row) => insert.run(...row));
  const rows = Array.from({ length: SINGLE.maxEvents }, next);
  let events = 0;
  const start = performance.now();
  while (events < rows.length && since(start) < maxMs) appendOne.immediate(rows[events++]);
  return { events, perSec: perSecond(events, since(start)) };
};

/** The single-append ceiling alone, on a fresh file: taken again at the end of a run to show how much the disk drifted. */
export const measureSingleAppendCeiling = (dir: string, sync: SyncMode): number => {
  const db = openCeilingDb(join(dir, 'ceiling-again.sqlite'), sync);
  try {
    return singleAppends(db, rowMaker(), SINGLE.maxMs).perSec;
  } finally {
    db.close();
  }
};

export const measureCeilings = (dir: string, sync: SyncMode): CeilingResult => {
  const db = openCeilingDb(join(dir, 'ceiling.sqlite'), sync);
  try {
    const insert = db.prepare(insertSql);
    const next = rowMaker();
    const single = singleAppends(db, next, SINGLE.maxMs);

    // Many events per transaction: the cost of the rows themselves, fsync amortised away.
    const appendMany = db.transaction((rows: Row[]) => {
      for (const row of rows) insert.run(...row);
    });
    let batched = 0;
    let batchedMs = 0; // row building stays outside the timing: only SQLite is measured
    const t2 = performance.now();
    while (batched < BATCHED.maxEvents && since(t2) < BATCHED.maxMs) {
      const rows = Array.from({ length: BATCHED.perTransaction }, next);
      const t = performance.now();
      appendMany.immediate(rows);
      batchedMs += since(t);
      batched += rows.length;
    }

    // Reading back everything in position order, page by page, parsing both JSON columns.
    const page = db.prepare<[number, number], { position: number; data: string; metadata: string }>(
      'SELECT position, event_id, stream_id, revision, type, data, metadata, recorded_at FROM events WHERE position > ? ORDER BY position LIMIT ?',
    );
    let read = 0;
    let after = 0;
    let checksum = 0; // keeps the parse from being optimised away
    const t3 = performance.now();
    for (;;) {
      const rows = page.all(after, READ_PAGE);
      if (rows.length === 0) break;
      for (const row of rows) {
        checksum += (JSON.parse(row.data) as { sizeBytes: number }).sizeBytes + (JSON.parse(row.metadata) as { schemaVersion: number }).schemaVersion;
      }
      read += rows.length;
      after = rows[rows.length - 1].position;
    }
    const readMs = since(t3);
    if (checksum < 0) throw new Error('unreachable');

    return {
      sqliteSingleAppendPerSec: single.perSec,
      sqliteBatchedAppendPerSec: perSecond(batched, batchedMs),
      sqliteReadPerSec: perSecond(read, readMs),
      events: { single: single.events, batched, read },
    };
  } finally {
    db.close();
  }
};
