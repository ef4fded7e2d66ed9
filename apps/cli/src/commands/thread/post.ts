import { Option, type Command } from 'commander';
import { MESSAGE_KINDS } from '../../../../../libs/domain/src/thread/events';
import { clientFor, commandVerb, type ConnectionOptions } from '../shared/connection';
import { print, printJson } from '../shared/table';
import { UsageError } from '../shared/usage-error';
import { messagesPath, threadOf } from './thread-id';

export const registerPost = (thread: Command) =>
  commandVerb(thread, 'post', 'post a message to a thread', [
    'jobledger thread post proj-1a2b3c4d "schema migrated, children may start" --kind status',
    'jobledger thread post "need the staging URL" --kind question     # the parent job\'s thread, inside a harness',
  ])
    .argument('[thread]', 'a thread id, key, or job id (default: JOBLEDGER_PARENT_JOB_ID\'s, else JOBLEDGER_JOB_ID\'s)')
    .argument('[body]', 'the message')
    .addOption(new Option('--kind <kind>', 'the kind of message').choices(MESSAGE_KINDS).default('update'))
    .action(async (first: string, second: string | undefined, o: ConnectionOptions & { kind: string }) => {
      // One argument is the body, for the default thread; two are the thread and the body.
      if (first === undefined) throw new UsageError('the message body is missing');
      const [named, body] = second === undefined ? [undefined, first] : [first, second];
      const id = threadOf(named);
      const posted = await clientFor(o).post<{ seq: number }>(messagesPath(id), { kind: o.kind, body });
      if (o.json) printJson(posted);
      else print(`posted #${posted.seq} to ${id}\n`);
    });
