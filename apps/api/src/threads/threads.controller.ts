import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiParam, ApiTags } from '@nestjs/swagger';
import { resolveThreadId } from '../../../../libs/application/src/threads/access';
import { GetMessagesQuery, PostMessageCommand } from '../../../../libs/application/src/threads/commands';
import { MessagesQueryDto, PostMessageDto } from '../dto/threads.dto';
import { Commands } from '../http/commands';
import { Caller, type RequestContext } from '../http/request-context';
import { ApiCommand, ApiRoute, CODES } from '../http/api-docs';
import { MessagePosted } from '../responses/command-answers';
import { MessagesPage } from '../responses/records.responses';

@ApiTags('threads')
@ApiBearerAuth()
@ApiParam({ name: 'id', description: 'thread id, or its key (`coord:job:{parentJobId}`)' })
@Controller('threads/:id/messages')
export class ThreadsController {
  constructor(private readonly commands: Commands, private readonly queries: QueryBus) {}

  @ApiRoute({ ok: MessagesPage, notFound: ['THREAD_NOT_FOUND'], invalid: ['INVALID_SINCE (neither a message seq nor an ISO time)'] })
  @Get()
  messages(@Caller() c: RequestContext, @Param('id') id: string, @Query() q: MessagesQueryDto) {
    return this.queries.execute(new GetMessagesQuery(c.principal, id, q.since, q.limit));
  }

  @ApiCommand({ ok: MessagePosted, notFound: ['THREAD_NOT_FOUND'], invalid: ['INVALID_MESSAGE_KIND', ...CODES.text] })
  @Post()
  post(@Caller() c: RequestContext, @Param('id') id: string, @Body() body: PostMessageDto) {
    // One thread, two names (its id and its key): an Idempotency-Key is scoped by the id, so a
    // repeat sent under the other name is still the same command.
    const caller = { ...c, scope: `POST /threads/${resolveThreadId(id)}/messages` };
    return this.commands.send(caller, (p, ctx) => new PostMessageCommand(p, ctx, id, body));
  }
}
