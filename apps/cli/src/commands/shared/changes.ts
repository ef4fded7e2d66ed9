/** One thing's state moving from one value to another; `from` null when it first appears. */
export type Change = { id: string; from: string | null; to: string };

/**
 * What moved between two looks at a set of things (the poll of `watch`, `supervise`,
 * `thread follow`): `seen` is updated in place, so each change is reported once.
 */
export const changesSince = (seen: Map<string, string>, now: readonly (readonly [string, string])[]): Change[] => {
  const changes: Change[] = [];
  for (const [id, state] of now) {
    const before = seen.get(id) ?? null;
    if (before !== state) changes.push({ id, from: before, to: state });
    seen.set(id, state);
  }
  return changes;
};

export const FINISHED_PHASES: readonly string[] = ['done', 'cancelled'];
