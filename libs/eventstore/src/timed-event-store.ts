import { DelegatingEventStore } from './delegating-event-store';
import type { AppendResult, EventStore, ExpectedRevision, NewEvent } from './port';

/** Reports how long each append took (successful or not) to `observe`, in seconds. */
export class TimedEventStore extends DelegatingEventStore {
  constructor(inner: EventStore, private readonly observe: (seconds: number) => void) {
    super(inner);
  }

  override async append(streamId: string, events: readonly NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    const started = process.hrtime.bigint();
    try {
      return await this.inner.append(streamId, events, expectedRevision);
    } finally {
      this.observe(Number(process.hrtime.bigint() - started) / 1e9);
    }
  }
}
