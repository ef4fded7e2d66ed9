import type { Command } from 'commander';
import { parseInterval, parseMessageSince } from '../shared/args';
import { clientFor, verb, type ConnectionOptions } from '../shared/connection';
import { pollUntil } from '../shared/poll';
import { print } from '../shared/table';
import { query } from '../job/paths';
import { messageLine, messagesPath, threadOf, type MessagePage } from './thread-id';

export const registerFollow = (thread: Command) =>
  verb(thread, 'follow', "print a thread's messages as they are posted, until Ctrl-C", [
    'jobledger thread follow proj-1a2b3c4d',
    'jobledger thread follow --since 0 --json      # every message, one JSON line each',
  ])
    .argument('[thread]', 'a thread id, key, or job id (default: JOBLEDGER_PARENT_JOB_ID\'s, else JOBLEDGER_JOB_ID\'s)')
    .option('--since <seq>', 'start after this message seq, or since an ISO time (default: the messages already there are shown too)', parseMessageSince)
    .option('--interval <seconds>', 'seconds between looks', parseInterval, 2)
    .action(async (named: string | undefined, o: ConnectionOptions & { since?: string; interval: number }) => {
      const id = threadOf(named);
      const api = clientFor(o);
      let since = o.since;
      await pollUntil(o.interval, async (signal) => {
        // Pages until caught up, then waits for the next look.
        for (;;) {
          const page = await api.withSignal(signal).get<MessagePage>(messagesPath(id, query({ since })));
          for (const m of page.messages) print(o.json ? `${JSON.stringify(m)}\n` : messageLine(m));
          const last = page.messages[page.messages.length - 1];
          if (last) since = String(last.seq);
          if (!page.nextCursor) return false;
        }
      });
    });
