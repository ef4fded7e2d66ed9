import { Controller, Get, Inject, Logger, Param, Query, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SETTLER, type Settler } from '../../../../libs/application/src/commands/command-gateway';
import { GetLogsQuery } from '../../../../libs/application/src/joblog/commands';
import { GetDeskQuery, GetJobQuery } from '../../../../libs/application/src/queries/queries';
import { GetMessagesQuery } from '../../../../libs/application/src/threads/commands';
import { invalid } from '../../../../libs/domain/src/shared/errors';
import { EVENT_STORE, START_POSITION, type EventStore, type Position } from '../../../../libs/eventstore/src/port';
import { METRICS, type Metrics } from '../../../../libs/application/src/operations/metrics';
import { READ_STORE, type ReadStore } from '../../../../libs/readstore/src/port';
import { AttemptParamsDto } from '../dto/joblog.dto';
import { DEFAULT_WAIT_SECONDS, POSITION_PATTERN, StreamQueryDto, WaitQueryDto } from '../dto/live.dto';
import { Caller, type RequestContext } from '../http/request-context';
import { countStream } from '../operations/request-metrics';
import { runDeskStream } from './desk-stream';
import { deskWatchReads } from './desk-watch-reads';
import { attemptView, jobView, visibleTo, waitView } from './job-views';
import { LiveFeed } from './live-feed';
import { runResumable, type StreamView } from './resumable-stream';
import { endAt, SseChannel } from './sse-channel';
import { threadView } from './thread-view';
import { ApiRoute, CODES } from '../http/api-docs';
import { sse } from '../http/success-body';

/** Where a client resumes: the `Last-Event-ID` header, else `?lastEventId=`, else the beginning. */
const resumePoint = (request: FastifyRequest, query: StreamQueryDto): Position => {
  const header = request.headers['last-event-id'];
  const value = (Array.isArray(header) ? header[0] : header) ?? query.lastEventId;
  if (value === undefined || value === '') return START_POSITION;
  if (typeof value !== 'string' || !POSITION_PATTERN.test(value)) throw invalid('INVALID_LAST_EVENT_ID', 'Last-Event-ID must be an event position (a decimal integer)', { lastEventId: value });
  return BigInt(value);
};

/**
 * Server-sent events. Each route first runs the query of its GET twin (same authorization,
 * same 403/404), and only then takes the raw response over from Fastify (`reply.hijack()`):
 * errors before that get the usual JSON error shape; after it, the stream is ours to write,
 * flush and end, and Node's `close` event says when the client went away.
 */
@ApiTags('real time')
@ApiBearerAuth()
@ApiProduces('text/event-stream')
@ApiHeader({ name: 'Last-Event-ID', required: false, description: 'resume after this event position' })
@Controller()
export class LiveController {
  private readonly logger = new Logger(LiveController.name);

  constructor(
    private readonly queries: QueryBus,
    private readonly feed: LiveFeed,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SETTLER) private readonly settler: Settler,
    @Inject(READ_STORE) private readonly read: ReadStore,
    @Inject(METRICS) private readonly metrics: Metrics,
  ) {}

  @ApiRoute({ ok: sse('`event: job` per job event (with the phase it left), `event: log` per log line'), job: true, inProject: true, invalid: CODES.stream })
  @Get('jobs/:id/stream')
  async job(@Caller() c: RequestContext, @Param('id') id: string, @Query() q: StreamQueryDto, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    const after = resumePoint(req, q);
    await this.queries.execute(new GetJobQuery(c.principal, id));
    this.stream(c, reply, jobView(id, visibleTo(c.principal, id)), after);
  }

  @ApiRoute({
    ok: sse("attempt n's log lines (`event: log`) and its ServiceEvent's job events (`event: job`)"), job: true, inProject: true, notFound: ['ATTEMPT_NOT_FOUND'], invalid: CODES.stream,
  })
  @Get('jobs/:id/attempts/:n/stream')
  async attempt(@Caller() c: RequestContext, @Param() p: AttemptParamsDto, @Query() q: StreamQueryDto, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    const after = resumePoint(req, q);
    // A page of no lines: the query's checks (role, visibility, the attempt exists) without reading the log.
    await this.queries.execute(new GetLogsQuery(c.principal, p.id, p.n, undefined, 0));
    this.stream(c, reply, attemptView(p.id, p.n, visibleTo(c.principal, p.id)), after);
  }

  @ApiRoute({ ok: sse('one final event: `done` or `cancelled` (with phase and resolution), or `timeout`'), job: true, inProject: true })
  @Get('jobs/:id/wait')
  async wait(@Caller() c: RequestContext, @Param('id') id: string, @Query() q: WaitQueryDto, @Res() reply: FastifyReply) {
    await this.queries.execute(new GetJobQuery(c.principal, id));
    const { view, timedOut } = waitView(id, visibleTo(c.principal, id));
    const channel = this.open(c, reply);
    const timer = setTimeout(() => {
      const message = timedOut();
      channel.send(message.message);
      channel.end();
    }, (q.timeout ?? DEFAULT_WAIT_SECONDS) * 1000);
    channel.whenClosed(() => clearTimeout(timer));
    this.run(channel, runResumable(channel, this.feed, this.store, view, START_POSITION));
  }

  @ApiRoute({ ok: sse('`event: desk` with the whole desk document each time it changes'), forbidden: ['DESK_BLOCKED'], notFound: ['OPERATOR_NOT_FOUND'], invalid: CODES.stream })
  @Get('operators/:slug/desk/stream')
  async desk(@Caller() c: RequestContext, @Param('slug') slug: string, @Query() q: StreamQueryDto, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    // A desk is a state: a resuming client gets it whole, wherever it stopped. A position that
    // is not one is still refused, as on every stream.
    resumePoint(req, q);
    const read = () => this.queries.execute(new GetDeskQuery(c.principal, slug));
    await read();
    const channel = this.open(c, reply);
    this.run(channel, runDeskStream(channel, { feed: this.feed, store: this.store, settler: this.settler, reads: deskWatchReads(this.read) }, slug, read));
  }

  @ApiRoute({ ok: sse('`event: message` per posted message'), notFound: ['THREAD_NOT_FOUND'], invalid: CODES.stream })
  @Get('threads/:id/stream')
  @ApiParam({ name: 'id', description: 'thread id, or its key (`coord:job:{parentJobId}`)' })
  async thread(@Caller() c: RequestContext, @Param('id') id: string, @Query() q: StreamQueryDto, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    const after = resumePoint(req, q);
    const { thread } = (await this.queries.execute(new GetMessagesQuery(c.principal, id, undefined, 1))) as { thread: { threadId: string } };
    this.stream(c, reply, threadView(thread.threadId), after);
  }

  private stream(c: RequestContext, reply: FastifyReply, view: StreamView, after: Position): void {
    const channel = this.open(c, reply);
    this.run(channel, runResumable(channel, this.feed, this.store, view, after));
  }

  /** The stream lives no longer than the token it was opened with: a token that ended may not read on. */
  private open(c: RequestContext, reply: FastifyReply): SseChannel {
    reply.hijack();
    const channel = new SseChannel(reply.raw);
    countStream(this.metrics, reply, (callback) => channel.whenClosed(callback));
    this.feed.track(channel);
    if (c.tokenExpiresAtMs !== undefined) endAt(channel, c.tokenExpiresAtMs, 'closed: the token expired; reconnect with a new token and Last-Event-ID to resume');
    return channel;
  }

  /** A stream that fails after its headers went out can only say so in a comment and end. */
  private run(channel: SseChannel, running: Promise<void>): void {
    running.catch((e: unknown) => {
      this.logger.error(`stream failed: ${String(e)}`);
      channel.end('error: the stream failed; reconnect with Last-Event-ID to resume');
    });
  }
}
