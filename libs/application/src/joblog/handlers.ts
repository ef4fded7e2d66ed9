import { setImmediate as nextTurn } from 'node:timers/promises';
import { Inject } from '@nestjs/common';
import { CommandHandler, QueryHandler, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs';
import { decideLogs } from '../../../domain/src/joblog/decide';
import type { LogAppended, LogAppendedData } from '../../../domain/src/joblog/events';
import { streams } from '../../../domain/src/shared/streams';
import { DuplicateEventIdError } from '../../../eventstore/src/errors';
import { EVENT_STORE, type AppendResult, type EventStore, type Position, type RecordedEvent } from '../../../eventstore/src/port';
import type { CommandContext } from '../../../domain/src/shared/event';
import { READ_STORE, type ReadStore } from '../../../readstore/src/port';
import { JOBS, type JobDoc } from '../../../../projections/jobs';
import { notFound } from '../../../domain/src/shared/errors';
import { sameAssignee } from '../../../domain/src/shared/assignee';
import { executorOf, requireJobVisible, requireRole } from '../auth/policy';
import type { Principal } from '../auth/principal';
import { jobDecider } from '../../../domain/src/job/decider';
import { loadState, toNewEvents } from '../commands/command-executor';
import type { CommandResult } from '../commands/command-result';
import { requireSameRequest } from '../commands/same-request';
import { JobCommands, requireTokenAllows } from '../execution/job-commands.service';
import { AppendLogsCommand, GetLogsQuery } from './commands';

/**
 * Log lines are decided from the job stream (fencing) and appended to `joblog-{jobId}` with
 * no expected revision: the log has no invariant of its own. A keyed repeat finds its lines
 * among the log's latest and appends nothing; event ids derived from the command id are the
 * second guard (every store refuses an id it holds, EventStoreDB only while it remembers it).
 * The job stream is never written, so loading a job never meets a log line.
 */
/** How far back a keyed request looks for its own lines: a few requests' worth (LOG_LIMITS.maxEntries lines each at most). */
const RETRY_WINDOW = 1000;
/**
 * Lines read at a time when a request looks for its own, with a turn of the event loop between
 * reads: a log may hold hundreds of megabytes of payloads, and looking through it must neither
 * hold every other request nor the whole log in memory.
 */
const SCAN_PAGE = 100;

@CommandHandler(AppendLogsCommand)
export class AppendLogsHandler implements ICommandHandler<AppendLogsCommand, CommandResult> {
  constructor(private readonly jobs: JobCommands, @Inject(READ_STORE) private readonly read: ReadStore) {}
  async execute({ principal, ctx, jobId, attemptNumber, input }: AppendLogsCommand): Promise<CommandResult> {
    const stream = streams.joblog(jobId);
    const answer = (appended: number, position: Position) => ({
      body: { jobId, attemptNumber, serviceEventId: input.serviceEventId, appended }, position, eventTypes: ['LogAppended'],
    });
    let events: LogAppended[] = [];
    requireTokenAllows(principal, jobId, 'claimant'); // before the repeat below is looked for
    try {
      await this.jobs.inspect(principal, jobId, 'claimant', (job) => {
        events = decideLogs(job, { attemptNumber, ...input });
      }, input.serviceEventId);
    } catch (e) {
      // A repeat after the attempt ended (a worker retrying a post it got no answer to) was
      // stored: it is answered as it was, not refused. Only a keyed request can be one.
      const stored = ctx.requestHash === undefined || !(await this.mayHaveLogged(principal, jobId, attemptNumber, input.serviceEventId)) ? [] : await this.storedBy(stream, ctx);
      if (!stored.length) throw e;
      return answer(stored.length, stored[stored.length - 1].position);
    }
    if (ctx.requestHash !== undefined) {
      const stored = await this.recentlyStoredBy(stream, ctx);
      if (stored.length) return answer(stored.length, stored[stored.length - 1].position);
    }
    let appended: AppendResult;
    try {
      appended = await this.jobs.runner.store.append(stream, toNewEvents(stream, events, ctx), 'any');
    } catch (e) {
      // Some of these ids are stored and some not: the key came before with fewer lines. That is
      // another request under the key (422), not a clash of ids (409).
      if (e instanceof DuplicateEventIdError && ctx.requestHash !== undefined) await this.storedBy(stream, ctx);
      throw e;
    }
    if (appended.repeated && ctx.requestHash !== undefined) {
      const stored = await this.storedBy(stream, ctx);
      return answer(stored.length, appended.position);
    }
    return answer(events.length, appended.position);
  }

  /**
   * This command's lines among the log's latest: a keyed retry (its first answer lost) finds
   * them there. The ids alone do not stop a repeat on every store: EventStoreDB drops a repeated
   * id appended with no expected revision only while the id is in its cache of recent ones, not
   * after a restart, which is when retries come. Its writer is retrying, not logging on.
   */
  private async recentlyStoredBy(stream: string, ctx: CommandContext): Promise<RecordedEvent[]> {
    const last = await this.jobs.runner.store.streamRevision(stream);
    // The window in one read, as before any line is appended: bounded, and on every keyed post's path.
    return last < 0 ? [] : this.storedBy(stream, ctx, Math.max(0, last + 1 - RETRY_WINDOW), RETRY_WINDOW + 1);
  }

  /**
   * Whether the caller could have logged on attempt n, with that ServiceEvent: the job stream
   * must have had it, and only its claimant logs (an admin for it). Anyone else's refused
   * request has no lines to look for, however long the log.
   */
  private async mayHaveLogged(principal: Principal, jobId: string, attemptNumber: number, serviceEventId: string): Promise<boolean> {
    const { state } = await loadState(this.jobs.runner.store, streams.job(jobId), jobDecider);
    if (state.status === 'absent' || attemptNumber > state.lastAttemptNumber || !state.usedServiceEventIds.includes(serviceEventId)) return false;
    if (principal.role === 'admin') return true;
    const attempt = (await this.read.collection<JobDoc>(JOBS).get(jobId))?.attempts.find((a) => a.attemptNumber === attemptNumber);
    return attempt === undefined || sameAssignee(attempt.claimant, executorOf(principal)); // in the stream, not yet in the read model: look
  }

  /**
   * This command's lines as stored (from `fromRevision` on), once it is known to be the same
   * request. One append stores them together, so the look ends at the first line after them.
   */
  private async storedBy(stream: string, ctx: CommandContext, fromRevision = 0, pageSize = SCAN_PAGE): Promise<RecordedEvent[]> {
    const own: RecordedEvent[] = [];
    for (let from = fromRevision; ; await nextTurn()) {
      const page = await this.jobs.runner.store.readStream(stream, { fromRevision: from, maxCount: pageSize });
      const at = page.findIndex((r) => r.metadata.commandId === ctx.commandId);
      const start = own.length ? 0 : at;
      if (start >= 0) {
        const end = page.findIndex((r, i) => i >= start && r.metadata.commandId !== ctx.commandId);
        own.push(...page.slice(start, end < 0 ? page.length : end));
        if (end >= 0) break;
      }
      if (page.length < pageSize) break;
      from = page[page.length - 1].revision + 1;
    }
    requireSameRequest(ctx, own);
    return own;
  }
}

export const MAX_LOG_PAGE = 1000;
const READ_CHUNK = 1000;
/** Below this, reading past other attempts' lines would cost more in reads than in lines. */
const MIN_READ_CHUNK = 100;

export type LogLine = Omit<LogAppendedData, 'attemptNumber'> & { seq: number; at: string };

/** Attempt n's lines in the order they were appended; `seq` (the log stream's revision) is the cursor. */
@QueryHandler(GetLogsQuery)
export class GetLogsHandler implements IQueryHandler<GetLogsQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore, @Inject(READ_STORE) private readonly read: ReadStore) {}
  async execute({ principal, jobId, attemptNumber, after, limit }: GetLogsQuery) {
    requireRole(principal, 'operator', 'agent', 'reviewer', 'auditor');
    const job = await this.read.collection<JobDoc>(JOBS).get(jobId);
    requireJobVisible(principal, job, jobId);
    if (!job?.attempts.some((a) => a.attemptNumber === attemptNumber)) {
      throw notFound('ATTEMPT_NOT_FOUND', `job ${jobId} has no attempt ${attemptNumber}`, { attemptNumber });
    }
    const max = Math.min(limit ?? 100, MAX_LOG_PAGE);
    const entries: LogLine[] = [];
    let from = after === undefined ? 0 : after + 1;
    let more = true;
    // A log's lines may be large (a request payload each): a page of a few reads few more.
    while (entries.length < max && more) {
      const count = Math.max(MIN_READ_CHUNK, Math.min(READ_CHUNK, max - entries.length));
      const chunk = await this.store.readStream(streams.joblog(jobId), { fromRevision: from, maxCount: count });
      more = chunk.length === count;
      for (const r of chunk) {
        from = r.revision + 1;
        const { attemptNumber: n, ...line } = r.data as LogAppendedData;
        if (n === attemptNumber) entries.push({ seq: r.revision, ...line, at: r.metadata.occurredAt });
        if (entries.length === max) break;
      }
    }
    const last = entries.at(-1);
    return { jobId, attemptNumber, entries, nextCursor: entries.length === max && last ? String(last.seq) : null };
  }
}
