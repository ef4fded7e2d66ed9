import { mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DomainError } from '../../../domain/src/shared/errors';
import { sha256Hex } from '../../../domain/src/shared/hashing';
import { detectContentType, SUPPORTED_CONTENT_TYPES } from '../content-type';
import type { BlobStore, StoredBlob } from '../port';
import { writeFileAtomically } from './atomic-write';

export const DEFAULT_MAX_BYTES = 25 * 1024 * 1024;

export type FsBlobStoreOptions = { readonly dir: string; readonly maxBytes?: number };

/** Anything else handed to get/has (say `../../etc/passwd`) names no blob: no path is built from it. */
const SHA256_HEX = /^[0-9a-f]{64}$/;

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

  constructor(options: FsBlobStoreOptions) {
    this.dir = options.dir;
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    if (!Number.isInteger(this.maxBytes) || this.maxBytes < 1) throw new Error(`maxBytes must be a positive integer, not ${this.maxBytes}`);
  }

  /** `_declaredType` is the client's claim; only the bytes decide (see content-type.ts). */
  async put(bytes: Buffer, _declaredType: string): Promise<StoredBlob> {
    if (bytes.length > this.maxBytes) {
      throw new DomainError('EVIDENCE_TOO_LARGE', `evidence is ${bytes.length} bytes; the limit is ${this.maxBytes}`, 'too_large', {
        maxBytes: this.maxBytes,
        sizeBytes: bytes.length,
      });
    }
    const contentType = detectContentType(bytes);
    if (contentType === null) {
      throw new DomainError('UNSUPPORTED_CONTENT_TYPE', `evidence must be one of ${SUPPORTED_CONTENT_TYPES.join(', ')}`, 'unsupported_media', {
        allowed: [...SUPPORTED_CONTENT_TYPES],
      });
    }
    const sha256 = sha256Hex(bytes);
    const stored: StoredBlob = { sha256, sizeBytes: bytes.length, contentType, blobRef: `fs:${sha256}` };
    if (await this.has(sha256)) return stored; // same bytes, same name: nothing to do
    const { folder, blob } = this.paths(sha256);
    await mkdir(folder, { recursive: true });
    await writeFileAtomically(blob, bytes);
    return stored;
  }

  async get(sha256: string): Promise<{ bytes: Buffer; contentType: string } | null> {
    if (!SHA256_HEX.test(sha256)) return null;
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
    if (!SHA256_HEX.test(sha256)) return false;
    try {
      return (await stat(this.paths(sha256).blob)).isFile();
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  async close(): Promise<void> {
    // Nothing is held open between calls.
  }

  private paths(sha256: string): { folder: string; blob: string } {
    const folder = join(this.dir, sha256.slice(0, 2));
    return { folder, blob: join(folder, sha256) };
  }
}
