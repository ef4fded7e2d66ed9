import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CreateProjectJobCommand } from '../../../../libs/application/src/jobs/commands';
import { ListJobsQuery } from '../../../../libs/application/src/jobs/queries';
import { CreateJobDto, JobListQueryDto } from '../dto/jobs.dto';
import { Commands } from '../http/commands';
import { Caller, type RequestContext } from '../http/request-context';
import { jobInputOf } from './job-input';
import { ApiCommand, ApiRoute, CODES } from '../http/api-docs';
import { JobCreatedAnswer } from '../responses/command-answers';
import { JobPage } from '../responses/jobs.responses';

const listQuery = (c: RequestContext, projectSlug: string | null, q: JobListQueryDto) => {
  const { cursor, limit, ...filter } = q;
  return new ListJobsQuery(c.principal, projectSlug, filter, { cursor, limit });
};

@ApiTags('jobs')
@ApiBearerAuth()
@Controller()
export class ProjectJobsController {
  constructor(private readonly commands: Commands, private readonly queries: QueryBus) {}

  /** A job in the project; with `parentId`, a child of that job (`{parentId}.{n}`). */
  @ApiCommand({
    ok: JobCreatedAnswer, inProject: true, invalid: CODES.jobInput, forbidden: CODES.childForbidden,
    notFound: ['PROJECT_NOT_FOUND', 'JOB_NOT_FOUND (parentId)', 'OPERATOR_NOT_FOUND (the assignee)'], conflicts: CODES.newJobConflicts, rules: CODES.newJobRules,
  })
  @Post('projects/:slug/jobs')
  create(@Caller() c: RequestContext, @Param('slug') slug: string, @Body() body: CreateJobDto) {
    return this.commands.send(c, (p, ctx) => new CreateProjectJobCommand(p, ctx, slug, jobInputOf(body)));
  }

  @ApiRoute({ ok: JobPage, notFound: ['PROJECT_NOT_FOUND'], invalid: CODES.jobList })
  @Get('projects/:slug/jobs')
  list(@Caller() c: RequestContext, @Param('slug') slug: string, @Query() q: JobListQueryDto) {
    return this.queries.execute(listQuery(c, slug, q));
  }

  @ApiRoute({ ok: JobPage, notFound: ['PROJECT_NOT_FOUND'], invalid: CODES.jobList })
  @Get('projects/:slug/jobs/blocked')
  blocked(@Caller() c: RequestContext, @Param('slug') slug: string, @Query() q: JobListQueryDto) {
    return this.queries.execute(listQuery(c, slug, { ...q, effectivePhase: 'blocked' }));
  }

  @ApiRoute({ ok: JobPage, notFound: false, invalid: CODES.jobList })
  @Get('jobs')
  all(@Caller() c: RequestContext, @Query() q: JobListQueryDto) {
    return this.queries.execute(listQuery(c, null, q));
  }
}
