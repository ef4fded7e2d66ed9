import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { FastifyRequest } from 'fastify';
import { IS_PUBLIC } from '../auth/public.decorator';
import { fieldsRefused } from '../errors/fields-refused';

const isPublic = (handler: object, controller: object): boolean =>
  Reflect.getMetadata(IS_PUBLIC, handler) === true || Reflect.getMetadata(IS_PUBLIC, controller) === true;

/** A route's query: any key (a whole-query DTO, which refuses unknown keys itself; a public probe), or only these. */
type QueryKeys = 'dto' | ReadonlySet<string>;

/** The query keys a handler binds, read from its parameter decorators (`@Query()`, `@Query('name')`). */
const queryKeysOf = (controller: object, handler: string): QueryKeys => {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, handler) ?? {}) as Record<string, { data?: unknown }>;
  const keys = new Set<string>();
  for (const [key, { data }] of Object.entries(args)) {
    if (Number(key.split(':')[0]) !== RouteParamtypes.QUERY) continue;
    if (typeof data !== 'string') return 'dto';
    keys.add(data);
  }
  return keys;
};

/**
 * A query parameter a route does not read is `400 VALIDATION_FAILED`, as an unknown body field
 * is, and as every list already answered through its query DTO. A command route reads no query,
 * so `POST /projects/:slug/jobs?parentId=…` made a root job, not the child asked for, and
 * `POST /jobs/:id/claim?start=true` claimed without starting, both answered 2xx.
 */
@Injectable()
export class QueryKeysGuard implements CanActivate {
  private readonly known = new WeakMap<object, QueryKeys>();

  canActivate(context: ExecutionContext): boolean {
    const query = context.switchToHttp().getRequest<FastifyRequest>().query as Record<string, unknown> | undefined;
    if (!query) return true;
    const extra = Object.keys(query);
    if (!extra.length) return true;
    const handler = context.getHandler();
    let allowed = this.known.get(handler);
    if (allowed === undefined) {
      // A public probe (`/health`) answers whatever a load balancer or a cache-buster adds.
      allowed = isPublic(handler, context.getClass()) ? 'dto' : queryKeysOf(context.getClass(), handler.name);
      this.known.set(handler, allowed);
    }
    if (allowed === 'dto') return true;
    const unknown = extra.filter((key) => !allowed.has(key));
    if (!unknown.length) return true;
    throw fieldsRefused(Object.fromEntries(unknown.map((key) => [key, [`query parameter ${key} is not read by this route`]])));
  }
}
