import type { EventEmitter } from 'node:events';

/** What the shell reports for a program that SIGPIPE ended (128 + 13), as `yes | head` does. */
export const EXIT_OUTPUT_CLOSED = 141;

const onEpipe = (stdout: EventEmitter, closed: () => void): void => {
  stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    closed();
  });
};

/**
 * Ends the CLI quietly once the reader of its standard output has gone (`jobledger job follow
 * --json | head -1`). Node ignores SIGPIPE, so every later write fails with EPIPE as an `error`
 * event, which without a listener crashes with a stack trace; a verb that keeps running would
 * otherwise go on writing to no one. The exit code says the output was cut short, not done.
 */
export const endOnClosedOutput = (stdout: EventEmitter, exit: (code: number) => void): void => onEpipe(stdout, () => exit(EXIT_OUTPUT_CLOSED));

/**
 * `serve` in place of the above: its standard output is its log, and a server whose log has
 * nowhere to go stops, but as a first SIGTERM stops it (the requests in flight answered, the
 * processors' batch finished), not in the middle of them. Its later writes fail too while it
 * drains, so only the first closure counts.
 */
export const stopOnClosedOutput = (stdout: EventEmitter, stop: () => Promise<void>, exit: (code: number) => void, failed: (e: unknown) => number): void => {
  stdout.removeAllListeners('error');
  let stopping = false;
  onEpipe(stdout, () => {
    if (stopping) return;
    stopping = true;
    stop().then(() => exit(EXIT_OUTPUT_CLOSED), (e: unknown) => exit(failed(e)));
  });
};
