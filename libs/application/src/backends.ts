import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { FsBlobStore } from '../../blobstore/src/fs/fs-blob-store';
import { GridFsBlobStore } from '../../blobstore/src/gridfs/gridfs-blob-store';
import { InlineBlobStore } from '../../blobstore/src/inline/inline-blob-store';
import type { BlobStore } from '../../blobstore/src/port';
import { CachingEventStore, DEFAULT_CACHED_EVENTS } from '../../eventstore/src/caching-event-store';
import { streams } from '../../domain/src/shared/streams';
import { EsdbEventStore } from '../../eventstore/src/esdb/esdb-event-store';
import type { EventStore } from '../../eventstore/src/port';
import { SqliteEventStore } from '../../eventstore/src/sqlite/sqlite-event-store';
import { connectMongo, type MongoConnection } from '../../readstore/src/mongodb/connection';
import { MongoReadStore } from '../../readstore/src/mongodb/mongo-read-store';
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
 * Commands read their stream's end every time (from the state they last folded): the cache
 * keeps each stream's last events and parses each stored event once. It stays correct with
 * several processes appending (other api instances on one EventStoreDB): every read asks the
 * store for the events after those it holds, so nothing committed is missed.
 */
const openEventStore = (config: JobledgerConfig, checkpointer: boolean): { readonly eventStore: EventStore; readonly sqlite: SqliteEventStore | null } => {
  // Attempt logs are high-volume and read page by page: they are never worth caching.
  const cached = (store: EventStore) => new CachingEventStore(store, DEFAULT_CACHED_EVENTS, [streams.joblog('')]);
  if (config.eventStore === 'esdb') {
    if (!config.eventStoreConnectionString) throw new ConfigError('JOBLEDGER_EVENTSTORE=esdb needs EVENTSTORE_CONNECTION_STRING');
    return { eventStore: cached(EsdbEventStore.connect(config.eventStoreConnectionString)), sqlite: null };
  }
  const sqlite = SqliteEventStore.open({ file: join(config.dataDir, 'events.sqlite'), synchronous: config.sqliteSync, walCheckpointMs: config.sqliteCheckpointMs, walCheckpointThread: checkpointer });
  return { eventStore: cached(sqlite), sqlite };
};

/**
 * With the embedded event log, evidence is read from the log's own file first, where small
 * evidence is kept when it goes to the local folder (InlineBlobStore: committed with the event
 * that references it, one fsync for both). Kept there once, it stays readable whatever the
 * settings become; only new writes follow JOBLEDGER_INLINE_EVIDENCE_MAX_BYTES (and never inline
 * when GridFS was chosen for evidence).
 */
const withInline = (config: JobledgerConfig, sqlite: SqliteEventStore | null, large: BlobStore): BlobStore => {
  if (sqlite === null) return large;
  try {
    const inlineMaxBytes = config.blobStore === 'fs' ? config.inlineEvidenceMaxBytes : 0;
    return new InlineBlobStore({ joinCommits: (attach) => sqlite.joinCommits(attach), large, maxBytes: config.maxEvidenceBytes, inlineMaxBytes });
  } catch (error) {
    void large.close();
    throw error;
  }
};

/**
 * The configured backends, in any mix: SQLite files and a content-addressed folder under the
 * data dir by default; MongoDB for read models and GridFS for evidence when chosen, through
 * one client when both are (connected once, at boot: an unreachable server fails the boot).
 */
/**
 * `checkpointer: false` when another thread of this process has opened the same SQLite files
 * with one (the processors' thread: the API thread's stores checkpoint both files).
 */
export const openBackends = async (config: JobledgerConfig, { checkpointer = true }: { readonly checkpointer?: boolean } = {}): Promise<Backends> => {
  const opened: Array<{ close(): Promise<void> }> = [];
  try {
    const { eventStore, sqlite } = openEventStore(config, checkpointer);
    opened.push(eventStore);
    let mongo: MongoConnection | null = null;
    if (config.readStore === 'mongodb' || config.blobStore === 'gridfs') {
      if (config.mongodbUri === null) throw new ConfigError('MongoDB read or blob store needs MONGODB_URI');
      mongo = await connectMongo(config.mongodbUri);
      opened.push(mongo);
    }
    const readStore: ReadStore =
      mongo !== null && config.readStore === 'mongodb'
        ? new MongoReadStore(mongo)
        : // Read models are rebuildable from the log, so their file never needs a full fsync per batch.
          SqliteReadStore.open({ file: join(config.dataDir, 'readmodels.sqlite'), synchronous: 'normal', walCheckpointMs: config.sqliteCheckpointMs, walCheckpointThread: checkpointer });
    opened.push(readStore);
    const blobStore = withInline(
      config,
      sqlite,
      mongo !== null && config.blobStore === 'gridfs'
        ? new GridFsBlobStore({ connection: mongo, maxBytes: config.maxEvidenceBytes })
        : new FsBlobStore({ dir: join(config.dataDir, 'blobs'), maxBytes: config.maxEvidenceBytes, onWarning: (message) => new Logger('evidence').warn(message) }),
    );
    const closeAll = async (): Promise<void> => {
      // Stores first, then the MongoDB client they share (it is opened before them). The event
      // store before the blob store: its last group commit writes evidence staged in its file.
      await eventStore.close();
      await readStore.close();
      await blobStore.close();
      await mongo?.close();
    };
    return { eventStore, readStore, blobStore, close: closeAll };
  } catch (error) {
    for (const backend of opened.reverse()) await backend.close().catch(() => undefined);
    throw error;
  }
};
