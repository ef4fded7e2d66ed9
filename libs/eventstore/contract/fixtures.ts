import { randomUUID } from 'node:crypto';
import type { EventMetadata } from '../../domain/src/shared/event';
import { SCHEMA_VERSION } from '../../domain/src/shared/event';
import type { EventStore, NewEvent, Position, RecordedEvent, SubscribeOptions, Subscription, SubscriptionHandler } from '../src/port';

/** What every case file receives: the store under test, fresh for each test. */
export type ContractContext = {
  readonly capabilities: { readonly eventIdsUniqueAcrossStreams: boolean; readonly reportsRepeats: boolean };
  readonly store: () => EventStore;
  /** Subscribes, and stops the subscription after the test even when the test fails. */
  readonly subscribe: (options: SubscribeOptions, handler: SubscriptionHandler) => Subscription;
};

/**
 * Stream names and event types unique to one test, so the suite also runs against a shared
 * server (EventStoreDB) whose log already holds other tests' events.
 */
export const testNames = () => {
  const ns = `t${randomUUID().slice(0, 8)}`;
  return { ns, stream: (name: string) => `${ns}-${name}`, type: (name: string) => `${ns}.${name}` };
};

export const metadataFor = (eventId: string): EventMetadata => ({
  eventId,
  occurredAt: '2025-01-02T03:04:05.678Z',
  actor: { id: 'alice', role: 'operator' },
  correlationId: 'corr-1',
  causationId: 'cause-1',
  commandId: 'cmd-1',
  schemaVersion: SCHEMA_VERSION,
});

export const newEvent = (type: string, data: unknown = {}, id: string = randomUUID()): NewEvent => ({
  id,
  type,
  data,
  metadata: metadataFor(id),
});

export const ids = (events: readonly { readonly id: string }[]): string[] => events.map((e) => e.id);

/** Waits for a condition of an asynchronous delivery; the timeout only guards against a hang. */
export const waitFor = async (what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

/** A handler that records what it is given, for assertions on delivery. */
export const recorder = () => {
  const delivered: RecordedEvent[] = [];
  const batches: RecordedEvent[][] = [];
  const caughtUpAt: Position[] = [];
  const drops: unknown[] = [];
  const handler: SubscriptionHandler = {
    onEvents: async (events) => {
      batches.push([...events]);
      delivered.push(...events);
    },
    onCaughtUp: (position) => caughtUpAt.push(position),
    onDropped: (error) => drops.push(error),
  };
  return { handler, delivered, batches, caughtUpAt, drops };
};
