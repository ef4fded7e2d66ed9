import { ConcurrencyError } from '../../../../eventstore/src/errors';
import type {
  AppendResult, EventFilter, EventStore, ExpectedRevision, NewEvent, Position, ReadAllOptions, ReadStreamOptions,
  RecordedEvent, StreamMetadata, SubscribeOptions, Subscription, SubscriptionHandler,
} from '../../../../eventstore/src/port';
import { START_POSITION } from '../../../../eventstore/src/port';
import { InMemorySubscription } from './in-memory-subscription';

const matches = (event: RecordedEvent, filter: EventFilter | undefined): boolean =>
  (!filter?.eventTypes || filter.eventTypes.includes(event.type)) &&
  (!filter?.streamPrefixes || filter.streamPrefixes.some((p) => event.streamId.startsWith(p)));

const revisionMatches = (expected: ExpectedRevision, current: number): boolean =>
  expected === 'any' || (expected === 'no_stream' ? current === -1 : expected === 'stream_exists' ? current >= 0 : expected === current);

/**
 * A test double of the EventStore port, small enough to trust by reading: one array is
 * the log, and an event's position is its index in it. `now` stamps `recordedAt`.
 */
export class InMemoryEventStore implements EventStore {
  private readonly log: RecordedEvent[] = [];
  private readonly streams = new Map<string, RecordedEvent[]>();
  private readonly metadata = new Map<string, StreamMetadata>();
  private readonly appendListeners = new Set<() => void>();
  private readonly subscriptions = new Set<InMemorySubscription>();

  constructor(private readonly options: { now?: () => Date; backoffMs?: number } = {}) {}

  async append(streamId: string, events: readonly NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    const stream = this.streams.get(streamId) ?? [];
    const repeated = events.length > 0 && stream.find((e) => e.id === events[events.length - 1].id);
    if (repeated) return { nextExpectedRevision: repeated.revision, position: repeated.position, repeated: true }; // idempotent retry
    if (!revisionMatches(expectedRevision, stream.length - 1)) throw new ConcurrencyError(streamId, expectedRevision, stream.length - 1);
    for (const event of events) {
      const recorded: RecordedEvent = {
        ...event,
        data: structuredClone(event.data),
        streamId,
        revision: stream.length,
        position: BigInt(this.log.length),
        recordedAt: (this.options.now?.() ?? new Date()).toISOString(),
      };
      stream.push(recorded);
      this.log.push(recorded);
    }
    this.streams.set(streamId, stream);
    const listeners = [...this.appendListeners];
    this.appendListeners.clear();
    for (const listener of listeners) listener();
    return { nextExpectedRevision: stream.length - 1, position: this.headNow() };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const from = options.fromRevision ?? 0;
    return (this.streams.get(streamId) ?? []).slice(from, from + (options.maxCount ?? Infinity));
  }

  async streamRevision(streamId: string): Promise<number> {
    return (this.streams.get(streamId)?.length ?? 0) - 1;
  }

  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.readAllNow(options);
  }

  async headPosition(): Promise<Position> {
    return this.headNow();
  }

  subscribe(options: SubscribeOptions, handler: SubscriptionHandler): Subscription {
    const subscription = new InMemorySubscription(this, options, handler, this.options.backoffMs ?? 5);
    this.subscriptions.add(subscription);
    return subscription;
  }

  async setStreamMetadata(streamId: string, metadata: StreamMetadata): Promise<void> {
    this.metadata.set(streamId, metadata);
  }

  async getStreamMetadata(streamId: string): Promise<StreamMetadata | null> {
    return this.metadata.get(streamId) ?? null;
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
  }

  /** Synchronous reads for the subscription (see InMemorySubscription.run). */
  readAllNow({ fromPosition = START_POSITION, maxCount, filter }: ReadAllOptions): RecordedEvent[] {
    const found: RecordedEvent[] = [];
    for (let i = Number(fromPosition) + 1; i < this.log.length && found.length < maxCount; i++) {
      if (matches(this.log[i], filter)) found.push(this.log[i]);
    }
    return found;
  }

  headNow(): Position {
    return BigInt(this.log.length - 1);
  }

  /** Calls `listener` once, at the next append; returns how to cancel. */
  onNextAppend(listener: () => void): () => void {
    this.appendListeners.add(listener);
    return () => this.appendListeners.delete(listener);
  }
}
