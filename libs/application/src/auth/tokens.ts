import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { ROLES } from '../../../domain/src/shared/actor';
import type { Principal } from './principal';

/** HS256 only: a token signed any other way (or `none`) is refused. */
const ALGORITHMS: jwt.Algorithm[] = ['HS256'];

export const signToken = (secret: string, principal: Principal, expiresInSeconds = 12 * 3600): string =>
  jwt.sign({ ...principal }, secret, { algorithm: 'HS256', expiresIn: expiresInSeconds });

export class InvalidTokenError extends Error {}

const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/**
 * The verification key, built once: given a plain string, jsonwebtoken first tries to parse it
 * as a public key on every call (and fails), which costs more than the whole rest of a request.
 */
export const verificationKey = (secret: string): KeyObject => createSecretKey(Buffer.from(secret, 'utf8'));

export const verifyToken = (secret: string | KeyObject, token: string): Principal => {
  let claims: jwt.JwtPayload | string;
  try {
    claims = jwt.verify(token, secret, { algorithms: ALGORITHMS });
  } catch (e) {
    throw new InvalidTokenError(e instanceof Error ? e.message : 'invalid token');
  }
  if (typeof claims === 'string' || typeof claims.sub !== 'string' || !claims.sub) throw new InvalidTokenError('token has no subject');
  // A token that never expires cannot be withdrawn: every token must say when it ends.
  if (typeof claims.exp !== 'number') throw new InvalidTokenError('token has no expiry (exp)');
  const role = claims.role;
  if (typeof role !== 'string' || role === 'system' || !(ROLES as readonly string[]).includes(role)) throw new InvalidTokenError('token has no valid role');
  if (role === 'operator' && typeof claims.operator !== 'string') throw new InvalidTokenError('an operator token names its operator');
  if (role === 'agent' && typeof claims.agent !== 'string') throw new InvalidTokenError('an agent token names its agent');
  return {
    sub: claims.sub,
    role: role as Principal['role'],
    ...(typeof claims.operator === 'string' && { operator: claims.operator }),
    ...(typeof claims.agent === 'string' && { agent: claims.agent }),
    ...(isStringArray(claims.projects) && { projects: claims.projects }),
    ...(claims.canGovern === true && { canGovern: true }),
  };
};
