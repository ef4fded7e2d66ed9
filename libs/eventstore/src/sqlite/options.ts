import { DEFAULT_TAIL_BOUNDS, type TailBounds } from './log-tail';

export type SqliteEventStoreOptions = {
  /** Path of the database file (created when missing); ':memory:' for a private in-memory log. */
  readonly file: string;
  /**
   * 'full' (default): an acknowledged append survives a power cut.
   * 'normal': faster in WAL mode; a power cut may lose the last appends, never corrupt the file.
   */
  readonly synchronous?: 'full' | 'normal';
  /** How often an idle subscription looks for appends made by other processes. */
  readonly pollIntervalMs?: number;
  /**
   * > 0: a thread of its own checkpoints the WAL this often (ms), so appends never do;
   * 0 (default): SQLite checkpoints inside the commit that fills the WAL.
   */
  readonly walCheckpointMs?: number;
  /**
   * With `walCheckpointMs` > 0: false when another store of this process on the same file runs
   * the checkpointing thread (the processors' thread's stores leave it to the API thread's).
   */
  readonly walCheckpointThread?: boolean;
  /** How much of the newest log subscriptions share in memory (see `LogTail`). */
  readonly tail?: Partial<TailBounds>;
};

export type ResolvedOptions = Required<Omit<SqliteEventStoreOptions, 'tail'>> & { readonly tail: TailBounds };

export const DEFAULT_POLL_INTERVAL_MS = 200;

/** Long enough for a competing process's commit (fsync included) to finish under load. */
export const BUSY_TIMEOUT_MS = 5000;

export const resolveOptions = (options: SqliteEventStoreOptions): ResolvedOptions => {
  const pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  if (!Number.isFinite(pollIntervalMs) || pollIntervalMs <= 0) {
    throw new RangeError(`pollIntervalMs must be a positive number, got ${pollIntervalMs}`);
  }
  const walCheckpointMs = options.walCheckpointMs ?? 0;
  if (!Number.isInteger(walCheckpointMs) || walCheckpointMs < 0) {
    throw new RangeError(`walCheckpointMs must be an integer ≥ 0, got ${walCheckpointMs}`);
  }
  const tail = { ...DEFAULT_TAIL_BOUNDS, ...options.tail };
  for (const [name, bound] of Object.entries(tail)) {
    if (!Number.isInteger(bound) || bound < 0) throw new RangeError(`tail.${name} must be an integer ≥ 0, got ${bound}`);
  }
  return { file: options.file, synchronous: options.synchronous ?? 'full', pollIntervalMs, walCheckpointMs, walCheckpointThread: options.walCheckpointThread ?? true, tail };
};
