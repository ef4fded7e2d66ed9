import { Inject } from '@nestjs/common';
import { CommandHandler, QueryHandler, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs';
import { invalid, notFound } from '../../../domain/src/shared/errors';
import { isoInstant } from '../../../domain/src/shared/instant';
import { projectOfJobId } from '../../../domain/src/shared/ids';
import { streams } from '../../../domain/src/shared/streams';
import { threadDecider, type ThreadState } from '../../../domain/src/thread/decider';
import type { MessageAuthor } from '../../../domain/src/thread/events';
import { jobOfKey } from '../../../domain/src/thread/keys';
import { READ_STORE, type Filter, type ReadStore } from '../../../readstore/src/port';
import { THREAD_MESSAGES, THREADS, type ThreadDoc, type ThreadMessageDoc } from '../../../../projections/threads';
import { actorOf, type Principal } from '../auth/principal';
import { loadState } from '../commands/command-executor';
import { CommandRunner } from '../commands/command-runner';
import { SerialByKey } from '../commands/serial-by-key';
import { effectsOf, type CommandResult } from '../commands/command-result';
import { present } from '../queries/present';
import { requireThreadAccess, resolveThreadId } from './access';
import { GetMessagesQuery, PostMessageCommand } from './commands';

export const MAX_MESSAGE_PAGE = 500;

/** A post goes to an existing thread (the reactor opens job threads); access is decided by the thread's key. */
const requirePostable = (principal: Principal, state: ThreadState): void => {
  if (state.status === 'absent') throw notFound('THREAD_NOT_FOUND', 'thread not found');
  const jobId = jobOfKey(state.key);
  requireThreadAccess(principal, { projectSlug: jobId && projectOfJobId(jobId) }, 'post');
};

/** The agent a token acts as names the author too: a service may mint tokens of one `sub` for many agents. */
const authorOf = (p: Principal): MessageAuthor => ({ ...actorOf(p), ...(p.role === 'agent' && p.agent && { agent: p.agent }) });

@CommandHandler(PostMessageCommand)
export class PostMessageHandler implements ICommandHandler<PostMessageCommand, CommandResult> {
  // The children of a job all post to its coordination thread, often at once.
  private readonly inLine = new SerialByKey();
  constructor(private readonly runner: CommandRunner) {}
  async execute({ principal, ctx, threadRef, input }: PostMessageCommand): Promise<CommandResult> {
    const threadId = resolveThreadId(threadRef);
    const stream = streams.thread(threadId);
    // Also before the run: a keyed repeat is found there and answered without deciding, and it is
    // answered only to a token that may post here (docs/decisions.md, "Idempotency").
    requirePostable(principal, (await loadState(this.runner.store, stream, threadDecider)).state);
    const o = await this.inLine.run(stream, () => this.runner.run(stream, threadDecider, (state) => {
      requirePostable(principal, state);
      return { type: 'PostMessage' as const, kind: input.kind, body: input.body, author: authorOf(principal) };
    }, ctx));
    // `postedAt` as the thread's messages show it: when the store recorded the message (a repeat's
    // first), which follows `seq`, not when the request arrived (before it waited in line).
    const [stored] = await this.runner.store.readStream(stream, { fromRevision: o.revision, maxCount: 1 });
    return { body: { threadId, seq: o.revision, kind: input.kind, postedAt: stored?.recordedAt ?? o.occurredAt }, ...effectsOf(o) };
  }
}

/**
 * A seq is exclusive; a time is inclusive: messages stored in the same millisecond as the last one
 * a reader saw may come after it, so a reader passing that message's `postedAt` gets it again and
 * drops what it has by `seq` (docs/decisions.md, "Read-model times and `since`").
 */
const sinceFilter = (since: string | undefined): Filter => {
  if (since === undefined) return {};
  if (/^\d{1,9}$/.test(since)) return { seq: { $gt: Number(since) } };
  const at = /^\d{4}-\d{2}-\d{2}T/.test(since) ? isoInstant(since) : NaN;
  if (!Number.isNaN(at)) return { postedAt: { $gte: new Date(at).toISOString() } };
  throw invalid('INVALID_SINCE', 'since is a message seq or an ISO-8601 time', { since });
};

@QueryHandler(GetMessagesQuery)
export class GetMessagesHandler implements IQueryHandler<GetMessagesQuery> {
  constructor(@Inject(READ_STORE) private readonly read: ReadStore) {}
  async execute({ principal, threadRef, since, limit }: GetMessagesQuery) {
    const threadId = resolveThreadId(threadRef);
    const filter = sinceFilter(since);
    const thread = await this.read.collection<ThreadDoc>(THREADS).get(threadId);
    if (!thread) throw notFound('THREAD_NOT_FOUND', 'thread not found');
    requireThreadAccess(principal, thread, 'read');
    const max = Math.min(limit ?? 100, MAX_MESSAGE_PAGE);
    const page = await this.read.collection<ThreadMessageDoc>(THREAD_MESSAGES).find({ threadId, ...filter }, { sort: [['seq', 1]], limit: max });
    const messages = page.items.map(({ _id: _key, threadId: _thread, lastPosition: _position, ...message }) => message);
    const last = page.items.at(-1);
    // The next `since` only when the read store found more: an exactly full last page ends the thread.
    return { thread: present(thread), messages, nextCursor: page.nextCursor !== null && last ? String(last.seq) : null };
  }
}
