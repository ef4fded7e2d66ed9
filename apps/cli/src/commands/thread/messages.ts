import type { Command } from 'commander';
import { parseMessageSince, parseWhole } from '../shared/args';
import { clientFor, verb, type ConnectionOptions } from '../shared/connection';
import { print, printJson } from '../shared/table';
import { query } from '../job/paths';
import { messageLine, messagesPath, threadOf, type MessagePage } from './thread-id';

export const registerMessages = (thread: Command) =>
  verb(thread, 'messages', "a thread's messages, oldest first", [
    'jobledger thread messages proj-1a2b3c4d            # the job\'s coordination thread',
    'jobledger thread messages coord:job:proj-1a2b3c4d --since 10 --json',
  ])
    .argument('[thread]', 'a thread id, key, or job id (default: JOBLEDGER_PARENT_JOB_ID\'s, else JOBLEDGER_JOB_ID\'s)')
    .option('--since <seqOrTime>', 'after this message seq, or since an ISO time', parseMessageSince)
    .option('--limit <n>', 'at most this many (1-500)', parseWhole(1, 500))
    .action(async (named: string | undefined, o: ConnectionOptions & { since?: string; limit?: number }) => {
      const page = await clientFor(o).get<MessagePage>(messagesPath(threadOf(named), query({ since: o.since, limit: o.limit })));
      if (o.json) return printJson(page);
      print(page.messages.length ? page.messages.map(messageLine).join('') : 'no messages\n');
      if (page.nextCursor) print(`more: --since ${page.nextCursor}\n`);
    });
