import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  ApproveTaskCommand, AssignTaskCommand, CreateJobFromTaskCommand, DeclineTaskCommand,
} from '../../../../libs/application/src/governance/commands';
import { GetTaskQuery, ListTasksQuery } from '../../../../libs/application/src/queries/queries';
import { assigneeOf, ReasonDto } from '../dto/common.dto';
import { ApproveTaskDto, AssignTaskDto, ListTasksQueryDto } from '../dto/governance.dto';
import { Commands } from '../http/commands';
import { Caller, type RequestContext } from '../http/request-context';
import { ApiCommand, ApiRoute, CODES } from '../http/api-docs';
import { EmptyBodyPipe } from '../errors/empty-body.pipe';
import { JobFromTask, TaskApproved, TaskAssigned, TaskDeclined } from '../responses/command-answers';
import { TaskPage, TaskView } from '../responses/governance.responses';

@ApiTags('governance')
@ApiBearerAuth()
@Controller('tasks')
export class TasksController {
  constructor(private readonly commands: Commands, private readonly queries: QueryBus) {}

  @ApiRoute({ ok: TaskPage, notFound: false, invalid: CODES.page })
  @Get()
  list(@Caller() c: RequestContext, @Query() q: ListTasksQueryDto) {
    return this.queries.execute(new ListTasksQuery(c.principal, { assignee: q.assignee, state: q.state }, { cursor: q.cursor, limit: q.limit }));
  }

  @ApiRoute({ ok: TaskView, notFound: ['TASK_NOT_FOUND'] })
  @Get(':id')
  get(@Caller() c: RequestContext, @Param('id') id: string) {
    return this.queries.execute(new GetTaskQuery(c.principal, id));
  }

  @ApiCommand({ ok: TaskApproved, forbidden: CODES.govern, notFound: ['TASK_NOT_FOUND'], conflicts: [...CODES.task, 'TASK_ALREADY_APPROVED'] })
  @Post(':id/approve')
  @HttpCode(200)
  approve(@Caller() c: RequestContext, @Param('id') id: string, @Body() body: ApproveTaskDto) {
    return this.commands.send(c, (p, ctx) => new ApproveTaskCommand(p, ctx, id, body.comment));
  }

  @ApiCommand({ ok: TaskDeclined, invalid: CODES.text, forbidden: CODES.govern, notFound: ['TASK_NOT_FOUND'], conflicts: CODES.task })
  @Post(':id/decline')
  @HttpCode(200)
  decline(@Caller() c: RequestContext, @Param('id') id: string, @Body() body: ReasonDto) {
    return this.commands.send(c, (p, ctx) => new DeclineTaskCommand(p, ctx, id, body.reason));
  }

  @ApiCommand({ ok: TaskAssigned, forbidden: CODES.govern, notFound: ['TASK_NOT_FOUND', 'OPERATOR_NOT_FOUND (the assignee)'], conflicts: CODES.task, rules: ['ASSIGNEE_NOT_ACTIVE'] })
  @Post(':id/assign')
  @HttpCode(200)
  assign(@Caller() c: RequestContext, @Param('id') id: string, @Body() body: AssignTaskDto) {
    return this.commands.send(c, (p, ctx) => new AssignTaskCommand(p, ctx, id, assigneeOf(body.assignee)));
  }

  /** The explicit bridge from governance to execution. */
  @ApiCommand({
    ok: JobFromTask, forbidden: CODES.govern, notFound: ['TASK_NOT_FOUND', 'PROJECT_NOT_FOUND'], conflicts: [...CODES.task, ...CODES.newJobConflicts], rules: ['TASK_NOT_APPROVED', 'TASK_NOT_ASSIGNED', ...CODES.newJobRules],
  })
  @Post(':id/create-job')
  createJob(@Caller() c: RequestContext, @Param('id') id: string, @Body(EmptyBodyPipe) _body: unknown) {
    return this.commands.send(c, (p, ctx) => new CreateJobFromTaskCommand(p, ctx, id));
  }
}
