import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CreateProjectJobCommand, UpdateJobCommand } from '../../../../libs/application/src/jobs/commands';
import { GetJobContextQuery, GetJobTreeQuery } from '../../../../libs/application/src/jobs/queries';
import { projectOfJobId } from '../../../../libs/domain/src/shared/ids';
import { CreateChildJobDto, UpdateJobDto } from '../dto/jobs.dto';
import { Commands } from '../http/commands';
import { Caller, type RequestContext } from '../http/request-context';
import { assigneeOf } from '../dto/common.dto';
import { jobInputOf } from './job-input';
import { ApiCommand, ApiRoute, CODES } from '../http/api-docs';
import { JobCreatedAnswer, JobUpdatedAnswer } from '../responses/command-answers';
import { JobContextView, JobTreeView } from '../responses/jobs.responses';

@ApiTags('jobs')
@ApiBearerAuth()
@Controller('jobs/:id')
export class JobShapeController {
  constructor(private readonly commands: Commands, private readonly queries: QueryBus) {}

  /** PATCH semantics: title, description, acceptanceCriteria, priority, phase (idea|backlog|ready), assignee. */
  @ApiCommand({
    ok: JobUpdatedAnswer, job: true, invalid: ['FIELD_REQUIRED', 'FIELD_TOO_LONG', 'INVALID_PHASE (only idea, backlog, ready)', 'INVALID_PRIORITY'],
    notFound: ['OPERATOR_NOT_FOUND (the assignee)'], conflicts: ['JOB_TERMINAL', 'JOB_ACTIVE'], rules: ['ASSIGNEE_NOT_ACTIVE'],
  })
  @Patch()
  update(@Caller() c: RequestContext, @Param('id') id: string, @Body() body: UpdateJobDto) {
    const { assignee, ...fields } = body;
    const changes = { ...fields, ...(assignee !== undefined && { assignee: assignee && assigneeOf(assignee) }) };
    return this.commands.send(c, (p, ctx) => new UpdateJobCommand(p, ctx, id, changes));
  }

  /** The same as `POST /projects/:slug/jobs` with `parentId`: a child of this job. */
  @ApiCommand({
    ok: JobCreatedAnswer, job: true, inProject: true, invalid: CODES.jobInput, forbidden: CODES.childForbidden, notFound: ['OPERATOR_NOT_FOUND (the assignee)'],
    conflicts: CODES.newJobConflicts, rules: CODES.newJobRules,
  })
  @Post('children')
  createChild(@Caller() c: RequestContext, @Param('id') id: string, @Body() body: CreateChildJobDto) {
    return this.commands.send(c, (p, ctx) => new CreateProjectJobCommand(p, ctx, projectOfJobId(id), { ...jobInputOf(body), parentId: id }));
  }

  @ApiRoute({ ok: JobTreeView, job: true, inProject: true })
  @Get('tree')
  tree(@Caller() c: RequestContext, @Param('id') id: string) {
    return this.queries.execute(new GetJobTreeQuery(c.principal, id));
  }

  @ApiRoute({ ok: JobContextView, job: true, inProject: true })
  @Get('context')
  context(@Caller() c: RequestContext, @Param('id') id: string) {
    return this.queries.execute(new GetJobContextQuery(c.principal, id));
  }
}
