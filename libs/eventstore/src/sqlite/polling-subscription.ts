import type { Position, RecordedEvent, Subscription, SubscriptionHandler } from '../port';
import { backoffDelay } from './backoff';

/** One consistent look at the log: a batch after a position, and the head at that moment. */
export type BatchRead = { readonly events: RecordedEvent[]; readonly head: Position };

export type PollingSubscriptionDeps = {
  readonly read: (after: Position, maxCount: number) => BatchRead;
  /** Registers a wake-up for appends made in this process; returns the unregister function. */
  readonly listen: (wake: () => void) => () => void;
  readonly pollIntervalMs: number;
  readonly onStopped: (subscription: PollingSubscription) => void;
};

/**
 * Catch-up then live delivery as one loop: read a batch after the last handled position,
 * hand it over, repeat; when a read comes back short, report caught-up and sleep until an
 * append of this process wakes us or the poll interval (appends of other processes) elapses.
 */
export class PollingSubscription implements Subscription {
  private handled: Position;
  /** Everything ≤ this was delivered or filtered out; reading resumes after it. */
  private scanned: Position;
  private isCaughtUp = false;
  private reportedHead: Position | undefined;
  private stopping = false;
  private appendedSinceRead = false;
  private interruptSleep: (() => void) | undefined;
  private sleepingUntilAppend = false;
  private readonly unlisten: () => void;
  private readonly finished: Promise<void>;

  constructor(
    fromPosition: Position,
    private readonly batchSize: number,
    private readonly handler: SubscriptionHandler,
    private readonly deps: PollingSubscriptionDeps,
  ) {
    this.handled = this.scanned = fromPosition;
    this.unlisten = deps.listen(() => this.onAppend());
    this.finished = this.run();
  }

  get position(): Position {
    return this.handled;
  }

  get caughtUp(): boolean {
    return this.isCaughtUp;
  }

  /** Resolves once the loop has exited; a handler call in flight is awaited, never cut off. */
  stop(): Promise<void> {
    this.stopping = true;
    this.interruptSleep?.();
    return this.finished;
  }

  private onAppend(): void {
    this.appendedSinceRead = true;
    if (this.sleepingUntilAppend) this.interruptSleep?.();
  }

  private async run(): Promise<void> {
    // Let subscribe() return before the handler is first called.
    await Promise.resolve();
    let failures = 0;
    try {
      while (!this.stopping) {
        try {
          const more = await this.step();
          failures = 0;
          if (!more) await this.sleep(this.deps.pollIntervalMs, true);
        } catch (error) {
          failures += 1;
          this.isCaughtUp = false;
          this.reportDrop(error);
          await this.sleep(backoffDelay(failures), false);
        }
      }
    } finally {
      this.unlisten();
      this.deps.onStopped(this);
    }
  }

  /** One read and delivery. True when there is more to read right away. */
  private async step(): Promise<boolean> {
    this.appendedSinceRead = false;
    const { events, head } = this.deps.read(this.scanned, this.batchSize);
    if (events.length > 0) {
      await this.handler.onEvents(events);
      // Only after the handler succeeded: a failed batch is read and handed over again.
      this.handled = this.scanned = events[events.length - 1].position;
    }
    if (events.length === this.batchSize) {
      this.isCaughtUp = false;
      return true;
    }
    // The read and `head` come from one snapshot, so nothing ≤ head is left undelivered.
    if (head > this.scanned) this.scanned = head;
    const wasCaughtUp = this.isCaughtUp;
    this.isCaughtUp = true;
    if (!wasCaughtUp || head !== this.reportedHead) {
      this.reportedHead = head;
      this.handler.onCaughtUp?.(head);
    }
    return this.appendedSinceRead;
  }

  private reportDrop(error: unknown): void {
    try {
      this.handler.onDropped?.(error);
    } catch {
      // A failing observer must not stop the retry loop it is observing.
    }
  }

  private sleep(ms: number, untilAppend: boolean): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.interruptSleep = undefined;
        this.sleepingUntilAppend = false;
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.interruptSleep = wake;
      this.sleepingUntilAppend = untilAppend;
    });
  }
}
