import type { Actor, Role } from '../../../domain/src/shared/actor';

/** Who is calling, from the verified JWT claims. */
export type Principal = {
  readonly sub: string;
  readonly role: Exclude<Role, 'system'>;
  readonly operator?: string;
  readonly agent?: string;
  readonly projects?: readonly string[];
  readonly canGovern?: boolean;
};

export const actorOf = (p: Principal): Actor => ({ id: p.sub, role: p.role });

/**
 * Whom a token's Idempotency-Key belongs to beyond its `sub`: the operator or agent it acts as.
 * Tokens of one subject may name different executors (a service minting a token per operator),
 * and the key of one must not find, and be answered, the other's command.
 */
export const keyOwnerOf = (p: Principal): string | undefined => {
  if (p.role === 'operator' && p.operator) return `operator:${p.operator}`;
  if (p.role === 'agent' && p.agent) return `agent:${p.agent}`;
  return undefined;
};
