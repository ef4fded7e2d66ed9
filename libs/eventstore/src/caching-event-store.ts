import { DelegatingEventStore } from './delegating-event-store';
import type { EventStore, ReadStreamOptions, RecordedEvent } from './port';
import { isVerbatim } from './sqlite/append-notifier';
import { watchesStreams, type AppendedToStream, type StreamChangeWatch } from './stream-changes';

export const DEFAULT_CACHED_EVENTS = 100_000;
/** Events kept per stream: its last ones, which is what a command resuming a kept fold reads. */
export const DEFAULT_TAIL_EVENTS = 8;

/** Streams whose last change is remembered; beyond it the list is dropped and every stream re-checked once. */
const MAX_TRACKED_CHANGES = 50_000;

/**
 * A stream's last events, revisions `base` … `base + events.length - 1`, and the change count at
 * which that was known to be the whole of its end (nothing after the last of them).
 */
type Cached = { readonly base: number; readonly events: readonly RecordedEvent[]; readonly verifiedAt: number };

/**
 * A read-through cache of stream ends in front of any event store. Events are immutable and a
 * stream's revisions are dense (0..n-1), so a cached end only ever needs the events after it:
 * each read asks the store for those (one indexed query, usually empty) and parses nothing it
 * parsed before. Appends from other processes are therefore seen as soon as they are committed.
 *
 * Only the last `tailEvents` of a stream are kept: commands fold on top of the state they kept
 * (folded-states.ts) and read from there, so a long-lived stream costs the same memory as a
 * short one, and the heap the garbage collector has to mark stays small. A read that starts
 * below the kept end (an audit, a first fold) goes to the store with the caller's range; when
 * it reads to the end, its last events are kept. Least recently written streams are evicted
 * beyond `maxEvents` in all.
 *
 * Streams named by `bypassPrefixes` (high-volume logs, read page by page) are never kept.
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
  private cachedEvents = 0;
  private readonly tailEvents: number;
  private readonly watch: StreamChangeWatch | null;
  /** Counts reported changes: a cached stream is current when read after its last change. */
  private tick = 0;
  /** Verifications older than this are void (the change log was dropped, or anything changed). */
  private floor = 0;
  private readonly changedAt = new Map<string, number>();
  private closed = false;

  constructor(
    inner: EventStore,
    private readonly maxEvents: number = DEFAULT_CACHED_EVENTS,
    private readonly bypassPrefixes: readonly string[] = [],
    tailEvents: number = DEFAULT_TAIL_EVENTS,
  ) {
    super(inner);
    // A quarter of the budget at most: one stream never crowds out the rest.
    this.tailEvents = Math.max(1, Math.min(tailEvents, Math.floor(maxEvents / 4)));
    this.watch = watchesStreams(inner) ? inner.watchStreams((streamId, appended) => this.changed(streamId, appended)) : null;
  }

  override async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const from = options.fromRevision ?? 0;
    const end = await this.end(streamId, from);
    if (end === null) return this.readFromStore(streamId, from, options.maxCount);
    const offset = from - end.base;
    return end.events.slice(offset, options.maxCount === undefined ? undefined : offset + options.maxCount);
  }

  override async streamRevision(streamId: string): Promise<number> {
    const kept = this.streams.get(streamId);
    const end = kept && !this.bypasses(streamId) ? await this.end(streamId, kept.base) : null;
    return end === null ? this.inner.streamRevision(streamId) : end.base + end.events.length - 1;
  }

  // Appends through this cache are not written into it here: the store reports what it stored
  // (changed(), below) when it can, and otherwise the next read fetches what was committed.

  override close(): Promise<void> {
    // From here on nothing is kept or served from memory: the watch stops hearing of changes,
    // while reads (a subscription's handler finishing during the store's close) still come.
    this.closed = true;
    this.watch?.close();
    this.changedAt.clear();
    this.streams.clear();
    this.cachedEvents = 0;
    return this.inner.close();
  }

  /**
   * The stream's end from revision `from` on, up to date: from the cache, extended by what the
   * store holds after it. Null when nothing kept covers `from` (the caller asks the store).
   */
  private async end(streamId: string, from: number): Promise<{ readonly base: number; readonly events: readonly RecordedEvent[] } | null> {
    if (this.bypasses(streamId)) return null;
    const entry = this.streams.get(streamId);
    if (!entry || from < entry.base) return null;
    if (this.isCurrent(streamId, entry)) return entry;
    // Taken before the query: a change reported from here on is newer than what the query saw.
    const readAt = this.tick;
    const fresh = await this.inner.readStream(streamId, { fromRevision: entry.base + entry.events.length });
    const events = fresh.length ? [...entry.events, ...fresh] : entry.events;
    this.rememberUnlessLonger(streamId, entry.base, events, readAt);
    return { base: entry.base, events };
  }

  private async readFromStore(streamId: string, from: number, maxCount: number | undefined): Promise<RecordedEvent[]> {
    const readAt = this.tick;
    const events = await this.inner.readStream(streamId, maxCount === undefined ? { fromRevision: from } : { fromRevision: from, maxCount });
    // Read to the end: its last events are the stream's end as of readAt.
    if (maxCount === undefined && events.length && !this.bypasses(streamId)) this.rememberUnlessLonger(streamId, events[0].revision, events, readAt);
    return events;
  }

  /**
   * Another reader may have kept a longer end while this one awaited: the longer one stays. An
   * end as long as the kept one was true at both verifications, so the later one counts.
   */
  private rememberUnlessLonger(streamId: string, base: number, events: readonly RecordedEvent[], verifiedAt: number): void {
    const kept = this.streams.get(streamId);
    const keptEnd = kept ? kept.base + kept.events.length : -1;
    if (keptEnd > base + events.length) return;
    this.remember(streamId, base, events, kept && keptEnd === base + events.length ? Math.max(kept.verifiedAt, verifiedAt) : verifiedAt);
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
    if (appended && entry && entry.base + entry.events.length === appended.firstRevision) {
      this.remember(streamId, entry.base, [...entry.events, ...appended.events()], this.tick);
    }
  }

  private remember(streamId: string, base: number, events: readonly RecordedEvent[], verifiedAt: number): void {
    if (!events.length) return this.forget(streamId);
    // Always a copy: the array given may be one a caller was handed, and may change it.
    const dropped = Math.max(0, events.length - this.tailEvents);
    const tail = events.slice(dropped);
    this.cachedEvents += tail.length - (this.streams.get(streamId)?.events.length ?? 0);
    this.streams.delete(streamId); // re-inserted last: Map order is the recency order
    this.streams.set(streamId, { base: base + dropped, events: tail, verifiedAt });
    for (const [oldest, evicted] of this.streams) {
      if (this.cachedEvents <= this.maxEvents) break;
      this.streams.delete(oldest);
      this.cachedEvents -= evicted.events.length;
    }
  }

  /** Read from the store and never kept: streams of `bypassPrefixes`, and all of them once closing. */
  private bypasses(streamId: string): boolean {
    return this.closed || this.bypassPrefixes.some((prefix) => streamId.startsWith(prefix));
  }

  private forget(streamId: string): void {
    this.cachedEvents -= this.streams.get(streamId)?.events.length ?? 0;
    this.streams.delete(streamId);
  }
}
