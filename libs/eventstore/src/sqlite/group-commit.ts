import type { Database } from 'better-sqlite3';
import type { ExpectedRevision, NewEvent } from '../port';
import { isVerbatim, type Appended } from './append-notifier';
import type { AppendFn, AppendOutcome } from './append-transaction';
import type { CommitParticipant } from './commit-participant';
import type { EventRow } from './event-row';
import { LogFileGoneError } from './opened-file';
import { RecentFailure } from '../recent-failure';

/** How soon a group that failed with staged work and no appends is tried again. */
const PARTICIPANT_RETRY_MS = 1000;

type Pending = {
  readonly streamId: string;
  readonly events: readonly NewEvent[];
  readonly expected: ExpectedRevision;
  readonly resolve: (outcome: AppendOutcome) => void;
  readonly reject: (error: unknown) => void;
};

type Settled = { readonly ok: true; readonly outcome: AppendOutcome } | { readonly ok: false; readonly error: unknown };
type Committed = { readonly settled: Settled[]; readonly afterCommit: ReadonlyArray<(() => void) | null> };

/**
 * Group commit: the appends requested while the event loop was busy are written in one
 * BEGIN IMMEDIATE … COMMIT, so under concurrency many commands share one fsync instead of
 * queueing behind one each. Every append keeps its own savepoint (its own revision check and
 * its own error), and every promise settles only after the commit: nothing is acknowledged
 * before it is durable.
 */
export class GroupCommit {
  private queue: Pending[] = [];
  private scheduled = false;
  private readonly participants: CommitParticipant[] = [];
  private retryTimer: NodeJS.Timeout | null = null;
  private closed = false;
  /** The last group's failure, until a group commits. */
  private readonly lastFailure = new RecentFailure();
  private readonly commitGroup: (group: readonly Pending[]) => Committed;

  constructor(
    db: Database,
    appendOne: AppendFn,
    /** Called once per group that wrote anything, with what it wrote (and the stored rows of each append that wrote). */
    private readonly onCommitted: (appended: Appended, rows: ReadonlyArray<readonly EventRow[]>) => void,
    /** Why nothing may be committed now (the log's file was deleted under this process), or null. */
    private readonly unusable: () => string | null = () => null,
  ) {
    const group = db.transaction((pending: readonly Pending[]): Committed => {
      // First: an append of this group may reference what a participant staged before it.
      const afterCommit = this.participants.map((p) => (p.hasWork() ? p.write() : null));
      const settled = pending.map((p): Settled => {
        try {
          return { ok: true, outcome: appendOne(p.streamId, p.events, p.expected) };
        } catch (error) {
          // SQLite rolled the whole transaction back itself (disk full, I/O error): what the
          // group wrote so far is gone, and the appends after this one would each commit on
          // their own, without what participants wrote. The group fails as one.
          if (!db.inTransaction) throw error;
          return { ok: false, error };
        }
      });
      return { settled, afterCommit };
    });
    this.commitGroup = (pending) => group.immediate(pending);
  }

  append(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ streamId, events, expected, resolve, reject });
      this.schedule();
    });
  }

  /** Why the last group failed as a whole, in the last FAILURE_REPORTED_MS (recent-failure.ts) and none committed since (see EventStore.writeFailure). */
  failure(nowMs = Date.now()): string | null {
    return this.lastFailure.current(nowMs);
  }

  /** See CommitParticipant. */
  join(participant: CommitParticipant): void {
    this.participants.push(participant);
  }

  /** A group commit at the end of this turn of the event loop (one for everything asked meanwhile). */
  schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  /** Staged work nobody appends after is retried on its own, once a second. */
  private retryLater(): void {
    if (this.retryTimer || this.closed) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.schedule();
    }, PARTICIPANT_RETRY_MS);
    this.retryTimer.unref();
  }

  /** The last group (nothing queued is dropped), and no retries after it. */
  close(): void {
    this.flush();
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  /** Writes whatever is queued now. */
  flush(): void {
    this.scheduled = false;
    const pending = this.queue;
    this.queue = [];
    if (!pending.length && !this.participants.some((p) => p.hasWork())) return;
    const unusable = this.unusable();
    if (unusable !== null) {
      // Committed, it would be acknowledged and then lost: refused, and staged work stays staged.
      const error = new LogFileGoneError(unusable);
      for (const p of pending) p.reject(error);
      this.lastFailure.failed(error.message);
      return;
    }
    let committed: Committed;
    try {
      committed = this.commitGroup(pending);
    } catch (error) {
      // The group itself failed (busy beyond the timeout, disk full, a participant's write): none
      // of it was written; what participants staged stays staged, for the next group or a retry.
      for (const p of pending) p.reject(error);
      if (this.participants.some((p) => p.hasWork())) this.retryLater();
      this.lastFailure.failed(error);
      return;
    }
    this.lastFailure.succeeded();
    // The group is durable now: a listener that throws is reported, and every append is answered
    // regardless (an unanswered append would hang its command forever).
    for (const release of committed.afterCommit) afterCommit(() => release?.());
    const { settled } = committed;
    const appended = describeWritten(pending, settled);
    if (appended) afterCommit(() => this.onCommitted(appended, settled.flatMap((s) => (s.ok && s.outcome.written ? [s.outcome.rows] : []))));
    settled.forEach((s, i) => (s.ok ? pending[i].resolve(s.outcome) : pending[i].reject(s.error)));
  }
}

/** Runs one step that follows a COMMIT; its failure is a warning, so the steps after it still run. */
export const afterCommit = (run: () => void): void => {
  try {
    run();
  } catch (error) {
    const told = error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.emitWarning(`a step after a group commit failed: ${told}`, 'GroupCommitListenerWarning');
  }
};

/** What the group wrote, or undefined when every append of it was refused or a no-op. */
const describeWritten = (pending: readonly Pending[], settled: readonly Settled[]): Appended | undefined => {
  let after: bigint | undefined;
  let last: bigint | undefined;
  const types = new Set<string>();
  const streamIds = new Set<string>();
  settled.forEach((s, i) => {
    if (!s.ok || !s.outcome.written) return;
    const { rows, result } = s.outcome;
    const first = BigInt(rows[0].position);
    if (after === undefined || first - 1n < after) after = first - 1n;
    if (last === undefined || result.position > last) last = result.position;
    streamIds.add(pending[i].streamId);
    for (const event of pending[i].events) types.add(event.type);
  });
  if (after === undefined || last === undefined) return undefined;
  return { after, last, types, streamIds, verbatim: isVerbatim(types) && isVerbatim(streamIds) };
};
