import type { Database } from 'better-sqlite3';
import type { ExpectedRevision, NewEvent } from '../port';
import { isVerbatim, type Appended } from './append-notifier';
import type { AppendFn, AppendOutcome } from './append-transaction';
import type { EventRow } from './event-row';

type Pending = {
  readonly streamId: string;
  readonly events: readonly NewEvent[];
  readonly expected: ExpectedRevision;
  readonly resolve: (outcome: AppendOutcome) => void;
  readonly reject: (error: unknown) => void;
};

type Settled = { readonly ok: true; readonly outcome: AppendOutcome } | { readonly ok: false; readonly error: unknown };

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
  private readonly commitGroup: (group: readonly Pending[]) => Settled[];

  constructor(
    db: Database,
    appendOne: AppendFn,
    /** Called once per group that wrote anything, with what it wrote (and the stored rows of each append that wrote). */
    private readonly onCommitted: (appended: Appended, rows: ReadonlyArray<readonly EventRow[]>) => void,
  ) {
    const group = db.transaction((pending: readonly Pending[]) =>
      pending.map((p): Settled => {
        try {
          return { ok: true, outcome: appendOne(p.streamId, p.events, p.expected) };
        } catch (error) {
          return { ok: false, error };
        }
      }),
    );
    this.commitGroup = (pending) => group.immediate(pending);
  }

  append(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ streamId, events, expected, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Writes whatever is queued now; also called on close so nothing queued is dropped. */
  flush(): void {
    this.scheduled = false;
    const pending = this.queue;
    this.queue = [];
    if (!pending.length) return;
    let settled: Settled[];
    try {
      settled = this.commitGroup(pending);
    } catch (error) {
      // The group itself failed (busy beyond the timeout, disk full): none of it was written.
      for (const p of pending) p.reject(error);
      return;
    }
    const appended = describeWritten(pending, settled);
    if (appended) this.onCommitted(appended, settled.flatMap((s) => (s.ok && s.outcome.written ? [s.outcome.rows] : [])));
    settled.forEach((s, i) => (s.ok ? pending[i].resolve(s.outcome) : pending[i].reject(s.error)));
  }
}

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
