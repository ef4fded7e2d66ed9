import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { FastifyRequest } from 'fastify';
import { IS_PUBLIC } from '../auth/public.decorator';
import { inheritedName } from '../errors/body-shape.pipe';
import { fieldsRefused } from '../errors/fields-refused';
import { INHERITED_NAMES } from '../../../../libs/domain/src/shared/json-bounds';

const isPublic = (handler: object, controller: object): boolean =>
  Reflect.getMetadata(IS_PUBLIC, handler) === true || Reflect.getMetadata(IS_PUBLIC, controller) === true;

/**
 * A route's query: any key (a public probe); a whole-query DTO, which refuses unknown keys itself
 * but takes inherited names (INHERITED_NAMES) for known ones; or only these.
 */
type QueryKeys = 'any' | 'dto' | ReadonlySet<string>;

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
 * is, and as every list already answered through its query DTO (whose check an inherited name
 * passes, so it is refused here). A command route reads no query,
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
      allowed = isPublic(handler, context.getClass()) ? 'any' : queryKeysOf(context.getClass(), handler.name);
      this.known.set(handler, allowed);
    }
    if (allowed === 'any') return true;
    if (allowed === 'dto') {
      const inherited = extra.find((key) => INHERITED_NAMES.has(key));
      if (inherited !== undefined) throw inheritedName(inherited);
      return true;
    }
    const unknown = extra.filter((key) => !allowed.has(key));
    if (!unknown.length) return true;
    throw fieldsRefused(Object.fromEntries(unknown.map((key) => [key, [`query parameter ${key} is not read by this route`]])));
  }
}
