import type { Database, Statement } from 'better-sqlite3';

const DEFAULT_MAX_CHARS = 16 * 1024 * 1024;
const DEFAULT_MAX_DOCS = 100_000;

/**
 * The stored JSON text of documents this connection recently read or wrote, so a projection's
 * batch does not read back from SQLite what its own last batch just wrote (every event of a
 * job reads the job's document). Absent documents are remembered as null.
 *
 * Correct while this connection is the only writer of those documents: any commit by another
 * connection (another thread's or process's projections, a rebuild, a reset) moves `PRAGMA
 * data_version`, which `validate()` checks (at the start of every batch: the check costs about
 * what a document read does, so not per read), and empties the cache. So a batch may miss only
 * what another connection commits while the batch runs: its reads were never under the write
 * lock anyway (only its writes are, fenced by its projection's lease, and nobody but the lease
 * holder writes those documents). This connection's own writes outside a batch (reset, drop)
 * must call `clear()`. Texts are kept exactly as written, which is what SQLite returns. Beyond
 * the budget, the documents set first are dropped first.
 */
export class DocCache {
  private readonly docs = new Map<string, string | null>();
  private chars = 0;
  private readonly dataVersion: Statement<[], number>;
  private seenVersion: number;

  constructor(
    db: Database,
    private readonly maxChars = DEFAULT_MAX_CHARS,
    private readonly maxDocs = DEFAULT_MAX_DOCS,
  ) {
    this.dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
    this.seenVersion = this.dataVersion.get() ?? 0;
  }

  /** Empties the cache if another connection committed since the last check. */
  validate(): void {
    const version = this.dataVersion.get() ?? 0;
    if (version === this.seenVersion) return;
    this.seenVersion = version;
    this.clear();
  }

  /** Whether another connection committed since the last validate() (the cache is not touched). */
  othersCommitted(): boolean {
    return (this.dataVersion.get() ?? 0) !== this.seenVersion;
  }

  /** The remembered text (null: known absent), or undefined when SQLite must be asked. */
  get(collection: string, id: string): string | null | undefined {
    return this.docs.get(key(collection, id));
  }

  /** What SQLite holds for the document now: as just read, or as just committed. */
  set(collection: string, id: string, json: string | null): void {
    const k = key(collection, id);
    this.forget(k);
    if (json !== null && json.length > this.maxChars / 64) return; // one document must not crowd out the rest
    this.docs.set(k, json);
    this.chars += json?.length ?? 0;
    for (const [oldest, text] of this.docs) {
      if (this.chars <= this.maxChars && this.docs.size <= this.maxDocs) break;
      this.docs.delete(oldest);
      this.chars -= text?.length ?? 0;
    }
  }

  clear(): void {
    this.docs.clear();
    this.chars = 0;
  }

  private forget(k: string): void {
    const text = this.docs.get(k);
    if (text === undefined) return;
    this.docs.delete(k);
    this.chars -= text?.length ?? 0;
  }
}

// Collection names are identifiers (names.ts), so a NUL cannot occur in them.
const key = (collection: string, id: string): string => `${collection}\u0000${id}`;
