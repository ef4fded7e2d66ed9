import type { EventStore, RecordedEvent } from './port';

/** What one of the store's own appends wrote to a stream, in the form a read would return it. */
export type AppendedToStream = { readonly firstRevision: number; readonly events: () => readonly RecordedEvent[] };

/**
 * Called with a stream that may have grown, or with null: any stream may have. For the
 * store's own appends, `appended` may say what was written, so a cache can extend its copy.
 */
export type StreamChanged = (streamId: string | null, appended?: AppendedToStream) => void;

export type StreamChangeWatch = {
  /**
   * Reports (through the watch's callback) what other writers appended since the last call.
   * The store's own appends are reported as they commit, synchronously; others' only here, so
   * a reader calls this before trusting anything it cached.
   */
  catchUp(): void;
  close(): void;
};

/**
 * A store that can tell a cache which streams may have grown without a query per stream.
 * Stream ids are reported exactly as appended (or as stored, for other writers' appends): a
 * cache keyed by ids that SQLite stores differently (lone surrogates) must not rely on it.
 */
export interface WatchesStreams {
  watchStreams(changed: StreamChanged): StreamChangeWatch;
}

export const watchesStreams = (store: EventStore): store is EventStore & WatchesStreams =>
  typeof (store as Partial<WatchesStreams>).watchStreams === 'function';
