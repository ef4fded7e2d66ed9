import { JOB_ID_PATTERN } from '../../../../../libs/domain/src/shared/ids';
import { harnessEnv } from '../shared/harness-env';
import { terminalCell } from '../shared/terminal-text';
import { UsageError } from '../shared/usage-error';

export type Message = { seq: number; kind: string; body: string; author: { id: string; role: string }; postedAt: string };
export type MessagePage = { thread: { threadId: string; key: string; messageCount: number } | null; messages: Message[]; nextCursor: string | null };

/**
 * The thread named on the line: a thread id, a key, or a job id standing for its
 * coordination thread (`coord:job:<jobId>`). None: the coordination thread of the harness's
 * parent job (JOBLEDGER_PARENT_JOB_ID), else of its own job (JOBLEDGER_JOB_ID).
 */
export const threadOf = (named: string | undefined): string => {
  const env = harnessEnv();
  const id = named ?? env.parentJobId ?? env.jobId;
  if (!id) throw new UsageError('name a thread (an id, a key, or a job id), or set JOBLEDGER_PARENT_JOB_ID / JOBLEDGER_JOB_ID');
  return JOB_ID_PATTERN.test(id) ? `coord:job:${id}` : id;
};

export const messagesPath = (thread: string, q = ''): string => `/threads/${encodeURIComponent(thread)}/messages${q}`;

/**
 * One line per message, its values shown as a table's cells are: a body's line breaks as `\n`, so
 * a poster cannot forge a line that reads as another message (another author, another kind).
 */
export const messageLine = (m: Message): string =>
  `#${m.seq}  ${terminalCell(m.postedAt)}  ${terminalCell(m.author.id)}  [${terminalCell(m.kind)}]  ${terminalCell(m.body)}\n`;
