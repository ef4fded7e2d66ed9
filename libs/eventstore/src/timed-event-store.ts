import type { AppendResult, EventStore, ExpectedRevision, NewEvent, Position, ReadAllOptions, ReadStreamOptions, RecordedEvent, StreamMetadata, SubscribeOptions, Subscription, SubscriptionHandler } from './port';

/** Reports how long each append took (successful or not) to `observe`, in seconds. */
export class TimedEventStore implements EventStore {
  constructor(private readonly inner: EventStore, private readonly observe: (seconds: number) => void) {}

  async append(streamId: string, events: readonly NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    const started = process.hrtime.bigint();
    try {
      return await this.inner.append(streamId, events, expectedRevision);
    } finally {
      this.observe(Number(process.hrtime.bigint() - started) / 1e9);
    }
  }
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.inner.readStream(streamId, options);
  }
  streamRevision(streamId: string): Promise<number> {
    return this.inner.streamRevision(streamId);
  }
  readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.inner.readAll(options);
  }
  headPosition(): Promise<Position> {
    return this.inner.headPosition();
  }
  subscribe(options: SubscribeOptions, handler: SubscriptionHandler): Subscription {
    return this.inner.subscribe(options, handler);
  }
  setStreamMetadata(streamId: string, metadata: StreamMetadata): Promise<void> {
    return this.inner.setStreamMetadata(streamId, metadata);
  }
  getStreamMetadata(streamId: string): Promise<StreamMetadata | null> {
    return this.inner.getStreamMetadata(streamId);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}
