import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { METRICS, type Metrics } from '../../../../libs/application/src/operations/metrics';

/**
 * Counts every answer by route template (`/jobs/:id/claim`, never the concrete URL: one
 * series per route, not per job) and status; requests that matched no route are `unmatched`.
 * A callback hook, not an async one: no promise per answer.
 */
export const countRequests = (app: NestFastifyApplication): void => {
  const metrics = app.get<Metrics>(METRICS);
  app.getHttpAdapter().getInstance().addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    metrics.requestSeconds.observe({ method: request.method, route }, reply.elapsedTime / 1000);
    done();
  });
};
