import { DelegatingEventStore } from './delegating-event-store';
import type { EventStore, ReadStreamOptions, RecordedEvent } from './port';

export const DEFAULT_CACHED_EVENTS = 100_000;

/**
 * A read-through cache of streams in front of any event store. Events are immutable and a
 * stream's revisions are dense (0..n-1), so a cached stream only ever needs the events after
 * its cached length: each read asks the store for those (one indexed query, usually empty) and
 * parses nothing it parsed before. Appends from other processes are therefore seen as soon as
 * they are committed. Least recently read streams are evicted beyond `maxEvents`.
 *
 * Relies on streams never being truncated or deleted (jobledger never does either). Returned
 * events are shared between readers: they must be treated as read-only, as deciders do.
 */
export class CachingEventStore extends DelegatingEventStore {
  private readonly streams = new Map<string, readonly RecordedEvent[]>();
  private cachedEvents = 0;

  constructor(
    inner: EventStore,
    private readonly maxEvents: number = DEFAULT_CACHED_EVENTS,
  ) {
    super(inner);
  }

  override async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const events = await this.current(streamId);
    const from = options.fromRevision ?? 0;
    return events.slice(from, options.maxCount === undefined ? undefined : from + options.maxCount);
  }

  override async streamRevision(streamId: string): Promise<number> {
    return (await this.current(streamId)).length - 1;
  }

  // Appends are not written into the cache: the next read fetches what was committed, in its stored form.

  override close(): Promise<void> {
    this.streams.clear();
    this.cachedEvents = 0;
    return this.inner.close();
  }

  private async current(streamId: string): Promise<readonly RecordedEvent[]> {
    const cached = this.streams.get(streamId) ?? [];
    const fresh = await this.inner.readStream(streamId, { fromRevision: cached.length });
    // Another reader may have extended the entry while this one awaited: keep the longer.
    const latest = this.streams.get(streamId) ?? cached;
    const events = fresh.length && cached.length + fresh.length > latest.length ? [...cached, ...fresh] : latest;
    this.remember(streamId, events);
    return events;
  }

  private remember(streamId: string, events: readonly RecordedEvent[]): void {
    if (!events.length || events.length > this.maxEvents / 4) {
      this.forget(streamId); // nothing worth keeping, or one stream would crowd out the rest
      return;
    }
    this.cachedEvents += events.length - (this.streams.get(streamId)?.length ?? 0);
    this.streams.delete(streamId); // re-inserted last: Map order is the recency order
    this.streams.set(streamId, events);
    for (const [oldest, evicted] of this.streams) {
      if (this.cachedEvents <= this.maxEvents) break;
      this.streams.delete(oldest);
      this.cachedEvents -= evicted.length;
    }
  }

  private forget(streamId: string): void {
    this.cachedEvents -= this.streams.get(streamId)?.length ?? 0;
    this.streams.delete(streamId);
  }
}
