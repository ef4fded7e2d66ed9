import { createHash } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { JobledgerConfig } from '../../../../libs/application/src/config/config';
import { TokenBuckets } from './token-buckets';

/** Probes and scrapes are never throttled: a load balancer must see an overloaded instance as it is. */
const EXEMPT = new Set(['/health', '/metrics']);

/**
 * The caller: its bearer token (hashed, so no token is kept in memory as such), else its
 * address. Checked before authentication, so a flood of bad tokens is throttled too.
 */
const callerKey = (request: FastifyRequest): string => {
  const auth = request.headers.authorization;
  return auth ? `token:${createHash('sha256').update(auth).digest('base64url')}` : `ip:${request.ip}`;
};

/**
 * `429 RATE_LIMITED` with `Retry-After` once a caller spends its burst faster than the
 * configured rate. Off unless `JOBLEDGER_RATE_LIMIT_PER_SEC` is set; refused requests never
 * reach a handler, so they append nothing.
 */
export const limitRates = (app: NestFastifyApplication, config: JobledgerConfig): void => {
  const { perSecond, burst } = config.rateLimit;
  if (perSecond === 0) return;
  const buckets = new TokenBuckets(perSecond, burst);
  app.getHttpAdapter().getInstance().addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (EXEMPT.has(request.url.split('?')[0])) return;
    const waitMs = buckets.take(callerKey(request));
    if (waitMs === 0) return;
    const retryAfterSeconds = Math.ceil(waitMs / 1000);
    await reply
      .status(429)
      .header('retry-after', String(retryAfterSeconds))
      .send({ error: { code: 'RATE_LIMITED', message: `too many requests: retry in ${retryAfterSeconds} s`, details: { retryAfterSeconds, perSecond, burst } } });
  });
};
