/**
 * One run of `check` serves every caller that asked for it before it ran, the way a group
 * commit serves every append asked before it: the run happens at the end of the event loop's
 * turn (setImmediate), so each caller waits for a check that began after its own call. A
 * caller that asks while the check runs, or after, waits for the next one.
 *
 * The stream cache uses it for other writers' appends: a read may then trust what it kept
 * only if nothing committed before the read was asked had touched the stream, exactly as when
 * each read checked on its own, while a turn that handles many requests checks once.
 */
export class SharedCheck {
  private pending: Promise<void> | null = null;

  constructor(private readonly check: () => void) {}

  /** Settles once a run of the check that began after this call has finished (rejects if it threw). */
  after(): Promise<void> {
    this.pending ??= new Promise<void>((resolve, reject) =>
      setImmediate(() => {
        this.pending = null; // before the run: a caller from here on needs a run of its own
        try {
          this.check();
          resolve();
        } catch (error) {
          reject(error);
        }
      }),
    );
    return this.pending;
  }
}
