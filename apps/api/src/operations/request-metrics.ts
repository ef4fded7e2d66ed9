import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { METRICS, type Metrics } from '../../../../libs/application/src/operations/metrics';

/**
 * Counts every answer by route template (`/jobs/:id/claim`, never the concrete URL: one
 * series per route, not per job) and status; requests that matched no route are `unmatched`.
 */
export const countRequests = (app: NestFastifyApplication): void => {
  const metrics = app.get<Metrics>(METRICS);
  app.getHttpAdapter().getInstance().addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    metrics.requestSeconds.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });
};
