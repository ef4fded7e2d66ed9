import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ClaimNextJobCommand } from '../../../../libs/application/src/execution/agent-commands';
import { GetReadyQueueQuery } from '../../../../libs/application/src/queries/agent-queries';
import { PageQueryDto } from '../dto/common.dto';
import { ClaimDto } from '../dto/execution.dto';
import { Commands } from '../http/commands';
import { Caller, type RequestContext } from '../http/request-context';
import { ApiCommand, ApiRoute, CODES } from '../http/api-docs';
import { ClaimNextAnswer } from '../responses/execution-answers';
import { JobPage } from '../responses/jobs.responses';

/** The scheduler's view of a project: the ready queue, and claiming its head. */
@ApiTags('jobs')
@ApiBearerAuth()
@Controller('projects/:slug/jobs')
export class ReadyQueueController {
  constructor(private readonly commands: Commands, private readonly queries: QueryBus) {}

  @ApiRoute({ ok: JobPage, inProject: true, notFound: ['PROJECT_NOT_FOUND'], invalid: CODES.page })
  @Get('ready')
  ready(@Caller() c: RequestContext, @Param('slug') slug: string, @Query() q: PageQueryDto) {
    return this.queries.execute(new GetReadyQueueQuery(c.principal, slug, { cursor: q.cursor, limit: q.limit }));
  }

  /**
   * 201 with the claim (as `POST /jobs/:id/claim` answers, plus the job), or 204 when nothing is
   * claimable; 404 when the project does not exist (asked only when nothing is claimable: a
   * claim costs nothing more).
   */
  @ApiCommand({
    ok: ClaimNextAnswer, inProject: true, forbidden: ['NOT_AN_EXECUTOR (neither an operator nor an agent)', 'OPERATOR_SUSPENDED', 'OPERATOR_NOT_ACTIVE'], notFound: ['PROJECT_NOT_FOUND'],
    alsoOk: { 204: 'nothing is claimable: no body' },
    extra: { 503: 'READ_MODELS_BEHIND (with an Idempotency-Key: the read models do not hold every claim yet; send it again)' },
  })
  @Post('claim-next')
  async claimNext(
    @Caller() c: RequestContext, @Param('slug') slug: string, @Body() body: ClaimDto, @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const result = await this.commands.send<{ claimed?: false }>(
      c, (p, ctx) => new ClaimNextJobCommand(p, ctx, slug, body, c.idempotencyKey !== undefined),
    );
    if (result.claimed === false) {
      reply.status(204);
      return undefined;
    }
    return result;
  }
}
