export type Assignee =
  | { readonly kind: 'operator'; readonly slug: string }
  | { readonly kind: 'agent'; readonly agentId: string };

export const sameAssignee = (a: Assignee | null | undefined, b: Assignee | null | undefined): boolean => {
  if (!a || !b) return false;
  if (a.kind === 'operator' && b.kind === 'operator') return a.slug === b.slug;
  if (a.kind === 'agent' && b.kind === 'agent') return a.agentId === b.agentId;
  return false;
};

export const assigneeKey = (a: Assignee): string => (a.kind === 'operator' ? `operator:${a.slug}` : `agent:${a.agentId}`);

/** The assignee an `operator:<slug>` / `agent:<id>` key names (the id itself unchecked), or null. */
export const assigneeOfKey = (key: string): Assignee | null => {
  const m = /^(operator|agent):(.+)$/.exec(key);
  if (!m) return null;
  return m[1] === 'operator' ? { kind: 'operator', slug: m[2] } : { kind: 'agent', agentId: m[2] };
};
