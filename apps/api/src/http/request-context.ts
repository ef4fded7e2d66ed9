import { BadRequestException, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Principal } from '../../../../libs/application/src/auth/principal';
import type { FastifyRequest } from 'fastify';
import { contentHashOf, sha256Hex } from '../../../../libs/domain/src/shared/hashing';
import type { Json } from '../../../../libs/domain/src/shared/json';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { routePath } from './route-path';

export type RequestContext = {
  readonly principal: Principal;
  readonly idempotencyKey?: string;
  /** `METHOD /path`, the path decoded as the router sees it: what an Idempotency-Key is scoped to. */
  readonly scope: string;
  /** With an Idempotency-Key: sha256 of the query and JSON body, which a repeat must match. */
  readonly requestHash?: string;
  /** The hash of the same request with its empty body spelled the other way (left out, or `{}`). */
  readonly sameRequestHashes?: readonly string[];
  readonly correlationId?: string;
  /** When the caller's token ends (ms since the epoch). */
  readonly tokenExpiresAtMs?: number;
};

const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

/**
 * What was asked, beyond the route: the query and the body as parsed from JSON (a multipart
 * body is not parsed yet here; the evidence route hashes its parts itself). Canonical JSON, so
 * a client that orders its keys differently on a retry still sends the same request.
 */
const requestHashOf = (request: FastifyRequest, body: unknown = request.body ?? null): string => {
  // Both come from JSON.parse or the query-string parser: JSON values by construction.
  const asked = { query: (request.query ?? {}) as Json, body: body as Json };
  try {
    return contentHashOf(asked);
  } catch {
    // A number JSON.parse made Infinity (1e400) has no canonical form; validation refuses it anyway.
    return sha256Hex(JSON.stringify(asked));
  }
};

/**
 * A command that takes no input is sent with no body or with `{}` (docs/decisions.md, "Input
 * limits"), and a retry may switch between the two: each is the same request as the other.
 * The hash kept with the events stays the one of the body as sent.
 */
const sameRequestOf = (request: FastifyRequest): { sameRequestHashes?: readonly string[] } => {
  const body: unknown = request.body ?? null;
  if (body === null) return { sameRequestHashes: [requestHashOf(request, {})] };
  const empty = typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length === 0;
  return empty ? { sameRequestHashes: [requestHashOf(request, null)] } : {};
};

/** The caller and the headers that shape a command: `Idempotency-Key`, `X-Correlation-Id`. */
export const Caller = createParamDecorator((_: unknown, context: ExecutionContext): RequestContext => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!request.principal) throw new Error('Caller used on a public route');
  const header = (name: string) => {
    const v = request.headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const idempotencyKey = header('idempotency-key');
  if (idempotencyKey !== undefined && !KEY_PATTERN.test(idempotencyKey)) {
    throw new BadRequestException({ code: 'INVALID_IDEMPOTENCY_KEY', message: 'Idempotency-Key must be 1–200 printable ASCII characters' });
  }
  const correlationId = header('x-correlation-id');
  const scope = `${request.method} ${routePath(request.url)}`;
  return {
    principal: request.principal, idempotencyKey, scope, correlationId: correlationId && KEY_PATTERN.test(correlationId) ? correlationId : undefined,
    ...(idempotencyKey !== undefined && { requestHash: requestHashOf(request), ...sameRequestOf(request) }),
    tokenExpiresAtMs: request.tokenExpiresAtMs,
  };
});
