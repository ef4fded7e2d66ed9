import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { METRICS, type Metrics } from '../../../../libs/application/src/operations/metrics';

type Series = { readonly count: () => void; readonly time: (seconds: number) => void };

/**
 * Counts every answer by route template (`/jobs/:id/claim`, never the concrete URL: one
 * series per route, not per job) and status; requests that matched no route are `unmatched`.
 * The labelled series are looked up once per method, route and status (a handful), not per
 * answer: prom-client hashes the labels on every unlabelled call.
 */
export const countRequests = (app: NestFastifyApplication): void => {
  const metrics = app.get<Metrics>(METRICS);
  const series = new Map<string, Series>();
  const seriesFor = (method: string, route: string, status: string): Series => {
    const key = `${method} ${status} ${route}`;
    let found = series.get(key);
    if (!found) {
      const counter = metrics.requests.labels({ method, route, status });
      const histogram = metrics.requestSeconds.labels({ method, route });
      found = { count: () => counter.inc(), time: (seconds) => histogram.observe(seconds) };
      series.set(key, found);
    }
    return found;
  };
  app.getHttpAdapter().getInstance().addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    const s = seriesFor(request.method, request.routeOptions.url ?? 'unmatched', String(reply.statusCode));
    s.count();
    s.time(reply.elapsedTime / 1000);
    done();
  });
};
