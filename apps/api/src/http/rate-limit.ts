import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { InvalidTokenError, TokenVerifier } from '../../../../libs/application/src/auth/tokens';
import type { JobledgerConfig } from '../../../../libs/application/src/config/config';
import { bearerTokenOf } from '../auth/bearer';
import { TokenBuckets } from './token-buckets';

/** Probes and scrapes are never throttled: a load balancer must see an overloaded instance as it is. */
const EXEMPT = new Set(['/health', '/metrics']);

/**
 * The caller: the subject of a token that verifies (however the header is spelled, and with
 * any of its tokens), else its address. Checked before the route's authentication, so a
 * flood of bad or made-up tokens from one address shares one bucket.
 */
const callerKeyOf = (tokens: TokenVerifier) => (request: FastifyRequest): string => {
  const token = bearerTokenOf(request.headers.authorization);
  if (token) {
    try {
      const { role, sub } = tokens.verify(token);
      return `caller:${role}:${sub}`;
    } catch (error) {
      if (!(error instanceof InvalidTokenError)) throw error;
    }
  }
  return `ip:${request.ip}`;
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
  const callerKey = callerKeyOf(new TokenVerifier(config.jwtSecret));
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
