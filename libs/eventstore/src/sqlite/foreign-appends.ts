import type { Database, Statement } from 'better-sqlite3';
import type { Position } from '../port';

/** Beyond this many streams, one catch-up says "anything may have changed" instead of listing them. */
const MAX_LISTED = 4096;

/**
 * Finds the streams that other connections (other threads, other processes) appended to.
 * `PRAGMA data_version` moves only when another connection committed, and costs a fraction of
 * a stream query; only then are the events after the last position seen listed, once for all
 * streams. Positions are handed out under the write lock, so every commit of another writer
 * after that position lands above it.
 */
export class ForeignAppends {
  private readonly dataVersion: Statement<[], number>;
  private readonly touched: Statement<[bigint], [position: number, streamId: string]>;
  private lastDataVersion: number;
  private seenUpTo: Position;

  constructor(db: Database, head: Position) {
    this.dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
    // Row by row, no GROUP BY: a handful of new rows costs less than the sort a grouping needs.
    this.touched = db.prepare<[bigint], [position: number, streamId: string]>('SELECT position, stream_id FROM events WHERE position > ?').raw();
    // Read after `head` (the caller's): a commit in between is counted in this version, so no
    // poll lists it. That loses nothing: a watcher keeps only streams it read after it was
    // registered, so after that commit.
    this.lastDataVersion = this.dataVersion.get() ?? 0;
    // Positions start at 1: an empty log has been seen "up to 0", so the first commit follows on.
    this.seenUpTo = head > 0n ? head : 0n;
  }

  /**
   * This connection committed (after, last]. When nothing lies unlisted below it, the next
   * listing can start above it: this connection's own streams are not reported back to it.
   */
  committed(after: Position, last: Position): void {
    if (after <= this.seenUpTo && last > this.seenUpTo) this.seenUpTo = last;
  }

  /** The streams appended to by others since the last poll: [] for none, null for too many to list. */
  poll(): readonly string[] | null {
    const version = this.dataVersion.get() ?? 0;
    if (version === this.lastDataVersion) return [];
    const streamIds = new Set<string>();
    let last = -1;
    for (const [position, streamId] of this.touched.iterate(this.seenUpTo)) {
      if (position > last) last = position;
      if (streamIds.size <= MAX_LISTED) streamIds.add(streamId);
    }
    if (last >= 0 && BigInt(last) > this.seenUpTo) this.seenUpTo = BigInt(last);
    // Only now: a listing that failed (busy, I/O) must be tried again by the next poll.
    this.lastDataVersion = version;
    return streamIds.size > MAX_LISTED ? null : [...streamIds];
  }
}
