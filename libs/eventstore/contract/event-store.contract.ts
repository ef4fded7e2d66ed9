import type { EventStore, Subscription } from '../src/port';
import { appendCases } from './append.cases';
import { expectedRevisionCases } from './expected-revision.cases';
import type { ContractContext } from './fixtures';
import { idempotencyCases } from './idempotency.cases';
import { readAllCases } from './read-all.cases';
import { streamMetadataCases } from './stream-metadata.cases';
import { subscribeDeliveryCases } from './subscribe-delivery.cases';
import { subscribeLifecycleCases } from './subscribe-lifecycle.cases';

export type OpenedStore = { readonly store: EventStore; readonly cleanup: () => Promise<void> };

/** Where an adapter's server cannot give the port's full behaviour, and shows what it does instead. */
export type ContractCapabilities = {
  /**
   * The store refuses an event id already stored in another stream (`DuplicateEventIdError`).
   * EventStoreDB keeps event ids unique per stream only. Default true.
   */
  readonly eventIdsUniqueAcrossStreams?: boolean;
  /** The store says when an append was an idempotent repeat (`AppendResult.repeated`). Default true. */
  readonly reportsRepeats?: boolean;
};

/**
 * The behaviour every EventStore adapter must show, written against the port only. Each
 * test gets a fresh `open()`; names are unique per test, so `open` may also hand out one
 * shared server.
 */
export const eventStoreContract = (name: string, open: () => Promise<OpenedStore>, capabilities: ContractCapabilities = {}): void => {
  describe(`EventStore contract: ${name}`, () => {
    let opened: OpenedStore | undefined;
    let subscriptions: Subscription[] = [];

    beforeEach(async () => {
      opened = await open();
    });

    afterEach(async () => {
      await Promise.all(subscriptions.map((s) => s.stop()));
      subscriptions = [];
      await opened?.cleanup();
      opened = undefined;
    });

    const context: ContractContext = {
      capabilities: { eventIdsUniqueAcrossStreams: capabilities.eventIdsUniqueAcrossStreams ?? true, reportsRepeats: capabilities.reportsRepeats ?? true },
      store: () => {
        if (!opened) throw new Error('the store is only open inside a test');
        return opened.store;
      },
      subscribe: (options, handler) => {
        const subscription = context.store().subscribe(options, handler);
        subscriptions.push(subscription);
        return subscription;
      },
    };

    appendCases(context);
    expectedRevisionCases(context);
    idempotencyCases(context);
    readAllCases(context);
    streamMetadataCases(context);
    subscribeDeliveryCases(context);
    subscribeLifecycleCases(context);
  });
};
