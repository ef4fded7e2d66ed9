/**
 * A separate process for the cross-process race test: opens the store, says `ready`, waits
 * for a line on stdin, then repeatedly reads the stream's revision and appends expecting it.
 * Prints one JSON line: how many appends won, how many lost with ConcurrencyError, and
 * anything else that went wrong (which the test expects to be nothing).
 */
import { ConcurrencyError } from '../../errors';
import { newEvent } from '../../../contract/fixtures';
import { SqliteEventStore } from '../sqlite-event-store';

export type RaceReport = { readonly won: number; readonly conflicts: number; readonly failures: string[] };

const [file, streamId, attemptsArg] = process.argv.slice(2);

const race = async (): Promise<RaceReport> => {
  const store = SqliteEventStore.open({ file, synchronous: 'normal' });
  process.stdout.write('ready\n');
  await new Promise((resolve) => process.stdin.once('data', resolve));
  const report = { won: 0, conflicts: 0, failures: [] as string[] };
  for (let i = 0; i < Number(attemptsArg); i += 1) {
    const revision = await store.streamRevision(streamId);
    try {
      await store.append(streamId, [newEvent('Raced', { pid: process.pid, i })], revision);
      report.won += 1;
    } catch (error) {
      if (error instanceof ConcurrencyError) report.conflicts += 1;
      else report.failures.push(String(error));
    }
  }
  await store.close();
  return report;
};

race().then(
  (report) => process.stdout.write(`${JSON.stringify(report)}\n`, () => process.exit(0)),
  (error: unknown) => process.stdout.write(`${JSON.stringify({ won: 0, conflicts: 0, failures: [String(error)] })}\n`, () => process.exit(1)),
);
