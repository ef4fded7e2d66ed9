import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { METRICS, type Metrics } from '../../../../libs/application/src/operations/metrics';

/**
 * Streams (SSE) count themselves (`countStream`): Fastify runs `onResponse` for a stream the
 * server ends, but not for one the client leaves, so the hook would count some streams and not
 * others. Kept per request, so nothing outlives it.
 */
const streams = new WeakSet<FastifyRequest>();

/** A stream is counted `200` as it opens, and its duration observed when it ends, whoever ends it. */
export const countStream = (metrics: Metrics, reply: FastifyReply, whenClosed: (callback: () => void) => void): void => {
  streams.add(reply.request);
  const labels = { method: reply.request.method, route: reply.request.routeOptions.url ?? 'unmatched' };
  metrics.requests.inc({ ...labels, status: '200' });
  whenClosed(() => metrics.requestSeconds.observe(labels, reply.elapsedTime / 1000));
};

/** Counts one answer, sent or being sent. */
export type CountAnswer = (request: FastifyRequest, reply: FastifyReply) => void;

/**
 * Counts every answer by route template (`/jobs/:id/claim`, never the concrete URL: one
 * series per route, not per job) and status; requests that matched no route are `unmatched`.
 * A callback hook, not an async one: no promise per answer. Answers Fastify sends before any
 * route or hook (a malformed escape in the path) reach no hook: the function returned counts
 * them, called from the framework's error handler.
 */
export const countRequests = (app: NestFastifyApplication): CountAnswer => {
  const metrics = app.get<Metrics>(METRICS);
  const count: CountAnswer = (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    metrics.requestSeconds.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  };
  app.getHttpAdapter().getInstance().addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    if (!streams.has(request)) count(request, reply);
    done();
  });
  return count;
};
