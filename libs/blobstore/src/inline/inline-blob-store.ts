import type { Database, Statement } from 'better-sqlite3';
import type { CommitLink, CommitParticipant, JoinCommits } from '../../../eventstore/src/sqlite/commit-participant';
import { admit, assertMaxBytes, DEFAULT_MAX_BYTES, isSha256Hex } from '../admit';
import { detectContentType } from '../content-type';
import type { BlobStore, StoredBlob } from '../port';

/** Evidence up to this size travels in the event log's file by default (larger goes to `large`). */
export const DEFAULT_INLINE_MAX_BYTES = 256 * 1024;
/**
 * Bytes staged at once at most: beyond it (the log cannot commit: disk full, I/O errors) new
 * evidence goes to `large`, which makes it durable on its own, instead of piling up in memory.
 */
export const MAX_STAGED_BYTES = 64 * 1024 * 1024;

export type InlineBlobStoreOptions = {
  /** The embedded event store's `joinCommits`: small evidence is written in its group commits. */
  readonly joinCommits: JoinCommits;
  /** Where evidence above `inlineMaxBytes` goes, and where earlier evidence may already be. */
  readonly large: BlobStore;
  readonly maxBytes?: number;
  /** 0: no new evidence is kept inline; what was is still read. */
  readonly inlineMaxBytes?: number;
  readonly maxStagedBytes?: number;
};

// A rowid table: blobs of up to a few hundred KiB are stored on overflow pages either way, and
// the sha256 index stays small. STRICT: only a BLOB is ever stored as the bytes.
const DDL = `
CREATE TABLE IF NOT EXISTS evidence_blobs (
  sha256 TEXT NOT NULL PRIMARY KEY,
  bytes  BLOB NOT NULL
) STRICT;
`;

/**
 * Small evidence kept in the event log's own SQLite file, written in the same group commit as
 * the appends that follow it: a photo and the `EvidenceCaptured` event that references it reach
 * the disk with one fsync instead of two (the blob writer's, then the log's).
 *
 * `put` stages the bytes and resolves at once. That is enough for the one promise evidence
 * needs, that an event never points at missing bytes: every append made after `put` resolved
 * is committed in the same or a later transaction of the same connection, and each group writes
 * everything staged before its appends (a group that fails keeps it staged for the next one),
 * so the bytes are durable no later than any such event. Bytes nobody referenced (the command
 * was refused after `put`) are written all the same, as with the other stores.
 */
export class InlineBlobStore implements BlobStore {
  private readonly maxBytes: number;
  private readonly inlineMaxBytes: number;
  private readonly maxStagedBytes: number;
  private readonly large: BlobStore;
  /** Staged, not yet committed: served from here until a commit has written them. */
  private readonly staged = new Map<string, Buffer>();
  private stagedBytes = 0;
  private readonly link: CommitLink;
  private readonly table: InlineTable;
  private closed = false;

  constructor(options: InlineBlobStoreOptions) {
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    this.inlineMaxBytes = options.inlineMaxBytes ?? DEFAULT_INLINE_MAX_BYTES;
    this.maxStagedBytes = options.maxStagedBytes ?? MAX_STAGED_BYTES;
    assertMaxBytes(this.maxBytes);
    if (!Number.isInteger(this.inlineMaxBytes) || this.inlineMaxBytes < 0) throw new RangeError(`inlineMaxBytes must be an integer ≥ 0, not ${this.inlineMaxBytes}`);
    this.large = options.large;
    // Prepared on the event store's own connection: reads see what it committed, at once.
    const attached: { table?: InlineTable } = {};
    this.link = options.joinCommits((db) => {
      attached.table = openTable(db);
      return this.participant(attached.table.insert);
    });
    if (!attached.table) throw new Error('the event store did not attach the evidence table');
    this.table = attached.table;
  }

  /** `declaredType` is the client's claim, passed on to `large`; only the bytes decide (see content-type.ts). */
  async put(bytes: Buffer, declaredType: string): Promise<StoredBlob> {
    // Decided on the length alone: `large` admits (and hashes) what it takes itself, once.
    if (bytes.length > this.inlineMaxBytes || this.stagedBytes + bytes.length > this.maxStagedBytes) return this.large.put(bytes, declaredType);
    const { sha256, sizeBytes, contentType } = admit(bytes, this.maxBytes);
    if (this.closed) throw new Error('InlineBlobStore is closed');
    if (!this.staged.has(sha256) && this.table.exists.get(sha256) === undefined) {
      // Copied: the caller's buffer may be a slice of a larger one it reuses.
      this.staged.set(sha256, Buffer.from(bytes));
      this.stagedBytes += sizeBytes;
      this.link.requestCommit();
    }
    return { sha256, sizeBytes, contentType, blobRef: `inline:${sha256}` };
  }

  /** Inline bytes are written with the log's commits, whose failures the event store reports; larger ones are the large store's. */
  writeFailure(): string | null {
    return this.large.writeFailure?.() ?? null;
  }

  async get(sha256: string): Promise<{ bytes: Buffer; contentType: string } | null> {
    if (!isSha256Hex(sha256)) return null;
    const staged = this.staged.get(sha256);
    // A copy of staged bytes: the caller must not be able to change what is about to be written.
    const bytes = staged ? Buffer.from(staged) : this.table.select.get(sha256);
    if (bytes === undefined) return this.large.get(sha256);
    return { bytes, contentType: detectContentType(bytes) ?? 'application/octet-stream' };
  }

  async has(sha256: string): Promise<boolean> {
    if (!isSha256Hex(sha256)) return false;
    return this.staged.has(sha256) || this.table.exists.get(sha256) !== undefined || this.large.has(sha256);
  }

  /** The event store writes what is still staged when it closes (it is closed first). */
  async close(): Promise<void> {
    this.closed = true;
    await this.large.close();
  }

  private participant(insert: Statement<[string, Buffer]>): CommitParticipant {
    return {
      hasWork: () => this.staged.size > 0,
      write: () => {
        const written = [...this.staged];
        for (const [sha256, bytes] of written) insert.run(sha256, bytes);
        return () => {
          // Only what this commit wrote: a put staged since is still waiting for its own.
          for (const [sha256, bytes] of written) {
            if (this.staged.get(sha256) !== bytes) continue;
            this.staged.delete(sha256);
            this.stagedBytes -= bytes.length;
          }
        };
      },
    };
  }
}

type InlineTable = {
  readonly insert: Statement<[string, Buffer]>;
  readonly select: Statement<[string], Buffer>;
  readonly exists: Statement<[string], number>;
};

const openTable = (db: Database): InlineTable => {
  db.transaction(() => db.exec(DDL)).immediate();
  return {
    insert: db.prepare<[string, Buffer]>('INSERT OR IGNORE INTO evidence_blobs (sha256, bytes) VALUES (?, ?)'),
    select: db.prepare<[string], Buffer>('SELECT bytes FROM evidence_blobs WHERE sha256 = ?').pluck(),
    exists: db.prepare<[string], number>('SELECT 1 FROM evidence_blobs WHERE sha256 = ?').pluck(),
  };
};
