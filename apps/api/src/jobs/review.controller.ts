import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApproveJobCommand, CancelJobCommand, CloseJobCommand, RejectJobCommand } from '../../../../libs/application/src/review/commands';
import { ApproveDto, RequiredReasonDto } from '../dto/agent-execution.dto';
import { Commands } from '../http/commands';
import { Caller, type RequestContext } from '../http/request-context';
import { ApiCommand, CODES } from '../http/api-docs';
import { JobApprovedAnswer, JobDecided, JobRejectedAnswer } from '../responses/execution-answers';

/** Review (reviewers: approve, reject) and closing (admins: close, cancel). */
@ApiTags('jobs')
@ApiBearerAuth()
@Controller('jobs/:id')
export class ReviewController {
  constructor(private readonly commands: Commands) {}

  @ApiCommand({ ok: JobApprovedAnswer, job: true, inProject: true, conflicts: ['JOB_TERMINAL', 'INVALID_PHASE'] })
  @Post('approve')
  @HttpCode(200)
  approve(@Caller() c: RequestContext, @Param('id') id: string, @Body() body: ApproveDto) {
    return this.commands.send(c, (p, ctx) => new ApproveJobCommand(p, ctx, id, body.comment));
  }

  @ApiCommand({ ok: JobRejectedAnswer, job: true, inProject: true, invalid: CODES.text, conflicts: ['JOB_TERMINAL', 'INVALID_PHASE'] })
  @Post('reject')
  @HttpCode(200)
  reject(@Caller() c: RequestContext, @Param('id') id: string, @Body() body: RequiredReasonDto) {
    return this.commands.send(c, (p, ctx) => new RejectJobCommand(p, ctx, id, body.reason));
  }

  @ApiCommand({ ok: JobDecided, job: true, invalid: CODES.text, conflicts: ['JOB_TERMINAL'] })
  @Post('close')
  @HttpCode(200)
  close(@Caller() c: RequestContext, @Param('id') id: string, @Body() body: RequiredReasonDto) {
    return this.commands.send(c, (p, ctx) => new CloseJobCommand(p, ctx, id, body.reason));
  }

  @ApiCommand({ ok: JobDecided, job: true, invalid: CODES.text, conflicts: ['JOB_TERMINAL'] })
  @Post('cancel')
  @HttpCode(200)
  cancel(@Caller() c: RequestContext, @Param('id') id: string, @Body() body: RequiredReasonDto) {
    return this.commands.send(c, (p, ctx) => new CancelJobCommand(p, ctx, id, body.reason));
  }
}
