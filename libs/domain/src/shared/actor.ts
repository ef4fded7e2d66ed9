export const ROLES = ['admin', 'operator', 'agent', 'reviewer', 'requester', 'auditor', 'system'] as const;
export type Role = (typeof ROLES)[number];

/** Who caused an event; `system` is the reactors and the lease watchdog. */
export type Actor = { readonly id: string; readonly role: Role };

export const SYSTEM_ACTOR: Actor = { id: 'jobledger', role: 'system' };
