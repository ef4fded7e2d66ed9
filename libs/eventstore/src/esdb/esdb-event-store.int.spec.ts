import { describeWithServer } from '../../../testing/server-backed';
import { eventStoreContract } from '../../contract/event-store.contract';
import { connectEsdb } from './client';
import { EsdbEventStore } from './esdb-event-store';
import { probeEventStore } from './probe';

const PROBE_DEADLINE_MS = 5000;

// Against a real server (docker/compose.yml). Every test names its own streams and event
// types, so runs never see each other's events although the server keeps them all.
describeWithServer('EventStoreDB adapter', 'EVENTSTORE_CONNECTION_STRING', (connection) => {
  beforeAll(async () => {
    const client = connectEsdb(connection);
    try {
      await probeEventStore(client, connection, PROBE_DEADLINE_MS);
    } finally {
      await client.dispose();
    }
  }, PROBE_DEADLINE_MS + 5000);

  eventStoreContract(
    'EventStoreDB',
    async () => {
      const store = EsdbEventStore.connect(connection);
      return { store, cleanup: () => store.close() };
    },
    { eventIdsUniqueAcrossStreams: false, reportsRepeats: false },
  );
});
