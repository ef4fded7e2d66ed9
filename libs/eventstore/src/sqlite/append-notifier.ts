import { resolve } from 'node:path';
import type { Position } from '../port';

/**
 * What one committed group appended. Every event with a position in (`after`, `last`] was
 * written by that commit (it held the write lock), and each is of one of `types` and in one
 * of `streamIds`: a subscription whose filter matches none of them, and which has already
 * seen everything up to `after`, has nothing to read up to `last`.
 */
export type Appended = {
  /** Just before the group's first event: no event of another commit lies in (after, last]. */
  readonly after: Position;
  /** The group's last event: the head right after the commit. */
  readonly last: Position;
  readonly types: ReadonlySet<string>;
  readonly streamIds: ReadonlySet<string>;
  /**
   * No type or stream id holds a surrogate or U+FFFD, so each is stored exactly as given and
   * comparing them in JS agrees with SQLite (which turns a lone surrogate into U+FFFD).
   */
  readonly verbatim: boolean;
};

const NOT_VERBATIM = /[\uD800-\uDFFF\uFFFD]/;

/** See `Appended.verbatim`. */
export const isVerbatim = (values: Iterable<string>): boolean => {
  for (const value of values) if (NOT_VERBATIM.test(value)) return false;
  return true;
};

type Wake = (appended: Appended) => void;

// Module-level on purpose: two stores opened on one file in one process (an API module and
// a worker module in `serve`) must wake each other's subscriptions without waiting for a poll.
const listenersByFile = new Map<string | symbol, Set<Wake>>();

/** Wakes the subscriptions of this process that read the same file as the appender. */
export class AppendNotifier {
  private readonly key: string | symbol;

  constructor(file: string) {
    // An in-memory database is private to its connection: nobody else may share its key.
    this.key = file === ':memory:' || file === '' ? Symbol(file) : resolve(file);
  }

  /** Registers a wake-up; the returned function unregisters it. */
  listen(wake: Wake): () => void {
    let listeners = listenersByFile.get(this.key);
    if (!listeners) {
      listeners = new Set();
      listenersByFile.set(this.key, listeners);
    }
    listeners.add(wake);
    return () => {
      listeners.delete(wake);
      if (listeners.size === 0 && listenersByFile.get(this.key) === listeners) listenersByFile.delete(this.key);
    };
  }

  notify(appended: Appended): void {
    const listeners = listenersByFile.get(this.key);
    if (!listeners) return;
    // A copy: a woken subscription may stop (and unregister) while we iterate.
    for (const wake of [...listeners]) wake(appended);
  }
}
