import Database from 'better-sqlite3';
import { FALLBACK_AUTOCHECKPOINT_PAGES } from '../../../sqlite/src/wal-checkpointer';
import { BUSY_TIMEOUT_MS, type ResolvedOptions } from './options';
import { applySchema } from './schema';

/** What the connection actually runs with, read back from SQLite (for tests and /health). */
export type SqlitePragmas = {
  readonly journalMode: string;
  /** 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA, as SQLite reports it. */
  readonly synchronous: number;
  readonly busyTimeoutMs: number;
  /** WAL pages after which a commit checkpoints itself (raised when a checkpointer thread runs). */
  readonly walAutocheckpoint: number;
};

export const openDatabase = (options: ResolvedOptions): Database.Database => {
  const db = new Database(options.file);
  try {
    // busy_timeout first: switching to WAL needs a lock another process may hold.
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
    if (options.walCheckpointMs > 0) db.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
    applySchema(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
};

export const readPragmas = (db: Database.Database): SqlitePragmas => ({
  journalMode: String(db.pragma('journal_mode', { simple: true })),
  synchronous: Number(db.pragma('synchronous', { simple: true })),
  busyTimeoutMs: Number(db.pragma('busy_timeout', { simple: true })),
  walAutocheckpoint: Number(db.pragma('wal_autocheckpoint', { simple: true })),
});
