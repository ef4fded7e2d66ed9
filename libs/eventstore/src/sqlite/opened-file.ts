import { statSync } from 'node:fs';
import { DomainError } from '../../../domain/src/shared/errors';

/** The log's file is no longer the one this process writes: nothing it writes now would survive a restart. */
export class LogFileGoneError extends DomainError {
  constructor(reason: string) {
    super('STORE_UNAVAILABLE', `the event log cannot be used: ${reason}; nothing was written. Restore the data directory and restart`, 'unavailable', { store: 'eventstore' });
    this.name = 'LogFileGoneError';
  }
}

/**
 * The file a database was opened as. Deleted (a wrong `rm -rf`, a temp cleaner) or replaced
 * under a running process, the file it goes on writing has no name: every commit would be
 * acknowledged, readable by this process, and gone at its next start, which creates an empty log.
 */
export class OpenedFile {
  private readonly identity: { readonly dev: number; readonly ino: number } | null;
  private gone: string | null = null;

  constructor(private readonly path: string) {
    // A private in-memory database has no file to lose.
    const stat = path === ':memory:' || path === '' ? null : statSync(path);
    this.identity = stat && { dev: stat.dev, ino: stat.ino };
  }

  /** Why the path no longer names the file opened, or null; once gone, gone for good (the file does not come back). */
  check(): string | null {
    if (this.gone !== null || this.identity === null) return this.gone;
    let now: ReturnType<typeof statSync>;
    try {
      now = statSync(this.path, { throwIfNoEntry: false });
    } catch {
      // Cannot tell (a directory made unreadable, an I/O error): SQLite's own write through the
      // handle it holds decides, as it did before this check. It runs on every group commit: a
      // throw here would end the process.
      return null;
    }
    if (!now) this.gone = `${this.path} was deleted while open`;
    else if (now.dev !== this.identity.dev || now.ino !== this.identity.ino) this.gone = `${this.path} was replaced by another file while open`;
    return this.gone;
  }
}
