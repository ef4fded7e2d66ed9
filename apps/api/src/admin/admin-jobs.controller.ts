import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  AdminBatchCommand, AdminJobCommand, GetAdminJobQuery, GetMetricsQuery, ListAdminJobsQuery, type AdminAction,
} from '../../../../libs/application/src/admin/commands';
import { ReasonDto, type AssigneeDto } from '../dto/common.dto';
import { AdminJobsQueryDto, BatchDto, MetricsQueryDto, ReassignDto } from '../dto/admin.dto';
import { assigneeOf } from '../dto/common.dto';
import { Commands } from '../http/commands';
import { Caller, type RequestContext } from '../http/request-context';
import { ApiCommand, ApiRoute, CODES } from '../http/api-docs';
import { AdminActionAnswer, BatchAnswer } from '../responses/execution-answers';
import { AdminJobDetail, AdminJobPage, MetricsView } from '../responses/admin.responses';

/** Jobs Management: every job, the audited overrides, the dashboard numbers. Admins only. */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin')
export class AdminJobsController {
  constructor(private readonly commands: Commands, private readonly queries: QueryBus) {}

  @ApiRoute({ ok: AdminJobPage, notFound: ['PROJECT_NOT_FOUND (`?project=`)'], invalid: CODES.page })
  @Get('jobs')
  list(@Caller() c: RequestContext, @Query() q: AdminJobsQueryDto) {
    const { cursor, limit, ...filter } = q;
    return this.queries.execute(new ListAdminJobsQuery(c.principal, filter, { cursor, limit }));
  }

  @ApiRoute({ ok: AdminJobDetail, job: true })
  @Get('jobs/:id')
  get(@Caller() c: RequestContext, @Param('id') id: string) {
    return this.queries.execute(new GetAdminJobQuery(c.principal, id));
  }

  @ApiCommand({ ok: BatchAnswer, notFound: false })
  @Post('jobs/batch')
  @HttpCode(200)
  batch(@Caller() c: RequestContext, @Body() body: BatchDto) {
    const input: AdminAction = body.action === 'reassign'
      ? { action: 'reassign', reason: body.reason, to: assigneeOf(body.to as AssigneeDto) }
      : { action: body.action, reason: body.reason };
    return this.commands.send(c, (p, ctx) => new AdminBatchCommand(p, ctx, body.jobIds, input));
  }

  @ApiCommand({ ok: AdminActionAnswer, job: true, invalid: CODES.text, conflicts: ['JOB_ACTIVE', 'ANCESTOR_CANCELLED'] })
  @Post('jobs/:id/resubmit')
  @HttpCode(200)
  resubmit(@Caller() c: RequestContext, @Param('id') id: string, @Body() body: ReasonDto) {
    return this.commands.send(c, (p, ctx) => new AdminJobCommand(p, ctx, id, { action: 'resubmit', reason: body.reason }));
  }

  @ApiCommand({ ok: AdminActionAnswer, job: true, invalid: CODES.text, conflicts: ['JOB_TERMINAL'] })
  @Post('jobs/:id/complete')
  @HttpCode(200)
  complete(@Caller() c: RequestContext, @Param('id') id: string, @Body() body: ReasonDto) {
    return this.commands.send(c, (p, ctx) => new AdminJobCommand(p, ctx, id, { action: 'complete', reason: body.reason }));
  }

  @ApiCommand({ ok: AdminActionAnswer, job: true, invalid: CODES.text, notFound: ['OPERATOR_NOT_FOUND (the new assignee)'], conflicts: ['JOB_TERMINAL', 'JOB_ACTIVE'], rules: ['ASSIGNEE_NOT_ACTIVE'] })
  @Post('jobs/:id/reassign')
  @HttpCode(200)
  reassign(@Caller() c: RequestContext, @Param('id') id: string, @Body() body: ReassignDto) {
    return this.commands.send(c, (p, ctx) => new AdminJobCommand(p, ctx, id, { action: 'reassign', reason: body.reason, to: assigneeOf(body.to) }));
  }

  @ApiRoute({ ok: MetricsView, notFound: ['PROJECT_NOT_FOUND'], invalid: CODES.page })
  @Get('metrics')
  metrics(@Caller() c: RequestContext, @Query() q: MetricsQueryDto) {
    return this.queries.execute(new GetMetricsQuery(c.principal, q.project, { cursor: q.cursor, limit: q.limit }));
  }
}
