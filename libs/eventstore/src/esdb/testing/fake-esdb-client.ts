import { EventEmitter } from 'node:events';
import {
  ANY,
  NO_STREAM,
  STREAM_EXISTS,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type AllStreamRecordedEvent,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type AppendResult,
  type GetStreamMetadataResult,
  type JSONEventData,
  type JSONType,
  type ReadAllOptions,
  type ReadStreamOptions,
  type StreamMetadata,
  type SubscribeToAllOptions,
} from '@eventstore/db-client';
import type { EsdbClient, LiveSubscription } from '../client';

type Stored = AllStreamRecordedEvent;


/**
 * An in-memory stand-in for an EventStoreDB server, as the client shows it: revisions and
 * expected-revision checks per stream, one log ($all) with positions far apart (commit =
 * prepare), inclusive reads of $all, an exclusive subscription that pushes asynchronously,
 * `StreamNotFoundError` while iterating a missing stream, metadata as `$metadata` events in
 * `$$` streams, and the server's per-stream idempotency for retried appends. It also writes
 * system events of its own, and can be made to fail, to exercise what a real server does.
 */
export class FakeEsdbClient implements EsdbClient {
  readonly log: Stored[] = [];
  readonly live = new Set<FakeSubscription>();
  /** Report `caughtUp` on subscriptions (servers ≥ 23.10). */
  sendsCaughtUp = true;
  /** Answer appends without a position (as older servers may for an idempotent repeat). */
  omitsAppendPosition = false;
  /** Answer an append of many events with its first event's position (the server's commit position may be that, not the last's). */
  answersFirstPosition = false;
  /**
   * Answer a wrong expected version instead of throwing it, as a client built with
   * `throwOnAppendFailure=false` does on the batch path (batchAppend.js): `success: false`, and a
   * revision that is only the 1 or 0 of `hasCurrentStreamRevision()`.
   */
  answersAppendFailures = false;
  disposed = false;
  private readonly streams = new Map<string, Stored[]>();
  private readonly readFailures: Error[] = [];
  private nextPosition = 1000n;

  /** The next reads of $all fail with these errors, in order. */
  failReads(...errors: Error[]): void {
    this.readFailures.push(...errors);
  }

  /** A server-side event in a `$` stream (statistics, projections, scavenges…). */
  writeSystemEvent(type = '$statsCollected', streamId = '$stats-127.0.0.1:2113'): void {
    this.write(streamId, [{ id: crypto.randomUUID(), contentType: 'application/json', type, data: {}, metadata: undefined }]);
  }

  async appendToStream(streamName: string, events: JSONEventData[], options: { expectedRevision: AppendExpectedRevision }): Promise<AppendResult> {
    this.ensureOpen();
    const stream = this.streams.get(streamName) ?? [];
    const current = stream.length - 1;
    const expected = options.expectedRevision;
    const repeat = this.repeatOf(stream, events, expected);
    if (repeat) return { success: true, nextExpectedRevision: repeat.revision, position: this.omitsAppendPosition ? undefined : repeat.position };
    const met =
      expected === ANY || (expected === NO_STREAM ? current === -1 : expected === STREAM_EXISTS ? current >= 0 : BigInt(current) === expected);
    if (!met) {
      if (this.answersAppendFailures) return { success: false, nextExpectedRevision: current === -1 ? -1n : 1n, position: undefined };
      throw new WrongExpectedVersionError(undefined, { streamName, expected, current: current === -1 ? NO_STREAM : BigInt(current) });
    }
    const written = this.write(streamName, events);
    const last = written[this.answersFirstPosition ? 0 : written.length - 1];
    return {
      success: true,
      nextExpectedRevision: BigInt(current + events.length),
      position: last && !this.omitsAppendPosition ? last.position : undefined,
    };
  }

  readStream(streamName: string, options: ReadStreamOptions): AsyncIterable<AllStreamResolvedEvent> {
    const stream = this.streams.get(streamName);
    const backwards = options.direction === 'backwards';
    const from = options.fromRevision ?? (backwards ? 'end' : 'start');
    const max = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
    return this.iterate(() => {
      if (!stream) throw new StreamNotFoundError(undefined, streamName);
      const start = from === 'start' ? 0 : from === 'end' ? stream.length - 1 : Number(from);
      const picked = backwards ? stream.slice(0, start + 1).reverse() : stream.slice(start);
      return picked.slice(0, max);
    });
  }

  readAll(options: ReadAllOptions): AsyncIterable<AllStreamResolvedEvent> {
    const backwards = options.direction === 'backwards';
    const from = options.fromPosition ?? (backwards ? 'end' : 'start');
    const max = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
    return this.iterate(() => {
      const failure = this.readFailures.shift();
      if (failure) throw failure;
      if (backwards) {
        const before = from === 'end' || from === 'start' ? undefined : from.commit;
        return this.log.filter((e) => before === undefined || e.position.commit < before).reverse().slice(0, max);
      }
      const start = from === 'start' || from === 'end' ? undefined : from.commit;
      return this.log.filter((e) => start === undefined || e.position.commit >= start).slice(0, max);
    });
  }

  subscribeToAll(options: SubscribeToAllOptions): LiveSubscription {
    this.ensureOpen();
    const from = options.fromPosition ?? 'start';
    const after = from === 'start' ? -1n : from === 'end' ? this.nextPosition : from.commit;
    const filter = options.filter && 'regex' in options.filter ? new RegExp(options.filter.regex) : undefined;
    const subscription = new FakeSubscription(after, (e) => !filter || filter.test(e.type), () => this.live.delete(subscription));
    this.live.add(subscription);
    setImmediate(() => {
      subscription.push(this.log);
      if (this.sendsCaughtUp) subscription.emit('caughtUp');
    });
    return subscription;
  }

  async getStreamMetadata(streamName: string): Promise<GetStreamMetadataResult> {
    this.ensureOpen();
    const meta = this.streams.get(`$$${streamName}`);
    const last = meta?.[meta.length - 1];
    return last ? { streamName, metadata: last.data as StreamMetadata, metastreamRevision: last.revision } : { streamName };
  }

  async setStreamMetadata(streamName: string, metadata: StreamMetadata): Promise<AppendResult> {
    this.ensureOpen();
    const [written] = this.write(`$$${streamName}`, [
      { id: crypto.randomUUID(), contentType: 'application/json', type: '$metadata', data: metadata as JSONType, metadata: undefined },
    ]);
    return { success: true, nextExpectedRevision: written.revision, position: written.position };
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    for (const subscription of this.live) subscription.fail(new Error('client disposed'));
  }

  private write(streamName: string, events: JSONEventData[]): Stored[] {
    const stream = this.streams.get(streamName) ?? [];
    this.streams.set(streamName, stream);
    const written = events.map((event, i): Stored => {
      this.nextPosition += 137n;
      const position = { commit: this.nextPosition, prepare: this.nextPosition };
      return {
        streamId: streamName,
        id: event.id,
        isJson: true,
        revision: BigInt(stream.length + i),
        type: event.type,
        created: new Date(),
        // Stored and read back as the server does: JSON text in, parsed JSON out.
        data: JSON.parse(JSON.stringify(event.data)) as JSONType,
        metadata: event.metadata === undefined ? undefined : (JSON.parse(JSON.stringify(event.metadata)) as JSONType),
        position,
      } as Stored;
    });
    stream.push(...written);
    this.log.push(...written);
    for (const subscription of this.live) subscription.push(written);
    return written;
  }

  /**
   * The server's idempotency: with an expected revision other than `any`, events whose ids
   * already sit right after that revision are a repeat (answered with the earlier events);
   * with `any`, ids already in the stream in that order are.
   */
  private repeatOf(stream: Stored[], events: JSONEventData[], expected: AppendExpectedRevision): Stored | undefined {
    if (events.length === 0) return undefined;
    const first = expected === ANY || expected === STREAM_EXISTS
      ? stream.findIndex((e) => e.id === events[0].id)
      : expected === NO_STREAM ? 0 : Number(expected) + 1;
    if (first < 0) return undefined;
    const slice = stream.slice(first, first + events.length);
    if (slice.length !== events.length || slice.some((e, i) => e.id !== events[i].id)) return undefined;
    return slice[slice.length - 1];
  }

  private iterate(pick: () => Stored[]): AsyncIterable<AllStreamResolvedEvent> {
    const ensureOpen = () => this.ensureOpen();
    return {
      async *[Symbol.asyncIterator]() {
        ensureOpen();
        await Promise.resolve();
        for (const event of pick()) yield { event, commitPosition: event.position.commit };
      },
    };
  }

  private ensureOpen(): void {
    if (this.disposed) throw new Error('the client is disposed');
  }
}

/** A subscription to $all: delivers each record after `after` once, asynchronously, while not paused. */
export class FakeSubscription extends EventEmitter implements LiveSubscription {
  private after: bigint;
  private readonly pending: Stored[] = [];
  private paused = false;
  private ended = false;
  unsubscribed = false;

  constructor(
    after: bigint,
    private readonly accepts: (event: Stored) => boolean,
    private readonly onGone: () => void,
  ) {
    super();
    this.after = after;
  }

  push(events: readonly Stored[]): void {
    if (this.ended) return;
    for (const event of events) {
      if (event.position.commit > this.after) {
        this.after = event.position.commit;
        if (this.accepts(event)) this.pending.push(event);
      }
    }
    setImmediate(() => this.flush());
  }

  /** The server or the network drops the call (e.g. an `UnavailableError`). */
  fail(error: Error): void {
    if (this.ended) return;
    this.ended = true;
    this.onGone();
    setImmediate(() => this.emit('error', error));
  }

  pause(): this {
    this.paused = true;
    return this;
  }

  resume(): this {
    this.paused = false;
    setImmediate(() => this.flush());
    return this;
  }

  async unsubscribe(): Promise<void> {
    this.unsubscribed = true;
    this.ended = true;
    this.onGone();
  }

  private flush(): void {
    while (!this.paused && !this.ended && this.pending.length > 0) {
      const event = this.pending.shift() as Stored;
      this.emit('data', { event, commitPosition: event.position.commit });
    }
  }
}

