import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Runs `tick` every `seconds` until it answers true or Ctrl-C (SIGINT/SIGTERM) ends the
 * loop. An interrupt is a clean end: no stack trace, exit code 130, the last line printed.
 * It also ends the request `tick` is waiting for (`signal`, see ApiClient.withSignal): a server
 * that never answers would otherwise hold the loop, and the interrupt, forever.
 */
export const pollUntil = async (seconds: number, tick: (signal: AbortSignal) => Promise<boolean>): Promise<'finished' | 'interrupted'> => {
  const interrupt = new AbortController();
  const { signal } = interrupt;
  const stop = () => interrupt.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    while (!signal.aborted) {
      try {
        if (await tick(signal)) return 'finished';
      } catch (e) {
        // A request ended by the interrupt is the interrupt, not a failure.
        if (!signal.aborted) throw e;
      }
      // The interrupt ends the wait too (rejecting it, which here says only that).
      await sleep(seconds * 1000, undefined, { signal }).catch(() => undefined);
    }
    process.exitCode = 130;
    return 'interrupted';
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
};
