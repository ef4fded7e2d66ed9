import { setImmediate as nextTurn } from 'node:timers/promises';
import { type EventStore, type Position, type RecordedEvent } from '../../../../libs/eventstore/src/port';

/**
 * Events a catch-up holds per stream at a time. Small enough that a client that stops reading
 * holds little (a log line may be large), large enough that a read costs little per event.
 */
export const CATCH_UP_CHUNK = 100;

/** Something in the log with its place: an event, or what a view made of one. */
export type Positioned = { readonly position: Position };

/** Yields items in ascending position, one at a time, without holding more than it must. */
export interface Cursor<T extends Positioned> {
  peek(): Promise<T | null>;
  take(): void;
}

/**
 * One stream's events from a revision up to `head`, read a chunk at a time. Between chunks it
 * lets the event loop run, so that a long catch-up does not hold up other requests, and it
 * stops reading as soon as `wanted()` says the client went away.
 */
export class StreamCursor implements Cursor<RecordedEvent> {
  private chunk: RecordedEvent[] = [];
  private at = 0;
  private done = false;
  private reads = 0;

  constructor(
    private readonly store: EventStore,
    private readonly streamId: string,
    private nextRevision: number,
    private readonly head: Position,
    private readonly wanted: () => boolean,
    private readonly chunkSize = CATCH_UP_CHUNK,
  ) {}

  async peek(): Promise<RecordedEvent | null> {
    if (this.at < this.chunk.length) return this.chunk[this.at];
    if (this.done) return null;
    if (this.reads++ > 0) await nextTurn();
    if (!this.wanted()) {
      this.done = true;
      return null;
    }
    const read = await this.store.readStream(this.streamId, { fromRevision: this.nextRevision, maxCount: this.chunkSize });
    this.nextRevision += read.length;
    // Positions grow along a stream: past the first event beyond the head, all are.
    this.chunk = read.filter((e) => e.position <= this.head);
    this.at = 0;
    if (read.length < this.chunkSize || this.chunk.length < read.length) this.done = true;
    return this.chunk[0] ?? null;
  }

  take(): void {
    this.at++;
  }
}

/** A cursor over items already in memory, in ascending position. */
export class ArrayCursor<T extends Positioned> implements Cursor<T> {
  private at = 0;

  constructor(private readonly items: readonly T[]) {}

  async peek(): Promise<T | null> {
    return this.items[this.at] ?? null;
  }

  take(): void {
    this.at++;
  }
}

/** Several cursors as one, in log order. */
export async function* merged<T extends Positioned>(cursors: readonly Cursor<T>[]): AsyncGenerator<T> {
  for (;;) {
    let from = -1;
    let least: T | null = null;
    for (let i = 0; i < cursors.length; i++) {
      const item = await cursors[i].peek();
      if (item && (least === null || item.position < least.position)) {
        from = i;
        least = item;
      }
    }
    if (least === null) return;
    cursors[from].take();
    yield least;
  }
}
