import type { EventEmitter } from 'node:events';

/** What the shell reports for a program that SIGPIPE ended (128 + 13), as `yes | head` does. */
export const EXIT_OUTPUT_CLOSED = 141;

/**
 * Ends the CLI quietly once the reader of its standard output has gone (`jobledger job follow
 * --json | head -1`). Node ignores SIGPIPE, so every later write fails with EPIPE as an `error`
 * event, which without a listener crashes with a stack trace; a verb that keeps running would
 * otherwise go on writing to no one. The exit code says the output was cut short, not done.
 */
export const endOnClosedOutput = (stdout: EventEmitter, exit: (code: number) => void): void => {
  stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    exit(EXIT_OUTPUT_CLOSED);
  });
};
