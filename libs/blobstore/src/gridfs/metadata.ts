import type { Document, GridFSFile } from 'mongodb';
import type { Admitted } from '../admit';
import { detectContentType, SUPPORTED_CONTENT_TYPES } from '../content-type';

export const DEFAULT_BUCKET = 'evidence';

/** Files are named by their sha256, so the bucket is content-addressed. */
export const blobRefOf = (sha256: string): string => `gridfs:${sha256}`;

/** Kept in the file's `metadata` (GridFS's own `contentType` field is deprecated). */
export const fileMetadata = ({ sha256, contentType, sizeBytes }: Admitted): Document => ({ sha256, contentType, sizeBytes });

/** The type recorded at upload; bytes stored by other means are typed by their content. */
export const contentTypeOf = (file: Pick<GridFSFile, 'metadata'>, bytes: Buffer): string => {
  const recorded: unknown = file.metadata?.contentType;
  if (typeof recorded === 'string' && (SUPPORTED_CONTENT_TYPES as readonly string[]).includes(recorded)) return recorded;
  return detectContentType(bytes) ?? 'application/octet-stream';
};

/**
 * Concurrent uploads of the same bytes may each leave a copy. Every reader and writer
 * agrees on one: the earliest upload, `_id` breaking a tie.
 */
export const COPY_ORDER = { uploadDate: 1, _id: 1 } as const;
