import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AppendLogsCommand, GetLogsQuery } from '../../../../libs/application/src/joblog/commands';
import { AppendLogsDto, AttemptParamsDto, LogPageQueryDto } from '../dto/joblog.dto';
import { Commands } from '../http/commands';
import { Caller, type RequestContext } from '../http/request-context';
import { ApiCommand, ApiRoute, CODES } from '../http/api-docs';
import { LogsAppended } from '../responses/execution-answers';
import { LogPage } from '../responses/attempts.responses';

@ApiTags('jobs')
@ApiBearerAuth()
@Controller('jobs/:id/attempts/:n/logs')
export class LogsController {
  constructor(private readonly commands: Commands, private readonly queries: QueryBus) {}

  @ApiCommand({
    ok: LogsAppended, job: true, inProject: true, notFound: ['ATTEMPT_NOT_FOUND'], conflicts: ['STALE_SERVICE_EVENT'],
    invalid: ['INVALID_LOG_LEVEL', 'TOO_MANY_LOG_ENTRIES', ...CODES.text, 'JSON_TOO_LARGE (a request or response payload)'],
  })
  @Post()
  append(@Caller() c: RequestContext, @Param() params: AttemptParamsDto, @Body() body: AppendLogsDto) {
    return this.commands.send(c, (p, ctx) => new AppendLogsCommand(p, ctx, params.id, params.n, body));
  }

  @ApiRoute({ ok: LogPage, job: true, inProject: true, notFound: ['ATTEMPT_NOT_FOUND'] })
  @Get()
  list(@Caller() c: RequestContext, @Param() params: AttemptParamsDto, @Query() q: LogPageQueryDto) {
    return this.queries.execute(new GetLogsQuery(c.principal, params.id, params.n, q.after, q.limit));
  }
}
