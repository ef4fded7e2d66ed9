import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { FALLBACK_AUTOCHECKPOINT_PAGES } from '../../../sqlite/src/wal-checkpointer';

export type SqliteReadStoreOptions = {
  readonly file: string;
  /**
   * `normal` (default) may lose the last commits on power loss but never corrupts in WAL
   * mode; a read model loses nothing by it, because documents and checkpoint are committed
   * together and the lost tail is simply re-projected. `full` syncs every commit.
   */
  readonly synchronous?: 'full' | 'normal';
  /** How long a writer waits for another connection's lock (the worker and the API may share a file). */
  readonly busyTimeoutMs?: number;
  /**
   * > 0: a thread of its own checkpoints the WAL this often (ms), so batch commits never do;
   * 0 (default): SQLite checkpoints inside the commit that fills the WAL.
   */
  readonly walCheckpointMs?: number;
  /**
   * With `walCheckpointMs` > 0: false when another store of this process on the same file runs
   * the checkpointing thread (the processors' thread's stores leave it to the API thread's).
   */
  readonly walCheckpointThread?: boolean;
};

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS checkpoints (name TEXT PRIMARY KEY, position INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS leases (name TEXT PRIMARY KEY, holder TEXT NOT NULL, expires_at INTEGER NOT NULL);
`;

/** `$text`: SQLite's lower() folds ASCII only, so case-insensitive matching runs in JS. */
const icontains = (haystack: unknown, needle: unknown): number =>
  typeof haystack === 'string' && typeof needle === 'string' && haystack.toLowerCase().includes(needle.toLowerCase()) ? 1 : 0;

export const openDatabase = (options: SqliteReadStoreOptions): Database.Database => {
  const synchronous = options.synchronous ?? 'normal';
  if (synchronous !== 'full' && synchronous !== 'normal') throw new Error(`synchronous must be 'full' or 'normal', not ${String(synchronous)}`);
  if (options.file !== ':memory:') mkdirSync(dirname(options.file), { recursive: true });
  const db = new Database(options.file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${synchronous.toUpperCase()}`);
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
    if ((options.walCheckpointMs ?? 0) > 0) db.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
    db.function('jl_icontains', { deterministic: true }, icontains);
    db.exec(SCHEMA);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
};
