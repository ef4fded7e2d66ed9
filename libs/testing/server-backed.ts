/**
 * Suites that need a real server (EventStoreDB, MongoDB). Such a server cannot be assumed
 * on a developer's machine, so when its connection setting is absent the suite is skipped
 * loudly: one line on stderr, and its tests counted as skipped. When the setting is present
 * the suite runs, and the adapter's own setup must fail fast if the server is unreachable:
 * a named server that cannot be reached is a failure, never a skip.
 */
export const describeWithServer = (title: string, envName: string, body: (connection: string) => void): void => {
  const connection = process.env[envName];
  if (connection !== undefined && connection !== '') {
    describe(title, () => body(connection));
    return;
  }
  process.stderr.write(`skipped: ${title} (set ${envName} to run it against a server; see docker/compose.yml)\n`);
  describe.skip(`${title} [skipped: ${envName} is not set]`, () => body(''));
};
