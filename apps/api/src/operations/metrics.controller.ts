import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { requireRole } from '../../../../libs/application/src/auth/policy';
import { METRICS, type Metrics } from '../../../../libs/application/src/operations/metrics';
import { ProjectionOperations } from '../../../../libs/application/src/operations/projection-operations';
import { Caller, type RequestContext } from '../http/request-context';
import { ApiRoute } from '../http/api-docs';
import { PROMETHEUS_TEXT } from '../responses/bodies';

/** Prometheus text format; for admin and auditor tokens (a scraper is given a long-lived auditor token). */
@ApiTags('operations')
@ApiBearerAuth()
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(METRICS) private readonly metrics: Metrics, private readonly projections: ProjectionOperations) {}

  @ApiRoute({ ok: PROMETHEUS_TEXT, notFound: false, rateLimited: false })
  @Get()
  async scrape(@Caller() c: RequestContext, @Res() reply: FastifyReply) {
    requireRole(c.principal, 'auditor');
    this.metrics.observe(await this.projections.report());
    await reply.header('content-type', this.metrics.registry.contentType).send(await this.metrics.registry.metrics());
  }
}
