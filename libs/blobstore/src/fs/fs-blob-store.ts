import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { admit, assertMaxBytes, DEFAULT_MAX_BYTES, isSha256Hex } from '../admit';
import { detectContentType } from '../content-type';
import { RecentFailure } from '../../../eventstore/src/recent-failure';
import type { BlobStore, StoredBlob } from '../port';
import { BlobWriter } from './blob-writer';

export { DEFAULT_MAX_BYTES } from '../admit';

export type FsBlobStoreOptions = {
  readonly dir: string;
  readonly maxBytes?: number;
  /** How long a journal of acknowledged writes is kept before its files are fsynced and it is dropped (default 30 s, at least 100 ms). */
  readonly journalRetireMs?: number;
  /** Told when a journal segment could not be retired (it is kept and tried again): worth an operator's look. */
  readonly onWarning?: (message: string) => void;
};

/** Structural, not `instanceof Error`: Node's errors may come from another realm (jest's vm). */
const isMissing = (error: unknown): boolean => typeof error === 'object' && error !== null && 'code' in error && error.code === 'ENOENT';

/**
 * Evidence bytes on the local disk, content-addressed: `<dir>/<sha[0..2]>/<sha>` (two hex
 * characters of fan-out keep directories small), written through `<dir>/.incoming/` by the
 * writer's thread (blob-writer.worker.js). Nothing else is written: only detectable types are
 * accepted, so the bytes themselves say their type again on every read (and the event that
 * references them records it too). A lookup that misses asks the writer to look in the staging
 * folder first: after a crash, acknowledged bytes may still be there.
 */
export class FsBlobStore implements BlobStore {
  private readonly dir: string;
  private readonly maxBytes: number;
  private readonly writer: BlobWriter;
  private readonly lastFailure = new RecentFailure();

  constructor(options: FsBlobStoreOptions) {
    this.dir = options.dir;
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    this.writer = new BlobWriter(this.dir, options.journalRetireMs, options.onWarning);
    assertMaxBytes(this.maxBytes);
  }

  /** `_declaredType` is the client's claim; only the bytes decide (see content-type.ts). */
  async put(bytes: Buffer, _declaredType: string): Promise<StoredBlob> {
    const { sha256, sizeBytes, contentType } = admit(bytes, this.maxBytes);
    const stored: StoredBlob = { sha256, sizeBytes, contentType, blobRef: `fs:${sha256}` };
    let wrote: boolean;
    try {
      wrote = await this.writer.write(sha256, bytes); // same bytes, same name: a second put writes nothing
    } catch (error) {
      this.lastFailure.failed(error);
      throw error;
    }
    // Only a write that reached the disk proves it writable again; a photo already stored does not.
    if (wrote) this.lastFailure.succeeded();
    return stored;
  }

  writeFailure(): string | null {
    return this.lastFailure.current();
  }

  async get(sha256: string): Promise<{ bytes: Buffer; contentType: string } | null> {
    if (!isSha256Hex(sha256)) return null; // no path is built from anything else
    await this.writer.ready();
    const bytes = (await this.read(sha256)) ?? ((await this.writer.recover(sha256)) ? await this.read(sha256) : null);
    return bytes === null ? null : { bytes, contentType: detectContentType(bytes) ?? 'application/octet-stream' };
  }

  async has(sha256: string): Promise<boolean> {
    if (!isSha256Hex(sha256)) return false;
    await this.writer.ready();
    return (await this.isStored(sha256)) || this.writer.recover(sha256);
  }

  async close(): Promise<void> {
    await this.writer.close();
  }

  private path(sha256: string): string {
    return join(this.dir, sha256.slice(0, 2), sha256);
  }

  private async read(sha256: string): Promise<Buffer | null> {
    try {
      return await readFile(this.path(sha256));
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  private async isStored(sha256: string): Promise<boolean> {
    try {
      return (await stat(this.path(sha256))).isFile();
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }
}
