/**
 * List helpers for documents. Replays and duplicated deliveries must never grow a list, so
 * entries are replaced by key instead of appended blindly.
 */
export const upsertBy = <T>(list: readonly T[], keyOf: (item: T) => string, item: T): T[] => {
  const key = keyOf(item);
  const index = list.findIndex((x) => keyOf(x) === key);
  return index < 0 ? [...list, item] : list.map((x, i) => (i === index ? item : x));
};

/** The list with the keyed entry changed by `patch`; unchanged when no entry has that key. */
export const updateBy = <T>(list: readonly T[], keyOf: (item: T) => string, key: string, patch: (item: T) => T): T[] =>
  list.map((x) => (keyOf(x) === key ? patch(x) : x));

export const removeBy = <T>(list: readonly T[], keyOf: (item: T) => string, key: string): T[] =>
  list.filter((x) => keyOf(x) !== key);

export const last = <T>(list: readonly T[]): T | null => (list.length ? list[list.length - 1] : null);
