import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GridFSBucket, type GridFSFile, type ObjectId } from 'mongodb';
import type { MongoConnection } from '../../../readstore/src/mongodb/connection';
import { admit, assertMaxBytes, DEFAULT_MAX_BYTES, isSha256Hex } from '../admit';
import type { BlobStore, StoredBlob } from '../port';
import { blobRefOf, contentTypeOf, COPY_ORDER, DEFAULT_BUCKET, fileMetadata } from './metadata';

/** The part of a bucket the store uses (a test may hand in its own). */
export type EvidenceBucket = Pick<GridFSBucket, 'find' | 'openUploadStream' | 'openDownloadStream' | 'delete'>;

export type GridFsBlobStoreOptions = {
  readonly connection: MongoConnection;
  /** Defaults to the GridFS bucket `bucketName` of the connection's database. */
  readonly bucket?: EvidenceBucket;
  readonly bucketName?: string;
  readonly maxBytes?: number;
  /** Whether `close` closes the client too (false when the read store shares it). */
  readonly ownsConnection?: boolean;
};

/**
 * Evidence bytes in MongoDB GridFS, content-addressed: one file per sha256, named by it,
 * with `{ sha256, contentType, sizeBytes }` as metadata. GridFS writes the file document
 * after the last chunk, so a file that can be found is complete.
 *
 * Storing known bytes again is a no-op (looked up by name first). Two uploads of the same
 * new bytes at once may both complete; each then looks for an earlier copy and, if there is
 * one, deletes its own. Readers always take the earliest copy, so they never see the
 * difference, and a copy both racers kept (clocks far apart) is only wasted space.
 */
export class GridFsBlobStore implements BlobStore {
  private readonly bucket: EvidenceBucket;
  private readonly maxBytes: number;

  constructor(private readonly options: GridFsBlobStoreOptions) {
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    assertMaxBytes(this.maxBytes);
    this.bucket = options.bucket ?? new GridFSBucket(options.connection.db, { bucketName: options.bucketName ?? DEFAULT_BUCKET });
  }

  /** `_declaredType` is the client's claim; only the bytes decide (see content-type.ts). */
  async put(bytes: Buffer, _declaredType: string): Promise<StoredBlob> {
    const admitted = admit(bytes, this.maxBytes);
    const stored: StoredBlob = { ...admitted, blobRef: blobRefOf(admitted.sha256) };
    if ((await this.firstCopy(admitted.sha256)) !== null) return stored;
    const upload = this.bucket.openUploadStream(admitted.sha256, { metadata: fileMetadata(admitted) });
    try {
      await pipeline(Readable.from([bytes]), upload);
    } catch (error) {
      await this.removeUnfinished(upload);
      throw error;
    }
    await this.keepOneCopy(admitted.sha256, upload.id);
    return stored;
  }

  async get(sha256: string): Promise<{ bytes: Buffer; contentType: string } | null> {
    if (!isSha256Hex(sha256)) return null;
    const file = await this.firstCopy(sha256);
    if (file === null) return null;
    const chunks: Buffer[] = [];
    for await (const chunk of this.bucket.openDownloadStream(file._id)) chunks.push(chunk as Buffer);
    const bytes = Buffer.concat(chunks);
    return { bytes, contentType: contentTypeOf(file, bytes) };
  }

  async has(sha256: string): Promise<boolean> {
    return isSha256Hex(sha256) && (await this.firstCopy(sha256)) !== null;
  }

  async close(): Promise<void> {
    if (this.options.ownsConnection) await this.options.connection.close();
  }

  private firstCopy(sha256: string): Promise<GridFSFile | null> {
    return this.bucket.find({ filename: sha256 }, { sort: COPY_ORDER, limit: 1 }).next();
  }

  /**
   * Chunks written before a failure have no file document: nothing would ever read or delete
   * them. Best effort: the put's own failure is what its caller hears.
   */
  private async removeUnfinished(upload: { readonly id: ObjectId; abort(): Promise<void> }): Promise<void> {
    try {
      return await upload.abort();
    } catch {
      // The driver refuses to abort once the last chunk was asked for: every small file, and a
      // large one whose file document failed. Its document may have been written after all,
      // and a concurrent put of the same bytes may already rely on it.
    }
    try {
      if ((await this.bucket.find({ _id: upload.id }, { limit: 1 }).next()) !== null) return;
      await this.bucket.delete(upload.id); // removes the chunks, then reports the missing document
    } catch {
      // Unreachable now: the chunks stay, unread.
    }
  }

  /** Deletes our upload when a concurrent one of the same bytes came first. */
  private async keepOneCopy(sha256: string, ours: ObjectId): Promise<void> {
    const first = await this.firstCopy(sha256);
    if (first !== null && !first._id.equals(ours)) await this.bucket.delete(ours);
  }
}
