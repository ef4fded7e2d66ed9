import { Option, type Command } from 'commander';
import { LOG_LEVELS } from '../../../../../libs/domain/src/joblog/events';
import { parseWhole } from '../shared/args';
import { clientFor, commandVerb, type ConnectionOptions } from '../shared/connection';
import { jobIdOr } from '../shared/harness-env';
import { print, printJson, table } from '../shared/table';
import { attemptNumberOf, serviceEventOf } from './attempt';
import { jobPath, query } from './paths';

type LogsOptions = ConnectionOptions & { attempt?: number; after?: number; limit?: number; append?: string; level: string; serviceEvent?: string };
type LogPage = { jobId: string; attemptNumber: number; entries: { seq: number; level: string; message: string; agentId?: string; at: string }[]; nextCursor: string | null };

export const registerLogs = (job: Command) =>
  commandVerb(job, 'logs', "an attempt's log (the latest, or JOBLEDGER_ATTEMPT_ID's), or append to it with --append", [
    'jobledger job logs proj-1a2b3c4d',
    'jobledger job logs proj-1a2b3c4d --attempt 2 --after 100 --json',
    'jobledger job logs --append "tests pass" --level info     # inside a harness',
  ])
    .argument('[jobId]', 'the job (default JOBLEDGER_JOB_ID)')
    .option('--attempt <n>', 'the attempt number', parseWhole(1))
    .option('--after <seq>', 'entries after this seq', parseWhole(0))
    .option('--limit <n>', 'at most this many (1-1000)', parseWhole(1, 1000))
    .option('--append <message>', 'append one entry to the open attempt instead of reading')
    .addOption(new Option('--level <level>', 'with --append: the level').choices(LOG_LEVELS).default('info'))
    .option('--service-event <id>', "with --append: the attempt's serviceEventId (default JOBLEDGER_ATTEMPT_ID, else the open attempt)")
    .action(async (jobId: string | undefined, o: LogsOptions) => {
      const id = jobIdOr(jobId);
      const api = clientFor(o);
      if (o.append !== undefined) {
        const serviceEventId = await serviceEventOf(api, id, o.serviceEvent);
        const { items } = await api.get<{ items: { serviceEventId: string; attemptNumber: number }[] }>(jobPath(id, '/attempts'));
        const n = o.attempt ?? items.find((a) => a.serviceEventId === serviceEventId)?.attemptNumber ?? items.length;
        const result = await api.post(jobPath(id, `/attempts/${n}/logs`), { serviceEventId, entries: [{ level: o.level, message: o.append }] });
        return o.json ? printJson(result) : print(`appended to ${id} attempt #${n}\n`);
      }
      const n = await attemptNumberOf(api, id, o.attempt);
      const page = await api.get<LogPage>(jobPath(id, `/attempts/${n}/logs${query({ after: o.after, limit: o.limit })}`));
      if (o.json) return printJson(page);
      print(page.entries.length ? table(['SEQ', 'AT', 'LEVEL', 'MESSAGE'], page.entries.map((e) => [String(e.seq), e.at, e.level, e.message])) : `no log entries in attempt #${n}\n`);
      if (page.nextCursor !== null) print(`more: --after ${page.nextCursor}\n`);
    });
