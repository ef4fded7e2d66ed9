import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IntakeRequestCommand, SubmitRequestCommand, WithdrawRequestCommand } from '../../../../libs/application/src/governance/commands';
import { GetRequestQuery } from '../../../../libs/application/src/queries/queries';
import { ReasonDto } from '../dto/common.dto';
import { IntakeDto, SubmitRequestDto } from '../dto/governance.dto';
import { Commands } from '../http/commands';
import { Caller, type RequestContext } from '../http/request-context';
import { ApiCommand, ApiRoute, CODES } from '../http/api-docs';
import { RequestIntaken, RequestSubmitted, RequestWithdrawn } from '../responses/command-answers';
import { RequestView } from '../responses/governance.responses';

@ApiTags('governance')
@ApiBearerAuth()
@Controller('requests')
export class RequestsController {
  constructor(private readonly commands: Commands, private readonly queries: QueryBus) {}

  @ApiCommand({ ok: RequestSubmitted, invalid: ['INVALID_SLUG', ...CODES.text], notFound: ['PROJECT_NOT_FOUND', 'SURFACE_NOT_FOUND'], conflicts: ['REQUEST_EXISTS'] })
  @Post()
  submit(@Caller() c: RequestContext, @Body() body: SubmitRequestDto) {
    return this.commands.send(c, (p, ctx) => new SubmitRequestCommand(p, ctx, body));
  }

  @ApiRoute({ ok: RequestView, notFound: ['REQUEST_NOT_FOUND'] })
  @Get(':id')
  get(@Caller() c: RequestContext, @Param('id') id: string) {
    return this.queries.execute(new GetRequestQuery(c.principal, id));
  }

  @ApiCommand({ ok: RequestWithdrawn, invalid: CODES.text, notFound: ['REQUEST_NOT_FOUND'], conflicts: ['REQUEST_WITHDRAWN', 'REQUEST_ALREADY_INTAKEN'] })
  @Post(':id/withdraw')
  @HttpCode(200)
  withdraw(@Caller() c: RequestContext, @Param('id') id: string, @Body() body: ReasonDto) {
    return this.commands.send(c, (p, ctx) => new WithdrawRequestCommand(p, ctx, id, body.reason));
  }

  @ApiCommand({ ok: RequestIntaken, forbidden: CODES.govern, notFound: ['REQUEST_NOT_FOUND'], conflicts: ['REQUEST_WITHDRAWN', 'REQUEST_ALREADY_INTAKEN', 'TASK_EXISTS'] })
  @Post(':id/intake')
  intake(@Caller() c: RequestContext, @Param('id') id: string, @Body() body: IntakeDto) {
    return this.commands.send(c, (p, ctx) => new IntakeRequestCommand(p, ctx, id, body));
  }
}
