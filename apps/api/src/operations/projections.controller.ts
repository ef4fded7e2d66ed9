import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ProjectionOperations } from '../../../../libs/application/src/operations/projection-operations';
import { Caller, type RequestContext } from '../http/request-context';
import { ApiRoute } from '../http/api-docs';
import { EmptyBodyPipe } from '../errors/empty-body.pipe';
import { ProjectionsReportView, RequestedRebuildView } from '../responses/operations.responses';

/** Projection operations: status of every projection and reactor; blue-green rebuilds. */
@ApiTags('operations')
@ApiBearerAuth()
@Controller('admin/projections')
export class ProjectionsController {
  constructor(private readonly projections: ProjectionOperations) {}

  @ApiRoute({ ok: ProjectionsReportView, notFound: false })
  @Get()
  status(@Caller() c: RequestContext) {
    return this.projections.report(c.principal);
  }

  /** 202: the worker running the projection picks the request up; progress shows in the status. */
  @ApiRoute({ ok: RequestedRebuildView, body: 'json', notFound: ['PROJECTION_NOT_FOUND'], rules: ['REACTOR_NOT_REBUILDABLE'], conflicts: ['PROJECTION_REFUSED'] })
  @Post(':name/rebuild')
  @HttpCode(202)
  rebuild(@Caller() c: RequestContext, @Param('name') name: string, @Body(EmptyBodyPipe) _body: unknown) {
    return this.projections.requestRebuild(c.principal, name);
  }
}
