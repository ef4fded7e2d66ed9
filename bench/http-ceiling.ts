import { randomBytes, randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import { signToken } from '../libs/application/src/auth/tokens';
import { driveLoad, heartbeatRequest, HTTP_LOAD } from './http-drive';
import { jobFor, operator, operatorSlugs } from './world';

/**
 * The HTTP ceiling: a bare Fastify (the package and version the product's adapter runs on) with
 * one POST route that parses the JSON body and answers 201 with a small JSON object — no auth,
 * no validation, no storage — on 127.0.0.1, in this process as the product's server is, driven
 * by the same load generator with the same connections, timings and requests (same paths, body
 * size and token length) as the http scenario. What is left between the two is the product.
 */
export type HttpCeilingResult = {
  readonly httpPerSec: number;
  readonly httpP50Ms: number | null;
  readonly httpP99Ms: number | null;
  readonly http: {
    readonly fastify: string;
    readonly connections: number;
    readonly maxMs: number | null;
    readonly durationMs: number;
    readonly requests: number;
    readonly statuses: Record<string, number>;
    readonly errors: number;
    readonly timeouts: number;
    readonly warmupPerSec: number;
    /** Share of the window the bare server's event loop was busy (1 = saturated). */
    readonly serverEventLoopUtilization: number;
    readonly serverCpuCores: number;
  };
};

type Heartbeat = { Params: { id: string }; Body: { serviceEventId?: unknown } };

export const measureHttpCeiling = async (): Promise<HttpCeilingResult> => {
  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 }); // the product's body limit
  app.post<Heartbeat>('/jobs/:id/heartbeat', async (request, reply) =>
    reply.code(201).send({ jobId: request.params.id, serviceEventId: request.body.serviceEventId, ok: true }));
  await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    const address = app.server.address();
    if (typeof address !== 'object' || !address) throw new Error('bare Fastify is not listening on a port');
    // Tokens signed like the product's (nobody checks them here): the same header length.
    const secret = randomBytes(32).toString('hex');
    const perConnection = operatorSlugs(HTTP_LOAD.connections).map((slug) => {
      const token = signToken(secret, operator(slug));
      return Array.from({ length: HTTP_LOAD.requestsPerConnection }, (_, n) =>
        heartbeatRequest(jobFor(slug, `bench:${slug}:${n}`).jobId, token, randomUUID()));
    });
    const { warmup, measured, serverEventLoopUtilization, serverCpuCores } = await driveLoad(`http://127.0.0.1:${address.port}`, perConnection);
    return {
      httpPerSec: measured.okPerSec,
      httpP50Ms: measured.p50Ms,
      httpP99Ms: measured.p99Ms,
      http: {
        fastify: app.version,
        connections: HTTP_LOAD.connections,
        maxMs: measured.maxMs,
        durationMs: measured.durationMs,
        requests: measured.requests,
        statuses: measured.statuses,
        errors: measured.errors,
        timeouts: measured.timeouts,
        warmupPerSec: warmup.okPerSec,
        serverEventLoopUtilization,
        serverCpuCores,
      },
    };
  } finally {
    await app.close();
  }
};
