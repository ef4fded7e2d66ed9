import { DelegatingEventStore } from '../../../../libs/eventstore/src/delegating-event-store';
import type { AppendResult, EventStore, ExpectedRevision, NewEvent } from '../../../../libs/eventstore/src/port';
import { fromRefusal } from './append-refusal';
import type { AppendRequest, ThreadMessage, ThreadRequest } from './protocol';

type Pending = { readonly resolve: (result: AppendResult) => void; readonly reject: (error: Error) => void };

/**
 * The processors' thread's event store: reads and subscriptions on its own connection, appends
 * made by the API's thread (see the 'appends' message). Acknowledged only once the API thread's
 * commit is durable, exactly as a local append would be. The appends of one synchronous run go
 * in one message, so they reach the API thread's store together and join one group commit, in
 * call order, as on a local store (`ordersAppends`).
 */
export class ParentAppends extends DelegatingEventStore {
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();
  private outbox: AppendRequest[] = [];
  private closed = false;

  constructor(
    inner: EventStore,
    private readonly say: (message: Extract<ThreadMessage, { type: 'appends' }>) => void,
  ) {
    super(inner);
  }

  override append(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error('the event store is closed'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      if (this.outbox.push({ id, streamId, events, expected }) === 1) queueMicrotask(() => this.send());
    });
  }

  /** The API thread's answer to one append; false for any other message. */
  receive(message: ThreadRequest): boolean {
    if (message.type !== 'appended' && message.type !== 'append-refused') return false;
    const pending = this.pending.get(message.id);
    this.pending.delete(message.id);
    if (message.type === 'appended') pending?.resolve(message.result);
    else pending?.reject(fromRefusal(message.refusal));
    return true;
  }

  /** No more appends; those still unanswered fail (the thread is stopping, its batches are done). */
  refusePending(): void {
    this.closed = true;
    this.outbox = [];
    for (const [id, pending] of this.pending) {
      this.pending.delete(id);
      pending.reject(new Error('the event store closed before the API thread answered'));
    }
  }

  override close(): Promise<void> {
    this.refusePending();
    return this.inner.close();
  }

  private send(): void {
    const appends = this.outbox;
    this.outbox = [];
    if (!appends.length) return;
    try {
      this.say({ type: 'appends', appends });
    } catch (error) {
      // Not sent (events a message cannot carry): nothing will answer them.
      for (const { id } of appends) {
        this.pending.get(id)?.reject(error instanceof Error ? error : new Error(String(error)));
        this.pending.delete(id);
      }
    }
  }
}
