import type {
  AppendResult, EventStore, ExpectedRevision, NewEvent, Position, ReadAllOptions, ReadStreamOptions, RecordedEvent, StreamMetadata,
  SubscribeOptions, SubscriptionHandler, Subscription,
} from './port';

/** Forwards everything to `inner`: a decorator overrides only what it changes. */
export class DelegatingEventStore implements EventStore {
  constructor(readonly inner: EventStore) {}

  get ordersAppends(): boolean | undefined {
    return this.inner.ordersAppends;
  }

  append(streamId: string, events: readonly NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    return this.inner.append(streamId, events, expectedRevision);
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
  writeFailure(): string | null {
    return this.inner.writeFailure?.() ?? null;
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
