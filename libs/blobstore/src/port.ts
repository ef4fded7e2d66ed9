export type StoredBlob = {
  readonly sha256: string;
  readonly sizeBytes: number;
  readonly contentType: string;
  /** Where the bytes are, as recorded in `EvidenceCaptured.blobRef`. */
  readonly blobRef: string;
};

export interface BlobStore {
  /**
   * Stores bytes under their sha256 (content-addressed: storing twice is a no-op). When it
   * resolves, the bytes are durable, or will be no later than any event appended after it
   * (InlineBlobStore): either way an event never points at bytes a crash lost.
   */
  put(bytes: Buffer, contentType: string): Promise<StoredBlob>;
  get(sha256: string): Promise<{ bytes: Buffer; contentType: string } | null>;
  has(sha256: string): Promise<boolean>;
  /**
   * Why the last write failed (a full, failing or read-only disk), for 10 s after it or until a
   * write succeeds; null when writes succeed. For `/health`, as the event store's. Stores that
   * cannot tell leave it out.
   */
  writeFailure?(): string | null;
  close(): Promise<void>;
}

export const BLOB_STORE = Symbol('BLOB_STORE');
