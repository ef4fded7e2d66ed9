import type { GetStreamMetadataResult, StreamMetadata as ClientStreamMetadata } from '@eventstore/db-client';
import type { StreamMetadata } from '../port';

/**
 * Stream metadata is one JSON document per stream (its `$$` stream's last event): setting it
 * replaces the previous document. The client translates `maxCount`, `maxAge`, `truncateBefore`,
 * `cacheControl` and `acl` to the server's `$`-keys and back; custom keys pass through.
 */
export const toClientMetadata = (metadata: StreamMetadata): ClientStreamMetadata => ({ ...metadata });

export const fromClientMetadata = (result: GetStreamMetadataResult): StreamMetadata | null =>
  result.metadata === undefined ? null : { ...result.metadata };
