import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { admit, assertMaxBytes, DEFAULT_MAX_BYTES, isSha256Hex } from '../admit';
import { detectContentType } from '../content-type';
import type { BlobStore, StoredBlob } from '../port';
import { AtomicWriter } from './atomic-writer';

export { DEFAULT_MAX_BYTES } from '../admit';

export type FsBlobStoreOptions = { readonly dir: string; readonly maxBytes?: number };

/** Structural, not `instanceof Error`: Node's errors may come from another realm (jest's vm). */
const isMissing = (error: unknown): boolean => typeof error === 'object' && error !== null && 'code' in error && error.code === 'ENOENT';

/**
 * Evidence bytes on the local disk, content-addressed: `<dir>/<sha[0..2]>/<sha>` (two hex
 * characters of fan-out keep directories small). Nothing else is written: only detectable
 * types are accepted, so the bytes themselves say their type again on every read (and the
 * event that references them records it too) — one atomic write, not two, per upload.
 */
export class FsBlobStore implements BlobStore {
  private readonly dir: string;
  private readonly maxBytes: number;
  private readonly writer = new AtomicWriter();

  constructor(options: FsBlobStoreOptions) {
    this.dir = options.dir;
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    assertMaxBytes(this.maxBytes);
  }

  /** `_declaredType` is the client's claim; only the bytes decide (see content-type.ts). */
  async put(bytes: Buffer, _declaredType: string): Promise<StoredBlob> {
    const { sha256, sizeBytes, contentType } = admit(bytes, this.maxBytes);
    const stored: StoredBlob = { sha256, sizeBytes, contentType, blobRef: `fs:${sha256}` };
    await this.writer.write(this.paths(sha256).blob, bytes); // same bytes, same name: a second put writes nothing
    return stored;
  }

  async get(sha256: string): Promise<{ bytes: Buffer; contentType: string } | null> {
    if (!isSha256Hex(sha256)) return null; // no path is built from anything else
    const { blob } = this.paths(sha256);
    let bytes: Buffer;
    try {
      bytes = await readFile(blob);
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
    return { bytes, contentType: detectContentType(bytes) ?? 'application/octet-stream' };
  }

  async has(sha256: string): Promise<boolean> {
    if (!isSha256Hex(sha256)) return false;
    try {
      return (await stat(this.paths(sha256).blob)).isFile();
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.writer.close();
  }

  private paths(sha256: string): { folder: string; blob: string } {
    const folder = join(this.dir, sha256.slice(0, 2));
    return { folder, blob: join(folder, sha256) };
  }
}
