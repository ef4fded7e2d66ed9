import { Option, type Command } from 'commander';
import { parseWhole } from '../shared/args';
import { clientFor, verb, type ConnectionOptions } from '../shared/connection';
import { print, printJson, table, who } from '../shared/table';
import { query } from '../job/paths';
import type { Assignee } from '../../../../../libs/domain/src/shared/assignee';

type Task = { taskId: string; requestId: string; projectSlug: string; surface: string; tier: string; summary: string; state: string; assignee: Assignee | null; jobId: string | null };

export const registerTaskList = (task: Command) =>
  verb(task, 'list', 'the governance queue, or one operator\'s Task Inbox with --assignee', [
    'jobledger task list --state open',
    'jobledger task list --assignee ana --json',
  ])
    .option('--assignee <slug>', "an operator's Task Inbox")
    .addOption(new Option('--state <state>', 'in this state').choices(['open', 'approved', 'declined', 'converted']))
    .option('--limit <n>', 'at most this many (1-500)', parseWhole(1, 500))
    .option('--cursor <cursor>', 'the next page, as a previous answer named it')
    .action(async (o: ConnectionOptions & { assignee?: string; state?: string; limit?: number; cursor?: string }) => {
      const page = await clientFor(o).get<{ items: Task[]; nextCursor: string | null }>(`/tasks${query({ assignee: o.assignee, state: o.state, limit: o.limit, cursor: o.cursor })}`);
      if (o.json) return printJson(page);
      print(page.items.length
        ? table(['TASK', 'STATE', 'PROJECT', 'SURFACE', 'ASSIGNEE', 'JOB', 'SUMMARY'], page.items.map((t) => [t.taskId, t.state, t.projectSlug, `${t.surface}/${t.tier}`, who(t.assignee), t.jobId ?? '-', t.summary]))
        : 'no tasks\n');
      if (page.nextCursor) print(`more: --cursor ${page.nextCursor}\n`);
    });
