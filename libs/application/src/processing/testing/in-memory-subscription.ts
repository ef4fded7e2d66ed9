import type { Position, SubscribeOptions, Subscription, SubscriptionHandler } from '../../../../eventstore/src/port';
import type { InMemoryEventStore } from './in-memory-event-store';

/**
 * Catch-up then live delivery, as the port describes. `position` moves only after
 * `onEvents` resolves: a batch whose handler throws is dropped, reported through
 * `onDropped` and delivered again after the backoff (the retry the runner relies on).
 */
export class InMemorySubscription implements Subscription {
  caughtUp = false;
  position: Position;
  private stopped = false;
  private wake: (() => void) | null = null;
  private readonly done: Promise<void>;

  constructor(
    private readonly store: InMemoryEventStore,
    private readonly options: SubscribeOptions,
    private readonly handler: SubscriptionHandler,
    private readonly backoffMs: number,
  ) {
    this.position = options.fromPosition;
    this.done = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.done;
  }

  private async run(): Promise<void> {
    await Promise.resolve(); // deliver only after subscribe() has returned, as a real store does
    while (!this.stopped) {
      try {
        // Reading the batch, reading the head and arming the wake-up happen in one
        // synchronous step, so no append can slip between "caught up" and "waiting".
        const batch = this.store.readAllNow({ fromPosition: this.position, maxCount: this.options.batchSize ?? 100, filter: this.options.filter });
        if (batch.length > 0) {
          await this.handler.onEvents(batch);
          this.position = batch[batch.length - 1].position;
          continue;
        }
        const appended = this.pause(this.store.onNextAppend.bind(this.store));
        this.caughtUp = true;
        this.handler.onCaughtUp?.(this.store.headNow());
        await appended;
      } catch (error) {
        this.caughtUp = false;
        this.handler.onDropped?.(error);
        await this.pause((wake) => {
          const timer = setTimeout(wake, this.backoffMs);
          return () => clearTimeout(timer);
        });
      }
    }
  }

  /** Waits for `arm`'s signal or for stop(), whichever comes first. */
  private pause(arm: (wake: () => void) => () => void): Promise<void> {
    return new Promise((resolve) => {
      const disarm = arm(() => this.wake?.());
      this.wake = () => {
        this.wake = null;
        disarm();
        resolve();
      };
      if (this.stopped) this.wake();
    });
  }
}
