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
