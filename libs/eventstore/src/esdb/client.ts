import {
  EventStoreDBClient,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type AppendResult,
  type JSONEventData,
  type GetStreamMetadataResult,
  type ReadAllOptions,
  type ReadStreamOptions,
  type ResolvedEvent,
  type StreamMetadata,
  type SubscribeToAllOptions,
} from '@eventstore/db-client';
import { ESDB_CONNECTION_SCHEMES, isEsdbConnectionString } from './connection-string';

/**
 * The live part of `subscribeToAll`: a readable of resolved events plus the server's
 * `caughtUp` / `fellBehind` notices (server ≥ 23.10). Only what the adapter uses.
 */
export interface LiveSubscription {
  on(event: 'data', listener: (resolved: AllStreamResolvedEvent) => void): this;
  on(event: 'error', listener: (error: Error) => void): this;
  on(event: 'end' | 'close' | 'caughtUp' | 'fellBehind', listener: () => void): this;
  pause(): this;
  resume(): this;
  unsubscribe(): Promise<void>;
}

/**
 * The narrow slice of `@eventstore/db-client` the adapter depends on. The real client fits
 * it as it is; tests give a fake. A move to the successor client touches this folder only.
 */
export interface EsdbClient {
  appendToStream(streamName: string, events: JSONEventData[], options: { expectedRevision: AppendExpectedRevision }): Promise<AppendResult>;
  readStream(streamName: string, options: ReadStreamOptions): AsyncIterable<ResolvedEvent>;
  readAll(options: ReadAllOptions): AsyncIterable<AllStreamResolvedEvent>;
  subscribeToAll(options: SubscribeToAllOptions): LiveSubscription;
  getStreamMetadata(streamName: string): Promise<GetStreamMetadataResult>;
  setStreamMetadata(streamName: string, metadata: StreamMetadata): Promise<AppendResult>;
  dispose(): Promise<void>;
}

/** Opens a client (lazily: nothing is dialled until the first call). */
export const connectEsdb = (connectionString: string): EsdbClient => {
  if (!isEsdbConnectionString(connectionString)) {
    throw new Error(`an EventStoreDB connection string starts with ${ESDB_CONNECTION_SCHEMES.join(' or ')}`);
  }
  return EventStoreDBClient.connectionString(connectionString);
};
