/**
 * An event names bytes the blob store does not hold: the folder was restored without them, or
 * they were removed outside jobledger. The server's loss, not the caller's mistake, so it is
 * never answered as "not found"; the error names the bytes for whoever restores them.
 */
export class MissingBlobError extends Error {
  constructor(readonly sha256: string, readonly namedBy: string) {
    super(`${namedBy} names bytes the blob store does not hold (sha256 ${sha256}); restore them from a backup of the blobs`);
    this.name = 'MissingBlobError';
  }
}
