import { Inject, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../../../../libs/application/src/auth/principal';
import { InvalidTokenError, TokenVerifier } from '../../../../libs/application/src/auth/tokens';
import { CONFIG, type JobledgerConfig } from '../../../../libs/application/src/config/config';
import { bearerTokenOf } from './bearer';
import { IS_PUBLIC } from './public.decorator';

export type AuthenticatedRequest = FastifyRequest & {
  principal?: Principal;
  /** When the caller's token ends (ms since the epoch): a stream kept open ends with it. */
  tokenExpiresAtMs?: number;
};

/** Every route needs a valid HS256 bearer token unless marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly tokens: TokenVerifier;

  constructor(private readonly reflector: Reflector, @Inject(CONFIG) config: JobledgerConfig) {
    this.tokens = new TokenVerifier(config.jwtSecret);
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = bearerTokenOf(request.headers.authorization);
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) {
      // A public route answers anyone; a caller who shows a valid token may be told more (/health).
      if (token) this.identify(request, token);
      return true;
    }
    if (!token) throw new UnauthorizedException({ code: 'UNAUTHENTICATED', message: 'a bearer token is required' });
    try {
      const { principal, exp } = this.tokens.check(token);
      request.principal = principal;
      request.tokenExpiresAtMs = exp * 1000;
      return true;
    } catch (e) {
      if (e instanceof InvalidTokenError) throw new UnauthorizedException({ code: 'INVALID_TOKEN', message: `invalid token: ${e.message}` });
      throw e;
    }
  }

  private identify(request: AuthenticatedRequest, token: string): void {
    try {
      request.principal = this.tokens.check(token).principal;
    } catch (e) {
      if (!(e instanceof InvalidTokenError)) throw e;
    }
  }
}
