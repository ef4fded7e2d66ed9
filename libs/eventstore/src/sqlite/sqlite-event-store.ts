import type { Database } from 'better-sqlite3';
import type {
  AppendResult,
  EventFilter,
  EventStore,
  ExpectedRevision,
  NewEvent,
  Position,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamMetadata,
  SubscribeOptions,
  Subscription,
  SubscriptionHandler,
} from '../port';
import { START_POSITION } from '../port';
import { AppendNotifier, isVerbatim, type Appended } from './append-notifier';
import { createAppend } from './append-transaction';
import type { CommitLink, CommitParticipant } from './commit-participant';
import { openDatabase, readPragmas, type SqlitePragmas } from './database';
import { OpenedFile } from './opened-file';
import { toRecordedEvent, type EventRow } from './event-row';
import { WalCheckpointer } from '../../../sqlite/src/wal-checkpointer';
import { eventMatcher, FilteredReader, isUnfiltered, mayMatch } from './filtered-read';
import { afterCommit, GroupCommit } from './group-commit';
import { resolveOptions, type ResolvedOptions, type SqliteEventStoreOptions } from './options';
import { PollingSubscription } from './polling-subscription';
import { prepareStatements, type Statements } from './statements';
import { SubscriptionReads, type SubscriptionReadStats } from './subscription-reads';
import { ForeignAppends } from './foreign-appends';
import type { AppendedToStream, StreamChanged, StreamChangeWatch, WatchesStreams } from '../stream-changes';

const DEFAULT_BATCH_SIZE = 500;

/** The embedded event store: one SQLite file in WAL mode, shareable by several processes. */
export class SqliteEventStore implements EventStore, WatchesStreams {
  /** One connection, one FIFO commit queue (group commit keeps the queue's order). */
  readonly ordersAppends = true;
  private readonly statements: Statements;
  private readonly filtered: FilteredReader;
  private readonly groupCommit: GroupCommit;
  private readonly notifier: AppendNotifier;
  private readonly subscriptions = new Set<PollingSubscription>();
  private readonly subscriptionReads: SubscriptionReads;
  private readonly checkpointer: WalCheckpointer | null;
  private readonly streamWatchers = new Set<StreamChanged>();
  private foreignAppends: ForeignAppends | null = null;
  private closed = false;
  private readonly file: OpenedFile;

  private constructor(
    private readonly db: Database,
    private readonly options: ResolvedOptions,
  ) {
    this.file = new OpenedFile(options.file);
    this.statements = prepareStatements(db);
    this.filtered = new FilteredReader(db);
    this.notifier = new AppendNotifier(options.file);
    this.groupCommit = new GroupCommit(db, createAppend(db, this.statements), (appended, written) => {
      // Synchronously, before any append of the group is acknowledged or any reader resumes.
      this.foreignAppends?.committed(appended.after, appended.last);
      if (this.streamWatchers.size) this.tellWatchers(appended, written);
      afterCommit(() => this.notifier.notify(appended));
    }, () => this.file.check());
    try {
      this.subscriptionReads = new SubscriptionReads(
        db,
        this.statements,
        (after, max, filter) => this.rows(after, max, filter),
        () => this.head(),
        options.tail,
      );
      // Last: nothing after it can fail and leave its thread running.
      this.checkpointer =
        options.walCheckpointMs > 0 && options.walCheckpointThread && options.file !== ':memory:'
          ? new WalCheckpointer({ file: options.file, synchronous: options.synchronous, intervalMs: options.walCheckpointMs })
          : null;
    } catch (error) {
      this.notifier.close();
      throw error;
    }
  }

  /** Opens (creating when missing) the file; synchronous, so `await` on it is optional. */
  static open(options: SqliteEventStoreOptions): SqliteEventStore {
    const resolved = resolveOptions(options);
    const db = openDatabase(resolved);
    try {
      return new SqliteEventStore(db, resolved);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  async append(streamId: string, events: readonly NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    if (this.closed) throw new Error('SqliteEventStore is closed');
    return (await this.groupCommit.append(streamId, events, expectedRevision)).result;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const maxCount = options.maxCount === undefined ? -1 : checkedCount(options.maxCount);
    return this.statements.readStream.all(streamId, options.fromRevision ?? 0, maxCount).map(toRecordedEvent);
  }

  async streamRevision(streamId: string): Promise<number> {
    return this.statements.streamRevision.get(streamId) ?? -1;
  }

  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    const rows = this.rows(options.fromPosition ?? START_POSITION, checkedCount(options.maxCount), options.filter);
    return rows.map(toRecordedEvent);
  }

  writeFailure(): string | null {
    return this.file.check() ?? this.groupCommit.failure();
  }

  async headPosition(): Promise<Position> {
    return this.head();
  }

  subscribe(options: SubscribeOptions, handler: SubscriptionHandler): Subscription {
    if (this.closed) throw new Error('SqliteEventStore is closed');
    const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be ≥ 1, got ${batchSize}`);
    const matches = eventMatcher(options.filter);
    const subscription = new PollingSubscription(options.fromPosition, batchSize, handler, {
      read: (after, maxCount) => this.subscriptionReads.read(after, maxCount, options.filter, matches),
      listen: (wake) => this.notifier.listen(wake),
      mayMatch: (appended) => mayMatch(options.filter, appended),
      pollIntervalMs: this.options.pollIntervalMs,
      onStopped: (stopped) => this.subscriptions.delete(stopped),
    });
    this.subscriptions.add(subscription);
    return subscription;
  }

  async setStreamMetadata(streamId: string, metadata: StreamMetadata): Promise<void> {
    this.statements.setMetadata.run(streamId, JSON.stringify(metadata));
  }

  async getStreamMetadata(streamId: string): Promise<StreamMetadata | null> {
    const json = this.statements.getMetadata.get(streamId);
    return json === undefined ? null : (JSON.parse(json) as StreamMetadata);
  }

  /**
   * Lets another store write to this file inside this store's group commits (CommitParticipant):
   * the embedded evidence store stages small files here, so that they and the event that
   * references them reach the disk with one fsync.
   */
  joinCommits(attach: (db: Database) => CommitParticipant): CommitLink {
    if (this.closed) throw new Error('SqliteEventStore is closed');
    this.groupCommit.join(attach(this.db));
    return { requestCommit: () => this.groupCommit.schedule() };
  }

  /** See WatchesStreams: this connection's appends are told as they commit, other connections' on catch-up. */
  watchStreams(changed: StreamChanged): StreamChangeWatch {
    this.foreignAppends ??= new ForeignAppends(this.db, this.head());
    this.streamWatchers.add(changed);
    return {
      catchUp: () => {
        if (this.closed || !this.streamWatchers.has(changed)) return;
        const streamIds = this.foreignAppends?.poll() ?? null;
        // Every watcher hears it: the poll consumed the news for all of them.
        for (const watcher of this.streamWatchers) {
          if (streamIds === null) watcher(null);
          else for (const streamId of streamIds) watcher(streamId);
        }
      },
      close: () => {
        this.streamWatchers.delete(changed);
      },
    };
  }

  private tellWatchers(appended: Appended, written: ReadonlyArray<readonly EventRow[]>): void {
    for (const rows of written) {
      // Only when stored exactly as given (see Appended.verbatim; the event ids too): the rows are then what a read returns.
      const exact = appended.verbatim && isVerbatim(rows.map((row) => row.event_id));
      const stored: AppendedToStream | undefined = exact ? { firstRevision: rows[0].revision, events: () => rows.map(toRecordedEvent) } : undefined;
      for (const changed of this.streamWatchers) afterCommit(() => changed(rows[0].stream_id, stored));
    }
  }

  /** The durability settings SQLite is actually running with on this connection. */
  pragmas(): SqlitePragmas {
    return readPragmas(this.db);
  }

  /** How subscriptions have been reading the log (the shared tail, or SQLite directly). */
  subscriptionReadStats(): SubscriptionReadStats {
    return this.subscriptionReads.stats();
  }

  /** Stops every subscription (awaiting handlers in flight), then closes the file. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.groupCommit.close();
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    this.notifier.close();
    await this.checkpointer?.close();
    this.db.close();
  }

  private rows(after: Position, maxCount: number, filter: EventFilter | undefined): EventRow[] {
    return !filter || isUnfiltered(filter) ? this.statements.readAll.all(after, maxCount) : this.filtered.read(after, maxCount, filter);
  }

  private head(): Position {
    const head = this.statements.head.get();
    return head === null || head === undefined ? START_POSITION : BigInt(head);
  }
}

// SQLite reads a negative LIMIT as "no limit": refuse it rather than read the whole log.
const checkedCount = (maxCount: number): number => {
  if (!Number.isInteger(maxCount) || maxCount < 0) throw new RangeError(`maxCount must be an integer ≥ 0, got ${maxCount}`);
  return maxCount;
};
