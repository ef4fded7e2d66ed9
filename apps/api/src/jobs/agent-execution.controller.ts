import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RecordResultCommand, SubmitJobCommand } from '../../../../libs/application/src/execution/agent-commands';
import { GetAttemptsQuery, GetResultQuery } from '../../../../libs/application/src/queries/agent-queries';
import { ResultDto, ResultQueryDto, SubmitDto } from '../dto/agent-execution.dto';
import { Commands } from '../http/commands';
import { Caller, type RequestContext } from '../http/request-context';
import { ApiCommand, ApiRoute, CODES } from '../http/api-docs';
import { ResultRecorded, AttemptEnded } from '../responses/execution-answers';
import { AttemptsView, ResultView } from '../responses/attempts.responses';

/** What a worker does with its claim besides heartbeats and release: report a result, submit for review. */
@ApiTags('jobs')
@ApiBearerAuth()
@Controller('jobs/:id')
export class AgentExecutionController {
  constructor(private readonly commands: Commands, private readonly queries: QueryBus) {}

  @ApiCommand({
    ok: ResultRecorded, job: true, inProject: true, invalid: ['RESULT_BODY_INVALID (not exactly one of output and resultJson)', 'RESERVED_REASON (a failure\'s reason deadline_exceeded, the deadline watchdog\'s)', 'JSON_TOO_LARGE (result)'], forbidden: ['NOT_CLAIMANT'], conflicts: CODES.currentServiceEvent, rules: ['AGENT_ATTEMPT_ONLY', 'JSON_RESULT_MISSING', 'JSON_RESULT_INVALID', 'EVIDENCE_MISSING'],
  })
  @Post('result')
  @HttpCode(200)
  result(@Caller() c: RequestContext, @Param('id') id: string, @Body() body: ResultDto) {
    return this.commands.send(c, (p, ctx) => new RecordResultCommand(p, ctx, id, body));
  }

  @ApiRoute({ ok: ResultView, job: true, inProject: true, notFound: ['RESULT_NOT_FOUND (no ended attempt, or not that one)'] })
  @Get('result')
  getResult(@Caller() c: RequestContext, @Param('id') id: string, @Query() q: ResultQueryDto) {
    return this.queries.execute(new GetResultQuery(c.principal, id, q.attempt));
  }

  @ApiRoute({ ok: AttemptsView, job: true, inProject: true })
  @Get('attempts')
  attempts(@Caller() c: RequestContext, @Param('id') id: string) {
    return this.queries.execute(new GetAttemptsQuery(c.principal, id));
  }

  @ApiCommand({ ok: AttemptEnded, job: true, inProject: true, invalid: CODES.text, forbidden: ['NOT_CLAIMANT'], conflicts: CODES.currentServiceEvent, rules: ['AGENT_ATTEMPT_ONLY', 'EVIDENCE_MISSING'] })
  @Post('submit')
  @HttpCode(200)
  submit(@Caller() c: RequestContext, @Param('id') id: string, @Body() body: SubmitDto) {
    return this.commands.send(c, (p, ctx) => new SubmitJobCommand(p, ctx, id, body));
  }
}
