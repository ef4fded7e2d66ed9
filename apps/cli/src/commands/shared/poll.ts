/**
 * Runs `tick` every `seconds` until it answers true or Ctrl-C (SIGINT/SIGTERM) ends the
 * loop. An interrupt is a clean end: no stack trace, exit code 130, the last line printed.
 */
export const pollUntil = async (seconds: number, tick: () => Promise<boolean>): Promise<'finished' | 'interrupted'> => {
  let interrupted = false;
  let wake: () => void = () => undefined;
  const stop = () => {
    interrupted = true;
    wake();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    while (!interrupted) {
      if (await tick()) return 'finished';
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, seconds * 1000);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    process.exitCode = 130;
    return 'interrupted';
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
};
