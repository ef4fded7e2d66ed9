import type { Database, Statement } from 'better-sqlite3';
import type { EventFilter, Position } from '../port';
import { toRecordedEvent, type EventRow } from './event-row';
import type { EventMatcher } from './filtered-read';
import { LogTail, type TailBounds } from './log-tail';
import type { BatchRead } from './polling-subscription';
import type { Statements } from './statements';

/** Reads of `events` made for subscriptions since the store opened, and the tail's size now. */
export type SubscriptionReadStats = {
  /** Looks at the log (its head, and any events after the tail) to bring the tail up to date. */
  readonly tailReads: number;
  /** Filtered reads from SQLite, for subscriptions behind the tail. */
  readonly directReads: number;
  readonly tailEvents: number;
  readonly tailBytes: number;
};

type ReadRows = (after: Position, maxCount: number, filter: EventFilter | undefined) => EventRow[];
type ReadHead = () => Position;

/** What the log looked like when the tail was last brought up to date. */
type LogVersion = { readonly data_version: number; readonly changes: number };

/**
 * Batches for subscriptions. Near the head, all of them are answered from one shared tail of
 * the log, brought up to date by ONE unfiltered read per change of the log and filtered in
 * memory; further behind (catch-up, rebuilds) each reads its filtered batch from SQLite, and
 * moves onto the tail once it reaches it.
 *
 * Why "everything after `end`" read at one snapshot extends the tail without a gap: SQLite lets
 * one writer at a time commit (BEGIN IMMEDIATE; in WAL a writer always works on the newest
 * snapshot), and AUTOINCREMENT gives each insert a position above every position ever used. So
 * positions become visible in commit order and no later commit fills a hole below a visible
 * position: a snapshot whose head is H holds every event ≤ H there will ever be. This holds for
 * every connection to the file, in any thread or process. Events are never updated or deleted
 * (the file's triggers refuse it), so what the tail holds stays true.
 *
 * Knowing that nothing changed since the tail's snapshot needs no read of the log:
 * `data_version` changes when another connection commits, `total_changes()` when this one
 * writes; while both stand still, the tail's `end` is still the head.
 */
export class SubscriptionReads {
  private readonly tail: LogTail;
  private readonly version: Statement<[], LogVersion>;
  private readonly refresh: () => void;
  private readonly directRead: (after: Position, maxCount: number, filter: EventFilter | undefined) => BatchRead;
  private seen: LogVersion | undefined;
  private tailReads = 0;
  private directReads = 0;

  constructor(db: Database, statements: Statements, readRows: ReadRows, headNow: ReadHead, bounds: TailBounds) {
    this.tail = new LogTail(headNow(), bounds);
    this.version = db.prepare<[], LogVersion>('SELECT data_version, total_changes() AS changes FROM pragma_data_version');
    this.refresh = db.transaction(() => {
      this.tailReads += 1;
      const head = headNow();
      const version = this.version.get();
      const end = this.tail.end;
      // Positions are unique integers, so (end, head] holds at most head − end events.
      if (head - end > BigInt(bounds.maxEvents)) this.tail.restart(head);
      else if (head > end) {
        const rows = statements.readAll.all(end, Number(head - end));
        const events = rows.map(toRecordedEvent);
        this.tail.extend(events, rows.map((row) => row.data.length + row.metadata.length), head);
      }
      // Last: a read that failed leaves the tail as it was, and the next read tries again.
      this.seen = version;
    });
    // The batch and the head from one snapshot: another process's commit cannot slip between them.
    this.directRead = db.transaction((after: Position, maxCount: number, filter: EventFilter | undefined) => {
      this.directReads += 1;
      return { events: readRows(after, maxCount, filter).map(toRecordedEvent), head: headNow() };
    });
  }

  /**
   * Up to `maxCount` events after `after` that pass the filter, in order, and the head of the
   * same snapshot. `matches` is the filter decided in memory; without one, always SQLite.
   */
  read(after: Position, maxCount: number, filter: EventFilter | undefined, matches: EventMatcher | undefined): BatchRead {
    if (matches && this.tail.covers(after)) {
      if (!this.isCurrent()) this.refresh();
      // A refresh may have moved the tail past `after` (a long burst, or the bounds).
      if (this.tail.covers(after)) return { events: this.tail.select(after, maxCount, matches), head: this.tail.end };
    }
    return this.directRead(after, maxCount, filter);
  }

  stats(): SubscriptionReadStats {
    return {
      tailReads: this.tailReads,
      directReads: this.directReads,
      tailEvents: this.tail.eventCount,
      tailBytes: this.tail.byteCount,
    };
  }

  private isCurrent(): boolean {
    const seen = this.seen;
    if (!seen) return false;
    const now = this.version.get();
    return now !== undefined && now.data_version === seen.data_version && now.changes === seen.changes;
  }
}
