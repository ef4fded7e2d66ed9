import type { EventFilter, Position, RecordedEvent, Subscription, SubscriptionHandler } from '../port';
import type { LiveFeed } from './live-feed';
import { matchesFilter } from './recorded-event';

/** One look at the log: jobledger events (system ones left out) and how far it reached. */
export type LogPage = {
  readonly events: readonly RecordedEvent[];
  /** Position of the last record read, system ones included (undefined when none). */
  readonly last: Position | undefined;
  /** The read came back short: nothing more is stored yet. */
  readonly atHead: boolean;
};

/** What the live part delivers: an event for jobledger, or only a position passed (undefined event). */
export type LiveItem = { readonly position: Position | undefined; readonly event: RecordedEvent | undefined };

export type CatchUpSubscriptionDeps = {
  readonly filter: EventFilter | undefined;
  readonly batchSize: number;
  /** How many records one catch-up read asks for. */
  readonly pageSize: number;
  readonly readPage: (after: Position, maxCount: number) => Promise<LogPage>;
  readonly openLive: (after: Position) => LiveFeed<LiveItem>;
  readonly retryDelayMs: (failures: number) => number;
  readonly onStopped: (subscription: CatchUpSubscription) => void;
};

/**
 * Catch-up by reading, then live by subscribing, resumed from the last handled position
 * after any failure. Reads page through $all after the stored position until one comes back
 * short — caught up, whatever the server version — then a subscription to $all continues
 * exclusively after the last position read, so nothing appended in between is missed.
 *
 * The port's filter is applied here, not by the server: the subscription sees the position
 * of every jobledger event, so its caught-up reports move past the events it filters out
 * (callers waiting for a position rely on that). A failed read, a dropped subscription
 * (unavailable, not leader, ended by the server) or a handler that throws: report the drop,
 * wait (backing off), and start over from the last position handled.
 */
export class CatchUpSubscription implements Subscription {
  private handled: Position;
  /** Everything ≤ this was delivered or filtered out. */
  private scanned: Position;
  private isCaughtUp = false;
  private reportedAt: Position | undefined;
  private stopping = false;
  private feed: LiveFeed<LiveItem> | undefined;
  private interruptSleep: (() => void) | undefined;
  private readonly finished: Promise<void>;

  constructor(
    fromPosition: Position,
    private readonly handler: SubscriptionHandler,
    private readonly deps: CatchUpSubscriptionDeps,
  ) {
    this.handled = this.scanned = fromPosition;
    this.finished = this.run();
  }

  get position(): Position {
    return this.handled;
  }

  get caughtUp(): boolean {
    return this.isCaughtUp;
  }

  /** Resolves once the loop has exited; a handler call in flight is awaited, never cut off. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.interruptSleep?.();
    await this.feed?.close();
    return this.finished;
  }

  private async run(): Promise<void> {
    await Promise.resolve(); // let subscribe() return before the handler is first called
    let failures = 0;
    while (!this.stopping) {
      try {
        await this.catchUp();
        failures = 0;
        await this.followLive();
      } catch (error) {
        if (this.stopping) break;
        failures += 1;
        this.isCaughtUp = false;
        this.reportDrop(error);
        await this.sleep(this.deps.retryDelayMs(failures));
      }
    }
    this.deps.onStopped(this);
  }

  private async catchUp(): Promise<void> {
    while (!this.stopping) {
      const page = await this.deps.readPage(this.scanned, this.deps.pageSize);
      await this.deliver(page.events, page.last);
      if (page.atHead) {
        this.reportCaughtUp();
        return;
      }
    }
  }

  private async followLive(): Promise<void> {
    if (this.stopping) return;
    const feed = this.deps.openLive(this.scanned);
    this.feed = feed;
    try {
      while (!this.stopping) {
        const items = await feed.next(this.deps.pageSize);
        if (items === null) return;
        const events = items.flatMap((item) => (item.event ? [item.event] : []));
        await this.deliver(events, lastPosition(items));
        if (feed.live) this.reportCaughtUp();
      }
    } finally {
      this.feed = undefined;
      await feed.close();
    }
  }

  /** Hands over the matching events in batches; `scanned` moves only past what succeeded. */
  private async deliver(events: readonly RecordedEvent[], last: Position | undefined): Promise<void> {
    const matching = events.filter((event) => event.position > this.scanned && matchesFilter(this.deps.filter, event));
    for (let i = 0; i < matching.length; i += this.deps.batchSize) {
      if (this.stopping) return;
      const batch = matching.slice(i, i + this.deps.batchSize);
      this.isCaughtUp = false;
      await this.handler.onEvents(batch);
      this.handled = this.scanned = batch[batch.length - 1].position;
    }
    if (!this.stopping && last !== undefined && last > this.scanned) this.scanned = last;
  }

  private reportCaughtUp(): void {
    if (this.stopping) return;
    const wasCaughtUp = this.isCaughtUp;
    this.isCaughtUp = true;
    if (!wasCaughtUp || this.scanned !== this.reportedAt) {
      this.reportedAt = this.scanned;
      this.handler.onCaughtUp?.(this.scanned);
    }
  }

  private reportDrop(error: unknown): void {
    try {
      this.handler.onDropped?.(error);
    } catch {
      // A failing observer must not stop the retry loop it is observing.
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.interruptSleep = undefined;
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.interruptSleep = wake;
    });
  }
}

const lastPosition = (items: readonly LiveItem[]): Position | undefined => {
  for (let i = items.length - 1; i >= 0; i -= 1) if (items[i].position !== undefined) return items[i].position;
  return undefined;
};
