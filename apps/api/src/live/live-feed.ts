import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { EVENT_STORE, type EventStore, type Position, type RecordedEvent, type Subscription } from '../../../../libs/eventstore/src/port';
import type { SseChannel } from './sse-channel';

export type FeedListener = (event: RecordedEvent) => void;

/** Streams the live routes follow; the shared subscription asks the store for nothing else. */
const FED_PREFIXES = ['job-', 'joblog-', 'thread-', 'operator-', 'signal-'];

/**
 * One event-store subscription per API process, fanned out to every connected client.
 *
 * Bounds: the store serves one subscription per process however many clients connect; each
 * event costs a lookup of the listeners of its stream (plus the few prefix listeners, e.g.
 * desks) and one write per interested client; listeners never block the feed (a slow client
 * is dropped by its channel, see SseChannel). It is fed by the event store, not by this
 * process's commands, so an API instance streams what a separate worker or another
 * instance appended.
 */
@Injectable()
export class LiveFeed implements OnApplicationShutdown {
  private readonly logger = new Logger(LiveFeed.name);
  private readonly byStream = new Map<string, Set<FeedListener>>();
  private readonly byPrefix = new Map<string, Set<FeedListener>>();
  private readonly channels = new Set<SseChannel>();
  private subscription: Subscription | null = null;
  private starting: Promise<void> | null = null;

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /**
   * Starts the subscription on first use, from the head of the log at that moment: every
   * client reads what came before from the store (catch-up) and gets the rest from here.
   */
  ready(): Promise<void> {
    // A failed start (the store unreachable) is tried again by the next client.
    return (this.starting ??= this.start().catch((e: unknown) => {
      this.starting = null;
      throw e;
    }));
  }

  /** Listens to exact stream ids and/or stream-name prefixes; answers the way to stop. */
  listen(target: { streams?: readonly string[]; prefixes?: readonly string[] }, listener: FeedListener): () => void {
    const entries = [
      ...(target.streams ?? []).map((key) => [this.byStream, key] as const),
      ...(target.prefixes ?? []).map((key) => [this.byPrefix, key] as const),
    ];
    for (const [map, key] of entries) {
      const set = map.get(key) ?? new Set<FeedListener>();
      set.add(listener);
      map.set(key, set);
    }
    return () => {
      for (const [map, key] of entries) {
        const set = map.get(key);
        set?.delete(listener);
        if (set?.size === 0) map.delete(key);
      }
    };
  }

  /** Channels are tracked so that a shutdown can end them instead of waiting for them. */
  track(channel: SseChannel): void {
    this.channels.add(channel);
    channel.whenClosed(() => this.channels.delete(channel));
  }

  /** Ends every open stream (clients resume elsewhere with Last-Event-ID). */
  endAll(reason = 'this instance is shutting down; reconnect with Last-Event-ID to resume'): void {
    for (const channel of [...this.channels]) channel.end(reason);
  }

  get openStreams(): number {
    return this.channels.size;
  }

  async onApplicationShutdown(): Promise<void> {
    this.endAll();
    await this.subscription?.stop();
    this.subscription = null;
  }

  private async start(): Promise<void> {
    const from: Position = await this.store.headPosition();
    this.subscription = this.store.subscribe({ fromPosition: from, filter: { streamPrefixes: FED_PREFIXES } }, {
      onEvents: async (events) => { for (const e of events) this.dispatch(e); },
      onDropped: (error) => this.logger.warn(`live feed dropped, resubscribing: ${String(error)}`),
    });
  }

  private dispatch(event: RecordedEvent): void {
    const listeners = new Set(this.byStream.get(event.streamId));
    for (const [prefix, set] of this.byPrefix) if (event.streamId.startsWith(prefix)) for (const l of set) listeners.add(l);
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (e) {
        this.logger.error(`live listener failed: ${String(e)}`);
      }
    }
  }
}
