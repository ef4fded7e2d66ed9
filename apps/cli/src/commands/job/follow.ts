import type { Command } from 'commander';
import { actorName, print } from '../audit/table';
import { clientFor, withConnection, type ConnectionOptions } from '../shared/connection';
import { terminalCell } from '../shared/terminal-text';
import { liveEvents, patientFor } from './live';

type JobMessage = { type: string; occurredAt: string; actor: { id: string; role: string }; phase: string | null };
type LogMessage = { attemptNumber: number; level: string; message: string; at: string };

const ENDED = ['done', 'cancelled'];

/** How long a server may stay unreachable (a restart, a deploy) before `follow` gives up on it. */
const FOLLOW_PATIENCE_MS = 60_000;

/**
 * One line per event, its values shown as a table's cells are: a log message's line breaks as
 * `\n`, so a harness cannot print a line that reads as an event (a fake approval, a phase).
 */
const line = (event: string, data: JobMessage & LogMessage): string =>
  event === 'log'
    ? `${terminalCell(data.at)}  [attempt ${data.attemptNumber}] ${terminalCell(data.level.toUpperCase()).padEnd(5)} ${terminalCell(data.message)}\n`
    : `${terminalCell(data.occurredAt)}  ${terminalCell(data.type).padEnd(24)} ${terminalCell(data.phase ?? '').padEnd(9)} ${terminalCell(actorName(data.actor))}\n`;

export const registerJobFollow = (job: Command) =>
  withConnection(
    job.command('follow').argument('<jobId>', 'the job').description("print a job's events and log lines as they happen, from the start, until it is done or cancelled"),
    'a token that may read the job',
    'one JSON object per line',
  )
    .addHelpText('after', [
      '',
      'A server that goes away after the stream opened (a restart) is reconnected to for 60 s; then exit 1.',
      '',
      'Examples:',
      '  jobledger job follow agents-1a2b3c4d',
      "  jobledger job follow agents-1a2b3c4d --json | jq -c 'select(.type == \"JobClaimed\")'",
    ].join('\n'))
    .action(async (jobId: string, o: ConnectionOptions) => {
      const client = clientFor(o, 'admin');
      for await (const { event, data } of liveEvents(client, () => `/jobs/${encodeURIComponent(jobId)}/stream`, patientFor(FOLLOW_PATIENCE_MS))) {
        const message = JSON.parse(data) as JobMessage & LogMessage;
        print(o.json ? `${JSON.stringify({ event, ...message })}\n` : line(event, message));
        if (event === 'job' && message.phase !== null && ENDED.includes(message.phase)) return;
      }
    });
