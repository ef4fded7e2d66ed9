import { DelegatingEventStore } from '../src/delegating-event-store';
import type { ReadAllOptions, ReadStreamOptions, RecordedEvent } from '../src/port';

/** An event store that counts the events its reads return: what a read path costs, in tests. */
export class CountingStore extends DelegatingEventStore {
  eventsRead = 0;
  override async readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    const events = await super.readStream(streamId, options);
    this.eventsRead += events.length;
    return events;
  }
  override async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    const events = await super.readAll(options);
    this.eventsRead += events.length;
    return events;
  }
}
