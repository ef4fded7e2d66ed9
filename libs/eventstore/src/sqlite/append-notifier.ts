import { resolve } from 'node:path';

type Wake = () => void;

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

  notify(): void {
    const listeners = listenersByFile.get(this.key);
    if (!listeners) return;
    // A copy: a woken subscription may stop (and unregister) while we iterate.
    for (const wake of [...listeners]) wake();
  }
}
