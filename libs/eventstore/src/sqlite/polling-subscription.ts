import type { Position, RecordedEvent, Subscription, SubscriptionHandler } from '../port';
import type { Appended } from './append-notifier';
import { backoffDelay } from '../backoff';

/** One consistent look at the log: a batch after a position, and the head at that moment. */
export type BatchRead = { readonly events: RecordedEvent[]; readonly head: Position };

export type PollingSubscriptionDeps = {
  readonly read: (after: Position, maxCount: number) => BatchRead;
  /** Registers a wake-up for appends made in this process; returns the unregister function. */
  readonly listen: (wake: (appended: Appended) => void) => () => void;
  /** False only when no event of `appended` can pass this subscription's filter. */
  readonly mayMatch: (appended: Appended) => boolean;
  readonly pollIntervalMs: number;
  readonly onStopped: (subscription: PollingSubscription) => void;
};

/**
 * Catch-up then live delivery as one loop: read a batch after the last handled position,
 * hand it over, repeat; when a read comes back short, report caught-up and sleep until an
 * append of this process wakes us or the poll interval (appends of other processes) elapses.
 *
 * A wake-up says what was appended. When a caught-up subscription is woken only by commits
 * that cannot match its filter, and they follow on directly from what it has already scanned
 * (no other process wrote in between), it skips the read: it marks their range scanned and
 * reports the new head as caught-up, as the read would have. Anything else (a possible match,
 * a gap, a poll, catching up, a retry) reads.
 */
export class PollingSubscription implements Subscription {
  private handled: Position;
  /** Everything ≤ this was delivered or filtered out; reading resumes after it. */
  private scanned: Position;
  private isCaughtUp = false;
  private reportedHead: Position | undefined;
  private stopping = false;
  /** Since the last read: an append of this process that the filter may match, or a gap. */
  private mustRead = false;
  /** Since the last read: appends of this process that cannot match, as one contiguous range. */
  private unmatched: { after: Position; last: Position } | undefined;
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
    this.unlisten = deps.listen((appended) => this.onAppend(appended));
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

  /** Called by the appender right after its commit, before its callers hear back: never throws. */
  private onAppend(appended: Appended): void {
    const unmatched = this.unmatched;
    if (this.mustRead || this.mayMatch(appended)) this.mustRead = true;
    else if (!unmatched) this.unmatched = { after: appended.after, last: appended.last };
    // Commits are announced in commit order; a hole means another process wrote in between.
    else if (appended.after <= unmatched.last) unmatched.last = appended.last > unmatched.last ? appended.last : unmatched.last;
    else this.mustRead = true;
    if (this.sleepingUntilAppend) this.interruptSleep?.();
  }

  private mayMatch(appended: Appended): boolean {
    try {
      return this.deps.mayMatch(appended);
    } catch {
      return true; // an odd filter: let the read decide (and fail, if it must, in the loop)
    }
  }

  /** Woken since the last read (by anything: even an unmatched append is a step to take). */
  private get woken(): boolean {
    return this.mustRead || this.unmatched !== undefined;
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
          // A catch-up is a run of full batches whose reads and commits are synchronous: without
          // a turn of the event loop between them no timer fires (a worker's lease renewals
          // lapsed during a rebuild of 30,000 events), and no request is read.
          if (more) await new Promise<void>((resolve) => setImmediate(resolve));
          else await this.sleep(this.deps.pollIntervalMs, true);
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

  /** One read and delivery (or a skipped read). True when there is more to do right away. */
  private async step(): Promise<boolean> {
    // Taken before the read: what is announced from here on was committed after it.
    const { mustRead, unmatched } = this;
    this.mustRead = false;
    this.unmatched = undefined;
    if (!mustRead && unmatched && this.isCaughtUp && unmatched.after <= this.scanned) {
      // Everything after `scanned` up to `unmatched.last` is in commits the filter rejects,
      // and `unmatched.last` is the head they left: what the read would have found and reported.
      if (unmatched.last > this.scanned) this.scanned = unmatched.last;
      this.reportCaughtUp(unmatched.last);
      return this.woken;
    }
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
    this.reportCaughtUp(head);
    return this.woken;
  }

  private reportCaughtUp(head: Position): void {
    const wasCaughtUp = this.isCaughtUp;
    this.isCaughtUp = true;
    if (!wasCaughtUp || head !== this.reportedHead) {
      this.reportedHead = head;
      this.handler.onCaughtUp?.(head);
    }
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
