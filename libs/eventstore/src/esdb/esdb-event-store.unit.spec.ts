import { eventStoreContract } from '../../contract/event-store.contract';
import { EsdbEventStore } from './esdb-event-store';
import { FakeEsdbClient } from './testing/fake-esdb-client';

// The adapter's own logic (mappings, paging, exclusive starts, idempotent repeats, the
// subscription's catch-up and live phases) against a stand-in for the server. The same
// contract runs against a real server in esdb-event-store.int.spec.ts.
eventStoreContract(
  'EventStoreDB adapter on a fake client',
  async () => {
    const client = new FakeEsdbClient();
    client.writeSystemEvent(); // the log of a real server never starts empty
    const store = new EsdbEventStore(client, { retryDelayMs: () => 1 });
    return { store, cleanup: () => store.close() };
  },
  { eventIdsUniqueAcrossStreams: false },
);
