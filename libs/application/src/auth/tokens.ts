import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { ROLES } from '../../../domain/src/shared/actor';
import { AGENT_ID_PATTERN, SLUG_PATTERN } from '../../../domain/src/shared/ids';
import type { Principal } from './principal';

/** HS256 only: a token signed any other way (or `none`) is refused. */
const ALGORITHMS: jwt.Algorithm[] = ['HS256'];

export const signToken = (secret: string, principal: Principal, expiresInSeconds = 12 * 3600): string =>
  jwt.sign({ ...principal }, secret, { algorithm: 'HS256', expiresIn: expiresInSeconds });

export class InvalidTokenError extends Error {}

const isSlugArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string' && SLUG_PATTERN.test(x));

/**
 * The verification key, built once: given a plain string, jsonwebtoken first tries to parse it
 * as a public key on every call (and fails), which costs more than the whole rest of a request.
 */
export const verificationKey = (secret: string): KeyObject => createSecretKey(Buffer.from(secret, 'utf8'));

export const verifyToken = (secret: string | KeyObject, token: string): Principal => verifyClaims(secret, token, unixSeconds(Date.now())).principal;

type Verified = { readonly principal: Principal; readonly exp: number; readonly nbf: number | null };

const unixSeconds = (ms: number): number => Math.floor(ms / 1000);

/** The longest a token may still run: a year (what `jobledger token create` mints at most), and a day for clocks. */
export const MAX_TOKEN_LIFETIME_SECONDS = 366 * 86_400;

const verifyClaims = (secret: string | KeyObject, token: string, now: number): Verified => {
  let claims: jwt.JwtPayload | string;
  try {
    claims = jwt.verify(token, secret, { algorithms: ALGORITHMS, clockTimestamp: now });
  } catch (e) {
    throw new InvalidTokenError(e instanceof Error ? e.message : 'invalid token');
  }
  if (typeof claims === 'string' || typeof claims.sub !== 'string' || !claims.sub) throw new InvalidTokenError('token has no subject');
  // A token that never expires cannot be withdrawn: every token must say when it ends, and within
  // MAX_TOKEN_LIFETIME_SECONDS (an `exp` of 1e300, or of the year 2200, never ends either).
  if (typeof claims.exp !== 'number') throw new InvalidTokenError('token has no expiry (exp)');
  if (!(claims.exp - now <= MAX_TOKEN_LIFETIME_SECONDS)) throw new InvalidTokenError('token expires more than a year ahead (exp)');
  const role = claims.role;
  if (typeof role !== 'string' || role === 'system' || !(ROLES as readonly string[]).includes(role)) throw new InvalidTokenError('token has no valid role');
  if (role === 'operator' && typeof claims.operator !== 'string') throw new InvalidTokenError('an operator token names its operator');
  if (role === 'agent' && typeof claims.agent !== 'string') throw new InvalidTokenError('an agent token names its agent');
  // Named as every route names them: an id no route takes would claim and earn ⭐ under a name
  // that no admin filter, reassign or trust-signal lookup could then be given.
  if (typeof claims.operator === 'string' && !SLUG_PATTERN.test(claims.operator)) throw new InvalidTokenError('the token\'s operator is not a slug');
  if (typeof claims.agent === 'string' && !AGENT_ID_PATTERN.test(claims.agent)) throw new InvalidTokenError('the token\'s agent is not an agent id (1–100 of A-Z a-z 0-9 . _ : -)');
  // Dropped, a malformed list would leave a token that names a project refused in it (403
  // PROJECT_FORBIDDEN) with nothing to say why; a name that is no slug would match no project.
  if (claims.projects !== undefined && !isSlugArray(claims.projects)) throw new InvalidTokenError('the token\'s projects are not a list of project slugs');
  const principal: Principal = {
    sub: claims.sub,
    role: role as Principal['role'],
    ...(typeof claims.operator === 'string' && { operator: claims.operator }),
    ...(typeof claims.agent === 'string' && { agent: claims.agent }),
    ...(isSlugArray(claims.projects) && { projects: Object.freeze([...claims.projects]) }),
    ...(claims.canGovern === true && { canGovern: true }),
  };
  return { principal: Object.freeze(principal), exp: claims.exp, nbf: typeof claims.nbf === 'number' ? claims.nbf : null };
};

const DEFAULT_REMEMBERED_TOKENS = 10_000;

/**
 * Verifies bearer tokens, remembering the principal of each verified token until it expires.
 * A client sends the same token with every request; checking its HMAC and re-parsing its JSON
 * each time cost more than the rest of a heartbeat. A remembered token is the same string, so
 * the same signature and claims; only time can change its answer, and `exp` and `nbf` are
 * checked again on every use exactly as jsonwebtoken checks them.
 */
export class TokenVerifier {
  private readonly key: KeyObject;
  private readonly verified = new Map<string, Verified>();

  constructor(
    secret: string,
    private readonly maxRemembered = DEFAULT_REMEMBERED_TOKENS,
    private readonly nowMs: () => number = Date.now,
  ) {
    this.key = verificationKey(secret);
  }

  verify(token: string): Principal {
    return this.check(token).principal;
  }

  /** The principal, and when the token ends (`exp`, seconds since the epoch). */
  check(token: string): { readonly principal: Principal; readonly exp: number } {
    const now = unixSeconds(this.nowMs());
    const remembered = this.verified.get(token);
    if (remembered && inForce(remembered, now)) return remembered;
    this.verified.delete(token);
    const verified = verifyClaims(this.key, token, now);
    if (this.verified.size >= this.maxRemembered) this.verified.delete(this.verified.keys().next().value as string);
    this.verified.set(token, verified);
    return verified;
  }
}

/** As jsonwebtoken decides it (no clock tolerance): expired at `exp`, in force from `nbf`. */
const inForce = ({ exp, nbf }: Verified, now: number): boolean => now < exp && (nbf === null || nbf <= now);
