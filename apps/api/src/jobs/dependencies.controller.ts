import { Body, Controller, Delete, Get, Param, Post, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AddDependencyCommand, RemoveDependencyCommand } from '../../../../libs/application/src/jobs/commands';
import { GetJobDependenciesQuery } from '../../../../libs/application/src/jobs/queries';
import { AddDependencyDto, RemoveDependencyQueryDto } from '../dto/jobs.dto';
import { Commands } from '../http/commands';
import { Caller, type RequestContext } from '../http/request-context';
import { ApiCommand, ApiRoute } from '../http/api-docs';
import { EmptyBodyPipe } from '../errors/empty-body.pipe';
import { DependencyAdded, DependencyRemoved } from '../responses/command-answers';
import { JobDependenciesView } from '../responses/jobs.responses';

@ApiTags('jobs')
@ApiBearerAuth()
@Controller('jobs/:id/dependencies')
export class DependenciesController {
  constructor(private readonly commands: Commands, private readonly queries: QueryBus) {}

  @ApiRoute({ ok: JobDependenciesView, job: true, inProject: true })
  @Get()
  list(@Caller() c: RequestContext, @Param('id') id: string) {
    return this.queries.execute(new GetJobDependenciesQuery(c.principal, id));
  }

  /** `blocks` is stored as `blocked_by` on the other job (SPEC §1). */
  @ApiCommand({
    ok: DependencyAdded, job: true, invalid: ['SELF_DEPENDENCY'], notFound: ['RELATED_JOB_NOT_FOUND'], conflicts: ['JOB_TERMINAL', 'DEPENDENCY_EXISTS'], rules: ['DEPENDENCY_CYCLE', 'DEPENDENCY_GRAPH_TOO_LARGE (more than 10,000 jobs to walk)'],
  })
  @Post()
  add(@Caller() c: RequestContext, @Param('id') id: string, @Body() body: AddDependencyDto) {
    return this.commands.send(c, (p, ctx) => new AddDependencyCommand(p, ctx, id, body.relatedJobId, body.relation));
  }

  /** Every relation of this job on the other one, or only `?relation=`. */
  @ApiCommand({ ok: DependencyRemoved, job: true, notFound: ['DEPENDENCY_NOT_FOUND'], conflicts: ['JOB_TERMINAL'] })
  @Delete(':related')
  remove(@Caller() c: RequestContext, @Param('id') id: string, @Param('related') related: string, @Query() q: RemoveDependencyQueryDto, @Body(EmptyBodyPipe) _body: unknown) {
    return this.commands.send(c, (p, ctx) => new RemoveDependencyCommand(p, ctx, id, related, q.relation));
  }
}
