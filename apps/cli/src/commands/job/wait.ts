import type { Command } from 'commander';
import { ApiError } from '../../api-client';
import { clientFor, withConnection, type ConnectionOptions } from '../shared/connection';
import { liveEvents } from './live';

/** SPEC §6: 0 success, 1 failed, 124 timeout, 125 cancelled; 2 when the wait itself could not be done. */
export const WAIT_EXIT = { success: 0, failed: 1, error: 2, timeout: 124, cancelled: 125 } as const;

type Final = { jobId: string; outcome: 'done' | 'cancelled' | 'timeout'; phase: string | null; resolution: string | null };

/** A job that ended `done` succeeded when its work was completed (or force-completed by an admin); `failed` and `closed` did not. */
export const exitCodeOf = (f: Final): number => {
  if (f.outcome === 'timeout') return WAIT_EXIT.timeout;
  if (f.outcome === 'cancelled') return WAIT_EXIT.cancelled;
  return f.resolution === 'completed' || f.resolution === 'force_completed' ? WAIT_EXIT.success : WAIT_EXIT.failed;
};

const describe = (f: Final): string =>
  f.outcome === 'timeout' ? `timed out: job ${f.jobId} is still ${f.phase}` : f.outcome === 'cancelled' ? `job ${f.jobId} was cancelled` : `job ${f.jobId} is done (${f.resolution})`;

export const registerJobWait = (job: Command) =>
  withConnection(
    job.command('wait').argument('<jobId>', 'the job').description('wait until a job is done or cancelled; the exit code says how it ended')
      .option('--timeout <seconds>', 'give up after this many seconds (exit 124)', '300'),
    'a token that may read the job',
    'print the final event as JSON',
  )
    .addHelpText('after', [
      '',
      'Exit codes: 0 success (completed), 1 failed (failed or closed), 124 timeout, 125 cancelled, 2 the wait could not be done.',
      '',
      'Examples:',
      '  jobledger job wait agents-1a2b3c4d --timeout 600 && echo shipped',
      '  jobledger job wait agents-1a2b3c4d --json; echo "exit $?"',
    ].join('\n'))
    .action(async (jobId: string, o: ConnectionOptions & { timeout: string }) => {
      const seconds = Number(o.timeout);
      if (!Number.isInteger(seconds) || seconds < 0) return fail(`--timeout must be a whole number of seconds, got ${o.timeout}`);
      const deadline = Date.now() + seconds * 1000;
      // Reconnecting (another instance, after a restart) waits only for what is left of the timeout.
      const path = () => `/jobs/${encodeURIComponent(jobId)}/wait?timeout=${Math.max(0, Math.ceil((deadline - Date.now()) / 1000))}`;
      try {
        for await (const { data } of liveEvents(clientFor(o, 'admin'), path)) {
          const final = JSON.parse(data) as Final;
          process.stdout.write(o.json ? `${JSON.stringify(final)}\n` : `${describe(final)}\n`);
          process.exitCode = exitCodeOf(final);
          return;
        }
      } catch (e) {
        fail(e instanceof ApiError || e instanceof Error ? e.message : String(e));
      }
    });

const fail = (message: string): void => {
  process.stderr.write(`jobledger: ${message}\n`);
  process.exitCode = WAIT_EXIT.error;
};
