import { resolve } from 'node:path';
import { BroadcastChannel } from 'node:worker_threads';
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
   * comparing them in JS agrees with SQLite (which stores a lone surrogate as replacement characters).
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

/** Everything this thread knows about one database file: who listens, and the line to other threads. */
type Hub = { readonly listeners: Set<Wake>; readonly channel: BroadcastChannel | null; users: number };

// Module-level on purpose: two stores opened on one file in one thread (an API module and a
// worker module in `serve`) must wake each other's subscriptions without waiting for a poll.
// Across threads of one process (the processors' thread of `serve`) a BroadcastChannel named
// after the file carries the same news; other processes still find appends by polling.
const hubs = new Map<string | symbol, Hub>();

const deliver = (hub: Hub, appended: Appended): void => {
  // A copy: a woken subscription may stop (and unregister) while we iterate.
  for (const wake of [...hub.listeners]) wake(appended);
};

const openHub = (key: string | symbol): Hub => {
  const existing = hubs.get(key);
  if (existing) return existing;
  const channel = typeof key === 'string' ? new BroadcastChannel(`jobledger:appends:${key}`) : null;
  const hub: Hub = { listeners: new Set(), channel, users: 0 };
  if (channel) {
    channel.unref(); // never what keeps a process alive
    channel.onmessage = (message) => deliver(hub, (message as { data: Appended }).data);
  }
  hubs.set(key, hub);
  return hub;
};

const releaseHub = (key: string | symbol, hub: Hub): void => {
  if (hub.users > 0 || hub.listeners.size > 0 || hubs.get(key) !== hub) return;
  hubs.delete(key);
  hub.channel?.close();
};

/** Wakes the subscriptions of this process that read the same file as the appender, in any of its threads. */
export class AppendNotifier {
  private readonly key: string | symbol;
  private readonly hub: Hub;
  private closed = false;

  constructor(file: string) {
    // An in-memory database is private to its connection: nobody else may share its key.
    this.key = file === ':memory:' || file === '' ? Symbol(file) : resolve(file);
    this.hub = openHub(this.key);
    this.hub.users++;
  }

  /** Registers a wake-up; the returned function unregisters it. */
  listen(wake: Wake): () => void {
    const hub = this.hub; // registered in `hubs` for as long as this notifier is open
    hub.listeners.add(wake);
    return () => {
      hub.listeners.delete(wake);
      releaseHub(this.key, hub);
    };
  }

  notify(appended: Appended): void {
    deliver(this.hub, appended);
    if (!this.closed) this.hub.channel?.postMessage(appended);
  }

  /** The store closed: this thread stops carrying news of the file once nobody here uses it. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.hub.users--;
    releaseHub(this.key, this.hub);
  }
}
