import type { SignalEmitted } from '../libs/domain/src/signal/events';
import type { EventStore, RecordedEvent, Subscription } from '../libs/eventstore/src/port';

/**
 * Tells when a record's ⭐ signal exists: one subscription to SignalEmitted from the head at
 * start (the same delivery the product's processors use), rather than every lifecycle
 * polling its own signal stream and adding reads the product would not make.
 */
export class SignalWatch {
  private readonly seen = new Map<string, number>(); // recordId → performance.now() at delivery
  private readonly waiting = new Map<string, (at: number | null) => void>();
  private readonly subscription: Subscription;

  private constructor(store: EventStore, from: bigint) {
    this.subscription = store.subscribe({ fromPosition: from, filter: { eventTypes: ['SignalEmitted'] } }, {
      onEvents: async (events) => {
        const at = performance.now();
        for (const e of events as ReadonlyArray<RecordedEvent<SignalEmitted['data']>>) {
          this.seen.set(e.data.recordId, at);
          this.waiting.get(e.data.recordId)?.(at);
        }
      },
    });
  }

  static async start(store: EventStore): Promise<SignalWatch> {
    return new SignalWatch(store, await store.headPosition());
  }

  /** When the signal for `recordId` was seen (performance.now()), or null after `timeoutMs`. */
  waitFor(recordId: string, timeoutMs: number): Promise<number | null> {
    const at = this.seen.get(recordId);
    if (at !== undefined) return Promise.resolve(at);
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(null), timeoutMs);
      const done = (when: number | null) => {
        clearTimeout(timer);
        this.waiting.delete(recordId);
        resolve(when);
      };
      this.waiting.set(recordId, done);
    });
  }

  stop(): Promise<void> {
    return this.subscription.stop();
  }
}
