import type { EventMetadata } from '../../domain/src/shared/event';

/**
 * A position in the global log. Exclusive when used as a starting point: reading
 * "from" a position yields the events after it. `START_POSITION` precedes every event.
 */
export type Position = bigint;
export const START_POSITION: Position = -1n;

/** Revisions are 0-based per stream, as in EventStoreDB. */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | number;

export type NewEvent = {
  readonly id: string; // UUID; a repeated id in the same stream appends nothing
  readonly type: string;
  readonly data: unknown; // plain JSON
  readonly metadata: EventMetadata;
};

export type RecordedEvent<D = unknown> = {
  readonly id: string;
  readonly streamId: string;
  readonly revision: number;
  readonly position: Position;
  readonly type: string;
  readonly data: D;
  readonly metadata: EventMetadata;
  readonly recordedAt: string; // ISO-8601, as stored by the event store
};

/** Sorts events of several streams into the log's global order. */
export const inLogOrder = (a: RecordedEvent, b: RecordedEvent): number => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0);

export type AppendResult = {
  /** Revision of the last event now in the stream (pass it as the next expected revision). */
  readonly nextExpectedRevision: number;
  /** Position of the last event appended (or, for an idempotent repeat, already there). */
  readonly position: Position;
  /**
   * True when the events were all stored already (an idempotent repeat: nothing was written).
   * Absent from a fresh write, and from any answer of a store that cannot tell (EventStoreDB
   * answers a repeat as it answered the write).
   */
  readonly repeated?: true;
};

export type ReadStreamOptions = { readonly fromRevision?: number; readonly maxCount?: number };

export type EventFilter = {
  /** Only events of these types. */
  readonly eventTypes?: readonly string[];
  /** Only events whose stream name starts with one of these (e.g. `job-`). */
  readonly streamPrefixes?: readonly string[];
};

export type ReadAllOptions = {
  readonly fromPosition?: Position; // exclusive; default START_POSITION
  readonly maxCount: number; // required: never read the whole log in one call
  readonly filter?: EventFilter;
};

export type SubscriptionHandler = {
  /** Called with events in global order; the next batch waits for this promise. */
  readonly onEvents: (events: readonly RecordedEvent[]) => Promise<void>;
  /** Called each time the subscription has delivered everything stored so far. */
  readonly onCaughtUp?: (position: Position) => void;
  /** Called when delivery failed and the subscription will resubscribe after a backoff. */
  readonly onDropped?: (error: unknown) => void;
};

export type SubscribeOptions = {
  readonly fromPosition: Position; // exclusive
  readonly filter?: EventFilter;
  readonly batchSize?: number;
};

export interface Subscription {
  readonly caughtUp: boolean;
  /** Position of the last event handed to the handler (or the start position). */
  readonly position: Position;
  stop(): Promise<void>;
}

export type StreamMetadata = { readonly maxCount?: number; readonly maxAge?: number; readonly [key: string]: unknown };

export interface EventStore {
  append(streamId: string, events: readonly NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult>;
  /**
   * True when appends always take their log positions in the order they were called, even when
   * issued together without awaiting each other (the embedded store's commit queue): a writer
   * may then issue appends whose log order matters all at once. Unset: await each in turn.
   */
  readonly ordersAppends?: boolean;
  /** Events of one stream in revision order; an empty array when the stream does not exist. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** Current revision of a stream, or -1 when it does not exist. */
  streamRevision(streamId: string): Promise<number>;
  readAll(options: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Position of the newest event in the log (START_POSITION when empty). */
  headPosition(): Promise<Position>;
  /**
   * Why the last write failed, while none has succeeded since, or why none can (the log's file
   * deleted under the process); null when writes succeed. For `/health`: a full or failing disk
   * still answers reads. Stores that cannot tell leave it out.
   */
  writeFailure?(): string | null;
  /** Catch-up then live delivery from a stored position; resubscribes by itself on failure. */
  subscribe(options: SubscribeOptions, handler: SubscriptionHandler): Subscription;
  setStreamMetadata(streamId: string, metadata: StreamMetadata): Promise<void>;
  getStreamMetadata(streamId: string): Promise<StreamMetadata | null>;
  close(): Promise<void>;
}

export const EVENT_STORE = Symbol('EVENT_STORE');
