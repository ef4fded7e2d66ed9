import { DelegatingEventStore } from './delegating-event-store';
import type { EventStore, ReadStreamOptions, RecordedEvent } from './port';
import { isVerbatim } from './sqlite/append-notifier';
import { watchesStreams, type AppendedToStream, type StreamChangeWatch } from './stream-changes';

export const DEFAULT_CACHED_EVENTS = 100_000;

/** Streams whose last change is remembered; beyond it the list is dropped and every stream re-checked once. */
const MAX_TRACKED_CHANGES = 50_000;

/** A cached stream, and the change count at which it was last known to be complete. */
type Cached = { readonly events: readonly RecordedEvent[]; readonly verifiedAt: number };

/**
 * A read-through cache of streams in front of any event store. Events are immutable and a
 * stream's revisions are dense (0..n-1), so a cached stream only ever needs the events after
 * its cached length: each read asks the store for those (one indexed query, usually empty) and
 * parses nothing it parsed before. Appends from other processes are therefore seen as soon as
 * they are committed. Least recently read streams are evicted beyond `maxEvents`.
 *
 * Streams named by `bypassPrefixes` (high-volume logs, read page by page) and streams found
 * too large to keep are read straight from the store with the caller's range, so paging them
 * never re-reads them whole.
 *
 * When the store can say which streams grew (WatchesStreams: the SQLite store), a cached stream
 * that nobody appended to since it was read is served without asking: the store reports its own
 * appends as they commit and, on each read's catch-up, other writers' (one cheap check of the
 * file's data version, and one listing of the new events' streams when it moved).
 *
 * Relies on streams never being truncated or deleted (jobledger never does either). Returned
 * events are shared between readers: they must be treated as read-only, as deciders do.
 */
export class CachingEventStore extends DelegatingEventStore {
  private readonly streams = new Map<string, Cached>();
  private readonly oversized = new Set<string>();
  private cachedEvents = 0;
  private readonly watch: StreamChangeWatch | null;
  /** Counts reported changes: a cached stream is current when read after its last change. */
  private tick = 0;
  /** Verifications older than this are void (the change log was dropped, or anything changed). */
  private floor = 0;
  private readonly changedAt = new Map<string, number>();

  constructor(
    inner: EventStore,
    private readonly maxEvents: number = DEFAULT_CACHED_EVENTS,
    private readonly bypassPrefixes: readonly string[] = [],
  ) {
    super(inner);
    this.watch = watchesStreams(inner) ? inner.watchStreams((streamId, appended) => this.changed(streamId, appended)) : null;
  }

  override async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    if (this.bypasses(streamId)) return this.inner.readStream(streamId, options);
    const events = await this.current(streamId);
    const from = options.fromRevision ?? 0;
    return events.slice(from, options.maxCount === undefined ? undefined : from + options.maxCount);
  }

  override async streamRevision(streamId: string): Promise<number> {
    if (this.bypasses(streamId)) return this.inner.streamRevision(streamId);
    return (await this.current(streamId)).length - 1;
  }

  // Appends through this cache are not written into it here: the store reports what it stored
  // (changed(), below) when it can, and otherwise the next read fetches what was committed.

  override close(): Promise<void> {
    this.watch?.close();
    this.changedAt.clear();
    this.streams.clear();
    this.oversized.clear();
    this.cachedEvents = 0;
    return this.inner.close();
  }

  private async current(streamId: string): Promise<readonly RecordedEvent[]> {
    const entry = this.streams.get(streamId);
    if (entry && this.isCurrent(streamId, entry)) return entry.events;
    const cached = entry?.events ?? [];
    // Taken before the query: a change reported from here on is newer than what the query saw.
    const readAt = this.tick;
    const fresh = await this.inner.readStream(streamId, { fromRevision: cached.length });
    // Another reader may have extended the entry while this one awaited: keep the longer.
    const latest = this.streams.get(streamId) ?? entry;
    if (latest && latest !== entry && latest.events.length >= cached.length + fresh.length) {
      this.remember(streamId, latest.events, Math.min(latest.verifiedAt, readAt));
      return latest.events;
    }
    const events = fresh.length ? [...cached, ...fresh] : cached;
    this.remember(streamId, events, readAt);
    return events;
  }

  private isCurrent(streamId: string, entry: Cached): boolean {
    if (!this.watch || entry.verifiedAt < this.floor || !isVerbatim([streamId])) return false;
    this.watch.catchUp();
    return entry.verifiedAt >= this.floor && (this.changedAt.get(streamId) ?? -1) <= entry.verifiedAt;
  }

  private changed(streamId: string | null, appended?: AppendedToStream): void {
    if (streamId !== null && this.bypasses(streamId)) return; // never served from here, so nothing to void
    this.tick++;
    if (streamId === null || this.changedAt.size >= MAX_TRACKED_CHANGES) {
      // Forgetting which streams changed voids every verification made before now.
      this.changedAt.clear();
      this.floor = this.tick;
      if (streamId === null) return;
    }
    this.changedAt.set(streamId, this.tick);
    const entry = this.streams.get(streamId);
    // The store gave these events the revisions right after the cached ones: the entry then held
    // every event before them (revisions are dense and immutable), so together they are the
    // stream as this commit left it. Anyone else's later append is reported after this.
    if (appended && entry && entry.events.length === appended.firstRevision) {
      this.remember(streamId, [...entry.events, ...appended.events()], this.tick);
    }
  }

  private remember(streamId: string, events: readonly RecordedEvent[], verifiedAt: number): void {
    if (!events.length || events.length > this.maxEvents / 4) {
      this.forget(streamId); // nothing worth keeping, or one stream would crowd out the rest
      if (events.length) this.oversized.add(streamId);
      return;
    }
    this.cachedEvents += events.length - (this.streams.get(streamId)?.events.length ?? 0);
    this.streams.delete(streamId); // re-inserted last: Map order is the recency order
    this.streams.set(streamId, { events, verifiedAt });
    for (const [oldest, evicted] of this.streams) {
      if (this.cachedEvents <= this.maxEvents) break;
      this.streams.delete(oldest);
      this.cachedEvents -= evicted.events.length;
    }
  }

  private bypasses(streamId: string): boolean {
    return this.oversized.has(streamId) || this.bypassPrefixes.some((prefix) => streamId.startsWith(prefix));
  }

  private forget(streamId: string): void {
    this.cachedEvents -= this.streams.get(streamId)?.events.length ?? 0;
    this.streams.delete(streamId);
  }
}
