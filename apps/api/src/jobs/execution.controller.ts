import { Body, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  CaptureEvidenceCommand, ClaimJobCommand, MayCaptureEvidenceQuery, CompleteServiceEventCommand, FailServiceEventCommand, HeartbeatCommand, ReleaseJobCommand,
  StartServiceEventCommand,
} from '../../../../libs/application/src/execution/commands';
import { GetEvidenceContentQuery, GetJobQuery } from '../../../../libs/application/src/queries/queries';
import { ClaimDto, CompleteDto, EVIDENCE_FORM, FailDto, ReleaseDto, ServiceEventDto } from '../dto/execution.dto';
import { Commands } from '../http/commands';
import { Caller, type RequestContext } from '../http/request-context';
import { readEvidenceUpload, uploadHashOf } from './multipart';
import { EXTENSIONS } from '../../../../libs/blobstore/src/content-type';
import { ApiCommand, ApiRoute, CODES } from '../http/api-docs';
import { noneMatchHits } from '../http/if-none-match';
import { ClaimAnswer, EvidenceCapturedAnswer, JobReleasedAnswer, LeaseExtended, ServiceEventCompletedAnswer, ServiceEventFailedAnswer, ServiceEventStarted } from '../responses/execution-answers';
import { JobView } from '../responses/jobs.responses';
import { EVIDENCE_BYTES } from '../responses/bodies';

@ApiTags('jobs')
@ApiBearerAuth()
@Controller('jobs/:id')
export class ExecutionController {
  constructor(private readonly commands: Commands, private readonly queries: QueryBus) {}

  @ApiRoute({ ok: JobView, job: true, inProject: true })
  @Get()
  get(@Caller() c: RequestContext, @Param('id') id: string) {
    return this.queries.execute(new GetJobQuery(c.principal, id));
  }

  @ApiCommand({ ok: ClaimAnswer, job: true, inProject: true, forbidden: ['NOT_AN_EXECUTOR (neither an operator nor an agent)', ...CODES.claimForbidden], conflicts: CODES.claim })
  @Post('claim')
  claim(@Caller() c: RequestContext, @Param('id') id: string, @Body() body: ClaimDto) {
    return this.commands.send(c, (p, ctx) => new ClaimJobCommand(p, ctx, id, body));
  }

  @ApiCommand({ ok: ServiceEventStarted, job: true, forbidden: ['NOT_CLAIMANT', 'OPERATOR_SUSPENDED', 'OPERATOR_NOT_ACTIVE'], conflicts: CODES.currentServiceEvent })
  @Post('start')
  @HttpCode(200)
  start(@Caller() c: RequestContext, @Param('id') id: string, @Body() body: ServiceEventDto) {
    return this.commands.send(c, (p, ctx) => new StartServiceEventCommand(p, ctx, id, body.serviceEventId));
  }

  @ApiCommand({ ok: LeaseExtended, job: true, inProject: true, forbidden: ['NOT_CLAIMANT', 'OPERATOR_SUSPENDED'], conflicts: CODES.currentServiceEvent })
  @Post('heartbeat')
  @HttpCode(200)
  heartbeat(@Caller() c: RequestContext, @Param('id') id: string, @Body() body: ServiceEventDto) {
    return this.commands.send(c, (p, ctx) => new HeartbeatCommand(p, ctx, id, body.serviceEventId));
  }

  @ApiCommand({
    ok: EvidenceCapturedAnswer, body: 'multipart', job: true, forbidden: ['NOT_CLAIMANT', 'OPERATOR_SUSPENDED'], conflicts: CODES.currentServiceEvent, rules: ['EVIDENCE_CATEGORY_NOT_ALLOWED'],
  })
  @Post('evidence')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: EVIDENCE_FORM })
  async evidence(@Caller() c: RequestContext, @Param('id') id: string, @Req() request: FastifyRequest) {
    return this.commands.send(c, async (p, ctx) => {
      await this.queries.execute(new MayCaptureEvidenceQuery(p, ctx, id)); // before the body is read
      const upload = await readEvidenceUpload(request);
      // The request's hash so far covers no part (the body is read here): a repeat is compared by its parts.
      const asked = ctx.requestHash === undefined ? ctx : { ...ctx, requestHash: uploadHashOf(upload), sameRequestHashes: undefined };
      return new CaptureEvidenceCommand(p, asked, id, { ...upload.fields, bytes: upload.bytes, declaredContentType: upload.declaredContentType });
    });
  }

  @ApiRoute({ ok: EVIDENCE_BYTES, job: true, inProject: true, notFound: ['EVIDENCE_NOT_FOUND'], alsoOk: { 304: 'If-None-Match names the bytes\' ETag (weakly, or `*`): no body' } })
  @Get('evidence/:evidenceId/content')
  async evidenceContent(
    @Caller() c: RequestContext, @Param('id') id: string, @Param('evidenceId') evidenceId: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply,
  ) {
    const blob = await this.queries.execute<GetEvidenceContentQuery, { bytes: Buffer; contentType: string; sha256: string }>(
      new GetEvidenceContentQuery(c.principal, id, evidenceId),
    );
    // Revalidated on every use, after the access check above: a browser keeps the bytes no
    // longer than the caller may read them, and an unchanged copy costs a 304.
    const etag = `"${blob.sha256}"`;
    reply.header('etag', etag).header('cache-control', 'private, no-cache');
    if (noneMatchHits(request.headers['if-none-match'], etag)) return reply.status(304).send();
    // Uploaded bytes on the API's origin: a download the browser may neither sniff nor run,
    // whatever else a file that starts like a PNG holds.
    const extension = (EXTENSIONS as Readonly<Record<string, string>>)[blob.contentType] ?? 'bin';
    await reply
      .header('content-type', blob.contentType)
      .header('x-content-type-options', 'nosniff')
      .header('content-disposition', `attachment; filename="${evidenceId}.${extension}"`)
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('x-content-sha256', blob.sha256)
      .send(blob.bytes);
  }

  @ApiCommand({ ok: ServiceEventCompletedAnswer, job: true, invalid: ['JSON_TOO_LARGE (result)'], forbidden: ['NOT_CLAIMANT', 'OPERATOR_SUSPENDED'], conflicts: CODES.currentServiceEvent, rules: ['EVIDENCE_MISSING'] })
  @Post('complete')
  @HttpCode(200)
  complete(@Caller() c: RequestContext, @Param('id') id: string, @Body() body: CompleteDto) {
    return this.commands.send(c, (p, ctx) => new CompleteServiceEventCommand(p, ctx, id, body));
  }

  @ApiCommand({ ok: ServiceEventFailedAnswer, job: true, invalid: [...CODES.text, 'RESERVED_REASON (deadline_exceeded, the deadline watchdog\'s)', 'JSON_TOO_LARGE (result)'], forbidden: ['NOT_CLAIMANT', 'OPERATOR_SUSPENDED'], conflicts: CODES.currentServiceEvent })
  @Post('fail')
  @HttpCode(200)
  fail(@Caller() c: RequestContext, @Param('id') id: string, @Body() body: FailDto) {
    return this.commands.send(c, (p, ctx) => new FailServiceEventCommand(p, ctx, id, body));
  }

  @ApiCommand({ ok: JobReleasedAnswer, job: true, inProject: true, invalid: [...CODES.text, 'RESERVED_REASON (lease_expired, the lease watchdog\'s)'], forbidden: ['NOT_CLAIMANT', 'OPERATOR_SUSPENDED'], conflicts: CODES.currentServiceEvent })
  @Post('release')
  @HttpCode(200)
  release(@Caller() c: RequestContext, @Param('id') id: string, @Body() body: ReleaseDto) {
    return this.commands.send(c, (p, ctx) => new ReleaseJobCommand(p, ctx, id, body));
  }
}
