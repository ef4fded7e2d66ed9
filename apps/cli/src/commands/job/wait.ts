import type { Command } from 'commander';
import { parseWhole } from '../shared/args';
import { clientFor, withConnection, type ConnectionOptions } from '../shared/connection';
import { print } from '../shared/table';
import { liveEvents, patientUntil } from './live';

/** The longest wait the server takes in one request (GET /jobs/:id/wait?timeout=, MAX_WAIT_SECONDS). */
const MAX_WAIT_SECONDS = 86_400;

/**
 * SPEC §6: 0 success, 1 failed, 124 timeout, 125 cancelled. A wait that could not be done
 * ends as every verb does (docs/cli.md): 1 for the server's refusal or no server, 2 for a
 * usage error; only its message on stderr, never a final line on stdout, tells it from a failed job.
 */
export const WAIT_EXIT = { success: 0, failed: 1, timeout: 124, cancelled: 125 } as const;

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
      .option('--timeout <seconds>', 'give up after this many seconds, up to a day (exit 124)', parseWhole(0, MAX_WAIT_SECONDS), 300),
    'a token that may read the job',
    'print the final event as JSON',
  )
    .addHelpText('after', [
      '',
      'Exit codes: 0 success (completed or force_completed), 1 failed (failed or closed), 124 timeout, 125 cancelled.',
      'The wait not done: 1 when the server refused it or could not be reached, 2 for a usage error, the error on stderr.',
      'A server that goes away after the wait began (a restart) is reconnected to until the timeout.',
      '',
      'Examples:',
      '  jobledger job wait agents-1a2b3c4d --timeout 600 && echo shipped',
      '  jobledger job wait agents-1a2b3c4d --json; echo "exit $?"',
    ].join('\n'))
    .action(async (jobId: string, o: ConnectionOptions & { timeout: number }) => {
      const deadline = Date.now() + o.timeout * 1000;
      // Reconnecting (another instance, after a restart) waits only for what is left of the timeout.
      const path = () => `/jobs/${encodeURIComponent(jobId)}/wait?timeout=${Math.max(0, Math.ceil((deadline - Date.now()) / 1000))}`;
      // A refusal or a lost server is thrown on to main's reportFailure: the one error shape, --json included.
      // A server that went away (a restart) is reconnected to until the timeout, and only then given up on.
      for await (const { data } of liveEvents(clientFor(o, 'admin'), path, patientUntil(deadline))) {
        const final = JSON.parse(data) as Final;
        print(o.json ? `${JSON.stringify(final)}\n` : `${describe(final)}\n`);
        process.exitCode = exitCodeOf(final);
        return;
      }
    });
