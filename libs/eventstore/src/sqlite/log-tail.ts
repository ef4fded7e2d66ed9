import type { Position, RecordedEvent } from '../port';
import type { EventMatcher } from './filtered-read';

/** How much of the log the tail keeps: whichever bound is reached first. */
export type TailBounds = {
  readonly maxEvents: number;
  /** Measured as the stored JSON text of `data` and `metadata` (UTF-16 code units). */
  readonly maxBytes: number;
};

// A busy log trails the processors by a few thousand events under load (the benchmark's
// projection lag); 8 192 events keeps them on the tail through that. 16 MiB of JSON text bounds
// it when events are large (parsed objects take a small multiple of that).
export const DEFAULT_TAIL_BOUNDS: TailBounds = { maxEvents: 8192, maxBytes: 16 * 1024 * 1024 };

/**
 * The newest events of the log, parsed once and shared by every subscription reading near the
 * head: exactly the events with a position in (`start`, `end`], in position order. The events
 * are handed out as they are, to every reader: read-only, like the stream cache's.
 */
export class LogTail {
  private events: RecordedEvent[] = [];
  private sizes: number[] = [];
  /** Index of the oldest event kept; dropped ones are spliced off in bulk, not one by one. */
  private first = 0;
  private bytes = 0;
  private startPosition: Position;
  private endPosition: Position;

  constructor(
    head: Position,
    private readonly bounds: TailBounds,
  ) {
    this.startPosition = this.endPosition = head;
  }

  get start(): Position {
    return this.startPosition;
  }

  get end(): Position {
    return this.endPosition;
  }

  get eventCount(): number {
    return this.events.length - this.first;
  }

  get byteCount(): number {
    return this.bytes;
  }

  /** True when every event after `after`, up to `end`, is here. */
  covers(after: Position): boolean {
    return after >= this.startPosition;
  }

  /**
   * Continues the tail with every event of the log after `end` up to `head` (the caller read
   * them at one snapshot whose head it was), then drops the oldest beyond the bounds.
   */
  extend(events: readonly RecordedEvent[], sizes: readonly number[], head: Position): void {
    events.forEach((event, i) => {
      this.events.push(event);
      this.sizes.push(sizes[i]);
      this.bytes += sizes[i];
    });
    this.endPosition = head;
    this.trim();
  }

  /** Starts over, empty, at `head`: the log ran further ahead than the tail may hold. */
  restart(head: Position): void {
    this.events = [];
    this.sizes = [];
    this.first = 0;
    this.bytes = 0;
    this.startPosition = this.endPosition = head;
  }

  /** The first `maxCount` events after `after` that match, in order; `after` must be covered. */
  select(after: Position, maxCount: number, matches: EventMatcher): RecordedEvent[] {
    const selected: RecordedEvent[] = [];
    for (let i = this.firstAfter(after); i < this.events.length && selected.length < maxCount; i += 1) {
      if (matches(this.events[i])) selected.push(this.events[i]);
    }
    return selected;
  }

  private firstAfter(after: Position): number {
    let low = this.first;
    let high = this.events.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.events[middle].position > after) high = middle;
      else low = middle + 1;
    }
    return low;
  }

  private trim(): void {
    while (this.eventCount > this.bounds.maxEvents || (this.bytes > this.bounds.maxBytes && this.eventCount > 0)) {
      this.bytes -= this.sizes[this.first];
      this.startPosition = this.events[this.first].position;
      this.first += 1;
    }
    if (this.first > 1024 && this.first * 2 > this.events.length) {
      this.events = this.events.slice(this.first);
      this.sizes = this.sizes.slice(this.first);
      this.first = 0;
    }
  }
}
