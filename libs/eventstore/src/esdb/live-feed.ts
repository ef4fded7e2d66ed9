import type { AllStreamResolvedEvent } from '@eventstore/db-client';
import type { LiveSubscription } from './client';

const HIGH_WATER = 2000;
const LOW_WATER = 500;

/**
 * Turns the client's push subscription into batches pulled at the handler's pace: events
 * queue up as they arrive (the source is paused while the queue is long), `next` hands over
 * what is queued. A drop (an error, or the server ending the call) is thrown by `next` once
 * the events received before it are handed over; `close` ends the feed quietly.
 */
export class LiveFeed<T> {
  private readonly queue: T[] = [];
  private failure: Error | undefined;
  private closed = false;
  private paused = false;
  private notice = false;
  private wake: (() => void) | undefined;
  /** The server said it is reading history again (server ≥ 23.10), until it says caught up. */
  private fellBehind = false;

  constructor(
    private readonly source: LiveSubscription,
    map: (resolved: AllStreamResolvedEvent) => T,
  ) {
    source.on('data', (resolved) => {
      if (this.closed) return;
      try {
        this.queue.push(map(resolved));
      } catch (error) {
        this.fail(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      if (this.queue.length >= HIGH_WATER && !this.paused) {
        this.paused = true;
        source.pause();
      }
      this.signal();
    });
    source.on('error', (error) => this.fail(error));
    source.on('end', () => this.fail(new Error('EventStoreDB ended the subscription')));
    source.on('close', () => this.fail(new Error('the subscription to EventStoreDB closed')));
    source.on('caughtUp', () => {
      this.fellBehind = false;
      this.notice = true;
      this.signal();
    });
    source.on('fellBehind', () => (this.fellBehind = true));
  }

  /** True when nothing received is waiting and the server has not said it fell behind. */
  get live(): boolean {
    return this.queue.length === 0 && !this.fellBehind;
  }

  /**
   * Up to `max` items received so far, waiting for at least one; an empty array when only a
   * caught-up notice arrived; null once closed. Throws the drop after the items before it.
   */
  async next(max: number): Promise<T[] | null> {
    while (!this.closed && this.queue.length === 0 && !this.failure && !this.notice) {
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
    this.notice = false;
    if (this.closed) return null;
    if (this.queue.length > 0) {
      const items = this.queue.splice(0, max);
      if (this.paused && this.queue.length <= LOW_WATER) {
        this.paused = false;
        this.source.resume();
      }
      return items;
    }
    if (this.failure) throw this.failure;
    return [];
  }

  /** Cancels the server call; a `next` waiting resolves null. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.signal();
    try {
      await this.source.unsubscribe();
    } catch {
      // The call is gone either way; a failure to cancel it has nobody to tell.
    }
  }

  private fail(error: Error): void {
    if (this.closed || this.failure) return;
    this.failure = error;
    this.signal();
  }

  private signal(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
