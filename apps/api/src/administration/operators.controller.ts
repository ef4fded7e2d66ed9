import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ChangeOperatorAccessCommand, RegisterOperatorCommand } from '../../../../libs/application/src/administration/commands';
import { GetDeskQuery, GetOperatorJobsQuery, GetOperatorQuery } from '../../../../libs/application/src/queries/queries';
import { ChangeAccessDto, OperatorJobsQueryDto, RegisterOperatorDto } from '../dto/administration.dto';
import { Commands } from '../http/commands';
import { Caller, type RequestContext } from '../http/request-context';
import { ApiCommand, ApiRoute, CODES } from '../http/api-docs';
import { OperatorAccess } from '../responses/command-answers';
import { OperatorView } from '../responses/administration.responses';
import { DeskView } from '../responses/desk.responses';
import { JobPage, JobView } from '../responses/jobs.responses';
import { oneOf } from '../http/success-body';

@ApiTags('operators')
@ApiBearerAuth()
@Controller('operators')
export class OperatorsController {
  constructor(private readonly commands: Commands, private readonly queries: QueryBus) {}

  @ApiCommand({ ok: OperatorAccess, notFound: false, invalid: ['INVALID_SLUG', ...CODES.text], conflicts: ['OPERATOR_EXISTS'] })
  @Post()
  register(@Caller() c: RequestContext, @Body() body: RegisterOperatorDto) {
    return this.commands.send(c, (p, ctx) => new RegisterOperatorCommand(p, ctx, { ...body, canGovern: body.canGovern ?? false }));
  }

  @ApiRoute({ ok: OperatorView, notFound: ['OPERATOR_NOT_FOUND'] })
  @Get(':slug')
  get(@Caller() c: RequestContext, @Param('slug') slug: string) {
    return this.queries.execute(new GetOperatorQuery(c.principal, slug));
  }

  @ApiCommand({ ok: OperatorAccess, invalid: CODES.text, notFound: ['OPERATOR_NOT_FOUND'] })
  @Post(':slug/access')
  @HttpCode(200)
  access(@Caller() c: RequestContext, @Param('slug') slug: string, @Body() body: ChangeAccessDto) {
    return this.commands.send(c, (p, ctx) => new ChangeOperatorAccessCommand(p, ctx, slug, body));
  }

  /** The Desk: what the operator can claim now, what is active, recent completions, ⭐ count. */
  @ApiRoute({ ok: DeskView, forbidden: ['DESK_BLOCKED'], notFound: ['OPERATOR_NOT_FOUND'] })
  @Get(':slug/desk')
  desk(@Caller() c: RequestContext, @Param('slug') slug: string) {
    return this.queries.execute(new GetDeskQuery(c.principal, slug));
  }

  /** The Jobs surface: the operator's jobs, or one job's full detail with `?job=`. */
  @ApiRoute({ ok: oneOf('the operator\'s jobs; with `?job=`, that job', JobPage, JobView), notFound: ['OPERATOR_NOT_FOUND', 'JOB_NOT_FOUND (`?job=`)'], invalid: CODES.page })
  @Get(':slug/jobs')
  jobs(@Caller() c: RequestContext, @Param('slug') slug: string, @Query() q: OperatorJobsQueryDto) {
    return this.queries.execute(new GetOperatorJobsQuery(c.principal, slug, q.job, { cursor: q.cursor, limit: q.limit }));
  }
}
