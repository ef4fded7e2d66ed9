import { join } from 'node:path';
import { FsBlobStore } from '../../blobstore/src/fs/fs-blob-store';
import type { BlobStore } from '../../blobstore/src/port';
import { CachingEventStore } from '../../eventstore/src/caching-event-store';
import { EsdbEventStore } from '../../eventstore/src/esdb/esdb-event-store';
import type { EventStore } from '../../eventstore/src/port';
import { SqliteEventStore } from '../../eventstore/src/sqlite/sqlite-event-store';
import type { ReadStore } from '../../readstore/src/port';
import { SqliteReadStore } from '../../readstore/src/sqlite/sqlite-read-store';
import { ConfigError, type JobledgerConfig } from './config/config';

export type Backends = {
  readonly eventStore: EventStore;
  readonly readStore: ReadStore;
  readonly blobStore: BlobStore;
  close(): Promise<void>;
};

/**
 * Events in SQLite (the embedded default) or EventStoreDB (`JOBLEDGER_EVENTSTORE=esdb`); read
 * models in SQLite and evidence bytes in a content-addressed folder under the data dir.
 */
export const openBackends = async (config: JobledgerConfig): Promise<Backends> => {
  if (config.readStore !== 'sqlite' || config.blobStore !== 'fs') {
    throw new ConfigError(
      'this version keeps read models and evidence on the embedded backends only (JOBLEDGER_READSTORE=sqlite, JOBLEDGER_BLOBSTORE=fs); ' +
        'the MongoDB and GridFS adapters are planned (see the README feature table)',
    );
  }
  const eventStore = openEventStore(config);
  // Read models are rebuildable from the log, so their file never needs a full fsync per batch.
  const readStore = SqliteReadStore.open({ file: join(config.dataDir, 'readmodels.sqlite'), synchronous: 'normal' });
  const blobStore = new FsBlobStore({ dir: join(config.dataDir, 'blobs'), maxBytes: config.maxEvidenceBytes });
  return {
    eventStore, readStore, blobStore,
    close: async () => {
      await eventStore.close();
      await readStore.close();
      await blobStore.close();
    },
  };
};

/**
 * Commands re-read their stream every time: the cache parses each stored event once. It stays
 * correct with several processes appending (other api instances on one EventStoreDB): every
 * read asks the store for the events after those it holds, so nothing committed is missed.
 */
const openEventStore = (config: JobledgerConfig): EventStore => {
  if (config.eventStore === 'esdb') {
    if (!config.eventStoreConnectionString) throw new ConfigError('JOBLEDGER_EVENTSTORE=esdb needs EVENTSTORE_CONNECTION_STRING');
    return new CachingEventStore(EsdbEventStore.connect(config.eventStoreConnectionString));
  }
  return new CachingEventStore(SqliteEventStore.open({ file: join(config.dataDir, 'events.sqlite'), synchronous: config.sqliteSync }));
};
