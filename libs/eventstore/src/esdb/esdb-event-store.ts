import { BACKWARDS, END, excludeSystemEvents, FORWARDS, type AllStreamResolvedEvent, type ReadPosition } from '@eventstore/db-client';
import { backoffDelay } from '../backoff';
import type {
  AppendResult,
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
import { ConcurrencyError } from '../errors';
import { CatchUpSubscription, type LiveItem, type LogPage } from './catch-up-subscription';
import { connectEsdb, type EsdbClient } from './client';
import { EventStoreUnavailableError, isStreamNotFound, toStoreError } from './errors';
import { LiveFeed } from './live-feed';
import { fromClientMetadata, toClientMetadata } from './metadata';
import { fromClientPosition, toClientPosition } from './positions';
import { isSystemEvent, matchesFilter, positionOf, toEventData, toRecordedEvent } from './recorded-event';
import { toClientExpectedRevision, toRevision } from './revisions';

const DEFAULT_BATCH_SIZE = 500;
/** Records per read of $all: filtered reads scan past what they leave out in pages this size. */
const PAGE_SIZE = 1000;
/** Records per backwards read when looking for the newest jobledger event. */
const HEAD_PAGE_SIZE = 32;
/** The client sets no deadline on streamed reads: an unreachable server would stall a read (or /health) for good. */
const DEFAULT_DEADLINE_MS = 10_000;
const LATE = Symbol('late');

export type EsdbEventStoreOptions = {
  /** Delay before resubscribing after the n-th consecutive failure (default: 100 ms doubling to 5 s). */
  readonly retryDelayMs?: (failures: number) => number;
  /** How long one read (a stream, a page of $all) or one append may take before it fails as unavailable. */
  readonly deadlineMs?: number;
};

/** The production event store: EventStoreDB (or KurrentDB) through `@eventstore/db-client`. */
export class EsdbEventStore implements EventStore {
  private readonly subscriptions = new Set<CatchUpSubscription>();
  private readonly retryDelayMs: (failures: number) => number;
  private readonly deadline: number;
  private closed = false;

  constructor(
    private readonly client: EsdbClient,
    options: EsdbEventStoreOptions = {},
  ) {
    this.retryDelayMs = options.retryDelayMs ?? backoffDelay;
    this.deadline = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
  }

  static connect(connectionString: string, options?: EsdbEventStoreOptions): EsdbEventStore {
    return new EsdbEventStore(connectEsdb(connectionString), options);
  }

  async append(streamId: string, events: readonly NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    this.ensureOpen();
    const expected = toClientExpectedRevision(expectedRevision);
    let result;
    try {
      // An append the server never answers (its batch stream ended without an error) would hang the command.
      result = await this.withinDeadline(() => this.client.appendToStream(streamId, events.map(toEventData), { expectedRevision: expected }), `append to ${streamId}`);
    } catch (error) {
      throw toStoreError(error, `append to ${streamId}`, streamId, expectedRevision);
    }
    // A client built from `…?throwOnAppendFailure=false` answers a wrong expected version instead
    // of throwing it, and its batch path then misreports the stream's revision: read it again.
    if (!result.success) throw new ConcurrencyError(streamId, expectedRevision, await this.streamRevision(streamId));
    const next = toRevision(result.nextExpectedRevision);
    // A repeat the server recognised is answered for the earlier events. An answer without a
    // position (an empty append, or a server that leaves it out) is completed by a read, and so
    // is one of many events: the server answers its write's commit position, which neither the
    // client nor the server's docs say is the last event's, and a caller waits for that one (its
    // read models hold the whole command once they reach it).
    const position = result.position && events.length === 1 ? fromClientPosition(result.position) : await this.positionAt(streamId, next);
    return { nextExpectedRevision: next, position };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const from = options.fromRevision ?? 0;
    if (!Number.isSafeInteger(from) || from < 0) throw new RangeError(`fromRevision must be an integer ≥ 0, got ${from}`);
    if (options.maxCount !== undefined && checkedCount(options.maxCount) === 0) return [];
    const read = this.client.readStream(streamId, {
      fromRevision: BigInt(from),
      direction: FORWARDS,
      deadline: this.deadline,
      ...(options.maxCount === undefined ? {} : { maxCount: options.maxCount }),
    });
    return (await this.collect(read, `read ${streamId}`)).filter((r) => r.event !== undefined).map(toRecordedEvent);
  }

  async streamRevision(streamId: string): Promise<number> {
    const [last] = await this.collect(this.client.readStream(streamId, { fromRevision: END, direction: BACKWARDS, maxCount: 1, deadline: this.deadline }), `read ${streamId}`);
    return last?.event ? toRevision(last.event.revision) : -1;
  }

  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    const maxCount = checkedCount(options.maxCount);
    const found: RecordedEvent[] = [];
    let after = options.fromPosition ?? START_POSITION;
    while (found.length < maxCount) {
      const wanted = maxCount - found.length;
      const page = await this.readPage(after, options.filter ? PAGE_SIZE : Math.min(wanted, PAGE_SIZE));
      found.push(...page.events.filter((e) => matchesFilter(options.filter, e)).slice(0, wanted));
      if (page.atHead || page.last === undefined) break;
      after = page.last;
    }
    return found;
  }

  async headPosition(): Promise<Position> {
    let from: ReadPosition = END;
    for (;;) {
      const records = await this.collect(this.client.readAll({ fromPosition: from, direction: BACKWARDS, maxCount: HEAD_PAGE_SIZE, deadline: this.deadline }), 'read $all');
      const before: Position | undefined = from === END ? undefined : from.commit;
      const older: AllStreamResolvedEvent[] = before === undefined ? records : records.filter((r) => (positionOf(r) ?? before) < before);
      const newest = older.find((r) => !isSystemEvent(r));
      if (newest) return positionOf(newest) ?? START_POSITION;
      const oldest: Position | undefined = older.length > 0 ? positionOf(older[older.length - 1]) : undefined;
      if (records.length < HEAD_PAGE_SIZE || oldest === undefined) return START_POSITION;
      from = { commit: oldest, prepare: oldest };
    }
  }

  subscribe(options: SubscribeOptions, handler: SubscriptionHandler): Subscription {
    this.ensureOpen();
    const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be ≥ 1, got ${batchSize}`);
    const subscription = new CatchUpSubscription(options.fromPosition, handler, {
      filter: options.filter,
      batchSize,
      pageSize: PAGE_SIZE,
      readPage: (after, maxCount) => this.readPage(after, maxCount),
      openLive: (after) => new LiveFeed(this.client.subscribeToAll({ fromPosition: toClientPosition(after), filter: excludeSystemEvents() }), toLiveItem),
      retryDelayMs: this.retryDelayMs,
      onStopped: (stopped) => this.subscriptions.delete(stopped),
    });
    this.subscriptions.add(subscription);
    return subscription;
  }

  async setStreamMetadata(streamId: string, metadata: StreamMetadata): Promise<void> {
    let result;
    try {
      result = await this.client.setStreamMetadata(streamId, toClientMetadata(metadata));
    } catch (error) {
      throw toStoreError(error, `set metadata of ${streamId}`);
    }
    // Written with any expected revision, so only a server's refusal answered in place of an error is left.
    if (!result.success) throw new Error(`EventStoreDB did not set the metadata of ${streamId}`);
  }

  async getStreamMetadata(streamId: string): Promise<StreamMetadata | null> {
    try {
      return fromClientMetadata(await this.client.getStreamMetadata(streamId));
    } catch (error) {
      throw toStoreError(error, `read metadata of ${streamId}`);
    }
  }

  /** Stops every subscription (awaiting handlers in flight), then disposes the client. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    await this.client.dispose();
  }

  /**
   * Records of $all after `after` (exclusive). The server reads from a position inclusively,
   * so one more is asked for and the record at `after` itself dropped.
   */
  private async readPage(after: Position, maxCount: number): Promise<LogPage> {
    const fromStart = after <= START_POSITION;
    const wanted = fromStart ? maxCount : maxCount + 1;
    const records = await this.collect(this.client.readAll({ fromPosition: toClientPosition(after), direction: FORWARDS, maxCount: wanted, deadline: this.deadline }), 'read $all');
    const fresh = records.filter((r) => (positionOf(r) ?? START_POSITION) > after);
    return {
      events: fresh.filter((r) => !isSystemEvent(r)).map(toRecordedEvent),
      last: fresh.length > 0 ? positionOf(fresh[fresh.length - 1]) : undefined,
      atHead: records.length < wanted,
    };
  }

  /** Position of the event at `revision` of a stream (START_POSITION for none). */
  private async positionAt(streamId: string, revision: number): Promise<Position> {
    if (revision < 0) return START_POSITION;
    const [event] = await this.readStream(streamId, { fromRevision: revision, maxCount: 1 });
    return event?.position ?? START_POSITION;
  }

  /**
   * Everything a read yields; a stream that does not exist reads as empty. The client drops the
   * deadline it is given on streamed reads (it passes its own, `Infinity`, to gRPC), so a server
   * that takes the call and never answers would hold the read, and `/health`, for good: the
   * deadline is kept here, and a read that goes that long without an item is cancelled and fails
   * as unavailable. It counts from the last item, not the first: a long stream that keeps coming
   * is read to its end, however long that takes.
   */
  private async collect<T>(read: AsyncIterable<T> & { cancel?: () => Promise<void> }, operation: string): Promise<T[]> {
    const items: T[] = [];
    try {
      await this.withinDeadline(async (progressed) => {
        for await (const item of read) {
          items.push(item);
          progressed();
        }
      }, operation, () => void read.cancel?.().catch(() => undefined));
    } catch (error) {
      if (error instanceof EventStoreUnavailableError) throw error;
      if (isStreamNotFound(error)) return [];
      throw toStoreError(error, operation);
    }
    return items;
  }

  /**
   * `work`'s result, or, once the deadline passes without it (counted from the last time `work`
   * said it progressed), `onLate` (to stop it) and unavailable: for a write, the outcome is unknown.
   */
  private async withinDeadline<T>(work: (progressed: () => void) => Promise<T>, operation: string, onLate?: () => void): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<typeof LATE>((resolve) => (timer = setTimeout(() => resolve(LATE), this.deadline)));
    const working = work(() => timer?.refresh());
    try {
      const first = await Promise.race([working, late]);
      if (first !== LATE) return first;
      working.catch(() => undefined); // abandoned: how it ends is of no interest now
      onLate?.();
      throw new EventStoreUnavailableError(operation, new Error(`no answer within ${this.deadline} ms`));
    } finally {
      clearTimeout(timer);
    }
  }

  private ensureOpen(): void {
    if (this.closed) throw new Error('EsdbEventStore is closed');
  }
}

const toLiveItem = (resolved: AllStreamResolvedEvent): LiveItem => ({
  position: positionOf(resolved),
  event: isSystemEvent(resolved) ? undefined : toRecordedEvent(resolved),
});

// The client reads a missing maxCount as "everything": refuse anything but a real count.
const checkedCount = (maxCount: number): number => {
  if (!Number.isInteger(maxCount) || maxCount < 0) throw new RangeError(`maxCount must be an integer ≥ 0, got ${maxCount}`);
  return maxCount;
};
